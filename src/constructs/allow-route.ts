import { Construct, IConstruct } from 'constructs';
import type { RouteCheck } from '../backends/contract';
import { isRouteService, RouteService } from './internal/route-service';
import { enginesFor } from '../engines/registry';
import { Exception } from '../model/exception';
import { HttpMatch, PathMatchType } from '../model/http-match';
import { NamespaceIntent } from '../model/intents';
import { ObjectNames } from '../model/names';
import { IPeer, Peer, PeerKind, PeerSpec } from '../model/peer';
import { Port } from '../model/port';
import { ResolvedPeer, ResolvedRoute } from '../model/route-intent';
import { ClusterProfile, IdentityProvider } from '../profile/cluster-profile';
import { Mesh } from '../profile/mesh';
import { isAmbient, speaksHbone } from '../profile/mesh-facts';
import { rootOf } from '../shared/objects';
import { RouteIntent } from '../shared/route-intent';

/** Options of a route (for `allowFrom` / `allowTo`). */
export interface AllowRouteOptions {
  /**
   * Destination ports. For a `MeshService` destination they must be ports it
   * exposes (matched by number); for other destinations they are required
   * (except the API server, which uses the profile's port).
   * @default - every port the destination `MeshService` exposes
   */
  readonly ports?: Port[];

  /**
   * L7 conditions (any of them allows a request); only on HTTP, HTTP/2 and
   * gRPC ports of a `MeshService`. Enforced by the mesh (Istio
   * AuthorizationPolicy, a waypoint in ambient mode, Linkerd HTTPRoute) or by
   * Cilium when there is no mesh; NetworkPolicy renders the L4 part.
   * @default - L4 only: any request on the ports
   */
  readonly http?: HttpMatch[];

  /**
   * Accept that this route is enforced at L3/L4 only: without a mesh or
   * SPIRE the source's identity cannot be verified (pods are matched by
   * labels and addresses), and without a mesh or Cilium the `http`
   * conditions cannot be enforced. Without this exception such routes fail.
   * @default - no exception: routes that cannot be enforced as declared fail
   */
  readonly acceptL4Only?: Exception;
}

/** Properties of an `AllowRoute`. */
export interface AllowRouteProps extends AllowRouteOptions {
  /** Who calls: a `MeshService` or a `Peer` (not an FQDN or the API server). */
  readonly source: IPeer;
  /** Who is called: a `MeshService` or a `Peer`. At least one end must be a `MeshService`. */
  readonly destination: IPeer;
}

const IDENTITY_SOURCES = [PeerKind.MESH_SERVICE, PeerKind.NAMESPACE];
/** The matches of a route without L7 conditions (shared, frozen: a route's matches are only read). */
const NO_MATCHES: HttpMatch[] = Object.freeze([]) as unknown as HttpMatch[];
/** The annotations of a route without exceptions (shared: renderers only read a route's annotations). */
const NO_ANNOTATIONS: { [key: string]: string } = Object.freeze({});

/**
 * An allowed, least-privilege route between a `MeshService` and another
 * endpoint, rendered on every engine the cluster runs: ingress on the
 * destination (NetworkPolicy, CiliumNetworkPolicy, Istio AuthorizationPolicy
 * by principal, Linkerd authorization by mesh identity) and egress on the
 * source (NetworkPolicy, CiliumNetworkPolicy, Istio ServiceEntry for
 * external names). Objects land next to the service they protect, so routes
 * work across namespaces and charts.
 *
 * The same route declared twice is rendered once.
 *
 * @example
 * new AllowRoute(chart, 'checkout-to-processor', {
 *   source: checkout,
 *   destination: processor,
 *   ports: [Port.http(8080)],
 *   http: [HttpMatch.of({ methods: [HttpMethod.POST], path: '/v1/payments' })],
 * });
 */
export class AllowRoute extends Construct {
  /**
   * @internal Gives a `MeshService` its route record (called by its constructor, once its intent is
   * set): every service then has the record's property from the start, so adding it at the
   * service's first route does not change the service's hidden class in V8 (issue 19: code
   * optimized for services without it was thrown away).
   */
  public static _prepareEnd(service: RouteService): void {
    endOf(service);
  }

  /** @internal fluent entry point used by MeshService.allowFrom/allowTo. */
  public static _fluent(scope: RouteService, source: IPeer, destination: IPeer, options: AllowRouteOptions): AllowRoute {
    const other = scope === destination ? source : destination;
    const dir = scope === destination ? 'From' : 'To';
    const id = fluentId(dir, endOf(other), optionsHash(options));
    const existing = scope.node.tryFindChild(id);
    if (existing instanceof AllowRoute) return existing;
    // A literal of one shape rather than a spread of the caller's options (issue 19: per route).
    return new AllowRoute(scope, id, { ports: options.ports, http: options.http, acceptL4Only: options.acceptL4Only, source, destination });
  }

