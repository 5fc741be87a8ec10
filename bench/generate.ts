/**
 * Benchmark app generator: N services in namespaces of 20, two routes into
 * every service (some cross-namespace, some L7), for one engine and one
 * layout. Used by the benchmark children and by test/bench.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowRouteOptions } from '../src/constructs/allow-route';
import { MeshService } from '../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../src/constructs/zero-trust-namespace';
import { Exception } from '../src/model/exception';
import { HttpMatch, HttpMethod } from '../src/model/http-match';
import { Peer } from '../src/model/peer';
import { Port } from '../src/model/port';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Mesh } from '../src/profile/mesh';

/** The mesh / network policy combinations the benchmark covers. */
export const ENGINES = ['istio-sidecar', 'istio-ambient', 'linkerd', 'none-cilium', 'none-networkpolicy'] as const;
export type Engine = typeof ENGINES[number];

/** One chart for the whole app, or one chart per namespace. */
export const LAYOUTS = ['single-chart', 'chart-per-namespace'] as const;
export type Layout = typeof LAYOUTS[number];

/** Services per namespace. */
export const SERVICES_PER_NAMESPACE = 20;

/** The date the benchmark pins `Exception.today()` to (exceptions expire relative to it). */
export const BENCH_TODAY = '2026-11-23';
const EXPIRES = '2027-05-31';

/** What a generated app declares (independent of the engine). */
export interface AppShape {
  readonly services: number;
  readonly namespaces: number;
  readonly routes: number;
  readonly crossNamespaceRoutes: number;
  readonly l7Routes: number;
  readonly ingressGatewayRoutes: number;
}

export function profileFor(engine: Engine): ClusterProfile {
  switch (engine) {
    case 'istio-sidecar':
      return new ClusterProfile({ trustDomain: 'bench.example.com', mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
    case 'istio-ambient':
      return new ClusterProfile({ trustDomain: 'bench.example.com', mesh: Mesh.istioAmbient({ waypoints: true }), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
    case 'linkerd':
      return new ClusterProfile({ trustDomain: 'bench.example.com', mesh: Mesh.linkerd(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
    case 'none-cilium':
      return new ClusterProfile({ trustDomain: 'bench.example.com', mesh: Mesh.none(), networkPolicy: [NetworkPolicyEngine.CILIUM] });
    case 'none-networkpolicy':
      return new ClusterProfile({ trustDomain: 'bench.example.com', mesh: Mesh.none(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
  }
}

const nsName = (k: number) => `team-${String(k).padStart(4, '0')}`;
const svcName = (k: number, j: number) => `svc-${String(k).padStart(4, '0')}-${String(j).padStart(2, '0')}`;

/** Namespace count for N services (the last namespace may be smaller). */
export function namespaceCount(services: number): number {
  return Math.ceil(services / SERVICES_PER_NAMESPACE);
}

/**
 * Declares the app with the library. Per service j of namespace k:
 * ports http 8080 (+ grpc 9000 for every 4th service), metrics on 9090 for
 * every 3rd service (scraped through the namespace's allowMonitoring); and
 * two routes into it:
 * - from the next service of the same namespace, L7 (POST /api/...) for every 4th service;
 * - every 5th service from the same-index service of the next namespace
 *   (cross-namespace), every 5th + 1 from the ingress gateway, else from
 *   another service of the same namespace (a gRPC method for the gRPC ones).
 * Without a mesh the routes carry `acceptL4Only` (no workload identity).
 */
export function buildLibraryApp(app: App, services: number, engine: Engine, layout: Layout): AppShape {
  const profile = profileFor(engine);
  const noMesh = engine === 'none-cilium' || engine === 'none-networkpolicy';
  const l4Only: AllowRouteOptions = noMesh
    ? { acceptL4Only: Exception.of({ reason: 'benchmark cluster without a mesh: pods matched by labels only', expires: EXPIRES }) }
    : {};
  const nsCount = namespaceCount(services);
  const sizeOf = (k: number) => Math.min(SERVICES_PER_NAMESPACE, services - k * SERVICES_PER_NAMESPACE);
  const single = layout === 'single-chart' ? new Chart(app, 'cluster') : undefined;
  const metrics = Port.http(9090, { name: 'metrics' });

  const all: MeshService[][] = [];
  for (let k = 0; k < nsCount; k++) {
    const scope: Construct = single ?? new Chart(app, nsName(k));
    const ns = new ZeroTrustNamespace(scope, nsName(k), {
      name: nsName(k),
      profile,
      allowMonitoring: { ports: [metrics] },
    });
    const list: MeshService[] = [];
    for (let j = 0; j < sizeOf(k); j++) {
      const name = svcName(k, j);
      list.push(new MeshService(ns, name, {
        name,
        ports: j % 4 === 0 ? [Port.http(8080), Port.grpc(9000)] : [Port.http(8080)],
        metricsPort: j % 3 === 0 ? metrics : undefined,
        selector: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': nsName(k) },
      }));
    }
    all.push(list);
  }

  let routes = 0;
  let cross = 0;
  let l7 = 0;
  let gateway = 0;
  for (let k = 0; k < nsCount; k++) {
    const list = all[k];
    const n = list.length;
    for (let j = 0; j < n; j++) {
      const to = list[j];
      // Route 1: from the next service of the namespace.
      if (n > 1) {
        const from = list[(j + 1) % n];
        const isL7 = j % 4 === 0;
        to.allowFrom(from, {
          ...l4Only,
          ports: [Port.http(8080)],
          http: isL7 ? [HttpMatch.of({ methods: [HttpMethod.POST, HttpMethod.GET], pathPrefix: `/api/${to.name}/` })] : undefined,
        });
        routes++;
        if (isL7) l7++;
      }
      // Route 2: cross-namespace, ingress gateway, or another local service.
      if (j % 5 === 0 && nsCount > 1) {
        const other = all[(k + 1) % nsCount];
        to.allowFrom(other[j % other.length], { ...l4Only, ports: [Port.http(8080)] });
        routes++;
        cross++;
      } else if (j % 5 === 1) {
        to.allowFrom(Peer.ingressGateway(), { ports: [Port.http(8080)] });
        routes++;
        gateway++;
      } else if (n > 3) {
        const from = list[(j + 3) % n];
        const grpc = j % 4 === 0;
        to.allowFrom(from, grpc
          ? { ...l4Only, ports: [Port.grpc(9000)], http: [HttpMatch.grpc('bench.v1.Api', 'Get')] }
          : { ...l4Only, ports: [Port.http(8080)] });
        routes++;
        if (grpc) l7++;
      }
    }
  }
  return { services, namespaces: nsCount, routes, crossNamespaceRoutes: cross, l7Routes: l7, ingressGatewayRoutes: gateway };
}
