import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { esoRender } from './internal/backends';
import { ZeroTrustNamespace } from './zero-trust-namespace';
import { ObjectNames } from '../model/names';

/** Which AWS service an AWS store reads. */
export enum AwsSecretsService {
  /** AWS Secrets Manager. */
  SECRETS_MANAGER = 'SecretsManager',
  /** AWS Systems Manager Parameter Store. */
  PARAMETER_STORE = 'ParameterStore',
}

/** Version of a Vault KV secrets engine. */
export enum VaultKvVersion {
  /** KV version 1. */
  V1 = 'v1',
  /** KV version 2 (versioned). */
  V2 = 'v2',
}

/** Kind of an External Secrets Operator store. */
export enum SecretStoreKind {
  /** A namespaced `SecretStore`: usable only by ExternalSecrets in its namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide `ClusterSecretStore`, restricted to named namespaces. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** AWS Secrets Manager (or Parameter Store), authenticated with IRSA. */
export interface AwsSecretsManagerOptions {
  /** AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * ARN of the IAM role the store's ServiceAccount assumes through IRSA
   * (annotation `eks.amazonaws.com/role-arn`); its trust policy must name
   * `system:serviceaccount:<namespace>:<service account>`.
   */
  readonly roleArn: string;
  /**
   * The AWS service to read.
   * @default AwsSecretsService.SECRETS_MANAGER
   */
  readonly service?: AwsSecretsService;
}

/** GCP Secret Manager, authenticated with GKE Workload Identity. */
export interface GcpSecretManagerOptions {
  /** GCP project holding the secrets. */
  readonly projectId: string;
  /**
   * The Google service account the store's Kubernetes ServiceAccount
   * impersonates (annotation `iam.gke.io/gcp-service-account`), e.g.
   * `payments-secrets@my-project.iam.gserviceaccount.com`.
   */
  readonly gcpServiceAccount: string;
  /**
   * Location of the GKE cluster.
   * @default - read from the metadata server
   */
  readonly clusterLocation?: string;
  /**
   * Name of the GKE cluster.
   * @default - read from the metadata server
   */
  readonly clusterName?: string;
  /**
   * Project of the GKE cluster.
   * @default - read from the metadata server
   */
  readonly clusterProjectId?: string;
}

/** A ConfigMap key holding a PEM CA bundle. */
export interface CaConfigMapReference {
  /** ConfigMap name (in the store's namespace; for a ClusterSecretStore, the service account's namespace). */
  readonly name: string;
  /**
   * Key in the ConfigMap.
   * @default 'ca.crt'
   */
  readonly key?: string;
}

/** HashiCorp Vault KV, authenticated with Kubernetes auth as the store's ServiceAccount. */
export interface VaultStoreOptions {
  /** Vault address, `https://...`. */
  readonly server: string;
  /** Mount path of the KV engine, e.g. `secret`. */
  readonly path: string;
  /**
   * KV engine version.
   * @default VaultKvVersion.V2
   */
  readonly version?: VaultKvVersion;
  /** The Vault Kubernetes-auth role, bound to the store's ServiceAccount and namespace. */
  readonly role: string;
  /**
   * Mount path of the Kubernetes auth method.
   * @default 'kubernetes'
   */
  readonly authMountPath?: string;
  /**
   * Audience of the token ESO requests for the ServiceAccount; the role must require it.
   * @default 'vault'
   */
  readonly audience?: string;
  /**
   * PEM CA bundle that signs Vault's certificate.
   * @default - the system trust store (or `caConfigMap`)
   */
  readonly caBundle?: string;
  /**
   * ConfigMap with the CA bundle that signs Vault's certificate.
   * @default - the system trust store (or `caBundle`)
   */
  readonly caConfigMap?: CaConfigMapReference;
  /**
   * Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
}

interface ProviderSpec {
  readonly kind: 'aws' | 'gcp' | 'vault';
  readonly aws?: AwsSecretsManagerOptions;
  readonly gcp?: GcpSecretManagerOptions;
  readonly vault?: VaultStoreOptions;
}

/**
 * Where an External Secrets Operator store reads secrets, authenticated by
 * workload identity (a Kubernetes ServiceAccount), never by static keys.
 */
export class SecretStoreProvider {
  /** AWS Secrets Manager or Parameter Store with IRSA. */
  public static awsSecretsManager(options: AwsSecretsManagerOptions): SecretStoreProvider {
    return new SecretStoreProvider({ kind: 'aws', aws: options });
  }

