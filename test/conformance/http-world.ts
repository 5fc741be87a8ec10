import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Engine, Reachability } from '../../src/audit';
import { MeshService } from '../../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../../src/constructs/zero-trust-namespace';
import { Exception } from '../../src/model/exception';
import { HttpMatch, HttpMatchProps } from '../../src/model/http-match';
import { Port } from '../../src/model/port';
import { GrpcProbe } from '../../src/model/route-intent';
import { ClusterProfileProps, ClusterProfile } from '../../src/profile/cluster-profile';
import { synthChart } from '../util/synth';

export const CHECKOUT = { namespaceName: 'shop', name: 'checkout' };
export const API = { namespaceName: 'shop', name: 'api' };

function deployment(chart: Chart, id: string, port: number, probePath?: string): kplus.Deployment {
  return new kplus.Deployment(chart, id, {
    metadata: { name: id },
    containers: [{
      name: 'app',
      image: 'registry.example.com/app:1.0.0',
      portNumber: port,
      readiness: probePath ? kplus.Probe.fromHttpGet(probePath, { port }) : undefined,
      securityContext: { user: 1000, group: 1000 },
    }],
  });
}

export interface WorldOptions {
  readonly profile: ClusterProfileProps;
  /** The L7 matches of the checkout → api route. */
  readonly http: HttpMatchProps[];
  /** The api port (HTTP unless grpc). */
  readonly grpc?: boolean;
  /** An HTTP readiness probe on the api port. */
  readonly probePath?: string;
  readonly grpcProbes?: GrpcProbe[];
  /** Accept label-based (no identity) enforcement: Cilium without a mesh. */
  readonly acceptNoIdentity?: boolean;
}

/** The library's manifests for checkout → api:8080 with `http` matches, evaluated by Reachability. */
export function world(o: WorldOptions): Reachability {
  const objs = synthChart(chart => {
    const profile = new ClusterProfile({ trustDomain: 'cluster.local', ...o.profile });
    const ns = new ZeroTrustNamespace(chart, 'shop', { name: 'shop', profile });
    const port = o.grpc ? Port.grpc(8080) : Port.http(8080);
    const checkout = new MeshService(ns, 'checkout', { name: 'checkout', ports: [Port.http(8081)], workload: deployment(chart, 'checkout', 8081) });
    const api = new MeshService(ns, 'api', {
      name: 'api', ports: [port], workload: deployment(chart, 'api', 8080, o.probePath), grpcProbes: o.grpcProbes,
    });
    api.allowFrom(checkout, {
      ports: [port],
      http: o.http.map(h => HttpMatch.of(h)),
      acceptL4Only: o.acceptNoIdentity ? Exception.of({ reason: 'conformance table: Cilium without a mesh', expires: '2027-03-31' }) : undefined,
    });
  });
  return Reachability.fromManifests(objs);
}

/** One engine's verdict for checkout → api:8080. */
export function allowed(r: Reachability, engine: Engine, method: string, path: string, headers?: { [k: string]: string }): boolean {
  return r.canReachWith(engine, CHECKOUT, API, 8080, { method, path, headers }).allowed;
}

/**
 * Gateway API semantics of the public API (the reference every engine must agree with):
 * HTTPPathMatch `Exact` / `PathPrefix` (kubernetes-sigs/gateway-api apis/v1/httproute_types.go), on the path
 * without the query.
 */
export function gatewayApiVerdict(match: { path?: string; pathPrefix?: string }, path: string): boolean {
  const p = path.split('?')[0];
  if (match.path !== undefined) return p === match.path;
  const prefix = match.pathPrefix!.replace(/\/+$/, '');
  if (prefix === '') return true;
  const trimmed = p.replace(/\/+$/, '');
  return trimmed === prefix || trimmed.startsWith(`${prefix}/`);
}

/**
 * Path rows × matches shared by the three engine tables (issue 12): the Gateway API conformance cases
 * (kubernetes-sigs/gateway-api conformance/tests/httproute-matching.go: `/v2`, `/v2/`, `/v2/example` match the
 * prefix `/v2`, `/v2example` does not; httproute-exact-path-matching.go: `/one` exact does not match `/one/example`,
 * `/two/` or `/Two`) and linkerd2-proxy's own prefix test (linkerd/http/route/src/http/match/path.rs `path_prefix`:
 * prefixes `/foo` and `/foo/` both match `/foo`, `/foo/`, `/foo/bar`, not `/foobar`).
 */
export const PATH_MATCHES: Array<{ path?: string; pathPrefix?: string }> = [
  { pathPrefix: '/v1' }, { pathPrefix: '/v1/' }, { pathPrefix: '/' }, { path: '/v1' }, { path: '/v1/' },
];
export const PATHS = ['/v1', '/v1/', '/v1/x', '/v1/x/y', '/v1beta', '/v10', '/', '/v1?q=1', '/v1beta?x=/v1/', '/V1', '/x/v1'];
