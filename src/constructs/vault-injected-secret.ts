import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { meshBypassAnnotation, mergePortList, VaultPodIntent, vaultPodAnnotations, vaultSecretAnnotations } from '../backends/vault/annotations';
import { connectionStringFields, renderVaultTemplate, VaultDataShape, VaultTemplateKind, VaultTemplateSpec } from '../backends/vault/template';
import { CREDENTIAL_CAP_SECONDS, credentialLifetimeProblems } from '../model/credential-lifetime';
import { Exception } from '../model/exception';
import { ObjectNames } from '../model/names';
import { IWorkloadIdentity } from '../model/workload';
import { Mesh, MeshKind } from '../profile/mesh';
import {
  dedicatedServiceAccountProblems, hardenTarget, meshOf, PodTarget, podTargetOf, projectedTokenVolume, selectContainers,
  serviceAccountOf, tokenExpirationProblems,
} from './secrets/pod-target';

/** Which Vault secrets engine serves the path (decides how templates reach the fields). */
export enum VaultSecretEngine {
  /** KV version 2 (the default `secret/` mount): fields under `.Data.data`; the path contains `/data/`. */
  KV_V2 = 'KV_V2',
  /** KV version 1: fields under `.Data`. */
  KV_V1 = 'KV_V1',
  /** A dynamic secrets engine (database, AWS, PKI, ...): fields under `.Data`, leased and renewed by the agent. */
  DYNAMIC = 'DYNAMIC',
}

/** Options of `VaultTemplate.keyValue`. */
export interface VaultKeyValueOptions {
  /**
   * Output keys and the secret field each one takes, e.g.
   * `{ DB_USER: 'username', DB_PASSWORD: 'password' }`; written as
   * `KEY=value` lines sorted by key.
   * @default - every field of the secret, as `field=value`
   */
  readonly keys?: { [key: string]: string };
}

/**
 * What the Vault Agent writes into the secret file: typed helpers for the
 * common shapes, rendered as a consul-template `agent-inject-template`.
 */
export class VaultTemplate {
  /** `KEY=value` lines (a dotenv-style file the application reads, never sources into its environment). */
  public static keyValue(options: VaultKeyValueOptions = {}): VaultTemplate {
    return new VaultTemplate({ kind: VaultTemplateKind.KEY_VALUE, keys: options.keys ? { ...options.keys } : undefined });
  }

  /**
   * A connection string built from the secret's fields:
   * `{{field}}` placeholders are replaced by the field's value, e.g.
   * `postgresql://{{username}}:{{password}}@db.payments:5432/payments`.
   */
  public static connectionString(format: string): VaultTemplate {
    return new VaultTemplate({ kind: VaultTemplateKind.CONNECTION_STRING, text: format });
  }

  /** The whole secret as one JSON document. */
  public static json(): VaultTemplate {
    return new VaultTemplate({ kind: VaultTemplateKind.JSON });
  }

  /** A template written by hand (consul-template syntax), used as is. */
  public static custom(template: string): VaultTemplate {
    return new VaultTemplate({ kind: VaultTemplateKind.RAW, text: template });
  }

  private constructor(private readonly spec: VaultTemplateSpec) {}

  /** @internal The rendered template for the secret at `path`. */
  public _render(path: string, engine: VaultSecretEngine): string {
    return renderVaultTemplate(this.spec, path, engine === VaultSecretEngine.KV_V2 ? VaultDataShape.KV_V2 : VaultDataShape.FLAT);
  }

  /** @internal */
  public _problems(): string[] {
    const out: string[] = [];
    if (this.spec.kind === VaultTemplateKind.CONNECTION_STRING) {
      if (connectionStringFields(this.spec.text ?? '').length === 0) out.push(`template: the connection string "${this.spec.text}" has no {{field}} placeholder, so it contains no secret: e.g. "postgresql://{{username}}:{{password}}@db:5432/app"`);
    }
    if (this.spec.kind === VaultTemplateKind.RAW && (this.spec.text ?? '').trim().length === 0) out.push('template: the custom template is empty');
    if (this.spec.kind === VaultTemplateKind.KEY_VALUE && this.spec.keys) {
      if (Object.keys(this.spec.keys).length === 0) out.push('template: keyValue keys is empty: name at least one key, or leave keys out for every field');
      for (const k of Object.keys(this.spec.keys)) {
        if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k)) out.push(`template: key "${k}" is not a valid key name (letters, digits, "_", "." and "-")`);
        if (!this.spec.keys[k]) out.push(`template: key "${k}" names no secret field`);
      }
    }
    return out;
  }
}