  /** GCP Secret Manager with GKE Workload Identity. */
  public static gcpSecretManager(options: GcpSecretManagerOptions): SecretStoreProvider {
    return new SecretStoreProvider({ kind: 'gcp', gcp: options });
  }

  /** HashiCorp Vault KV with Kubernetes auth. */
  public static vault(options: VaultStoreOptions): SecretStoreProvider {
    return new SecretStoreProvider({ kind: 'vault', vault: options });
  }

  private constructor(private readonly spec: ProviderSpec) {}

  /** @internal `spec.provider` for a store whose ServiceAccount is `sa` (namespace only for cluster stores). */
  public _render(sa: string, saNamespace: string | undefined): { [key: string]: any } {
    const ref = (extra: { [key: string]: any } = {}) => ({ name: sa, ...(saNamespace ? { namespace: saNamespace } : {}), ...extra });
    if (this.spec.aws) {
      const o = this.spec.aws;
      return { aws: { service: o.service ?? AwsSecretsService.SECRETS_MANAGER, region: o.region, auth: { jwt: { serviceAccountRef: ref() } } } };
    }
    if (this.spec.gcp) {
      const o = this.spec.gcp;
      return {
        gcpsm: {
          projectId: o.projectId,
          auth: {
            workloadIdentity: {
              clusterLocation: o.clusterLocation,
              clusterName: o.clusterName,
              clusterProjectId: o.clusterProjectId,
              serviceAccountRef: ref(),
            },
          },
        },
      };
    }
    const o = this.spec.vault!;
    return {
      vault: {
        server: o.server,
        path: o.path,
        version: o.version ?? VaultKvVersion.V2,
        namespace: o.vaultNamespace,
        caBundle: o.caBundle ? Buffer.from(o.caBundle).toString('base64') : undefined,
        caProvider: o.caConfigMap ? { type: 'ConfigMap', name: o.caConfigMap.name, key: o.caConfigMap.key ?? 'ca.crt', ...(saNamespace ? { namespace: saNamespace } : {}) } : undefined,
        auth: {
          kubernetes: {
            mountPath: o.authMountPath ?? 'kubernetes',
            role: o.role,
            serviceAccountRef: ref({ audiences: [o.audience ?? 'vault'] }),
          },
        },
      },
    };
  }

  /** @internal Annotations the ServiceAccount needs for the cloud's workload identity. */
  public _serviceAccountAnnotations(): { [key: string]: string } {
    if (this.spec.aws) return { 'eks.amazonaws.com/role-arn': this.spec.aws.roleArn };
    if (this.spec.gcp) return { 'iam.gke.io/gcp-service-account': this.spec.gcp.gcpServiceAccount };
    return {};
  }

  /** @internal */
  public _problems(): string[] {
    const out: string[] = [];
    const p = (m: string) => out.push(m);
    if (this.spec.aws) {
      const o = this.spec.aws;
      if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(o.region ?? '')) p(`AWS region "${o.region}" is not a region name (e.g. "eu-west-1")`);
      if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(o.roleArn ?? '')) p(`AWS roleArn "${o.roleArn}" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
    }
    if (this.spec.gcp) {
      const o = this.spec.gcp;
      if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(o.projectId ?? '')) p(`GCP projectId "${o.projectId}" is not a project id (6-30 lower-case letters, digits and "-")`);
      if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/.test(o.gcpServiceAccount ?? '')) {
        p(`gcpServiceAccount "${o.gcpServiceAccount}" is not a Google service account email (<name>@<project>.iam.gserviceaccount.com)`);
      }
    }
    if (this.spec.vault) {
      const o = this.spec.vault;
      if (!/^https:\/\/[^\s/]+/.test(o.server ?? '')) p(`Vault server "${o.server}" must be an https:// URL: the store sends its login token and receives secrets over this connection`);
      if (!o.path || o.path.startsWith('/') || o.path.endsWith('/')) p(`Vault path "${o.path}" must be the KV mount path without leading or trailing "/" (e.g. "secret")`);
      if (!o.role || o.role.trim().length === 0) p('Vault role is empty: name the Kubernetes-auth role bound to the store\'s ServiceAccount');
      if (o.audience !== undefined && o.audience.trim().length === 0) p('Vault audience is empty: leave it out for "vault"');
      if (o.caBundle !== undefined && !o.caBundle.includes('-----BEGIN CERTIFICATE-----')) p('Vault caBundle must be a PEM certificate bundle (-----BEGIN CERTIFICATE-----)');
      if (o.caBundle !== undefined && o.caConfigMap !== undefined) p('give one of Vault caBundle and caConfigMap');
    }
    return out;
  }

