import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as eso from '../../../imports/eso';
import * as k8s from '../shared/plain/k8s';

/** Provider-neutral description of a store, already in the ESO v1 field shape. */
export interface StoreIntent {
  readonly name: string;
  /** Namespace of a SecretStore; undefined for a ClusterSecretStore. */
  readonly namespace?: string;
  /** `spec.provider` in the generated classes' (camelCase) field names. */
  readonly provider: { [key: string]: any };
  /** ClusterSecretStore: namespaces allowed by name. */
  readonly allowedNamespaces?: string[];
  /** ClusterSecretStore: namespaces allowed by label. */
  readonly namespaceLabels?: { [key: string]: string };
}

/** The ServiceAccount a store authenticates as (workload identity). */
export interface StoreServiceAccountIntent {
  readonly name: string;
  readonly namespace: string;
  readonly annotations: { [key: string]: string };
}

/** Renders a SecretStore or ClusterSecretStore. */
export function renderStore(scope: Construct, intent: StoreIntent): ApiObject {
  if (intent.namespace !== undefined) {
    return new eso.SecretStore(scope, 'Resource', {
      metadata: { name: intent.name, namespace: intent.namespace },
      spec: { provider: intent.provider as eso.SecretStoreSpecProvider },
    });
  }
  const conditions: eso.ClusterSecretStoreSpecConditions[] = [];
  if (intent.allowedNamespaces && intent.allowedNamespaces.length > 0) conditions.push({ namespaces: [...intent.allowedNamespaces] });
  if (intent.namespaceLabels && Object.keys(intent.namespaceLabels).length > 0) {
    conditions.push({ namespaceSelector: { matchLabels: { ...intent.namespaceLabels } } });
  }
  return new eso.ClusterSecretStore(scope, 'Resource', {
    metadata: { name: intent.name },
    spec: { provider: intent.provider as eso.ClusterSecretStoreSpecProvider, conditions },
  });
}

/** Renders the store's dedicated ServiceAccount (no token automount: only the ESO controller requests tokens for it). */
export function renderStoreServiceAccount(scope: Construct, sa: StoreServiceAccountIntent): ApiObject {
  return new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { name: sa.name, namespace: sa.namespace, annotations: Object.keys(sa.annotations).length > 0 ? sa.annotations : undefined },
    automountServiceAccountToken: false,
  });
}

/** One ExternalSecret. */
export interface ExternalSecretIntent {
  readonly name: string;
  readonly namespace: string;
  readonly storeName: string;
  readonly clusterStore: boolean;
  readonly refreshInterval: string;
  readonly deletionPolicy: 'Delete' | 'Retain';
  readonly data: Array<{ secretKey: string; key: string; property?: string; version?: string }>;
  readonly dataFrom: Array<{ key: string; property?: string; version?: string }>;
  readonly template?: { data?: { [key: string]: string }; type?: string };
}

/** Renders an `external-secrets.io/v1` ExternalSecret owning its target Secret. */
export function renderExternalSecret(scope: Construct, i: ExternalSecretIntent): ApiObject {
  return new eso.ExternalSecret(scope, 'Resource', {
    metadata: { name: i.name, namespace: i.namespace },
    spec: {
      refreshInterval: i.refreshInterval,
      secretStoreRef: {
        name: i.storeName,
        kind: i.clusterStore ? eso.ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE : eso.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
      },
      target: {
        name: i.name,
        creationPolicy: eso.ExternalSecretSpecTargetCreationPolicy.OWNER,
        deletionPolicy: i.deletionPolicy === 'Retain' ? eso.ExternalSecretSpecTargetDeletionPolicy.RETAIN : eso.ExternalSecretSpecTargetDeletionPolicy.DELETE,
        template: i.template ? {
          engineVersion: eso.ExternalSecretSpecTargetTemplateEngineVersion.V2,
          type: i.template.type,
          data: i.template.data ? { ...i.template.data } : undefined,
        } : undefined,
      },
      data: i.data.length > 0
        ? i.data.map(d => ({ secretKey: d.secretKey, remoteRef: { key: d.key, property: d.property, version: d.version } }))
        : undefined,
      dataFrom: i.dataFrom.length > 0 ? i.dataFrom.map(d => ({ extract: { key: d.key, property: d.property, version: d.version } })) : undefined,
    },
  });
}