/** How the Vault Agent reaches Vault. TLS is always verified. */
export interface VaultConnection {
  /**
   * Vault address (`vault.hashicorp.com/service`), e.g.
   * `https://vault.vault.svc:8200`. Must be `https://`.
   * @default - the address the injector was installed with
   */
  readonly address?: string;

  /**
   * Port the agent reaches Vault on (used to let the agent's traffic past a
   * sidecar mesh before the proxy starts).
   * @default - the port of `address`, or 8200
   */
  readonly port?: number;

  /**
   * Path inside the agent containers of the CA certificate that signs
   * Vault's certificate (`vault.hashicorp.com/ca-cert`), e.g.
   * `/vault/tls/ca.crt` with `tlsSecret`.
   * @default - the system trust store
   */
  readonly caCert?: string;

  /**
   * Kubernetes Secret with the CA certificate (and client certificate, if
   * Vault asks for one), mounted at `/vault/tls` in the agent containers
   * (`vault.hashicorp.com/tls-secret`).
   * @default - none
   */
  readonly tlsSecret?: string;

  /**
   * Server name to verify Vault's certificate against
   * (`vault.hashicorp.com/tls-server-name`).
   * @default - the host of the address
   */
  readonly tlsServerName?: string;

  /**
   * Mount path of the Kubernetes auth method in Vault
   * (`vault.hashicorp.com/auth-path`).
   * @default - the injector's default (`auth/kubernetes`)
   */
  readonly authPath?: string;

  /**
   * Vault Enterprise namespace (`vault.hashicorp.com/namespace`).
   * @default - none
   */
  readonly vaultNamespace?: string;
}

/** Resources of the injected Vault Agent containers. */
export interface VaultAgentResources {
  /** CPU limit. @default '500m' */
  readonly cpuLimit?: string;
  /** Memory limit. @default '128Mi' */
  readonly memoryLimit?: string;
  /** CPU request. @default '250m' */
  readonly cpuRequest?: string;
  /** Memory request. @default '64Mi' */
  readonly memoryRequest?: string;
}

/**
 * How the Vault Agent init container, which runs before a sidecar proxy is
 * ready, reaches Vault in an Istio-sidecar or Linkerd namespace.
 */
export enum VaultMeshTraversal {
  /**
   * Leave the Vault port out of the proxy's outbound capture
   * (`traffic.sidecar.istio.io/excludeOutboundPorts`, Linkerd
   * `config.linkerd.io/skip-outbound-ports`) — Istio's documented answer for
   * application init containers, with or without the CNI plugin. The agent
   * talks TLS to Vault directly (not mesh mTLS); other traffic of the pod to
   * that port bypasses the proxy too.
   */
  EXCLUDE_VAULT_PORT = 'EXCLUDE_VAULT_PORT',
  /**
   * The mesh runs its proxy as a Kubernetes native sidecar (an init
   * container with `restartPolicy: Always`, Istio `ENABLE_NATIVE_SIDECARS`,
   * Linkerd `proxy-enable-native-sidecar`), which starts before the Vault
   * init container: nothing is added, and Vault traffic goes through the mesh
   * (Vault must then be reachable through it, e.g. a ServiceEntry).
   */
  NATIVE_SIDECAR = 'NATIVE_SIDECAR',
}

/** Properties of a `VaultInjectedSecret`. */
export interface VaultInjectedSecretProps {
  /**
   * The cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job,
   * CronJob) whose pods get the secret. It must run with a dedicated
   * ServiceAccount. Exactly one of `workload` and `service` is required.
   * @default - none: use `service`
   */
  readonly workload?: kplus.Workload;

