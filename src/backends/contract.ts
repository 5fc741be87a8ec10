/*
 * The renderer contract every policy engine implements (issue 18), library-internal.
 *
 * Constructs (src/constructs) build and validate intent; they never name an engine.
 * For each namespace, service and route they ask the registry (src/engines/registry.ts)
 * for the engines that apply to the profile and mesh, and call these hooks in a loop,
 * in registry order. A backend receives plain intent (NamespaceIntent, ServiceIntent,
 * ResolvedRoute, ClusterProfile, Mesh), a scope to add ApiObjects to, and a context
 * whose methods replace the construct callbacks of before (usesWaypoint, markL7Port,
 * route sources). A backend imports only model, profile, shared and this file.
 *
 * Adding an engine:
 *   1. a folder src/backends/<engine>/ whose renderer.ts default-exports an
 *      `EngineRenderer` (implement only the hooks the engine needs);
 *   2. one line in ENGINES (src/engines/registry.ts): id, label, `appliesTo`
 *      predicate on (ClusterProfile, Mesh), lazy loader of the renderer and,
 *      when the audit can evaluate it, of its `EngineEvaluator`;
 *   3. docs (docs/engines.md, the engine's page).
 * No construct changes. A cluster-scoped engine (one object set per cluster,
 * e.g. AdminNetworkPolicy) implements `renderCluster`, called once per app
 * and profile, and reads every namespace from `ClusterRender.namespaces()`
 * at synthesis.
 *
 * Hooks render eagerly, when the construct is built (see docs/engines.md for
 * why: the output order of cdk8s objects is the construct tree's insertion
 * order). Whatever depends on constructs created later (other routes, the
 * waypoint) must be read inside `Lazy.any({ produce })`: the context methods
 * marked "final at synthesis" are.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NamespaceIntent } from '../model/intents';
import { ResolvedPeer, ResolvedRoute, ServiceIntent } from '../model/route-intent';
import { ClusterProfile } from '../profile/cluster-profile';
import { Mesh } from '../profile/mesh';

/** An engine identifier: the audit's `Engine` enum value for the built-in engines. */
export type EngineId = string;

/** What every hook receives: the cluster and the mesh of the namespace concerned. */
export interface EngineScope {
  readonly profile: ClusterProfile;
  /** The effective mesh of the namespace (the profile's unless the namespace overrides it). */
  readonly mesh: Mesh;
}

/** Once per app and profile (the first `ZeroTrustNamespace` built with that profile). */
export interface ClusterRender extends EngineScope {
  /** Where to add the engine's cluster-scoped objects (the first namespace construct of the profile). */
  readonly scope: Construct;
  /** Every namespace built with this profile in this app, in construction order: final at synthesis (read it in `Lazy.any`). */
  namespaces(): readonly NamespaceIntent[];
}

/** A namespace baseline. */
export interface NamespaceRender extends EngineScope {
  /** The `ZeroTrustNamespace`: add the baseline objects here. */
  readonly scope: Construct;
  readonly intent: NamespaceIntent;
}

/** Validation of a namespace's intent; problems fail synthesis under the namespace's path. */
export interface NamespaceCheck extends EngineScope {
  readonly intent: NamespaceIntent;
  problem(message: string): void;
}

/** Validation of a `MeshService`'s intent; problems fail synthesis under the service's path. */
export interface ServiceCheck extends EngineScope {
  readonly service: ServiceIntent;
  problem(message: string): void;
}

/**
 * Validation of a route, once per applicable engine of the end being checked
 * (ingress: the destination's namespace; egress: the source's). Problems fail
 * synthesis under the route's path.
 */
export interface RouteCheck extends EngineScope {
  /** Which end: `ingress` (the destination is a `MeshService`) or `egress` (the source is). */
  readonly side: 'ingress' | 'egress';
  /** The route as resolved so far (its final name is not known yet). */
  readonly route: ResolvedRoute;
  /** The baseline of the namespace of the end being checked. */
  readonly namespace: NamespaceIntent;
  /** Whether the route carries `acceptL4Only`: then drop what cannot be enforced instead of failing. */
  readonly l4OnlyAccepted: boolean;
  /** How the route's endpoints read in messages, e.g. `payments/checkout`, `Peer.fqdn(api.example.com)`. */
  readonly describeSource: string;
  readonly describeDestination: string;
  problem(message: string): void;
  /** Drops the route's L7 conditions (the route is then enforced at L4 only, under `acceptL4Only`). */
  dropL7(): void;
}

