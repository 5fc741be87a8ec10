// Linkerd HTTPRoute / AuthorizationPolicy L7 conformance: paths, methods, headers and kubelet probes as the
// Linkerd proxy and policy controller treat them, evaluated by Reachability; then the library's Linkerd output judged
// against the Gateway API semantics of the public API.
import { allowed, API, CHECKOUT, gatewayApiVerdict, PATH_MATCHES, PATHS, world } from './http-world';
import { Engine, Reachability } from '../../src/audit';
import { HttpMethod } from '../../src/model/http-match';
import { Mesh } from '../../src/profile/mesh';

const LINKERD = { mesh: Mesh.linkerd() };

const deny = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', annotations: { 'config.linkerd.io/default-inbound-policy': 'deny' } } };
const workload = (name: string, sa: string, labels: any, probe?: any) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'ns' },
  spec: { template: { metadata: { labels }, spec: { serviceAccountName: sa, containers: [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: probe }] } } },
});
const l5d = (kind: string, name: string, spec: any) => ({ apiVersion: kind === 'HTTPRoute' || kind === 'Server' ? 'policy.linkerd.io/v1beta3' : 'policy.linkerd.io/v1alpha1', kind, metadata: { name, namespace: 'ns' }, spec });

/** One HTTPRoute with `match` on a Server of `api`, authorized for `client`. */
function upstream(match: any, req: { method?: string; path?: string; headers?: any }): boolean {
  const objs = [
    deny, workload('client', 'client', { app: 'client' }), workload('api', 'api', { app: 'api' }),
    l5d('Server', 'api', { podSelector: { matchLabels: { app: 'api' } }, port: 8080, proxyProtocol: 'HTTP/1' }),
    l5d('HTTPRoute', 'r', { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'api' }], rules: [{ matches: [match] }] }),
    l5d('MeshTLSAuthentication', 'client', { identities: ['client.ns.serviceaccount.identity.linkerd.cluster.local'] }),
    l5d('AuthorizationPolicy', 'r', { targetRef: { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'r' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'client' }] }),
  ];
  return Reachability.fromManifests(objs).canReachWith(Engine.LINKERD, { namespaceName: 'ns', name: 'client' }, { namespaceName: 'ns', name: 'api' }, 8080, req).allowed;
}

describe('Linkerd: HTTPRoute matching (upstream rows)', () => {
  // linkerd/linkerd2-proxy linkerd/http/route/src/http/match/path.rs tests `path_prefix`: for prefixes "/", "/foo",
  // "/foo/": "/foo", "/foo/", "/foo/bar", "/foo/bar/qux" match; "/foobar" matches only "/".
  for (const prefix of ['/', '/foo', '/foo/']) {
    test.each([['/foo', true], ['/foo/', true], ['/foo/bar', true], ['/foo/bar/qux', true], ['/foobar', prefix === '/']])(
      `PathPrefix ${prefix} vs %s → %s`, (path, verdict) => {
        expect(upstream({ path: { type: 'PathPrefix', value: prefix } }, { method: 'GET', path: path as string })).toBe(verdict);
      });
  }
  // path.rs `path_exact`: "/foo/bar" matches only itself; the query is not part of the path (uri.path()).
  test.each([['/foo/bar', true], ['/foo', false], ['/foo/bah', false], ['/foo/bar/qux', false], ['/foo/bar?x=1', true]])(
    'Exact /foo/bar vs %s → %s', (path, verdict) => {
      expect(upstream({ path: { type: 'Exact', value: '/foo/bar' } }, { method: 'GET', path })).toBe(verdict);
    });
  // path.rs `path_regex`: anchored at both ends.
  test.each([['/foo/4', true], ['/foo/4321', true], ['/bar/foo/4', false], ['/foo/4abc', false], ['/foo/4/bar', false]])(
    'RegularExpression /foo/\\d+ vs %s → %s', (path, verdict) => {
      expect(upstream({ path: { type: 'RegularExpression', value: '/foo/\\d+' } }, { method: 'GET', path })).toBe(verdict);
    });
  // Gateway API conformance/tests/httproute-method-matching.go: a method match only admits that method.
  test.each([['POST', true], ['GET', false]])('method POST vs %s → %s', (method, verdict) => {
    expect(upstream({ method: 'POST' }, { method, path: '/' })).toBe(verdict);
  });
  // linkerd2-proxy header.rs MatchHeader::Exact: value equality (names case-insensitive); Gateway API
  // conformance/tests/httproute-header-matching.go: "Version: one" matches, other values do not.
  test.each([[{ version: 'one' }, true], [{ Version: 'one' }, true], [{ version: 'One' }, false], [{ version: 'two' }, false], [{}, false]])(
    'header version: one vs %j → %s', (headers, verdict) => {
      expect(upstream({ headers: [{ name: 'Version', value: 'one' }] }, { method: 'GET', path: '/', headers })).toBe(verdict);
    });
});

