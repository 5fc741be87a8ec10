/**
 * A policy engine whose semantics the reachability evaluator knows.
 */
export enum Engine {
  /** Kubernetes `networking.k8s.io/v1` NetworkPolicy (L3/L4). */
  NETWORK_POLICY = 'NETWORK_POLICY',
  /** Cilium `CiliumNetworkPolicy` / `CiliumClusterwideNetworkPolicy` (L3/L4/L7). */
  CILIUM = 'CILIUM',
  /** Istio `security.istio.io` AuthorizationPolicy + PeerAuthentication (identity, L7). */
  ISTIO = 'ISTIO',
  /** Linkerd `policy.linkerd.io` Server, AuthorizationPolicy, authentications, HTTPRoute (identity, L7). */
  LINKERD = 'LINKERD',
}

/**
 * The answer of one engine (or all engines combined) to "can A reach B on port P?".
 */
export enum VerdictStatus {
  /** The engine lets the connection (request) through. */
  ALLOWED = 'ALLOWED',
  /** The engine blocks it. */
  DENIED = 'DENIED',
  /** The manifest set contains no object of this engine: it is not judged (not "allow all"). */
  NOT_PRESENT = 'NOT_PRESENT',
  /** The engine's decision cannot be computed from the manifests (e.g. an Istio CUSTOM policy). */
  UNKNOWN = 'UNKNOWN',
}

/**
 * A workload of the manifest set: a pod template (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod...).
 */
export interface WorkloadRef {
  /** Namespace of the workload. */
  readonly namespaceName: string;
  /** `metadata.name` of the workload object. */
  readonly name: string;
  /**
   * Kind of the workload object, to disambiguate same-named workloads.
   * @default - any kind
   */
  readonly kind?: string;
}

/**
 * A workload as the evaluator sees it.
 */
export interface WorkloadInfo {
  /** Namespace of the workload. */
  readonly namespaceName: string;
  /** `metadata.name` of the workload object. */
  readonly name: string;
  /** Kind of the workload object. */
  readonly kind: string;
  /** Effective service account (`default` when none is set). */
  readonly serviceAccount: string;
  /** Pod template labels. */
  readonly labels: { [key: string]: string };
  /** TCP ports the workload serves (container ports and Service target ports), sorted. */
  readonly ports: number[];
}

/**
 * L7 details of a request to evaluate.
 */
export interface RequestOptions {
  /**
   * HTTP method (e.g. `POST`).
   * @default - any method: an L7-restricted allow counts as allowed, with its restrictions in `Verdict.l7`
   */
  readonly method?: string;
  /**
   * HTTP path (e.g. `/v1/payments`).
   * @default - any path: an L7-restricted allow counts as allowed, with its restrictions in `Verdict.l7`
   */
  readonly path?: string;
  /**
   * Request headers (names are case-insensitive). When given, header
   * conditions (Istio `when` on `request.headers[...]`, HTTPRoute and Cilium
   * header matches) are evaluated against them; a missing header fails its
   * condition.
   * @default - header conditions are not evaluated (noted in the reasons)
   */
  readonly headers?: { [name: string]: string };
}

/**
 * A kubelet health probe to evaluate.
 */
export interface ProbeRequestOptions {
  /**
   * HTTP method: `GET` for an HTTP probe, `POST` for a gRPC probe.
   * @default - any method
   */
  readonly method?: string;
  /**
   * HTTP path: the probe's `httpGet.path`, or `/grpc.health.v1.Health/Check` for a gRPC probe.
   * @default - any path
   */
  readonly path?: string;
  /**
   * Request headers (the kubelet sends `User-Agent: kube-probe/<version>`).
   * @default - header conditions are not evaluated
   */
  readonly headers?: { [name: string]: string };
  /**
   * Address of the node the kubelet probes from, checked against Linkerd
   * `NetworkAuthentication` networks.
   * @default - unknown: only networks covering every address (`0.0.0.0/0`, `::/0`) match
   */
  readonly sourceAddress?: string;
}

/**
 * The answer of one engine.
 */