/**
 * How an engine enforces a route's L7 (HTTP) conditions: `mesh` (a proxy
 * terminating the traffic: always preferred), `network` (a network-layer
 * engine that renders L7 rules only when no mesh does), or none.
 */
export type L7Enforcement = 'mesh' | 'network' | undefined;

/** A `MeshService`. */
export interface ServiceRender extends EngineScope {
  /** The `MeshService`: add per-service objects here. */
  readonly scope: Construct;
  readonly service: ServiceIntent;
  /** The Service object; undefined for a client-only workload (no ports). */
  readonly serviceObject?: ApiObject;
  /** Reports a problem at synthesis under the service's path. */
  problem(message: string): void;
  /**
   * Routes the service's traffic through its namespace's waypoint: the first
   * call runs this engine's `renderWaypoint`, then every other applicable
   * engine's, in registry order.
   */
  useWaypoint(): void;
  /** True the first time this engine asks for `key` on this service (per-service render state, e.g. the first L7 route on a port). */
  firstTime(key: string): boolean;
  // One context object serves every engine of a call (issue 19: allocations per route): `useWaypoint`
  // and `firstTime` act for the engine whose hook is running, so call them in the hook, not later
  // (e.g. not inside `Lazy.any`).
}

/** A route, on one end (ingress: the destination service; egress: the source service). */
export interface RouteRender extends ServiceRender {
  readonly route: ResolvedRoute;
  /** Whether the destination service's traffic runs through a waypoint: final at synthesis (read it in `Lazy.any`). */
  destinationUsesWaypoint(): boolean;
}

/** A service whose traffic runs through its namespace's waypoint (once per service). */
export interface WaypointRender extends EngineScope {
  /** The `MeshService`. */
  readonly scope: Construct;
  readonly service: ServiceIntent;
  readonly serviceObject?: ApiObject;
  /** The namespace construct, the first time a service of the namespace uses the waypoint (namespace-wide objects); otherwise undefined. */
  readonly namespaceScope?: Construct;
  /** The waypoint's name. */
  readonly waypoint: string;
  /** Sources of every route into the service: final at synthesis (read it in `Lazy.any`). */
  routeSources(): ResolvedPeer[];
}

/**
 * One engine's renderer: every hook is optional. Hooks are called only for
 * the profiles and meshes the engine's registry entry applies to.
 */
export interface EngineRenderer {
  /** Whether the engine renders a `MeshService`'s `traffic` policy (timeouts, retries, connection pool); a service with `traffic` needs one such engine. */
  readonly rendersTrafficPolicy?: boolean;
  /** Cluster-scoped objects, once per app and profile. */
  renderCluster?(ctx: ClusterRender): void;
  /** Engine-specific constraints on a namespace's intent (called before any rendering). */
  checkNamespace?(ctx: NamespaceCheck): void;
  /** Engine-specific constraints on a service's intent. */
  checkService?(ctx: ServiceCheck): void;
  /** Engine-specific constraints on a route (after the generic checks; all problems are reported together). */
  checkRoute?(ctx: RouteCheck): void;
  /** Whether and how this engine enforces L7 conditions of routes into the namespace (see `L7Enforcement`). */
  l7Enforcement?(ctx: EngineScope): L7Enforcement;
  /** Notes recorded on a dry-run Namespace: what this engine's dry run observes or withholds. */
  dryRunNotes?(ctx: EngineScope): { [key: string]: string };
  /** The namespace baseline (default deny, DNS, mesh data plane). */
  renderNamespace?(ctx: NamespaceRender): void;
  /** Per-service objects. */
  renderService?(ctx: ServiceRender): void;
  /**
   * Decisions about a route into a service that other engines depend on,
   * before any engine renders it (e.g. Istio ambient asks for the waypoint).
   */
  planRouteIngress?(ctx: RouteRender): void;
  /** The route on the destination service. */
  renderRouteIngress?(ctx: RouteRender): void;
  /** The route on the source service (once per destination and ports). */
  renderRouteEgress?(ctx: RouteRender): void;
  /** A service behind its namespace's waypoint. */
  renderWaypoint?(ctx: WaypointRender): void;
}
