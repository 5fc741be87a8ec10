import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { esoRender } from './internal/backends';
import { ISecretStore, SecretStoreKind } from './secret-stores';
import { ObjectNames } from '../model/names';
import { IWorkloadIdentity } from '../model/workload';
import { hardenTarget, podTargetOf, selectContainers } from './secrets/pod-target';
import { ZeroTrustNamespace } from './zero-trust-namespace';

/** What happens to the synced Secret when the ExternalSecret is deleted. */
export enum ExternalSecretDeletionPolicy {
  /** Delete the Secret when the remote secret disappears (the Secret is owned by the ExternalSecret). */
  DELETE = 'Delete',
  /** Keep the Secret's last values when the remote secret disappears. */
  RETAIN = 'Retain',
}

/** One key of the synced Secret, read from one remote secret. */
export interface ExternalSecretData {
  /** Key in the Kubernetes Secret (and file name in the mounted volume). */
  readonly secretKey: string;
  /** Key of the remote secret (e.g. `prod/payments/db`). */
  readonly remoteKey: string;
  /**
   * Property of a structured remote secret (e.g. `password`).
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * Version of the remote secret.
   * @default - the latest
   */
  readonly version?: string;
}

/** Every property of one remote secret, each as a key of the synced Secret. */
export interface ExternalSecretExtract {
  /** Key of the remote secret. */
  readonly remoteKey: string;
  /**
   * Property holding a nested map to extract.
   * @default - the top level
   */
  readonly property?: string;
  /**
   * Version of the remote secret.
   * @default - the latest
   */
  readonly version?: string;
}

/** A template for the synced Secret (ESO template engine v2). */
export interface ExternalSecretTemplate {
  /**
   * Keys of the Secret and their Go templates, e.g.
   * `{ 'dsn': 'postgresql://{{ .username }}:{{ .password }}@db:5432/app' }`.
   * @default - the fetched keys as they are
   */
  readonly data?: { [key: string]: string };
  /**
   * Type of the Secret (e.g. `kubernetes.io/tls`).
   * @default 'Opaque'
   */
  readonly secretType?: string;
}

/** Properties of an `ExternalSecretSync`. */
export interface ExternalSecretSyncProps {
  /** The store to read from. */
  readonly store: ISecretStore;

  /** Name of the ExternalSecret and of the Secret it creates and owns. */
  readonly name: string;

  /**
   * Namespace of the ExternalSecret.
   * @default - the namespace of `service`/`workload`, else the enclosing ZeroTrustNamespace
   */
  readonly namespaceName?: string;

  /**
   * Keys read one by one. At least one of `data` and `dataFrom` is required.
   * @default - none
   */
  readonly data?: ExternalSecretData[];

  /**
   * Remote secrets whose every property becomes a key.
   * @default - none
   */
  readonly dataFrom?: ExternalSecretExtract[];

  /**
   * How often the values are read again (between 1 minute and 24 hours).
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;

  /**
   * What happens to the Secret when the remote secret is gone.
   * @default ExternalSecretDeletionPolicy.DELETE
   */
  readonly deletionPolicy?: ExternalSecretDeletionPolicy;

  /**
   * A template for the Secret.
   * @default - no template
   */
  readonly template?: ExternalSecretTemplate;

  /**
   * The cdk8s-plus workload that mounts the Secret as read-only files. At
   * most one of `workload` and `service`.
   * @default - not mounted anywhere
   */
  readonly workload?: kplus.Workload;

  /**
   * The service (e.g. a `MeshService`) whose pods mount the Secret as
   * read-only files; its pods must be defined in this app.
   * @default - not mounted anywhere
   */
  readonly service?: IWorkloadIdentity;

  /**
   * Directory the Secret's keys are mounted at, one file per key.
   * @default `/etc/secrets/<name>`
   */
  readonly mountPath?: string;

  /**
   * Containers that mount the Secret.
   * @default - every container
   */
  readonly containers?: string[];

  /**
   * File mode of the mounted files (the kubelet adds group read for the pod's `fsGroup`).
   * @default 0o440, which needs a pod `fsGroup` so the application's group can read them
   */
  readonly fileMode?: number;
}

const MIN_REFRESH = 60;
const MAX_REFRESH = 24 * 3600;

/**
 * An External Secrets Operator (`external-secrets.io/v1`) ExternalSecret:
 * the Secret is created and owned by the ExternalSecret
 * (`creationPolicy: Owner`), refreshed every hour by default, with an
 * explicit deletion policy — and mounted into the workload as read-only
 * files, never as environment variables.
 *
 * @example
 * new ExternalSecretSync(payments, 'db', {
 *   store,
 *   name: 'db-credentials',
 *   data: [{ secretKey: 'password', remoteKey: 'prod/payments/db', property: 'password' }],
 *   service: checkout,
 * });
 */
