/*
 * The constructs' side of the engine registry (issue 18): the loops that call
 * every applicable engine's hooks, and the per-service render state the hooks
 * share through their context (the waypoint, first-time keys, route sources).
 * Nothing here names an engine.
 */
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { EngineRenderer, RouteRender, ServiceRender, WaypointRender } from '../../backends/contract';
import { EngineEntry, enginesFor } from '../../engines/registry';
import { NamespaceIntent } from '../../model/intents';
import { ResolvedPeer, ResolvedRoute, ServiceIntent } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { Mesh } from '../../profile/mesh';
import { WAYPOINT_NAME } from '../../profile/mesh-facts';

/** What the engine loops need of a `ZeroTrustNamespace`. */
export type NamespaceHost = Construct & { readonly profile: ClusterProfile; readonly mesh: Mesh };

/** Namespaces per app and profile, for `renderCluster` (called with the first). */
const clusters = new WeakMap<IConstruct, Map<ClusterProfile, NamespaceIntent[]>>();

/** Records a namespace; the first namespace of a profile in an app runs every engine's `renderCluster`. */
export function renderClusterOnce(ns: NamespaceHost, intent: NamespaceIntent): void {
  const root = ns.node.root;
  let byProfile = clusters.get(root);
  if (!byProfile) { byProfile = new Map(); clusters.set(root, byProfile); }
  const known = byProfile.get(ns.profile);
  if (known) {
    known.push(intent);
    return;
  }
  const list: NamespaceIntent[] = [intent];
  byProfile.set(ns.profile, list);
  const profile = ns.profile;
  for (const e of enginesFor(profile, profile.mesh)) {
    e.renderer().renderCluster?.({ profile, mesh: profile.mesh, scope: ns, namespaces: () => list });
  }
}

/** Namespaces whose waypoint objects were rendered. */
const waypointNamespaces = new WeakSet<IConstruct>();

/**
 * The engines of one `MeshService` and the state their hooks share: whether
 * the service uses the waypoint, first-time keys per engine, the routes into
 * it and the egress rendered from it.
 */
export class ServiceEngines {
  /** The applicable engines, in registry order. */
  public readonly engines: readonly EngineEntry[];
  private waypoint = false;
  private readonly seen = new Set<string>();
  private readonly ingress: ResolvedRoute[] = [];
  private readonly egress = new Set<string>();

  public constructor(
    private readonly scope: Construct,
    private readonly ns: NamespaceHost,
    private readonly service: ServiceIntent,
    private readonly serviceObject: ApiObject | undefined,
    private readonly problem: (message: string) => void,
  ) {
    this.engines = enginesFor(ns.profile, ns.mesh);
  }

  /** Whether the service's traffic runs through its namespace's waypoint (final at synthesis). */
  public get usesWaypoint(): boolean {
    return this.waypoint;
  }

  /** Sources of every route into the service rendered so far (final at synthesis). */
  public get routeSources(): ResolvedPeer[] {
    return this.ingress.map(r => r.from);
  }

  /** Every engine's `renderService`. */
  public renderService(): void {
    for (const e of this.engines) e.renderer().renderService?.(this.context(e));
  }

  /** A route into the service: every engine's `planRouteIngress`, then every engine's `renderRouteIngress`. */
  public renderIngress(route: ResolvedRoute): void {
    this.ingress.push(route);
    const contexts = this.engines.map(e => this.routeContext(e, route, () => this.waypoint));
    this.engines.forEach((e, i) => e.renderer().planRouteIngress?.(contexts[i]));
    this.engines.forEach((e, i) => e.renderer().renderRouteIngress?.(contexts[i]));
  }

  /** A route from the service: every engine's `renderRouteEgress`, once per destination and ports. */
  public renderEgress(route: ResolvedRoute, destination: ServiceEngines | undefined): void {
    const key = JSON.stringify([route.to.key, route.ports.map(p => `${p.transport}/${p.targetPort}`).sort()]);
    if (this.egress.has(key)) return;
    this.egress.add(key);
    const destWaypoint = () => destination?.usesWaypoint ?? false;
    for (const e of this.engines) e.renderer().renderRouteEgress?.(this.routeContext(e, route, destWaypoint));
  }

  private context(e: EngineEntry): ServiceRender {
    return {
      profile: this.ns.profile,
      mesh: this.ns.mesh,
      scope: this.scope,
      service: this.service,
      serviceObject: this.serviceObject,
      problem: this.problem,
      useWaypoint: () => this.useWaypoint(e),
      firstTime: (key: string) => this.firstTime(e, key),
    };
  }

  private routeContext(e: EngineEntry, route: ResolvedRoute, destinationUsesWaypoint: () => boolean): RouteRender {
    return { ...this.context(e), route, destinationUsesWaypoint };
  }

  private firstTime(e: EngineEntry, key: string): boolean {
    const k = `${e.id}\u0000${key}`;
    if (this.seen.has(k)) return false;
    this.seen.add(k);
    return true;
  }

  /** The requesting engine renders its waypoint part first, then every other engine in registry order. */
  private useWaypoint(requester: EngineEntry): void {
    if (this.waypoint) return;
    this.waypoint = true;
    const first = !waypointNamespaces.has(this.ns);
    waypointNamespaces.add(this.ns);
    const ctx: WaypointRender = {
      profile: this.ns.profile,
      mesh: this.ns.mesh,
      scope: this.scope,
      service: this.service,
      serviceObject: this.serviceObject,
      namespaceScope: first ? this.ns : undefined,
      waypoint: WAYPOINT_NAME,
      routeSources: () => this.routeSources,
    };
    const order: EngineRenderer[] = [requester.renderer(), ...this.engines.filter(x => x !== requester).map(x => x.renderer())];
    for (const r of order) r.renderWaypoint?.(ctx);
  }
}
