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
import { Port } from '../../model/port';
import { ResolvedPeer, ResolvedRoute, ServiceIntent } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { Mesh } from '../../profile/mesh';
import { WAYPOINT_NAME } from '../../profile/mesh-facts';
import { rootOf } from '../../shared/objects';

/** What the engine loops need of a `ZeroTrustNamespace`. */
export type NamespaceHost = Construct & { readonly profile: ClusterProfile; readonly mesh: Mesh };

/** Namespaces per app and profile, for `renderCluster` (called with the first). */
const clusters = new WeakMap<IConstruct, Map<ClusterProfile, NamespaceIntent[]>>();

/** Records a namespace; the first namespace of a profile in an app runs every engine's `renderCluster`. */
export function renderClusterOnce(ns: NamespaceHost, intent: NamespaceIntent): void {
  const root = rootOf(ns);
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

const never = (): boolean => false;

/** The renderers of a list of engines (the registry returns one list per profile and mesh): one array per list. */
function renderersOf(engines: readonly EngineEntry[]): readonly EngineRenderer[] {
  let r = renderersByList.get(engines);
  if (!r) {
    r = engines.map(e => e.renderer());
    renderersByList.set(engines, r);
  }
  return r;
}

const renderersByList = new WeakMap<readonly EngineEntry[], readonly EngineRenderer[]>();

/** `transport/targetPort` of a port, one string per port object (issue 19: not one per route). */
function portKey(p: Port): string {
  let key = portKeys.get(p);
  if (key === undefined) {
    key = `${p.transport}/${p.targetPort}`;
    portKeys.set(p, key);
  }
  return key;
}

const portKeys = new WeakMap<Port, string>();

/** Namespaces whose waypoint objects were rendered. */
const waypointNamespaces = new WeakSet<IConstruct>();

/**
 * The engines of one `MeshService` and the state their hooks share: whether
 * the service uses the waypoint, first-time keys per engine, the routes into
 * it and the egress rendered from it.
 */
export class ServiceEngines {
  /*
   * The functions a service's hooks get (engines destructure their context, so they are closures
   * over the service) are returned by these factories, where no name is inferred for them: the
   * bundle keeps function names with esbuild's `keepNames`, which gives every closure with an
   * inferred name its own `name` property, a property store of its own (about 1 KB per service kept
   * for four closures; issue 19). The renderers make their per-route closures the same way
   * (e.g. `egressRulesLater` in the NetworkPolicy and Cilium renderers): each named closure costs a
   * `__name` call where it is created.
   */

  private static waypointReader(e: ServiceEngines): () => boolean {
    return () => e.waypoint;
  }

  private static waypointUser(e: ServiceEngines): () => void {
    return () => e.useWaypoint(e.current!);
  }

  private static firstTimeOf(e: ServiceEngines): (key: string) => boolean {
    return key => e.firstTime(e.current!, key);
  }

  /** The applicable engines, in registry order. */
  public readonly engines: readonly EngineEntry[];
  /** Their renderers (loaded once per service, not per route). */
  private readonly renderers: readonly EngineRenderer[];
  /** Whether one of them checks routes (`checkRoute`): routes skip building the check context otherwise. */
  public readonly checksRoutes: boolean;
  private waypoint = false;
  // Allocated on first use (issue 19: retained per service; many services never need some of them).
  private seen?: Set<string>;
  private ingress?: ResolvedRoute[];
  private egress?: Set<string>;
  private ctx?: ServiceRender;
  /**
   * The engine whose hook is running: the context objects are shared by the
   * engines of a call (one per service or route, not per engine: issue 19),
   * and `firstTime` and `useWaypoint` act for this engine.
   */
  private current?: EngineEntry;

  /** `usesWaypoint` as a function (one per service; see `ServiceEngines.waypointReader`). */
  private readonly readWaypoint: () => boolean = ServiceEngines.waypointReader(this);

  public constructor(
    private readonly scope: Construct,
    private readonly ns: NamespaceHost,
    private readonly service: ServiceIntent,
    private readonly serviceObject: ApiObject | undefined,
    private readonly problem: (message: string) => void,
  ) {
    this.engines = enginesFor(ns.profile, ns.mesh);
    this.renderers = renderersOf(this.engines);
    this.checksRoutes = this.renderers.some(r => r.checkRoute !== undefined);
  }

  /** Whether the service's traffic runs through its namespace's waypoint (final at synthesis). */
  public get usesWaypoint(): boolean {
    return this.waypoint;
  }

  /** Sources of every route into the service rendered so far (final at synthesis). */
  public get routeSources(): ResolvedPeer[] {
    return (this.ingress ?? []).map(r => r.from);
  }

  /** Every engine's `renderService`. */
  public renderService(): void {
    this.runHook('renderService', this.serviceContext());
  }

  /** A route into the service: every engine's `planRouteIngress`, then every engine's `renderRouteIngress`. */
  public renderIngress(route: ResolvedRoute): void {
    (this.ingress ??= []).push(route);
    const ctx = this.routeContext(route, this.readWaypoint);
    this.runHook('planRouteIngress', ctx);
    this.runHook('renderRouteIngress', ctx);
  }

  /** A route from the service: every engine's `renderRouteEgress`, once per destination and ports. */
  public renderEgress(route: ResolvedRoute, destination: ServiceEngines | undefined): void {
    // The destination's key (one string per peer) and its ports' (one string per port): one short string per route.
    const ports = route.ports.length === 1 ? portKey(route.ports[0]) : route.ports.map(portKey).sort().join('\u0000');
    const key = `${route.to.key}\u0000${ports}`;
    const egress = this.egress ??= new Set();
    if (egress.has(key)) return;
    egress.add(key);
    this.runHook('renderRouteEgress', this.routeContext(route, destination ? destination.readWaypoint : never));
  }

  /** Calls `hook` of every engine that has it, in registry order, as that engine (`current`). */
  private runHook(hook: 'renderService', ctx: ServiceRender): void;
  private runHook(hook: 'planRouteIngress' | 'renderRouteIngress' | 'renderRouteEgress', ctx: RouteRender): void;
  private runHook(hook: 'renderService' | 'planRouteIngress' | 'renderRouteIngress' | 'renderRouteEgress', ctx: ServiceRender | RouteRender): void {
    for (let i = 0; i < this.engines.length; i++) {
      const r = this.renderers[i];
      const fn = r[hook] as ((c: ServiceRender | RouteRender) => void) | undefined;
      if (!fn) continue;
      this.current = this.engines[i];
      fn.call(r, ctx);
    }
  }

  /** The service context, built once per service. */
  private serviceContext(): ServiceRender {
    if (!this.ctx) {
      this.ctx = {
        profile: this.ns.profile,
        mesh: this.ns.mesh,
        scope: this.scope,
        service: this.service,
        serviceObject: this.serviceObject,
        problem: this.problem,
        useWaypoint: ServiceEngines.waypointUser(this),
        firstTime: ServiceEngines.firstTimeOf(this),
      };
    }
    return this.ctx;
  }

  private routeContext(route: ResolvedRoute, destinationUsesWaypoint: () => boolean): RouteRender {
    const c = this.serviceContext();
    return {
      profile: c.profile,
      mesh: c.mesh,
      scope: c.scope,
      service: c.service,
      serviceObject: c.serviceObject,
      problem: c.problem,
      useWaypoint: c.useWaypoint,
      firstTime: c.firstTime,
      route,
      destinationUsesWaypoint,
    };
  }

  private firstTime(e: EngineEntry, key: string): boolean {
    const k = `${e.id}\u0000${key}`;
    const seen = this.seen ??= new Set();
    if (seen.has(k)) return false;
    seen.add(k);
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
