import { Formats } from '../validation/formats';
import { K8sNames } from '../validation/k8s-meta';

/**
 * What kind of endpoint a route connects.
 */
export enum PeerKind {
  /** A `MeshService`: one workload with its own identity, managed by this library. */
  MESH_SERVICE = 'MESH_SERVICE',
  /** Every pod of a namespace. */
  NAMESPACE = 'NAMESPACE',
  /** The cluster's ingress gateway (from the cluster profile). */
  INGRESS_GATEWAY = 'INGRESS_GATEWAY',
  /** The cluster's Prometheus (from the cluster profile). */
  MONITORING = 'MONITORING',
  /** An IP block outside the cluster's pod network. */
  CIDR = 'CIDR',
  /** An external DNS name (egress only). */
  FQDN = 'FQDN',
  /** The Kubernetes API server. */
  KUBE_API_SERVER = 'KUBE_API_SERVER',
}

/**
 * The backend-neutral description of a route endpoint, as the peer knows it.
 * The ingress gateway and monitoring peers are completed from the cluster
 * profile when the route is rendered.
 */
export interface PeerSpec {
  /** The kind of endpoint. */
  readonly kind: PeerKind;
  /**
   * A short, stable name used in object names and messages
   * (e.g. `checkout-service`, `ns-frontend`, `ingress-gateway`).
   */
  readonly name: string;
  /**
   * Namespace of the pods.
   * @default - not namespaced (CIDR, FQDN, API server) or taken from the profile (gateway, monitoring)
   */
  readonly namespaceName?: string;
  /**
   * Labels selecting the pods.
   * @default - every pod of the namespace
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Service account (workload identity) of the pods.
   * @default - no single identity
   */
  readonly serviceAccount?: string;
  /**
   * The IP block (CIDR peers).
   * @default - none
   */
  readonly cidr?: string;
  /**
   * Sub-blocks excluded from `cidr`.
   * @default - none
   */
  readonly exclude?: string[];
  /**
   * The DNS name (FQDN peers).
   * @default - none
   */
  readonly fqdn?: string;
  /**
   * The addresses the DNS name resolves to, for engines that cannot match
   * names (Kubernetes NetworkPolicy).
   * @default - none
   */
  readonly fqdnCidrs?: string[];
}

/**
 * One end of an `AllowRoute`: a `MeshService` or a `Peer`.
 */
export interface IPeer {
  /** The kind of endpoint. */
  readonly peerKind: PeerKind;
  /** Describes this endpoint for the route renderers. */
  toPeerSpec(): PeerSpec;
}

/** Options for `Peer.fqdn`. */
export interface FqdnPeerOptions {
  /**
   * The addresses the name resolves to. Kubernetes NetworkPolicy cannot
   * match DNS names, so a profile that renders NetworkPolicy needs them to
   * allow the egress at L3; Cilium matches the name itself (`toFQDNs`).
   * @default - none (only valid when the profile renders Cilium only)
   */
  readonly cidrs?: string[];
}

const FQDN = /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A route endpoint that is not a `MeshService`: a namespace, the ingress
 * gateway, Prometheus, an IP block, an external DNS name or the Kubernetes
 * API server. Only the `MeshService` side of a route with a `Peer` is
 * rendered: the peer is outside this library's control.
 *
 * @example
 * processor.allowFrom(Peer.ingressGateway(), { ports: [Port.http(8080)] });
 * processor.allowTo(Peer.fqdn('api.stripe.com'), { ports: [Port.tcp(443)] });
 */
export class Peer implements IPeer {
  /** Every pod in namespace `name`. */
  public static podsInNamespace(name: string): Peer {
    return new Peer({ kind: PeerKind.NAMESPACE, name: `ns-${name}`, namespaceName: name });
  }

  /** The cluster's ingress gateway (`ClusterProfile.ingressGateway`). */
  public static ingressGateway(): Peer {
    return new Peer({ kind: PeerKind.INGRESS_GATEWAY, name: 'ingress-gateway' });
  }

  /** The cluster's Prometheus (`ClusterProfile.monitoring`). */
  public static monitoring(): Peer {
    return new Peer({ kind: PeerKind.MONITORING, name: 'monitoring' });
  }

  /**
   * An IP block (e.g. a partner network or a database outside the cluster),
   * minus the `exclude` sub-blocks. Never a source of workload identity.
   */
  public static cidr(cidr: string, exclude?: string[]): Peer {
    return new Peer({ kind: PeerKind.CIDR, name: `cidr-${cidr}`, cidr, exclude: exclude ? [...exclude] : undefined });
  }