  /**
   * The declared intent of every route under `scope` between two
   * `MeshService`s, as plain data for `Equivalence.check` and
   * `TestPlan.fromIntent`: one entry per destination (container) port and
   * HTTP match, with the match's methods and path (a path prefix ends with
   * `*`). Duplicates of another route, invalid routes and routes with a
   * `Peer` end (namespaces, gateways, monitoring, CIDRs, DNS names, the API
   * server) are left out. Routes whose `http` conditions were dropped by
   * `acceptL4Only` are L4 routes (no methods or paths).
   *
   * @param scope an app, chart or any construct above the routes
   * @example
   * Equivalence.check(app.charts.flatMap(c => c.toJson()), AllowRoute.intentsOf(app)).equivalent
   */
  public static intentsOf(scope: IConstruct): RouteIntent[] {
    const out: RouteIntent[] = [];
    const seen = new Set<string>();
    for (const c of scope.node.findAll()) {
      if (!(c instanceof AllowRoute) || c.duplicateOf || !c._intent) continue;
      if (!isRouteService(c.source) || !isRouteService(c.destination)) continue;
      const from = c.source;
      const to = c.destination;
      const matches = c._intent.http.length > 0 ? c._intent.http : [undefined];
      for (const port of c._intent.ports) {
        for (const m of matches) {
          const methods = m && m.methods.length > 0 ? [...m.methods] : undefined;
          const paths = m && m.path !== undefined ? [m.pathType === PathMatchType.PREFIX ? `${m.path}*` : m.path] : undefined;
          const intent: RouteIntent = {
            fromNamespace: from.namespaceName,
            fromServiceAccount: from.serviceAccountName,
            toNamespace: to.namespaceName,
            toServiceAccount: to.serviceAccountName,
            port: port.targetPort,
            ...(methods ? { methods } : {}),
            ...(paths ? { paths } : {}),
          };
          const key = JSON.stringify(intent);
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(intent);
        }
      }
    }
    return out;
  }

  /**
   * Records a problem of `route`. A closure returned by a factory: no name is inferred for it, so
   * the bundle's `keepNames` gives it no `name` property (issue 19: one per route otherwise).
   */
  private static problemRecorder(route: AllowRoute): (message: string) => void {
    return m => { (route.problems ??= []).push(m); };
  }

  /** The calling end. */
  public readonly source: IPeer;
  /** The called end. */
  public readonly destination: IPeer;
  /**
   * The stable base name of the rendered objects, e.g.
   * `allow-checkout-service-to-payment-processor`; empty when the route is
   * invalid.
   */
  public readonly routeName: string;
  /**
   * The route this one duplicates (then nothing is rendered for this one).
   */
  public readonly duplicateOf?: AllowRoute;

  /** @internal */
  public readonly _intent?: ResolvedRoute;

  /** What is wrong with the route (allocated on the first problem: most routes have none). */
  private problems?: string[];

  public constructor(scope: Construct, id: string, props: AllowRouteProps) {
    super(scope, id);
    this.source = props.source;
    this.destination = props.destination;
    const intent = this.resolve(props);
    // Every problem is found while resolving: only invalid routes carry a validation (one closure per route otherwise: issue 19).
    const problems = this.problems;
    if (problems !== undefined) {
      this.node.addValidation({ validate: () => [...problems] });
    }
    if (!intent) {
      this.routeName = '';
      return;
    }
    const dest = isRouteService(props.destination) ? props.destination : undefined;
    const src = isRouteService(props.source) ? props.source : undefined;
    const key = routeKey(intent);

    // Ingress on the destination service.
    if (dest) {
      const dup = registerIngress(dest, key, this);
      if (dup) {
        this.duplicateOf = dup;
        this.routeName = dup.routeName;
        return;
      }
    }
    const owner = dest ?? src!;
    this.routeName = uniqueName(owner, intent.name, intent);
    const named: ResolvedRoute = this.routeName === intent.name ? intent : { ...intent, name: this.routeName };
    this._intent = named;

    // Every engine that applies renders its part (src/engines/registry.ts): ingress on the destination, egress on the source.
    if (dest) dest._engines.renderIngress(named);
    if (src) src._engines.renderEgress(named, dest?._engines);
  }

