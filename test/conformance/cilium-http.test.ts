// Cilium L7 HTTP rule conformance (own file; L3/L4 rows live in cilium.test.ts): method and path are RE2 regexes
// that must match the whole `:method` / `:path` header (query included), header values exact, evaluated by
// Reachability; then the library's Cilium output judged against the Gateway API semantics of the public API.
import { allowed, API, gatewayApiVerdict, PATH_MATCHES, PATHS, world } from './http-world';
import { Engine, Reachability } from '../../src/audit';
import { HttpMethod } from '../../src/model/http-match';
import { NetworkPolicyEngine } from '../../src/profile/cluster-profile';

const CILIUM = { networkPolicy: [NetworkPolicyEngine.CILIUM] };

const workload = (name: string, labels: any) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'ns' },
  spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 80 }] }] } } },
});

/** An ingress rule on `api` from `client` on port 80 with one HTTP rule. */
function upstream(http: any, req: { method?: string; path?: string; headers?: any }): boolean {
  const objs = [workload('client', { app: 'client' }), workload('api', { app: 'api' }), {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'p', namespace: 'ns' },
    spec: { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'client' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http: [http] } }] }] },
  }];
  return Reachability.fromManifests(objs).canReachWith(Engine.CILIUM, { namespaceName: 'ns', name: 'client' }, { namespaceName: 'ns', name: 'api' }, 80, req).allowed;
}

describe('Cilium: HTTP rule matching (upstream rows)', () => {
  // docs.cilium.io "Layer 7 Examples" (HTTP): `method: GET, path: "/public"` allows GET /public, denies GET /private
  // and PUT /public; the path is a regex: "/public/.*" style rules match sub-paths only through the regex.
  test.each([
    [{ method: 'GET', path: '/public' }, 'GET', '/public', true],
    [{ method: 'GET', path: '/public' }, 'GET', '/private', false],
    [{ method: 'GET', path: '/public' }, 'PUT', '/public', false],
    // cilium/cilium pkg/envoy xds_server.go getHTTPRule: `:path` SafeRegexMatch, which must match the whole value
    // (Envoy HeaderMatcher.safe_regex_match), and `:path` includes the query.
    [{ path: '/public' }, 'GET', '/public/x', false],
    [{ path: '/public' }, 'GET', '/public?x=1', false],
    [{ path: '/public.*' }, 'GET', '/publicity', true],
    [{ path: '/v1(/.*)?' }, 'GET', '/v1beta', false],
    [{ method: 'GET|HEAD' }, 'HEAD', '/', true],
    [{ method: 'GET|HEAD' }, 'GETX', '/', false],
  ])('http %j: %s %s → %s', (rule, method, path, verdict) => {
    expect(upstream(rule, { method, path })).toBe(verdict);
  });

  // getHTTPRule: `headers: ["X-My-Header: true"]` exact value, `["X-My-Header"]` presence; `headerMatches` with a
  // value exact, with an empty value presence (docs.cilium.io Layer 7 Examples: "headers", "headerMatches").
  test.each([
    [{ headers: ['X-My-Header: true'] }, { 'x-my-header': 'true' }, true],
    [{ headers: ['X-My-Header: true'] }, { 'x-my-header': 'false' }, false],
    [{ headers: ['X-My-Header'] }, { 'x-my-header': 'anything' }, true],
    [{ headers: ['X-My-Header'] }, {}, false],
    [{ headerMatches: [{ name: 'X-Tenant', value: 'acme' }] }, { 'x-tenant': 'acme' }, true],
    [{ headerMatches: [{ name: 'X-Tenant', value: 'acme' }] }, { 'x-tenant': 'acme*' }, false],
    [{ headerMatches: [{ name: 'X-Tenant', value: '' }] }, { 'x-tenant': 'whatever' }, true],
  ])('http %j with headers %j → %s', (rule, headers, verdict) => {
    expect(upstream(rule, { method: 'GET', path: '/', headers })).toBe(verdict);
  });
});

describe('Cilium: the library\'s HTTP rules agree with the Gateway API semantics', () => {
  for (const match of PATH_MATCHES) {
    const r = world({ profile: CILIUM, acceptNoIdentity: true, http: [{ methods: [HttpMethod.GET], ...match }] });
    test.each(PATHS)(`${JSON.stringify(match)}: GET %s`, path => {
      expect(allowed(r, Engine.CILIUM, 'GET', path)).toBe(gatewayApiVerdict(match, path));
    });
  }

  test('headers are exact; methods are exact despite being regexes', () => {
    const r = world({ profile: CILIUM, acceptNoIdentity: true, http: [{ methods: [HttpMethod.GET], headers: { 'X-Tenant': 'acme' } }] });
    expect(allowed(r, Engine.CILIUM, 'GET', '/', { 'x-tenant': 'acme' })).toBe(true);
    expect(allowed(r, Engine.CILIUM, 'GET', '/', { 'x-tenant': 'acme-evil' })).toBe(false);
    expect(allowed(r, Engine.CILIUM, 'GET', '/', {})).toBe(false);
    expect(allowed(r, Engine.CILIUM, 'GETX', '/', { 'x-tenant': 'acme' })).toBe(false);
  });

  // cilium/cilium PR 754: --allow-localhost (default auto): the local host, where the kubelet runs, reaches the
  // node's endpoints whatever the policy.
  test('kubelet probes come from the local host and are allowed', () => {
    const r = world({ profile: CILIUM, acceptNoIdentity: true, http: [{ methods: [HttpMethod.POST], path: '/v1/pay' }], probePath: '/ready' });
    expect(r.canProbe(API, 8080, { method: 'GET', path: '/ready' }).engines.find(v => v.engine === Engine.CILIUM)!.allowed).toBe(true);
  });
});