  /**
   * An external DNS name, e.g. `api.stripe.com` or `*.googleapis.com`. Egress only.
   *
   * A wildcard `*.example.com` allows every name under `example.com` at any depth
   * (`api.example.com`, `a.b.example.com`), never `example.com` itself, on every engine:
   * Istio ServiceEntry/Sidecar hosts match that way, and Cilium gets `matchPattern: "**.example.com"`
   * (Cilium 1.19+; see docs/routes.md "DNS names"). Only the workload that declares the route may
   * reach the name (Cilium and NetworkPolicy select it; Istio sidecars get a workload Sidecar).
   */
  public static fqdn(name: string, options: FqdnPeerOptions = {}): Peer {
    return new Peer({ kind: PeerKind.FQDN, name: `fqdn-${name.replace(/^\*\./, 'wildcard.')}`, fqdn: name, fqdnCidrs: options.cidrs ? [...options.cidrs] : undefined });
  }

  /** The Kubernetes API server (Cilium entity `kube-apiserver`, or the profile's `apiServer.cidrs`). */
  public static kubeApiServer(): Peer {
    return new Peer({ kind: PeerKind.KUBE_API_SERVER, name: 'kube-apiserver' });
  }

  /** The kind of endpoint. */
  public readonly peerKind: PeerKind;
  private readonly spec: PeerSpec;

  private constructor(spec: PeerSpec) {
    this.spec = spec;
    this.peerKind = spec.kind;
  }

  /** Describes this endpoint for the route renderers. */
  public toPeerSpec(): PeerSpec {
    return {
      ...this.spec,
      podLabels: this.spec.podLabels ? { ...this.spec.podLabels } : undefined,
      exclude: this.spec.exclude ? [...this.spec.exclude] : undefined,
      fqdnCidrs: this.spec.fqdnCidrs ? [...this.spec.fqdnCidrs] : undefined,
    };
  }

  /** Problems with this peer's own values (names, CIDRs); empty when valid. */
  public problems(): string[] {
    const s = this.spec;
    const out: string[] = [];
    if (s.kind === PeerKind.NAMESPACE) {
      const np = K8sNames.dns1123Label(s.namespaceName ?? '');
      if (np) out.push(`Peer.podsInNamespace("${s.namespaceName}"): not a valid namespace name: ${np}`);
    }
    if (s.kind === PeerKind.CIDR) {
      const cp = Formats.cidrProblem(s.cidr ?? '');
      if (cp) out.push(`Peer.cidr("${s.cidr}"): "${s.cidr}" ${cp}`);
      const outer = cp ? undefined : Formats.parseCidr(s.cidr!);
      for (const e of s.exclude ?? []) {
        const ep = Formats.cidrProblem(e);
        if (ep) {
          out.push(`Peer.cidr("${s.cidr}"): exclude entry "${e}" ${ep}`);
        } else if (outer && !Formats.isStrictSubset(outer, Formats.parseCidr(e)!)) {
          // k8s.io/kubernetes pkg/apis/networking/validation ValidateIPBlock: "must be a strict subset of `cidr`"
          out.push(`Peer.cidr("${s.cidr}"): exclude entry "${e}" is not a strict subset of ${s.cidr} (the API server rejects ipBlock.except outside its cidr, and an excluded block that covers the whole cidr allows nothing): list only smaller blocks inside ${s.cidr}, or remove it`);
        }
      }
      if (s.cidr === '0.0.0.0/0' || s.cidr === '::/0') {
        out.push(`Peer.cidr("${s.cidr}") allows the whole internet and every pod: name the networks you need`);
      }
    }
    if (s.kind === PeerKind.FQDN) {
      const fp = fqdnProblem(s.fqdn ?? '');
      if (fp) out.push(`Peer.fqdn("${s.fqdn}"): ${fp}`);
      for (const c of s.fqdnCidrs ?? []) {
        const cp = Formats.cidrProblem(c);
        if (cp) out.push(`Peer.fqdn("${s.fqdn}"): cidrs entry "${c}" ${cp}`);
      }
    }
    return out;
  }
}

/** Why `name` is not a DNS name a peer can match (RFC 1035: labels of at most 63, names of at most 253 characters), or undefined. */
function fqdnProblem(name: string): string | undefined {
  if (name.length > 253) return `the name is ${name.length} characters long; DNS names have at most 253 (RFC 1035), so no lookup can ever return it: shorten it`;
  const long = name.split('.').find(l => l.length > 63);
  if (long !== undefined) return `label "${long.slice(0, 20)}..." is ${long.length} characters long; DNS labels have at most 63 (RFC 1035), so the name can never resolve: shorten it`;
  if (!FQDN.test(name)) return 'not a fully qualified DNS name (e.g. "api.stripe.com" or "*.googleapis.com")';
  return undefined;
}