  /**
   * Validates the route and resolves both ends; undefined when invalid (problems recorded). The
   * checks that only a rare route needs, and their messages, are module functions: this method,
   * run per route, stays small (issue 19: V8 optimizes a function after an amount of work that
   * grows with its size, and compiling a large one took the CPU from the app on two cores).
   */
  private resolve(props: AllowRouteProps): ResolvedRoute | undefined {
    const p = AllowRoute.problemRecorder(this);
    const from = props.source;
    const to = props.destination;
    const dest = isRouteService(to) ? to : undefined;
    const src = isRouteService(from) ? from : undefined;
    if (!endsProblems(from, to, src, dest, p)) return undefined;
    const fromEnd = endOf(from);
    const toEnd = endOf(to);
    const fromSpec = fromEnd.spec;
    const toSpec = toEnd.spec;
    const profile = (dest ?? src!).zeroTrustNamespace.profile;
    sourceProblems(fromSpec, src, dest, p);
    if (this.problems !== undefined) return undefined;

    const fromR = this.resolvePeer(fromEnd, src, profile);
    const toR = this.resolvePeer(toEnd, dest, profile);

    const ports = dest ? servicePorts(props, dest, toEnd, p) : peerPorts(props, toSpec, profile, p);
    if (ports === undefined) return undefined;

    // L7.
    const uniqueHttp = props.http && props.http.length > 0 ? uniqueMatches(props.http) : NO_MATCHES;
    for (let i = 0; i < uniqueHttp.length; i++) problemsTo(uniqueHttp[i].problems(), p);
    const accepted = props.acceptL4Only;
    // Its problems and annotations, once per exception and date (one look-up per route).
    const l4Entry = accepted ? l4OnlyEntry(accepted, dest ?? src!) : undefined;
    if (l4Entry) problemsTo(l4Entry.problems, p, 'acceptL4Only: ');
    let l7 = uniqueHttp;
    let networkL7 = false;
    if (uniqueHttp.length > 0) {
      if (!dest) {
        p(`http conditions need a MeshService destination whose port protocols are known; ${describe(toSpec)} is not one: drop http`);
      } else {
        const enforcedBy = l7EnforcedBy(uniqueHttp, dest, ports, profile, accepted !== undefined, p);
        networkL7 = enforcedBy === 'network';
        if (enforcedBy === undefined && accepted) l7 = [];
      }
    }

    // Identity.
    if (dest) identityProblems(fromSpec, fromR, dest, profile, accepted !== undefined, p);

    // Engine-specific constraints: each applicable engine of each end checks the route (its checkRoute hook),
    // through one context object per route (issue 19: not one per engine and side, with closures).
    const annotations = l4Entry ? l4Entry.annotations ??= accepted!.annotations('l4-only') : NO_ANNOTATIONS;
    // (None when no engine of either end has the hook, e.g. Cilium without a mesh.)
    if ((dest !== undefined && dest._engines.checksRoutes) || (src !== undefined && src._engines.checksRoutes)) {
      const checks = new RouteChecks(fromSpec, toSpec, { name: '', from: fromR, to: toR, ports, http: l7, networkL7, annotations }, accepted !== undefined, p);
      if (dest) checks.run('ingress', dest);
      if (src) checks.run('egress', src);
      if (this.problems !== undefined) return undefined;
      l7 = checks.l7;
    }

    // Both ends are services in different namespaces: name them with their namespaces.
    const crossNs = fromR.kind === PeerKind.MESH_SERVICE && toR.kind === PeerKind.MESH_SERVICE && fromR.namespace !== toR.namespace;
    const name = crossNs
      ? ObjectNames.stable(['allow', fromR.namespace!, fromR.name, 'to', toR.namespace!, toR.name], 52)
      : ObjectNames.stable(['allow', fromR.name, 'to', toR.name], 52);
    return { name, from: fromR, to: toR, ports, http: l7, networkL7, annotations };
  }

  private resolvePeer(end: RouteEnd, service: RouteService | undefined, profile: ClusterProfile): ResolvedPeer {
    const spec = end.spec;
    switch (spec.kind) {
      case PeerKind.MESH_SERVICE: {
        const s = service!;
        const known = end.resolved;
        if (known) return known;
        const m = s.zeroTrustNamespace.mesh;
        const peer: ResolvedPeer = {
          kind: spec.kind,
          name: spec.name,
          key: `svc:${s.namespaceName}/${s.name}`,
          namespace: s.namespaceName,
          // The service intent's copy of the labels (read-only here, as every peer member).
          podLabels: s._serviceIntent.podLabels,
          serviceAccount: s.serviceAccountName,
          meshFamily: m.family,
          ambient: isAmbient(m),
          hbone: speaksHbone(m),
          service: s._serviceIntent,
        };
        end.resolved = peer;
        return peer;
      }
      default:
        return resolveOtherPeer(spec, profile);
    }
  }
}

/**
 * The problems of a route's ends when they are not two different services (a `Peer` end, no
 * service, a service to itself); false when the route cannot be resolved at all.
 */
