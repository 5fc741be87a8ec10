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
  readonly namespace: string;
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
  readonly namespace: string;
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
}