export interface Verdict {
  /** The engine that answered. */
  readonly engine: Engine;
  /** What it answered. */
  readonly status: VerdictStatus;
  /** True only when `status` is ALLOWED. */
  readonly allowed: boolean;
  /** Which objects decided, in evaluation order. */
  readonly reasons: string[];
  /**
   * When allowed only for some requests (no method/path given), the allowed
   * requests, e.g. `POST /v1/payments`; empty when any request is allowed.
   */
  readonly l7: string[];
}

/**
 * The combined answer of every engine present.
 */
export interface ReachabilityVerdict {
  /** ALLOWED only if every present engine allows; DENIED if one denies; UNKNOWN otherwise. */
  readonly status: VerdictStatus;
  /** True only when `status` is ALLOWED. */
  readonly allowed: boolean;
  /** Reasons of every engine, prefixed with the engine name. */
  readonly reasons: string[];
  /** Intersection of the engines' L7 restrictions (empty: any request). */
  readonly l7: string[];
  /** The answer of each engine (including NOT_PRESENT ones), in `Engine` order. */
  readonly engines: Verdict[];
}

/**
 * Options for the reachability evaluator.
 */
export interface ReachabilityOptions {
  /**
   * Trust domain of the mesh (Istio principals, Linkerd identities).
   * @default - learned from the manifests, otherwise `cluster.local`
   */
  readonly trustDomain?: string;

  /**
   * Whether the Cilium agents run with `allow-localhost: always`, so the local node (`OutsidePeer.node()`)
   * reaches every endpoint on it whatever the policies say. `auto`, the default, means `always` on
   * Kubernetes (cilium/cilium pkg/option/config.go); set false for `--allow-localhost=policy`.
   * @default true
   */
  readonly ciliumAllowLocalhost?: boolean;
}


/**
 * Which kind of traffic endpoint outside the app's workloads an `OutsidePeer` is.
 */
export enum OutsidePeerKind {
  /** An address outside the cluster (the internet, a partner network). */
  WORLD = 'WORLD',
  /** The host network of the destination's own node (the kubelet, host-network pods on it; Cilium entity `host`), not a pod. */
  NODE = 'NODE',
  /** Another node of the cluster (its host network; Cilium entity `remote-node`). */
  REMOTE_NODE = 'REMOTE_NODE',
  /** The Kubernetes API server (Cilium entity `kube-apiserver`). */
  KUBE_APISERVER = 'KUBE_APISERVER',
  /** A pod in a namespace the manifests do not declare and no policy names. */
  UNRELATED_NAMESPACE = 'UNRELATED_NAMESPACE',
}

/**
 * Options for `OutsidePeer.world`.
 */
export interface WorldPeerOptions {
  /**
   * The address outside the cluster (IPv4 or IPv6), matched against CIDR rules
   * (`ipBlock`, `fromCIDR`, `toCIDRSet`...).
   * @default '203.0.113.10' (TEST-NET-3, RFC 5737): outside every cluster range
   */
  readonly address?: string;
  /**
   * The DNS name the pod resolved to reach this address (destinations only), matched
   * against Cilium `toFQDNs` (Cilium learns the addresses of a name only from lookups
   * its DNS proxy sees).
   * @default - no name: `toFQDNs` rules do not match
   */
  readonly fqdn?: string;
}

/**
 * Options for `OutsidePeer.unrelatedNamespace`.
 */
export interface UnrelatedNamespacePeerOptions {
  /**
   * Pod labels the attacker's pod copies (labels are not identity: anyone who can create a pod can set them).
   * @default - no labels
   */
  readonly labels?: { [key: string]: string };
  /**
   * Service account name the attacker's pod runs as (in its own namespace).
   * @default 'default'
   */
  readonly serviceAccount?: string;
  /**
   * Whether the attacker's pod runs the mesh's proxy (so it has a mesh identity of its own namespace).
   * @default true
   */
  readonly meshed?: boolean;
}

/**
 * A traffic endpoint outside the app's workloads: what an attacker would try
 * from (or an exfiltrating pod would try to reach).
 *
 * @example
 * r.canReachFromOutside(OutsidePeer.world(), { namespaceName: 'payments', name: 'payment-processor' }, 8080);
 */