function endsProblems(from: IPeer, to: IPeer, src: RouteService | undefined, dest: RouteService | undefined, p: (m: string) => void): boolean {
  if (!src) endProblems(from, p);
  if (!dest) endProblems(to, p);
  if (!dest && !src) {
    p('a route needs a MeshService at one end at least: this library renders policies for the services it manages; use a MeshService for the pods you deploy');
    return false;
  }
  if (dest && src && dest === src) {
    p(`a route from ${dest.name} to itself: a service always reaches its own pods through its own Service only if the mesh allows it, which a zero-trust route should not; remove the route`);
    return false;
  }
  return true;
}

/** The problems of a source no route can start from, or of ends under different profiles. */
function sourceProblems(fromSpec: PeerSpec, src: RouteService | undefined, dest: RouteService | undefined, p: (m: string) => void): void {
  if (fromSpec.kind === PeerKind.FQDN) {
    p(`${describe(fromSpec)} cannot be a route source: DNS names only identify egress destinations (an incoming connection carries an address, not a name); use Peer.cidr() for a known network`);
  }
  if (fromSpec.kind === PeerKind.KUBE_API_SERVER) {
    p('Peer.kubeApiServer() cannot be a route source: admission webhooks and API server proxies are not supported; use Peer.cidr() with the API server addresses');
  }
  if (src && dest && src.zeroTrustNamespace.profile !== dest.zeroTrustNamespace.profile) {
    p(`${src.name} and ${dest.name} are in namespaces with different ClusterProfile objects: one cluster has one profile; pass the same ClusterProfile to every ZeroTrustNamespace`);
  }
}

/**
 * The ports of a route into a service (sorted by number, an array of its own exact size: a
 * pushed-to array keeps room for 16 more, issue 19); undefined when the service is client-only.
 */
function servicePorts(props: AllowRouteProps, dest: RouteService, toEnd: RouteEnd, p: (m: string) => void): Port[] | undefined {
  const exposed = exposedOf(dest, toEnd);
  if (exposed.length === 0) {
    p(`${dest.name} is a client-only workload (its MeshService has no ports), so nothing can be routed to it: give the MeshService the ports it serves (e.g. ports: [Port.http(8080)]), or reverse the route if ${dest.name} is the caller`);
    return undefined;
  }
  const wanted = props.ports;
  if (wanted !== undefined && wanted.length === 1) {
    // The common case: one port, exposed with the same transport.
    const want = wanted[0];
    const have = exposedPort(exposed, want.number);
    if (have && have.transport === want.transport) return [have];
  }
  let ports: Port[] = [];
  if (wanted === undefined || wanted.length === 0) {
    ports = props.http && props.http.length > 0 ? exposed.filter(x => x.supportsL7) : [...exposed];
    if (wanted !== undefined) p('ports is empty: leave it out to allow every port the service exposes, or name the ports');
    if (ports.length === 0) p(`${dest.name} exposes no HTTP, HTTP/2 or gRPC port for the http conditions`);
  } else {
    for (let i = 0; i < wanted.length; i++) {
      const want = wanted[i];
      const have = exposedPort(exposed, want.number);
      if (!have) {
        p(`port ${want.number} is not exposed by ${dest.name} (it exposes ${exposed.map(x => `${x.number}/${x.protocol}`).join(', ')}): route to an exposed port, or add the port to the MeshService`);
      } else if (have.transport !== want.transport) {
        p(`port ${want.number} of ${dest.name} is ${have.transport}, the route asks for ${want.transport}`);
      } else if (!ports.includes(have)) {
        ports.push(have);
      }
    }
  }
  return sortedPorts(ports);
}

/** The ports of a route to a `Peer` (the API server's from the profile when none are given). */
function peerPorts(props: AllowRouteProps, toSpec: PeerSpec, profile: ClusterProfile, p: (m: string) => void): Port[] {
  let ports: Port[] = [];
  if (toSpec.kind === PeerKind.KUBE_API_SERVER && (props.ports === undefined || props.ports.length === 0)) {
    ports = [Port.tcp(profile.apiServerPort, { name: 'https' })];
  } else if (props.ports === undefined || props.ports.length === 0) {
    p(`a route to ${describe(toSpec)} needs ports: least privilege names them (e.g. ports: [Port.tcp(443)])`);
  } else {
    ports = [...props.ports];
    for (const x of ports) for (const m of x.problems()) p(m);
  }
  return sortedPorts(ports);
}

/** The exposed port a route's port number names: a service port by number, else a container (target) port by number. */
function exposedPort(exposed: readonly Port[], n: number): Port | undefined {
  return portNumbered(exposed, n, false) ?? portNumbered(exposed, n, true);
}

/** `ports` sorted by number, in an array of its own exact size. */
function sortedPorts(ports: Port[]): Port[] {
  return ports.length > 1 ? [...ports].sort((a, b) => a.number - b.number) : ports.length === 1 ? [ports[0]] : [];
}

