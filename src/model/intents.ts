import { Exception } from './exception';
import { Port } from './port';

/** A port excluded from mTLS for the pods with the given labels. */
export interface PortMtlsException {
  /** The container port that accepts plaintext. */
  readonly port: number;
  /**
   * Labels of the pods the exception applies to. Istio requires a workload
   * selector for port-level mTLS settings.
   */
  readonly podLabels: { [key: string]: string };
  /** Why, until when. */
  readonly exception: Exception;
}

/**
 * What a namespace's baseline says, independent of any engine. Built by
 * `ZeroTrustNamespace` and handed to every backend (library-internal).
 */
export interface NamespaceIntent {
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly annotations: { [key: string]: string };
  /** Prometheus may scrape these ports (plus the mesh's own metrics port). */
  readonly monitoringPorts?: Port[];
  /** The ingress gateway may reach every pod on these ports. */
  readonly ingressGatewayPorts?: Port[];
  /** Pods may reach the Kubernetes API server. */
  readonly kubeApiServer: boolean;
  /** PERMISSIVE mTLS (migration), with its justification. */
  readonly permissiveMtls?: Exception;
  /** Ports excluded from mTLS. */
  readonly portMtlsExceptions: PortMtlsException[];
  /** The Pod Security level enforced (`restricted`, `baseline` or `privileged`). */
  readonly podSecurity: string;
  /** Whether the namespace's policies render in each engine's dry-run form. */
  readonly dryRun: boolean;
}