  /**
   * The service (e.g. a `MeshService`) whose pods get the secret; its pods
   * must be defined in this app. Exactly one of `workload` and `service` is
   * required.
   * @default - none: use `workload`
   */
  readonly service?: IWorkloadIdentity;

  /**
   * The Vault Kubernetes-auth role the agent logs in with. It must be bound
   * to the workload's ServiceAccount and namespace (see
   * `vaultRoleCommand()`). Every secret of a pod uses the same role.
   */
  readonly role: string;

  /**
   * Vault path of the secret, e.g. `secret/data/payments/db` (KV v2) or
   * `database/creds/checkout` (dynamic).
   */
  readonly path: string;

  /**
   * The secrets engine behind `path`.
   * @default VaultSecretEngine.KV_V2
   */
  readonly engine?: VaultSecretEngine;

  /**
   * What the file contains.
   * @default VaultTemplate.json()
   */
  readonly template?: VaultTemplate;

  /**
   * File name in the agent's secrets volume (`/vault/secrets/<fileName>`).
   * @default - the construct id
   */
  readonly fileName?: string;

  /**
   * Octal file mode of the secret file.
   * @default '0400' (the agent runs as the first container's user so the
   * application can read it)
   */
  readonly filePermissions?: string;

  /**
   * Containers that get the secrets volume
   * (`vault.hashicorp.com/agent-inject-containers`). Pod-wide: the same for
   * every secret of a pod.
   * @default - every container
   */
  readonly containers?: string[];

  /**
   * How the agent reaches Vault. Pod-wide.
   * @default - the injector's address, TLS verified against the system trust store
   */
  readonly connection?: VaultConnection;

  /**
   * Resources of the agent containers. Pod-wide.
   * @default - limits 500m CPU / 128Mi, requests 250m / 64Mi
   */
  readonly agentResources?: VaultAgentResources;

  /**
   * Audience of the projected service account token the agent logs in with;
   * the Vault role must require it (`audience=<this>`). Pod-wide.
   * @default 'vault'
   */
  readonly tokenAudience?: string;

  /**
   * Lifetime of that token (at least 10 minutes; above 24 hours only with
   * `longLivedTokenException`). Pod-wide.
   * @default Duration.hours(1)
   */
  readonly tokenExpiration?: Duration;

  /**
   * Justification for a `tokenExpiration` above 24 hours: a stolen login
   * token lets its holder log in to Vault as this workload for its whole
   * lifetime. Recorded as annotations on the pod template. Pod-wide.
   * @default - login tokens that live longer than 24 hours are rejected
   */
  readonly longLivedTokenException?: Exception;

  /**
   * How the agent's init container reaches Vault through a sidecar mesh.
   * Pod-wide.
   * @default VaultMeshTraversal.EXCLUDE_VAULT_PORT
   */
  readonly meshTraversal?: VaultMeshTraversal;

  /**
   * The mesh the pods run in.
   * @default - the mesh of the ZeroTrustNamespace around the service, workload or this construct; none outside one
   */
  readonly mesh?: Mesh;
}

interface PodRecord {
  readonly owner: VaultInjectedSecret;
  readonly role: string;
  readonly annotations: Record<string, string>;
  readonly files: Map<string, VaultInjectedSecret>;
}
const pods = new WeakMap<kplus.Workload, PodRecord>();

/** Name of the pod volume holding the agent's projected service account token. */
const TOKEN_VOLUME = 'vault-token';
/** Longest secret name whose annotation keys stay within the 63-character limit (`agent-inject-template-` is 22). */
const MAX_SECRET_NAME = 41;

/**
 * A secret from Vault written as a file into a workload's pods by the Vault
 * Agent Injector: the secret never becomes a Kubernetes Secret or an
 * environment variable.
 *
 * Adds the injector's annotations to the pod template (`agent-inject`,
 * `role`, `agent-inject-secret-<name>`, `agent-inject-template-<name>`,
 * `agent-inject-file-<name>`, `agent-inject-perms-<name>`, TLS settings,
 * agent resources) and a projected, audience-bound service account token the
 * agent logs in with (`agent-service-account-token-volume-name`), since the
 * library never automounts the legacy token. Several secrets on one workload
 * share one annotation set; Jobs and CronJobs get
 * `agent-pre-populate-only` so they terminate; in a sidecar mesh the Vault
 * port bypasses the proxy so the init container can reach Vault.
 *
 * @example
 * new VaultInjectedSecret(payments, 'db', {
 *   service: checkout,
 *   role: 'checkout-service',
 *   path: 'secret/data/payments/db',
 *   template: VaultTemplate.keyValue({ keys: { DB_PASSWORD: 'password' } }),
 * });
 */