export class OutsidePeer {
  /** The address used for WORLD: 203.0.113.10 (TEST-NET-3, RFC 5737), outside every cluster range. */
  public static readonly WORLD_ADDRESS = '203.0.113.10';
  /** The namespace an `OutsidePeer.unrelatedNamespace()` pod runs in. */
  public static readonly UNRELATED_NAMESPACE = 'zero-trust-unrelated';

  /**
   * An address outside the cluster (by default `203.0.113.10`); it matches a CIDR rule only
   * when the CIDR contains it, and a Cilium `toFQDNs` rule only when `fqdn` is given.
   * @param options the address and the DNS name it was resolved from
   */
  public static world(options: WorldPeerOptions = {}): OutsidePeer {
    const address = options.address ?? OutsidePeer.WORLD_ADDRESS;
    const what = [options.fqdn, address].filter(x => x !== undefined).join(' ');
    return new OutsidePeer(OutsidePeerKind.WORLD, `world (${what})`, {}, 'zero-trust-world', false, address, options.fqdn);
  }

  /**
   * The host network of the destination's own node (kubelet probes, host-network pods). Its
   * address is not known: it matches only CIDR rules that cover every address.
   */
  public static node(): OutsidePeer {
    return new OutsidePeer(OutsidePeerKind.NODE, 'node (host network)', {}, 'zero-trust-node', false);
  }

  /** Another node of the cluster (its host network); address unknown, as for `node()`. */
  public static remoteNode(): OutsidePeer {
    return new OutsidePeer(OutsidePeerKind.REMOTE_NODE, 'remote node (host network)', {}, 'zero-trust-remote-node', false);
  }

  /**
   * The Kubernetes API server (address unknown).
   * @param options the address, when CIDR rules name it
   */
  public static kubeApiServer(options: WorldPeerOptions = {}): OutsidePeer {
    return new OutsidePeer(OutsidePeerKind.KUBE_APISERVER, `kube-apiserver${options.address ? ` (${options.address})` : ''}`, {}, 'zero-trust-kube-apiserver', false, options.address);
  }

  /**
   * A pod in namespace `zero-trust-unrelated`, which no manifest declares.
   * @param options labels and service account it copies, whether it is meshed
   */
  public static unrelatedNamespace(options: UnrelatedNamespacePeerOptions = {}): OutsidePeer {
    const labels = { ...(options.labels ?? {}) };
    const sa = options.serviceAccount ?? 'default';
    const meshed = options.meshed ?? true;
    const what = Object.keys(labels).length ? ` labelled ${Object.entries(labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}` : '';
    return new OutsidePeer(OutsidePeerKind.UNRELATED_NAMESPACE, `pod ${OutsidePeer.UNRELATED_NAMESPACE}/${sa}${what}${meshed ? '' : ' (unmeshed)'}`, labels, sa, meshed);
  }

  /** Kind of peer. */
  public readonly kind: OutsidePeerKind;
  /** The peer in words, e.g. `world (203.0.113.10)`. */
  public readonly description: string;
  /** Pod labels (UNRELATED_NAMESPACE only). */
  public readonly labels: { [key: string]: string };
  /** Service account name (UNRELATED_NAMESPACE; a placeholder for the others). */
  public readonly serviceAccount: string;
  /** Whether it runs the mesh's proxy (has a mesh identity). */
  public readonly meshed: boolean;
  /** Its address, when known (WORLD: always). */
  public readonly address?: string;
  /** The DNS name the address was resolved from (WORLD destinations). */
  public readonly fqdn?: string;

  private constructor(kind: OutsidePeerKind, description: string, labels: { [key: string]: string }, serviceAccount: string, meshed: boolean,
    address?: string, fqdn?: string) {
    this.address = address;
    this.fqdn = fqdn;
    this.kind = kind;
    this.description = description;
    this.labels = labels;
    this.serviceAccount = serviceAccount;
    this.meshed = meshed;
  }
}
