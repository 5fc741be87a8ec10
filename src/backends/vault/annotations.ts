import { MeshKind } from '../../profile/mesh';

/** Annotation prefix of the Vault Agent Injector (hashicorp/vault-k8s `agent/annotations.go`). */
export const VAULT_PREFIX = 'vault.hashicorp.com/';

/** Pod-wide Vault Agent settings: one set per pod, shared by every secret injected into it. */
export interface VaultPodIntent {
  readonly role: string;
  /** Vault address (`vault.hashicorp.com/service`); undefined: the injector's default. */
  readonly address?: string;
  /** Port the agent reaches Vault on (for mesh exclusions). */
  readonly vaultPort: number;
  readonly authPath?: string;
  readonly vaultNamespace?: string;
  readonly caCert?: string;
  readonly tlsSecret?: string;
  readonly tlsServerName?: string;
  /** Name of the pod volume with the projected token for Kubernetes auth. */
  readonly tokenVolumeName: string;
  /** Jobs and CronJobs: only the init container, no long-running sidecar. */
  readonly prePopulateOnly: boolean;
  /** Run the agent as the first container's user (secret files can be 0400). */
  readonly runAsSameUser: boolean;
  readonly limitsCpu: string;
  readonly limitsMem: string;
  readonly requestsCpu: string;
  readonly requestsMem: string;
  /** Containers that get the secrets volume; undefined: all. */
  readonly containers?: string[];
}

/** One secret file rendered by the agent. */
export interface VaultSecretIntent {
  /** Annotation suffix (lower-case, at most 41 characters). */
  readonly name: string;
  /** Vault path of the secret. */
  readonly path: string;
  /** The consul-template template. */
  readonly template: string;
  /** File name (and optional sub-path) in the secrets volume (`/vault/secrets`). */
  readonly fileName: string;
  /** Octal file mode, e.g. `0400`. */
  readonly permissions: string;
}

/** Pod-wide annotations. */
export function vaultPodAnnotations(i: VaultPodIntent): Record<string, string> {
  const a: Record<string, string> = {
    'agent-inject': 'true',
    'role': i.role,
    'agent-service-account-token-volume-name': i.tokenVolumeName,
    'agent-pre-populate-only': String(i.prePopulateOnly),
    'agent-run-as-same-user': String(i.runAsSameUser),
    'agent-limits-cpu': i.limitsCpu,
    'agent-limits-mem': i.limitsMem,
    'agent-requests-cpu': i.requestsCpu,
    'agent-requests-mem': i.requestsMem,
    'tls-skip-verify': 'false',
  };
  if (i.address !== undefined) a.service = i.address;
  if (i.authPath !== undefined) a['auth-path'] = i.authPath;
  if (i.vaultNamespace !== undefined) a.namespace = i.vaultNamespace;
  if (i.caCert !== undefined) a['ca-cert'] = i.caCert;
  if (i.tlsSecret !== undefined) a['tls-secret'] = i.tlsSecret;
  if (i.tlsServerName !== undefined) a['tls-server-name'] = i.tlsServerName;
  if (i.containers !== undefined) a['agent-inject-containers'] = i.containers.join(',');
  return prefixed(a);
}

/** Per-secret annotations. */
export function vaultSecretAnnotations(s: VaultSecretIntent): Record<string, string> {
  return prefixed({
    [`agent-inject-secret-${s.name}`]: s.path,
    [`agent-inject-template-${s.name}`]: s.template,
    [`agent-inject-file-${s.name}`]: s.fileName,
    [`agent-inject-perms-${s.name}`]: s.permissions,
  });
}

/**
 * What the mesh needs so the Vault Agent init container, which runs before
 * the sidecar proxy is up, can reach Vault: the Vault port is left out of the
 * proxy's outbound capture (Istio's documented answer for application init
 * containers; Linkerd's `skip-outbound-ports`). The connection to Vault is
 * TLS end to end instead of mesh mTLS. Istio ambient needs nothing (ztunnel
 * runs on the node). Returns [annotation, port] pairs to merge into existing
 * comma-separated lists.
 */
export function meshBypassAnnotation(mesh: MeshKind): string | undefined {
  switch (mesh) {
    case MeshKind.ISTIO_SIDECAR: return 'traffic.sidecar.istio.io/excludeOutboundPorts';
    case MeshKind.LINKERD: return 'config.linkerd.io/skip-outbound-ports';
    default: return undefined;
  }
}

/** Adds `port` to a comma-separated port list annotation value, keeping it sorted and unique. */
export function mergePortList(existing: string | undefined, port: number): string {
  const ports = new Set((existing ?? '').split(',').map(x => x.trim()).filter(x => x.length > 0));
  ports.add(String(port));
  return [...ports].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b)).join(',');
}

function prefixed(a: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(a)) out[`${VAULT_PREFIX}${k}`] = a[k];
  return out;
}