export class ExternalSecretSync extends Construct {
  /** Name of the ExternalSecret and of the Secret. */
  public readonly secretName: string;
  /** Namespace of both. */
  public readonly namespaceName: string;
  /** Where the files are mounted, when mounted. */
  public readonly mountPath?: string;
  /** The ExternalSecret object (escape hatch). */
  public readonly apiObject: ApiObject;

  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: ExternalSecretSyncProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => [...this.problems] });
    const p = (m: string) => this.problems.push(m);
    this.secretName = props.name;

    const mounted = props.workload !== undefined || props.service !== undefined;
    const target = mounted ? podTargetOf(this, props.workload, props.service, 'the Secret volume') : undefined;
    for (const m of target?.problems ?? []) p(m);
    const ns = props.namespaceName ?? target?.namespaceName ?? ZeroTrustNamespace.of(scope)?.name;
    if (ns === undefined) p('the ExternalSecret has no namespace: pass namespaceName, a service/workload with one, or create it inside a ZeroTrustNamespace');
    this.namespaceName = ns ?? '';
    if (props.namespaceName !== undefined && target?.namespaceName !== undefined && props.namespaceName !== target.namespaceName) {
      p(`namespace "${props.namespaceName}" differs from the pods' namespace "${target.namespaceName}": a pod can only mount Secrets of its own namespace`);
    }

    const refresh = props.refreshInterval ? props.refreshInterval.toSeconds() : 3600;
    this.check(props, refresh);

    this.apiObject = esoRender().renderExternalSecret(this, {
      name: props.name,
      namespace: this.namespaceName,
      storeName: props.store.storeName,
      clusterStore: props.store.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE,
      refreshInterval: goDuration(refresh),
      deletionPolicy: (props.deletionPolicy ?? ExternalSecretDeletionPolicy.DELETE) === ExternalSecretDeletionPolicy.RETAIN ? 'Retain' : 'Delete',
      data: (props.data ?? []).map(d => ({ secretKey: d.secretKey, key: d.remoteKey, property: d.property, version: d.version })),
      dataFrom: (props.dataFrom ?? []).map(d => ({ key: d.remoteKey, property: d.property, version: d.version })),
      template: props.template ? { data: props.template.data, type: props.template.secretType } : undefined,
    });

    const workload = target?.workload;
    if (target) hardenTarget(this, target);
    if (!workload) return;
    const containers = selectContainers(workload, props.containers, p);
    const mode = props.fileMode ?? 0o440;
    if (props.fileMode === undefined && workload.securityContext.fsGroup === undefined) {
      p(`workload ${workload.node.path} sets no pod fsGroup, so the mounted Secret files (mode 0440, owned by root) would be unreadable by a non-root application: set securityContext: { fsGroup: <gid> } on the workload, or pass fileMode`);
    }
    if (props.fileMode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > 0o777)) p(`fileMode ${mode} is not a file mode (e.g. 0o440)`);
    else if (mode % 8 !== 0) p(`fileMode 0${mode.toString(8)} lets every user in the containers read the secret: use 0o440 (or 0o400)`);
    else if ([2, 3, 6, 7].includes(Math.floor(mode / 8) % 8)) p(`fileMode 0${mode.toString(8)} makes the secret writable: use 0o440 (or 0o400)`);
    this.mountPath = props.mountPath ?? `/etc/secrets/${props.name}`;
    if (!this.mountPath.startsWith('/')) p(`mountPath "${this.mountPath}" must be an absolute path`);
    const secret = kplus.Secret.fromSecretName(this, 'Secret', props.name);
    const volume = kplus.Volume.fromSecret(this, 'Volume', secret, { name: ObjectNames.stable(['secret', props.name], 63), defaultMode: mode });
    for (const c of containers) c.mount(this.mountPath, volume, { readOnly: true });
  }

  private check(props: ExternalSecretSyncProps, refresh: number): void {
    const p = (m: string) => this.problems.push(m);
    const np = ObjectNames.dns1123SubdomainProblem(props.name ?? '');
    if (np) p(`name "${props.name}" ${np}`);
    const data = props.data ?? [];
    const dataFrom = props.dataFrom ?? [];
    if (data.length === 0 && dataFrom.length === 0) p('nothing to sync: give data (keys one by one) or dataFrom (every property of a remote secret)');
    const keys = new Set<string>();
    for (const d of data) {
      if (!/^[-._a-zA-Z0-9]+$/.test(d.secretKey ?? '')) p(`data: secretKey "${d.secretKey}" is not a valid Secret key (letters, digits, "-", "_", ".")`);
      if (keys.has(d.secretKey)) p(`data: secretKey "${d.secretKey}" is listed twice`);
      keys.add(d.secretKey);
      if (!d.remoteKey) p(`data: secretKey "${d.secretKey}" has no remoteKey`);
    }
    for (const d of dataFrom) if (!d.remoteKey) p('dataFrom: an entry has no remoteKey');
    if (!Number.isInteger(refresh) || refresh < MIN_REFRESH || refresh > MAX_REFRESH) {
      p(`refreshInterval is ${refresh} seconds: use between 1 minute (the provider's rate limits) and 24 hours (rotated secrets must reach the pods), e.g. Duration.hours(1)`);
    }
    if (this.namespaceName && !props.store.allowsNamespace(this.namespaceName)) {
      p(props.store.storeKind === SecretStoreKind.SECRET_STORE
        ? `store ${props.store.storeName} is a SecretStore in another namespace; ExternalSecrets in "${this.namespaceName}" cannot use it: create a SecretStore in "${this.namespaceName}"`
        : `ClusterSecretStore ${props.store.storeName} does not allow namespace "${this.namespaceName}": add it to allowedNamespaces`);
    }
    if (props.template?.data) {
      for (const k of Object.keys(props.template.data)) {
        if (!/^[-._a-zA-Z0-9]+$/.test(k)) p(`template: key "${k}" is not a valid Secret key`);
      }
    }
  }
}

/** Seconds as a Go duration: 3600 → "1h", 5400 → "1h30m", 90 → "1m30s". */
function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const out = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return out || '0s';
}