describe('Linkerd: kubelet probes (upstream rows)', () => {
  // linkerd/linkerd2 policy-controller/k8s/index/src/inbound/index.rs default_inbound_http_routes: on a port without
  // Server (or a Server without HTTPRoutes) the pod's HTTP GET probe paths are authorized (Exact, GET) from the probe
  // networks; workload.rs pod_http_probes reads httpGet only, so gRPC probes get nothing (linkerd/linkerd2 issue 9595).
  const objs = [
    deny, workload('api', 'api', { app: 'api' }, { httpGet: { path: '/ready', port: 'http' } }),
    l5d('Server', 'other', { podSelector: { matchLabels: { app: 'other' } }, port: 9999, proxyProtocol: 'HTTP/1' }), // Linkerd present
  ];
  const r = Reachability.fromManifests(objs);
  test.each([
    ['GET', '/ready', true],
    ['GET', '/ready?verbose=1', true],
    ['POST', '/ready', false],
    ['GET', '/admin', false],
    ['POST', '/grpc.health.v1.Health/Check', false],
  ])('deny policy, no Server: kubelet %s %s → %s', (method, path, verdict) => {
    expect(r.canProbe({ namespaceName: 'ns', name: 'api' }, 8080, { method, path }).engines.find(v => v.engine === Engine.LINKERD)!.allowed).toBe(verdict);
  });
});

describe('Linkerd: the library\'s HTTPRoutes agree with the Gateway API semantics', () => {
  for (const match of PATH_MATCHES) {
    const r = world({ profile: LINKERD, http: [{ methods: [HttpMethod.GET], ...match }] });
    test.each(PATHS)(`${JSON.stringify(match)}: GET %s`, path => {
      expect(allowed(r, Engine.LINKERD, 'GET', path)).toBe(gatewayApiVerdict(match, path));
    });
  }

  test('headers are exact', () => {
    const r = world({ profile: LINKERD, http: [{ methods: [HttpMethod.GET], headers: { 'X-Tenant': 'acme' } }] });
    expect(allowed(r, Engine.LINKERD, 'GET', '/', { 'x-tenant': 'acme' })).toBe(true);
    expect(allowed(r, Engine.LINKERD, 'GET', '/', { 'x-tenant': 'acme-evil' })).toBe(false);
    expect(allowed(r, Engine.LINKERD, 'GET', '/', {})).toBe(false);
  });
});

describe('Linkerd: the library keeps kubelet probes working once a port has HTTPRoutes, and no wider', () => {
  // The kubelet's gRPC probe: grpc_health_v1.HealthClient.Check (kubernetes/kubernetes pkg/probe/grpc/grpc.go), an
  // HTTP/2 POST to /grpc.health.v1.Health/Check (grpc/grpc doc/PROTOCOL-HTTP2.md).
  const GRPC_CHECK = { method: 'POST', path: '/grpc.health.v1.Health/Check' };
  const linkerdVerdict = (r: Reachability, o: any) => r.canProbe(API, 8080, o).engines.find(v => v.engine === Engine.LINKERD)!.allowed;

  test('gRPC probe on a gRPC port with routes: the Check call is authorized, nothing else', () => {
    const r = world({ profile: LINKERD, grpc: true, http: [{ methods: [HttpMethod.POST], path: '/shop.v1.Api/Buy' }], grpcProbes: [{ port: 8080 }] });
    expect(linkerdVerdict(r, GRPC_CHECK)).toBe(true);
    expect(linkerdVerdict(r, { method: 'GET', path: '/grpc.health.v1.Health/Check' })).toBe(false);
    expect(linkerdVerdict(r, { method: 'POST', path: '/shop.v1.Api/Buy' })).toBe(false);
  });

  test('without the gRPC probe declared, the Check call is denied (what Linkerd alone does)', () => {
    const r = world({ profile: LINKERD, grpc: true, http: [{ methods: [HttpMethod.POST], path: '/shop.v1.Api/Buy' }] });
    expect(linkerdVerdict(r, GRPC_CHECK)).toBe(false);
  });

  test('HTTP probe read from the workload: GET on its exact path only', () => {
    const r = world({ profile: LINKERD, http: [{ methods: [HttpMethod.POST], path: '/v1/pay' }], probePath: '/ready' });
    expect(linkerdVerdict(r, { method: 'GET', path: '/ready' })).toBe(true);
    expect(linkerdVerdict(r, { method: 'GET', path: '/ready/x' })).toBe(false);
    expect(linkerdVerdict(r, { method: 'POST', path: '/ready' })).toBe(false);
    expect(linkerdVerdict(r, { method: 'POST', path: '/v1/pay' })).toBe(false);
  });

  test('kubeletProbeCidrs scopes the probe authorization to the node networks', () => {
    const r = world({ profile: { ...LINKERD, kubeletProbeCidrs: ['10.20.0.0/16', 'fd00:20::/64'] }, http: [{ methods: [HttpMethod.POST], path: '/v1/pay' }], probePath: '/ready' });
    expect(linkerdVerdict(r, { method: 'GET', path: '/ready', sourceAddress: '10.20.3.4' })).toBe(true);
    expect(linkerdVerdict(r, { method: 'GET', path: '/ready', sourceAddress: 'fd00:20::7' })).toBe(true);
    expect(linkerdVerdict(r, { method: 'GET', path: '/ready', sourceAddress: '10.21.0.1' })).toBe(false);
    // A meshed client of unknown address is no longer authorized on the probe path by the probe route
    // (with the default 0.0.0.0/0 it is: any client may call the probe paths).
    expect(r.canReachWith(Engine.LINKERD, CHECKOUT, API, 8080, { method: 'GET', path: '/ready' }).allowed).toBe(false);
    const open = world({ profile: LINKERD, http: [{ methods: [HttpMethod.POST], path: '/v1/pay' }], probePath: '/ready' });
    expect(open.canReachWith(Engine.LINKERD, CHECKOUT, API, 8080, { method: 'GET', path: '/ready' }).allowed).toBe(true);
  });
});