export class VaultInjectedSecret extends Construct {
  /** The annotation suffix of this secret (`agent-inject-secret-<name>`). */
  public readonly secretName: string;
  /** Path of the file inside the application containers. */
  public readonly filePath: string;
  /** The Vault role. */
  public readonly role: string;
  /** Audience of the agent's login token. */
  public readonly tokenAudience: string;

  private readonly problems: string[] = [];
  private readonly target: PodTarget;
  private readonly vaultPath: string;

  public constructor(scope: Construct, id: string, props: VaultInjectedSecretProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => [...this.problems, ...dedicatedServiceAccountProblems(this.target, 'the Vault role binding')] });
    const p = (m: string) => this.problems.push(m);

    this.role = (props.role ?? '').trim();
    this.vaultPath = (props.path ?? '').trim();
    this.tokenAudience = (props.tokenAudience ?? 'vault').trim();
    const engine = props.engine ?? VaultSecretEngine.KV_V2;
    const template = props.template ?? VaultTemplate.json();
    const fileName = props.fileName ?? ObjectNames.stable([id], MAX_SECRET_NAME);
    this.secretName = secretNameOf(fileName);
    this.filePath = `/vault/secrets/${fileName}`;
    const permissions = props.filePermissions ?? '0400';
    const expiration = props.tokenExpiration ? props.tokenExpiration.toSeconds() : 3600;

    this.checkProps(props, engine, template, fileName, permissions, expiration);

    this.target = podTargetOf(this, props.workload, props.service, 'Vault Agent annotations');
    for (const m of this.target.problems) p(m);
    const workload = this.target.workload;
    if (!workload) return;
    selectContainers(workload, props.containers, p);

    const first = workload.containers[0];
    const firstUser = first?.securityContext?.user;
    const runAsSameUser = firstUser !== undefined && firstUser !== 0;
    if (!runAsSameUser && props.filePermissions === undefined) {
      p(`the first container of ${workload.node.path} sets no non-root user (securityContext.user), so the Vault Agent cannot run as the application's user and a 0400 secret file would be unreadable: set securityContext: { user: <uid> } on the first container, or pass filePermissions (e.g. '0440' with the application in the agent's group 1000)`);
    }

    const address = props.connection?.address;
    const podIntent: VaultPodIntent = {
      role: this.role,
      address,
      vaultPort: vaultPortOf(props.connection),
      authPath: props.connection?.authPath,
      vaultNamespace: props.connection?.vaultNamespace,
      caCert: props.connection?.caCert,
      tlsSecret: props.connection?.tlsSecret,
      tlsServerName: props.connection?.tlsServerName,
      tokenVolumeName: TOKEN_VOLUME,
      prePopulateOnly: workload instanceof kplus.Job || workload instanceof kplus.CronJob,
      runAsSameUser,
      limitsCpu: props.agentResources?.cpuLimit ?? '500m',
      limitsMem: props.agentResources?.memoryLimit ?? '128Mi',
      requestsCpu: props.agentResources?.cpuRequest ?? '250m',
      requestsMem: props.agentResources?.memoryRequest ?? '64Mi',
      containers: props.containers ? [...props.containers] : undefined,
    };
    const podAnnotations: Record<string, string> = {
      ...vaultPodAnnotations(podIntent),
      ...(props.longLivedTokenException ? props.longLivedTokenException.annotations('vault-long-lived-token') : {}),
    };
    // pod-wide settings that are not annotations but must agree too
    const podSettings: Record<string, string> = {
      ...podAnnotations,
      '(tokenAudience)': this.tokenAudience,
      '(tokenExpiration)': String(expiration),
      '(meshTraversal)': props.meshTraversal ?? VaultMeshTraversal.EXCLUDE_VAULT_PORT,
    };

    const record = pods.get(workload);
    if (!record) {
      pods.set(workload, { owner: this, role: this.role, annotations: podSettings, files: new Map([[this.secretName, this]]) });
      for (const [k, v] of Object.entries(podAnnotations)) workload.podMetadata.addAnnotation(k, v);
      // The injected agent containers set no seccomp profile; Pod Security "restricted" needs one:
      // the hardening sets it pod-wide (RuntimeDefault) unless the pod sets one.
      hardenTarget(this, this.target);
      if (this.tokenAudience.length > 0 && tokenExpirationProblems(expiration, '').length === 0) {
        workload.addVolume(projectedTokenVolume(this, 'TokenVolume', TOKEN_VOLUME, this.tokenAudience, expiration));
      }
      const mesh = meshOf(this, this.target, props.mesh);
      const bypass = meshBypassAnnotation(mesh.kind);
      if (bypass && (props.meshTraversal ?? VaultMeshTraversal.EXCLUDE_VAULT_PORT) === VaultMeshTraversal.EXCLUDE_VAULT_PORT) {
        workload.podMetadata.addAnnotation(bypass, mergePortList((workload.podMetadata.toJson().annotations ?? {})[bypass], podIntent.vaultPort));
      }
      if (mesh.kind === MeshKind.ISTIO_AMBIENT || mesh.kind === MeshKind.NONE) {
        if (props.meshTraversal !== undefined) p(`meshTraversal only applies to sidecar meshes (Istio sidecar, Linkerd); the mesh here is ${mesh.kind}: remove it`);
      }
    } else {
      if (record.role !== this.role) {
        p(`conflicting Vault roles on ${workload.node.path}: "${this.role}" here, "${record.role}" in ${record.owner.node.path}; a pod logs in to Vault once, with one role: use the same role for every secret of the workload (grant that role's policy access to both paths)`);
      }
      for (const k of Object.keys(podSettings).sort()) {
        if (k === 'vault.hashicorp.com/role') continue;
        if (record.annotations[k] !== podSettings[k]) {
          p(`pod-wide Vault Agent setting ${k} is "${podSettings[k]}" here but "${record.annotations[k]}" in ${record.owner.node.path}: every secret of a pod shares the agent; give them the same connection, containers, agentResources, token and mesh settings`);
        }
      }
      const clash = record.files.get(this.secretName);
      if (clash) {
        p(`secret name "${this.secretName}" is already injected into ${workload.node.path} by ${clash.node.path}: give each secret its own fileName`);
      } else {
        record.files.set(this.secretName, this);
      }
    }

    const secretAnnotations = vaultSecretAnnotations({
      name: this.secretName,
      path: this.vaultPath,
      template: template._render(this.vaultPath, engine),
      fileName,
      permissions,
    });
    if (!record || !record.files.get(this.secretName) || record.files.get(this.secretName) === this) {
      for (const [k, v] of Object.entries(secretAnnotations)) workload.podMetadata.addAnnotation(k, v);
    }
  }

  /**
   * The `vault write` command that creates the matching Kubernetes-auth
   * role: bound to the workload's ServiceAccount and namespace, requiring the
   * token audience, with a policy of the same name.
   */
  public vaultRoleCommand(): string {
    const sa = serviceAccountOf(this.target) ?? '<service-account>';
    const ns = this.target.namespaceName ?? '<namespace>';
    return `vault write auth/kubernetes/role/${this.role} bound_service_account_names=${sa} bound_service_account_namespaces=${ns} audience=${this.tokenAudience} token_policies=${this.role} token_ttl=1h`;
  }

  private checkProps(
    props: VaultInjectedSecretProps, engine: VaultSecretEngine, template: VaultTemplate,
    fileName: string, permissions: string, expiration: number,
  ): void {
    const p = (m: string) => this.problems.push(m);
    if (this.role.length === 0) p('role is empty: name the Vault Kubernetes-auth role bound to this workload\'s ServiceAccount (e.g. "checkout-service")');
    else if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/.test(this.role)) p(`role "${this.role}" is not a valid Vault role name (letters, digits, "_", "-", ".", "@")`);
    if (this.vaultPath.length === 0) {p('path is empty: give the Vault path of the secret (e.g. "secret/data/payments/db")');} else if (this.vaultPath.startsWith('/') || /\s/.test(this.vaultPath)) {p(`path "${this.vaultPath}" must not start with "/" or contain spaces`);} else if (engine === VaultSecretEngine.KV_V2 && !this.vaultPath.split('/').slice(1).includes('data')) {
      const parts = this.vaultPath.split('/');
      p(`path "${this.vaultPath}" lacks the "data" segment that KV version 2 reads need in agent templates: use "${[parts[0], 'data', ...parts.slice(1)].join('/')}", or set engine: VaultSecretEngine.KV_V1 / DYNAMIC`);
    }
    for (const m of template._problems()) p(m);
    if (fileName.length === 0 || fileName.startsWith('/') || fileName.split('/').includes('..')) p(`fileName "${fileName}" must be a relative file name inside /vault/secrets`);
    if (!/^0[0-7]{3}$/.test(permissions)) p(`filePermissions "${permissions}" must be an octal mode like "0400"`);
    else if (permissions[3] !== '0') p(`filePermissions "${permissions}" lets every user in the containers read the secret: use "0400" (or "0440" for a group)`);
    else if (['2', '3', '6', '7'].includes(permissions[2])) p(`filePermissions "${permissions}" lets the group write the secret: use "0400" or "0440"`);
    if (this.tokenAudience.length === 0) p('tokenAudience is empty: the agent\'s login token must be bound to an audience the Vault role checks (default "vault")');
    for (const m of tokenExpirationProblems(expiration, 'tokenExpiration')) p(m);
    const lifetimes = [{ prop: 'tokenExpiration', seconds: expiration, capSeconds: CREDENTIAL_CAP_SECONDS }];
    for (const m of credentialLifetimeProblems('the Vault Agent login token', lifetimes, 'longLivedTokenException', props.longLivedTokenException)) p(m);
    const c = props.connection;
    if (c?.address !== undefined) {
      if (!/^https:\/\/[^\s/]+/.test(c.address)) p(`connection.address "${c.address}" must be an https:// URL: the agent sends its login token and receives secrets over this connection`);
    }
    if (c?.port !== undefined && (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535)) p(`connection.port ${c.port} is out of range: use 1-65535`);
    if (c?.caCert !== undefined && !c.caCert.startsWith('/')) p(`connection.caCert "${c.caCert}" must be an absolute path inside the agent containers (e.g. /vault/tls/ca.crt with tlsSecret)`);
    if (c?.tlsSecret !== undefined) {
      const np = ObjectNames.dns1123SubdomainProblem(c.tlsSecret);
      if (np) p(`connection.tlsSecret "${c.tlsSecret}" ${np}`);
    }
    const r = props.agentResources ?? {};
    for (const [label, v] of [['cpuLimit', r.cpuLimit], ['memoryLimit', r.memoryLimit], ['cpuRequest', r.cpuRequest], ['memoryRequest', r.memoryRequest]] as const) {
      if (v !== undefined && !/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.test(v)) p(`agentResources.${label} "${v}" is not a Kubernetes quantity (e.g. "250m", "64Mi")`);
    }
  }
}

/** The annotation suffix for a file name: lower-case (the injector lower-cases it), key-safe, at most 41 characters. */
function secretNameOf(fileName: string): string {
  const base = fileName.split('/').pop() ?? fileName;
  const cleaned = base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (cleaned.length > 0 && cleaned.length <= MAX_SECRET_NAME && cleaned === base) return cleaned;
  return ObjectNames.stable([cleaned || 'secret'], MAX_SECRET_NAME);
}

function vaultPortOf(c: VaultConnection | undefined): number {
  if (c?.port !== undefined) return c.port;
  const m = c?.address ? /^https?:\/\/[^/:]+:(\d+)/.exec(c.address) : null;
  if (m) return Number(m[1]);
  if (c?.address && /^https:\/\/[^/:]+(\/|$)/.test(c.address)) return 443;
  return 8200;
}