/**
 * Who enforces the L7 conditions of a route into `dest`: a mesh when one applies, else a
 * network-layer engine that can (its L7 rules), else nobody (undefined: a problem unless L4-only
 * enforcement is accepted). Records the problems of conditions on ports that cannot carry them.
 */
function l7EnforcedBy(http: HttpMatch[], dest: RouteService, ports: Port[], profile: ClusterProfile,
  accepted: boolean, p: (m: string) => void): 'mesh' | 'network' | undefined {
  for (const port of ports) {
    if (!port.supportsL7) p(`http conditions on ${dest.name} port ${port.number}, which is ${port.protocol}: L7 rules need an HTTP, HTTP/2 or gRPC port; drop http or route to an L7 port`);
  }
  for (const h of http) {
    if (h.isGrpc && ports.some(x => x.protocol !== 'GRPC')) p(`gRPC match ${h.grpcService} on a non-gRPC port of ${dest.name}: use HttpMatch.of() for HTTP ports`);
  }
  const mesh = dest.zeroTrustNamespace.mesh;
  const enforcement = enginesFor(profile, mesh).map(e => e.renderer().l7Enforcement?.({ profile, mesh }));
  const enforcedBy = enforcement.includes('mesh') ? 'mesh' : enforcement.includes('network') ? 'network' : undefined;
  if (enforcedBy === undefined && !accepted) {
    p(`http conditions into ${dest.name} cannot be enforced: Kubernetes NetworkPolicy is L3/L4 only and the cluster runs neither a mesh nor Cilium; add Cilium or a mesh to the ClusterProfile, or accept L4-only enforcement with acceptL4Only: Exception.of({ reason, expires })`);
  }
  return enforcedBy;
}

/** The problems of a route whose caller's identity cannot be verified, or whose caller is outside a mesh that requires it. */
function identityProblems(fromSpec: PeerSpec, fromR: ResolvedPeer, dest: RouteService, profile: ClusterProfile, accepted: boolean,
  p: (m: string) => void): void {
  const mesh = dest.zeroTrustNamespace.mesh;
  if (!mesh.providesIdentity) {
    if (IDENTITY_SOURCES.includes(fromSpec.kind) && profile.identityProvider !== IdentityProvider.SPIRE && !accepted) {
      p(`the route from ${describe(fromSpec)} to ${dest.name} cannot verify the caller's identity: the cluster has no mesh and no SPIRE, so pods are matched by labels and addresses only; add a mesh (or SPIRE) to the ClusterProfile, or accept L3/L4-only enforcement with acceptL4Only: Exception.of({ reason, expires })`);
    }
  } else if ((fromSpec.kind === PeerKind.INGRESS_GATEWAY || fromSpec.kind === PeerKind.MONITORING) && fromR.meshFamily === 'none') {
    p(`${describe(fromSpec)} is not in the mesh, so under STRICT mTLS it cannot reach ${dest.name} and ${mesh.family} cannot authorize it by identity: mesh it (meshed: true in the ClusterProfile)`);
  }
}

/** A route end that is not a `MeshService`, resolved for `profile`. */
function resolveOtherPeer(spec: PeerSpec, profile: ClusterProfile): ResolvedPeer {
  const meshFamily = profile.mesh.family;
  const ambient = isAmbient(profile.mesh);
  switch (spec.kind) {
    case PeerKind.NAMESPACE:
      return { kind: spec.kind, name: spec.name, key: `ns:${spec.namespaceName}`, namespace: spec.namespaceName, meshFamily, ambient, hbone: speaksHbone(profile.mesh) };
    case PeerKind.INGRESS_GATEWAY:
    case PeerKind.MONITORING: {
      // One resolved peer per profile and kind, as for services (the renderers share what they derive from it).
      let byKind = resolvedInfra.get(profile);
      if (!byKind) { byKind = new Map(); resolvedInfra.set(profile, byKind); }
      const known = byKind.get(spec.kind);
      if (known) return known;
      const infra = spec.kind === PeerKind.INGRESS_GATEWAY ? profile.ingressGateway : profile.monitoring;
      const peer: ResolvedPeer = {
        kind: spec.kind,
        name: spec.name,
        key: spec.kind,
        namespace: infra.namespaceName,
        podLabels: { ...infra.podLabels },
        serviceAccount: infra.serviceAccount,
        meshFamily: infra.meshed ? meshFamily : 'none',
        ambient: false,
        hbone: infra.meshed && speaksHbone(profile.mesh),
      };
      byKind.set(spec.kind, peer);
      return peer;
    }
    case PeerKind.CIDR:
      return { kind: spec.kind, name: spec.name, key: `cidr:${spec.cidr}!${(spec.exclude ?? []).join(',')}`, cidrs: [{ cidr: spec.cidr!, except: spec.exclude }], meshFamily: 'none', ambient: false, hbone: false };
    case PeerKind.FQDN:
      return { kind: spec.kind, name: spec.name, key: `fqdn:${spec.fqdn}`, fqdn: spec.fqdn, cidrs: (spec.fqdnCidrs ?? []).map(cidr => ({ cidr })), meshFamily: 'none', ambient: false, hbone: false };
    default:
      return { kind: PeerKind.KUBE_API_SERVER, name: spec.name, key: 'kube-apiserver', cidrs: profile.apiServerCidrs.map(cidr => ({ cidr })), meshFamily: 'none', ambient: false, hbone: false };
  }
}