  /** @internal */
  public get _label(): string {
    return this.spec.kind === 'aws' ? 'AWS' : this.spec.kind === 'gcp' ? 'GCP Secret Manager' : 'Vault';
  }
}

/** A store an `ExternalSecretSync` reads from. */
export interface ISecretStore extends IConstruct {
  /** Name of the store object. */
  readonly storeName: string;
  /** Kind of the store object. */
  readonly storeKind: SecretStoreKind;
  /** Whether ExternalSecrets in `namespace` may use this store. */
  allowsNamespace(namespaceName: string): boolean;
}

/** Where a store's ServiceAccount comes from. */
export interface StoreServiceAccountOptions {
  /**
   * Name of the ServiceAccount the store authenticates as.
   * @default - the store name
   */
  readonly serviceAccountName?: string;
  /**
   * Create the ServiceAccount (with the provider's workload-identity
   * annotation and no token automount). Turn off to reuse one that exists,
   * e.g. a MeshService's.
   * @default true
   */
  readonly createServiceAccount?: boolean;
}

/** Properties of a `SecretStore`. */
export interface SecretStoreProps extends StoreServiceAccountOptions {
  /** Store name (DNS-1123 subdomain). */
  readonly name: string;
  /** Where the secrets come from and how the store authenticates. */
  readonly provider: SecretStoreProvider;
  /**
   * Namespace of the store (and of the ExternalSecrets that use it).
   * @default - the enclosing ZeroTrustNamespace
   */
  readonly namespaceName?: string;
}

/**
 * A namespaced External Secrets Operator `SecretStore` (the preferred kind:
 * one namespace, one identity), authenticated by workload identity through a
 * dedicated ServiceAccount.
 *
 * @example
 * const store = new SecretStore(payments, 'aws', {
 *   name: 'aws-secrets-manager',
 *   provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/payments-secrets' }),
 * });
 */
export class SecretStore extends Construct implements ISecretStore {
  /** Store name. */
  public readonly storeName: string;
  /** Always `SECRET_STORE`. */
  public readonly storeKind: SecretStoreKind = SecretStoreKind.SECRET_STORE;
  /** Namespace of the store. */
  public readonly namespaceName: string;
  /** ServiceAccount the store authenticates as. */
  public readonly serviceAccountName: string;
  /** The SecretStore object (escape hatch). */
  public readonly apiObject: ApiObject;

  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: SecretStoreProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => [...this.problems] });
    const p = (m: string) => this.problems.push(m);
    this.storeName = props.name;
    this.serviceAccountName = props.serviceAccountName ?? props.name;
    const ns = props.namespaceName ?? ZeroTrustNamespace.of(scope)?.name;
    if (ns === undefined) p('the store has no namespace: create it inside a ZeroTrustNamespace or pass namespaceName');
    this.namespaceName = ns ?? '';
    checkNames(p, props.name, this.serviceAccountName);
    for (const m of props.provider._problems()) p(m);

    this.apiObject = esoRender().renderStore(this, {
      name: props.name,
      namespace: this.namespaceName,
      provider: props.provider._render(this.serviceAccountName, undefined),
    });
    if (props.createServiceAccount ?? true) {
      const annotations = props.provider._serviceAccountAnnotations();
      esoRender().renderStoreServiceAccount(this, { name: this.serviceAccountName, namespace: this.namespaceName, annotations });
    }
  }

  /** Only ExternalSecrets in the store's own namespace may use it. */
  public allowsNamespace(namespaceName: string): boolean {
    return namespaceName === this.namespaceName;
  }
}

