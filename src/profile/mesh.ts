/** Which service mesh (if any) carries pod-to-pod traffic. */
export enum MeshKind {
  /** Istio with Envoy sidecars. */
  ISTIO_SIDECAR = 'ISTIO_SIDECAR',
  /** Istio ambient: ztunnel for L4, waypoint proxies for L7. */
  ISTIO_AMBIENT = 'ISTIO_AMBIENT',
  /** Linkerd with its micro-proxy sidecars. */
  LINKERD = 'LINKERD',
  /** No mesh: identity and mTLS come from elsewhere (SPIRE) or not at all. */
  NONE = 'NONE',
}

/** Options for Istio (sidecar or ambient). */
export interface IstioOptions {
  /**
   * Istio's root namespace (mesh-wide policies live there).
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;

  /**
   * An istiod revision: namespaces are labelled `istio.io/rev=<revision>`
   * instead of the default injection label.
   * @default - the default revision
   */
  readonly revision?: string;

  /**
   * Whether the Istio CNI node agent sets up traffic redirection. Without it
   * every pod gets an `istio-init` container with NET_ADMIN/NET_RAW, which
   * Pod Security `restricted` rejects. Ignored in ambient mode (always CNI).
   * @default true
   */
  readonly cni?: boolean;
}

/** Options for Istio ambient mode. */
export interface IstioAmbientOptions extends IstioOptions {
  /**
   * Whether the library may create waypoint proxies (Gateway API `Gateway`
   * of class `istio-waypoint`) for routes with L7 rules. When false, an L7
   * route fails synthesis instead.
   * @default true
   */
  readonly waypoints?: boolean;
}

/** Options for Linkerd. */
export interface LinkerdOptions {
  /**
   * Namespace of the Linkerd control plane.
   * @default 'linkerd'
   */
  readonly controlPlaneNamespace?: string;

  /**
   * Whether the Linkerd CNI plugin sets up traffic redirection. Without it
   * every pod gets a `linkerd-init` container with NET_ADMIN/NET_RAW, which
   * Pod Security `restricted` rejects.
   * @default true
   */
  readonly cni?: boolean;
}

/**
 * The service mesh a cluster runs.
 *
 * @example
 * Mesh.istioAmbient({ waypoints: true })
 */
export class Mesh {
  /** Istio with sidecars (`istio-injection: enabled`). */
  public static istioSidecar(options: IstioOptions = {}): Mesh {
    return new Mesh(MeshKind.ISTIO_SIDECAR, options.rootNamespace ?? 'istio-system', options.revision, false, options.rootNamespace ?? 'istio-system', options.cni ?? true);
  }

  /** Istio ambient (`istio.io/dataplane-mode: ambient`). */
  public static istioAmbient(options: IstioAmbientOptions = {}): Mesh {
    return new Mesh(MeshKind.ISTIO_AMBIENT, options.rootNamespace ?? 'istio-system', options.revision, options.waypoints ?? true, options.rootNamespace ?? 'istio-system', true);
  }

  /** Linkerd (`linkerd.io/inject: enabled`, default inbound policy `deny`). */
  public static linkerd(options: LinkerdOptions = {}): Mesh {
    return new Mesh(MeshKind.LINKERD, undefined, undefined, false, options.controlPlaneNamespace ?? 'linkerd', options.cni ?? true);
  }

  /** No service mesh. */
  public static none(): Mesh {
    return new Mesh(MeshKind.NONE, undefined, undefined, false, undefined, true);
  }

  /** The mesh kind. */
  public readonly kind: MeshKind;
  /** Istio root namespace (Istio only). */
  public readonly rootNamespace?: string;
  /** Istio revision (Istio only). */
  public readonly revision?: string;
  /** Whether waypoints may be created (Istio ambient only). */
  public readonly waypointsAllowed: boolean;
  /** Control plane namespace (Istio or Linkerd). */
  public readonly controlPlaneNamespace?: string;
  /** Whether traffic redirection is done by a CNI plugin (no privileged init container). */
  public readonly cni: boolean;

  private constructor(
    kind: MeshKind, rootNamespace: string | undefined, revision: string | undefined,
    waypoints: boolean, controlPlaneNamespace: string | undefined, cni: boolean,
  ) {
    this.cni = cni;
    this.kind = kind;
    this.rootNamespace = rootNamespace;
    this.revision = revision;
    this.waypointsAllowed = waypoints;
    this.controlPlaneNamespace = controlPlaneNamespace;
  }

  /** True for Istio sidecar and ambient. */
  public get isIstio(): boolean {
    return this.kind === MeshKind.ISTIO_SIDECAR || this.kind === MeshKind.ISTIO_AMBIENT;
  }

  /** True when the mesh authenticates workloads with mTLS identities. */
  public get providesIdentity(): boolean {
    return this.kind !== MeshKind.NONE;
  }

  /** The mesh family ('istio', 'linkerd' or 'none'). */
  public get family(): string {
    return this.isIstio ? 'istio' : this.kind === MeshKind.LINKERD ? 'linkerd' : 'none';
  }
}