/**
 * The `checkRoute` context of one route, shared by every engine of both ends: the side, profile,
 * mesh and namespace change per call; the endpoints' descriptions are built only when a message
 * needs them.
 */
class RouteChecks implements RouteCheck {
  public side: 'ingress' | 'egress' = 'ingress';
  public profile!: ClusterProfile;
  public mesh!: Mesh;
  public namespace!: NamespaceIntent;
  /** The route's L7 matches after the checks (`dropL7` empties them). */
  public l7: HttpMatch[];
  private drafted?: ResolvedRoute;

  public constructor(
    private readonly fromSpec: PeerSpec,
    private readonly toSpec: PeerSpec,
    private readonly draft: ResolvedRoute,
    public readonly l4OnlyAccepted: boolean,
    /** Records a problem of the route (an own property: engines destructure it). */
    public readonly problem: (message: string) => void,
  ) {
    this.l7 = draft.http;
  }

  /** The route as resolved so far (its final name is not known yet). */
  public get route(): ResolvedRoute {
    return this.drafted ??= this.l7 === this.draft.http ? this.draft : { ...this.draft, http: this.l7 };
  }

  public get describeSource(): string {
    return describe(this.fromSpec);
  }

  public get describeDestination(): string {
    return describe(this.toSpec);
  }

  /** Drops the route's L7 conditions (a method: call it on the context). */
  public dropL7(): void {
    this.l7 = [];
    this.drafted = undefined;
  }

  /** Every applicable engine's `checkRoute` for one end. */
  public run(side: 'ingress' | 'egress', svc: RouteService): void {
    const ns = svc.zeroTrustNamespace;
    this.side = side;
    this.profile = ns.profile;
    this.mesh = ns.mesh;
    this.namespace = ns._intent;
    // The service's engines (enginesFor(profile, mesh) of its namespace, looked up once per service).
    const engines = svc._engines.engines;
    for (let i = 0; i < engines.length; i++) engines[i].renderer().checkRoute?.(this);
  }
}

/**
 * What every route derives from one of its ends, once per service or `Peer` (issue 19: not per
 * route; read-only, the renderers only read peers): its peer spec, its id part in fluent route
 * ids, and for a service its resolved peer and exposed ports. `MeshService` and `Peer` are
 * immutable ends.
 */
interface RouteEnd {
  readonly spec: PeerSpec;
  /** The id part of fluent routes when it is a clean label; `null`: derived per route by `stable`. */
  idBase?: string | null;
  resolved?: ResolvedPeer;
  exposed?: readonly Port[];
  /** A service's routes by key and the names they use (`routesOf`). */
  routes?: Map<string, AllowRoute | null>;
}

/** A service's record, kept on the service (a property read, not a WeakMap look-up per route). */
const ROUTE_END = Symbol('cdk8s-zero-trust.RouteEnd');
/** The records of `Peer` ends. */
const peerEnds = new WeakMap<IPeer, RouteEnd>();

function endOf(peer: IPeer): RouteEnd {
  if (isRouteService(peer)) {
    const holder = peer as unknown as { [ROUTE_END]?: RouteEnd };
    const known = holder[ROUTE_END];
    if (known) return known;
    // A service's spec (what its toPeerSpec() returns) shares its intent's labels: toPeerSpec() copies them.
    const end: RouteEnd = {
      spec: {
        kind: PeerKind.MESH_SERVICE,
        name: peer.name,
        namespaceName: peer.namespaceName,
        podLabels: peer._serviceIntent.podLabels,
        serviceAccount: peer.serviceAccountName,
      },
      // Every member from the start: one hidden class for every service's record (issue 19).
      idBase: undefined,
      resolved: undefined,
      exposed: undefined,
      routes: undefined,
    };
    // Not enumerable, as the service's brand: not copied by a spread, not listed.
    Object.defineProperty(peer, ROUTE_END, { value: end, enumerable: false });
    return end;
  }
  let end = peerEnds.get(peer);
  if (!end) {
    end = { spec: peer.toPeerSpec(), idBase: undefined, resolved: undefined, exposed: undefined, routes: undefined };
    peerEnds.set(peer, end);
  }
  return end;
}
/** The ingress gateway and monitoring as route ends, per profile (read-only, as above). */
const resolvedInfra = new WeakMap<ClusterProfile, Map<PeerKind, ResolvedPeer>>();