/** Properties of a `ClusterSecretStore`. */
export interface ClusterSecretStoreProps extends StoreServiceAccountOptions {
  /** Store name (DNS-1123 subdomain). */
  readonly name: string;
  /** Where the secrets come from and how the store authenticates. */
  readonly provider: SecretStoreProvider;
  /** Namespace of the ServiceAccount the store authenticates as. */
  readonly serviceAccountNamespace: string;
  /**
   * Namespaces allowed to use the store, by name. At least one of
   * `allowedNamespaces` and `allowedNamespaceLabels` is required: a store
   * every namespace can read hands every namespace the same identity.
   * @default - none by name
   */
  readonly allowedNamespaces?: string[];
  /**
   * Namespaces allowed to use the store, by label.
   * @default - none by label
   */
  readonly allowedNamespaceLabels?: { [key: string]: string };
}

/**
 * A cluster-wide External Secrets Operator `ClusterSecretStore`, restricted
 * to the namespaces allowed to use it (`spec.conditions`). Prefer a
 * namespaced `SecretStore` where you can.
 */
export class ClusterSecretStore extends Construct implements ISecretStore {
  /** Store name. */
  public readonly storeName: string;
  /** Always `CLUSTER_SECRET_STORE`. */
  public readonly storeKind: SecretStoreKind = SecretStoreKind.CLUSTER_SECRET_STORE;
  /** ServiceAccount the store authenticates as. */
  public readonly serviceAccountName: string;
  /** Namespace of that ServiceAccount. */
  public readonly serviceAccountNamespace: string;
  /** Namespaces allowed by name. */
  public readonly allowedNamespaces: string[];
  /** The ClusterSecretStore object (escape hatch). */
  public readonly apiObject: ApiObject;

  private readonly problems: string[] = [];
  private readonly labels: { [key: string]: string };

  public constructor(scope: Construct, id: string, props: ClusterSecretStoreProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => [...this.problems] });
    const p = (m: string) => this.problems.push(m);
    this.storeName = props.name;
    this.serviceAccountName = props.serviceAccountName ?? props.name;
    this.serviceAccountNamespace = props.serviceAccountNamespace;
    this.allowedNamespaces = [...(props.allowedNamespaces ?? [])].sort();
    this.labels = { ...(props.allowedNamespaceLabels ?? {}) };
    checkNames(p, props.name, this.serviceAccountName);
    const nsp = ObjectNames.dns1123LabelProblem(props.serviceAccountNamespace ?? '');
    if (nsp) p(`serviceAccountNamespace "${props.serviceAccountNamespace}" ${nsp}`);
    for (const m of props.provider._problems()) p(m);
    if (this.allowedNamespaces.length === 0 && Object.keys(this.labels).length === 0) {
      p('the ClusterSecretStore is open to every namespace: restrict it with allowedNamespaces (names) or allowedNamespaceLabels, or use a namespaced SecretStore');
    }
    for (const n of this.allowedNamespaces) {
      const np = ObjectNames.dns1123LabelProblem(n);
      if (np) p(`allowedNamespaces: "${n}" ${np}`);
    }
    for (const [k, v] of Object.entries(this.labels)) {
      const vp = ObjectNames.labelValueProblem(v);
      if (vp) p(`allowedNamespaceLabels ${k}="${v}": value ${vp}`);
    }

    this.apiObject = esoRender().renderStore(this, {
      name: props.name,
      provider: props.provider._render(this.serviceAccountName, this.serviceAccountNamespace),
      allowedNamespaces: this.allowedNamespaces,
      namespaceLabels: this.labels,
    });
    if (props.createServiceAccount ?? true) {
      const annotations = props.provider._serviceAccountAnnotations();
      esoRender().renderStoreServiceAccount(this, { name: this.serviceAccountName, namespace: this.serviceAccountNamespace, annotations });
    }
  }

  /**
   * Whether ExternalSecrets in `namespace` may use the store. Namespaces
   * allowed only by label cannot be checked here and count as allowed.
   */
  public allowsNamespace(namespaceName: string): boolean {
    if (this.allowedNamespaces.includes(namespaceName)) return true;
    return Object.keys(this.labels).length > 0;
  }
}

function checkNames(p: (m: string) => void, name: string, sa: string): void {
  const np = ObjectNames.dns1123SubdomainProblem(name ?? '');
  if (np) p(`store name "${name}" ${np}`);
  const sp = ObjectNames.dns1123SubdomainProblem(sa ?? '');
  if (sp) p(`serviceAccountName "${sa}" ${sp}`);
  if (sa === 'default') p('serviceAccountName "default" is the namespace\'s shared identity: give the store a ServiceAccount of its own');
}
