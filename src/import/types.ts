/**
 * The cluster setup the generated app targets: which `ClusterProfile` it declares.
 */
export enum ImportTarget {
  /** Kubernetes NetworkPolicy only, no mesh (routes are enforced at L3/L4 by pod labels). */
  NETWORK_POLICY = 'NETWORK_POLICY',
  /** Cilium without a mesh (L3/L4 by endpoint labels, HTTP rules by Cilium's proxy). */
  CILIUM = 'CILIUM',
  /** Istio sidecars plus Kubernetes NetworkPolicy. */
  ISTIO_SIDECAR = 'ISTIO_SIDECAR',
  /** Istio ambient (ztunnel, waypoints for HTTP rules) plus Kubernetes NetworkPolicy. */
  ISTIO_AMBIENT = 'ISTIO_AMBIENT',
  /** Linkerd plus Kubernetes NetworkPolicy. */
  LINKERD = 'LINKERD',
}

/**
 * Options common to every import.
 */
export interface ImportOptions {
  /**
   * The profile the generated app declares. Choose another one than the source's to plan a
   * migration (then prove it with `ReachabilityDiff.between`).
   * @default - the source's engines: Istio (ambient when a namespace is labelled `istio.io/dataplane-mode: ambient`), Linkerd, Cilium, else Kubernetes NetworkPolicy
   */
  readonly target?: ImportTarget;

  /**
   * Trust domain of the mesh.
   * @default - learned from the manifests, otherwise `cluster.local`
   */
  readonly trustDomain?: string;

  /**
   * Expiry date (`YYYY-MM-DD`) of the exceptions the generated app needs (routes enforced at
   * L3/L4 only on a profile without a mesh).
   * @default - 90 days after today
   */
  readonly exceptionExpires?: string;

  /**
   * Owner recorded on those exceptions.
   * @default 'platform-team'
   */
  readonly exceptionOwner?: string;

  /**
   * Module the generated app imports the library from.
   * @default 'cdk8s-zero-trust'
   */
  readonly moduleName?: string;

  /**
   * Where the input came from, written in the generated file's header.
   * @default - not written
   */
  readonly sourceDescription?: string;
}

/**
 * Options of `Importer.fromFlows`.
 */
export interface FlowImportOptions extends ImportOptions {
  /**
   * Noise floor: an aggregated edge (workload pair and port) seen fewer times is not turned
   * into a route; it is listed in the report instead.
   * @default 1
   */
  readonly minCount?: number;

  /**
   * The cluster's manifests (Deployments, Services...), when at hand: flows are then mapped to
   * these workloads (their pod labels, service accounts and ports).
   * @default - none: workloads, labels and ports are taken from the flows alone
   */
  readonly manifests?: any[];
}

/**
 * Kind of an import finding.
 */
export enum ImportFindingKind {
  /** The source allows more than least privilege can express (allow-all egress, `namespaceSelector: {}`, `0.0.0.0/0`): not reproduced. */
  NOT_LEAST_PRIVILEGE = 'NOT_LEAST_PRIVILEGE',
  /** A workload no policy restricts at all (anything reaches it, it reaches anything). */
  NO_POLICY = 'NO_POLICY',
  /** The generated app gives a workload another service account: its pods must run as it. */
  IDENTITY_CHANGE = 'IDENTITY_CHANGE',
  /** The source's decision cannot be computed (e.g. an Istio CUSTOM policy): not reproduced. */
  UNKNOWN = 'UNKNOWN',
  /** A rule the library cannot express as written (e.g. a regular-expression path): widened or dropped as said. */
  NOT_EXPRESSIBLE = 'NOT_EXPRESSIBLE',
  /** Observed traffic below the `minCount` noise floor: not turned into a route. */
  BELOW_NOISE_FLOOR = 'BELOW_NOISE_FLOOR',
  /** Observed traffic that was dropped or that could not be attributed to a workload. */
  IGNORED_FLOW = 'IGNORED_FLOW',
}

/**
 * One entry of the import report.
 */
export interface ImportFinding {
  /** What kind of finding. */
  readonly kind: ImportFindingKind;
  /** What it is about, e.g. `payments/checkout` or `NetworkPolicy payments/allow-all-egress`. */
  readonly subject: string;
  /** What the source does and what the generated app does instead. */
  readonly message: string;
  /**
   * The narrowest replacement to consider.
   * @default - none
   */
  readonly suggestion?: string;
  /**
   * The source end of the traffic concerned (as `ReachabilityDiff` names it).
   * @default - not about one edge
   */
  readonly source?: string;
  /**
   * The destination end of the traffic concerned (as `ReachabilityDiff` names it).
   * @default - not about one edge
   */
  readonly destination?: string;
}

/**
 * A `MeshService` of the generated app: one source workload.
 */
export interface ImportedService {
  /** Namespace. */
  readonly namespaceName: string;
  /** `MeshService` name. */
  readonly name: string;
  /** `<Kind>/<name>` of the source workload. */
  readonly workload: string;
  /** Service account the generated app gives it. */
  readonly serviceAccount: string;
  /** Service account its pods run as today. */
  readonly sourceServiceAccount: string;
  /** Pod labels the `MeshService` selects. */
  readonly selector: { [key: string]: string };
  /** Ports it serves. */
  readonly ports: number[];
}

/**
 * A route of the generated app.
 */
export interface ImportedRoute {
  /** Client: `<namespace>/<service>`, `cidr:<block>` or `fqdn:<name>`. */
  readonly source: string;
  /** Server: `<namespace>/<service>`, `cidr:<block>` or `fqdn:<name>`. */
  readonly destination: string;
  /** Destination ports. */
  readonly ports: number[];
  /** Allowed HTTP requests (`METHOD path`, a trailing `*` is a prefix); empty: any request. */
  readonly http: string[];
  /** What the route came from: source policies (`Kind namespace/name`) or `flows`. */
  readonly sources: string[];
  /**
   * Times the traffic was observed (flows only).
   * @default - not observed (from policies)
   */
  readonly count?: number;
}

/**
 * What one source policy became.
 */
export interface PolicyMapping {
  /** `Kind namespace/name`. */
  readonly policy: string;
  /** The routes it allows (`from → to:ports`), empty when it allows none between the workloads. */
  readonly routes: string[];
}

/**
 * The result of an import: the generated app and its report.
 */
export interface ImportResult {
  /** The profile the generated app declares. */
  readonly target: ImportTarget;
  /** TypeScript source of a cdk8s app (exports `build(app)`; runs itself with ts-node). */
  readonly source: string;
  /** The `MeshService`s. */
  readonly services: ImportedService[];
  /** The routes. */
  readonly routes: ImportedRoute[];
  /** Each source policy and the routes it became (empty for flows). */
  readonly policies: PolicyMapping[];
  /** What is not reproduced, and why. */
  readonly findings: ImportFinding[];
  /** The report as text. */
  readonly report: string;
}