/**
 * A fluent route's construct id, `Allow<dir>-` and `ObjectNames.stable([namespace, name, hash])`,
 * with the end's part (`namespace-name`) derived once per end: when that part is a clean label, a
 * dash and the clean 8-digit hash after it keep the whole clean, and `stable` would return the
 * joined text as it is.
 */
function fluentId(dir: 'From' | 'To', end: RouteEnd, hash: string): string {
  const spec = end.spec;
  let base = end.idBase;
  if (base === undefined) {
    const joined = ObjectNames.stable([spec.namespaceName ?? '', spec.name]);
    const raw = [spec.namespaceName ?? '', spec.name].filter(x => x.length > 0).join('-');
    // 63: `stable`'s default length, 9: the dash and the hash.
    base = joined === raw && raw.length > 0 && raw.length + 9 <= 63 ? joined : null;
    end.idBase = base;
  }
  // `Allow<dir>-<part>`, joined into one flat string (the id is kept: see `ObjectNames.stable`).
  const part = base !== null ? [base, hash].join('-') : ObjectNames.stable([spec.namespaceName ?? '', spec.name, hash]);
  return [`Allow${dir}`, part].join('-');
}

/**
 * An `acceptL4Only` exception's problems and annotations, once per exception (issue 19: one
 * exception is typically shared by many routes); the problems again when the date changes. The
 * annotations (set on first use) are shared by the routes of the exception: renderers only read a
 * route's annotations.
 */
interface L4OnlyEntry { readonly today: string; readonly problems: string[]; annotations?: { [key: string]: string } }
const l4Only = new WeakMap<Exception, L4OnlyEntry>();

function l4OnlyEntry(e: Exception, scope: IConstruct): L4OnlyEntry {
  const today = todayOf(scope);
  let entry = l4Only.get(e);
  if (!entry || entry.today !== today) {
    entry = { today, problems: e.problems('an L3/L4-only route') };
    l4Only.set(e, entry);
  }
  return entry;
}

/**
 * `Exception.today()` once per app (issue 19: reading the environment per route cost more than the
 * rest of the check): the routes of one app are checked against one date.
 */
function todayOf(scope: IConstruct): string {
  const root = rootOf(scope);
  let today = todays.get(root);
  if (today === undefined) {
    today = Exception.today();
    todays.set(root, today);
  }
  return today;
}

const todays = new WeakMap<IConstruct, string>();

/** A service's exposed ports, once per service (they are fixed by its intent; the getter copies them per call). */
function exposedOf(s: RouteService, end: RouteEnd): readonly Port[] {
  return end.exposed ??= s.exposedPorts;
}

/**
 * Per service: its routes by route key (the first of duplicates) and the route names it uses, in
 * one map kept with the service's route end (a route key holds NUL separators, a name never does).
 */
function routesOf(s: RouteService): Map<string, AllowRoute | null> {
  const end = endOf(s);
  return end.routes ??= new Map();
}

/** Records a route into `s`; returns the route declared before with the same key, if any. */
function registerIngress(s: RouteService, key: string, route: AllowRoute): AllowRoute | undefined {
  const routes = routesOf(s);
  const found = routes.get(key);
  if (found) return found;
  routes.set(key, route);
  return undefined;
}

/** A route name unique among `s`'s routes. */
function uniqueName(s: RouteService, base: string, route: ResolvedRoute): string {
  const routes = routesOf(s);
  let name = base;
  if (routes.has(name)) name = ObjectNames.stable([base, ObjectNames.hash(jsonRouteKey(route))]);
  routes.set(name, null);
  return name;
}

/** The first of `ports` with that service port number (or, `byTarget`, container port number). */
function portNumbered(ports: readonly Port[], n: number, byTarget: boolean): Port | undefined {
  for (let i = 0; i < ports.length; i++) {
    if ((byTarget ? ports[i].targetPort : ports[i].number) === n) return ports[i];
  }
  return undefined;
}

/** Reports each of `problems` (prefixed); indexed, no iterator per call (issue 19: most lists are empty). */
function problemsTo(problems: readonly string[], p: (m: string) => void, prefix = ''): void {
  for (let i = 0; i < problems.length; i++) p(prefix + problems[i]);
}

/** The problems of a route end that is not a `MeshService`. */
function endProblems(peer: IPeer, p: (m: string) => void): void {
  if (peer instanceof Peer) for (const m of peer.problems()) p(m);
  else p(`unsupported route endpoint ${peer.peerKind}: use a MeshService or a Peer`);
}

/** The matches without repeats (by key), in order. */
function uniqueMatches(http: HttpMatch[]): HttpMatch[] {
  const seen = new Set<string>();
  return http.filter(h => !seen.has(h.key) && seen.add(h.key));
}

function describe(spec: PeerSpec): string {
  switch (spec.kind) {
    case PeerKind.MESH_SERVICE: return `${spec.namespaceName}/${spec.name}`;
    case PeerKind.NAMESPACE: return `namespace ${spec.namespaceName}`;
    case PeerKind.INGRESS_GATEWAY: return 'the ingress gateway';
    case PeerKind.MONITORING: return 'Prometheus (monitoring)';
    case PeerKind.CIDR: return `Peer.cidr(${spec.cidr})`;
    case PeerKind.FQDN: return `Peer.fqdn(${spec.fqdn})`;
    default: return 'the Kubernetes API server';
  }
}

/**
 * Two routes with the same key render the same objects (ends, ports, L7 matches): the duplicate
 * check's key, built without JSON (issue 19: one per route). A name collision is resolved with
 * the hash of `jsonRouteKey` (whose text names depend on).
 */
function routeKey(r: ResolvedRoute): string {
  let ports = '';
  for (let i = 0; i < r.ports.length; i++) ports += `${r.ports[i].transport}/${r.ports[i].number},`;
  // One flat string (the key is kept by the duplicate check): see `ObjectNames.stable`.
  return [r.from.key, r.to.key, ports, sortedMatchKeys(r.http)].join('\u0000');
}

/** The route key whose hash tells routes with the same name apart (object names depend on this text). */
function jsonRouteKey(r: ResolvedRoute): string {
  return JSON.stringify([r.from.key, r.to.key, r.ports.map(p => `${p.transport}/${p.number}`), r.http.map(h => h.key).sort()]);
}

/** The matches' keys, sorted, as one string. */
function sortedMatchKeys(http: readonly HttpMatch[] | undefined): string {
  if (http === undefined || http.length === 0) return '';
  if (http.length === 1) return http[0].key;
  return http.map(h => h.key).sort().join('\u0000');
}

/**
 * 32-bit FNV-1a of `s` as 8 hex digits: the options part of a fluent route's construct id. Not
 * sha256 (`ObjectNames.hash`): the id only tells routes of one service apart, and a digest per
 * route with its own HTTP matches cost more than the rest of the id (issue 19).
 */
/* eslint-disable no-bitwise -- FNV-1a is defined on 32-bit words */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
/* eslint-enable no-bitwise */

/**
 * `fnv1a(optionsKey(o))`, remembered for the common options (at most one port, no match: issue 19,
 * one key text and hash per route otherwise). test/constructs/allow-route.test.ts compares fluent
 * ids with the JSON key's hash.
 */
function optionsHash(o: AllowRouteOptions): string {
  const ports = o.ports ?? [];
  if (ports.length > 1 || (o.http ?? []).length > 0 || (ports.length === 1 && !isPortNumber(ports[0].number))) return fnv1a(optionsKey(o));
  const memoKey = ports.length === 0 ? (o.acceptL4Only ? -1 : -2) : ports[0].number * 4 + (ports[0].transport === 'UDP' ? 2 : 0) + (o.acceptL4Only ? 1 : 0);
  let known = l4Hashes.get(memoKey);
  if (known === undefined) {
    known = fnv1a(optionsKey(o));
    l4Hashes.set(memoKey, known);
  }
  return known;
}

/** A whole number from 0 to 65535 (the memo key below is unique for those). */
function isPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 65535;
}

/** `optionsHash` of options without matches, by port transport, number and acceptL4Only. */
const l4Hashes = new Map<number, string>();

function optionsKey(o: AllowRouteOptions): string {
  // The text of JSON.stringify([portKeys sorted, match keys sorted, 0 | 1]), as before issue 19's per-route work
  // (fluent construct ids must not change), written without the intermediate arrays: a port key is
  // `TRANSPORT/number` (nothing to escape), a match key is JSON text (escaped as a JSON string).
  const ports = o.ports ?? [];
  const http = o.http ?? [];
  let portKeys: string;
  if (ports.length === 0) portKeys = '';
  else if (ports.length === 1) portKeys = `"${ports[0].transport}/${ports[0].number}"`;
  else portKeys = ports.map(p => `"${p.transport}/${p.number}"`).sort().join(',');
  let matchKeys: string;
  if (http.length === 0) matchKeys = '';
  else if (http.length === 1) matchKeys = JSON.stringify(http[0].key);
  else matchKeys = http.map(h => h.key).sort().map(k => JSON.stringify(k)).join(',');
  return `[[${portKeys}],[${matchKeys}],${o.acceptL4Only ? 1 : 0}]`;
}
