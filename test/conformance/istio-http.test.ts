// Istio AuthorizationPolicy L7 conformance: paths, methods, headers and probes as istiod compiles them, evaluated
// by Reachability; then the library's Istio output judged against the Gateway API semantics of the public API.
import { allowed, API, gatewayApiVerdict, PATH_MATCHES, PATHS, world } from './http-world';
import { Engine, Reachability } from '../../src/audit';
import { HttpMethod } from '../../src/model/http-match';
import { NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh } from '../../src/profile/mesh';

const workload = (ns: string, name: string, sa: string, labels: any) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: { template: { metadata: { labels }, spec: { serviceAccountName: sa, containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 8080 }] }] } } },
});
const strict = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } };

/** One ALLOW policy on `api` from `client` with `to` and `when`, evaluated for a request. */
function upstream(operation: any, when: any[] | undefined, req: { method?: string; path?: string; headers?: any }): boolean {
  const objs = [
    workload('ns', 'client', 'client', { app: 'client' }), workload('ns', 'api', 'api', { app: 'api' }), strict,
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'p', namespace: 'ns' },
      spec: { selector: { matchLabels: { app: 'api' } }, action: 'ALLOW', rules: [{ to: [{ operation: { ports: ['8080'], ...operation } }], when }] },
    },
  ];
  return Reachability.fromManifests(objs).canReachWith(Engine.ISTIO, { namespaceName: 'ns', name: 'client' }, { namespaceName: 'ns', name: 'api' }, 8080, req).allowed;
}

describe('Istio: AuthorizationPolicy value matching (upstream rows)', () => {
  // istio/istio pilot/pkg/security/authz/matcher/header_test.go TestPathMatcher and string.go StringMatcherWithPrefix:
  // "/productpage" exact, "/prefix*" prefix, "*suffix" suffix, "*" = regex ".+" (any non-empty path).
  test.each([
    ['/productpage', '/productpage', true],
    ['/productpage', '/productpage/1', false],
    ['/prefix*', '/prefix', true],
    ['/prefix*', '/prefixed/x', true], // prefix matches characters, not segments
    ['/prefix*', '/pre', false],
    ['*suffix', '/a/suffix', true],
    ['*suffix', '/a/suffix/', false],
    ['*', '/anything', true],
    // header_test.go "suffix match": "*/productpage*" is the suffix "/productpage*", not "contains /productpage".
    ['*/productpage*', '/a/productpage', false],
    ['*/productpage*', '/a/productpage*', true],
    // Envoy PathMatcher (what `paths` compiles to) compares the path without the query string.
    ['/productpage', '/productpage?u=1', true],
  ])('paths [%s] vs %s → %s', (pattern, path, verdict) => {
    expect(upstream({ paths: [pattern] }, undefined, { method: 'GET', path })).toBe(verdict);
  });

  // header.go HeaderMatcher: "*" = present, "a*" prefix, "*a" suffix, else exact (case-sensitive value).
  test.each([
    ['acme', { 'x-tenant': 'acme' }, true],
    ['acme', { 'x-tenant': 'acme-2' }, false],
    ['acme', { 'x-tenant': 'ACME' }, false],
    ['acme', {}, false],
    ['*', { 'x-tenant': '' }, true],
    ['*', {}, false],
    ['acme*', { 'x-tenant': 'acme-2' }, true],
    ['*acme', { 'x-tenant': 'big-acme' }, true],
    ['*acme', { 'x-tenant': 'acme-2' }, false],
  ])('when request.headers[x-tenant] in [%s], headers %j → %s', (value, headers, verdict) => {
    expect(upstream({ methods: ['GET'] }, [{ key: 'request.headers[x-tenant]', values: [value] }], { method: 'GET', path: '/', headers })).toBe(verdict);
  });

  test('header names are case-insensitive; notValues exclude', () => {
    const when = [{ key: 'request.headers[X-Tenant]', values: ['acme'], notValues: ['acme'] }];
    expect(upstream({}, [{ key: 'request.headers[X-Tenant]', values: ['acme'] }], { method: 'GET', path: '/', headers: { 'X-TENANT': 'acme' } })).toBe(true);
    expect(upstream({}, when, { method: 'GET', path: '/', headers: { 'x-tenant': 'acme' } })).toBe(false);
  });

  // Istio "Authorization Policy" reference, Operation.methods: matched like a header value on `:method` (header.go).
  test.each([['GET', 'GET', true], ['GET', 'get', false], ['*', 'PATCH', true], ['P*', 'PUT', true]])('methods [%s] vs %s → %s', (m, method, verdict) => {
    expect(upstream({ methods: [m] }, undefined, { method, path: '/' })).toBe(verdict);
  });
});

describe('Istio: the library\'s AuthorizationPolicy agrees with the Gateway API semantics', () => {
  for (const match of PATH_MATCHES) {
    const profile = { mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] };
    const r = world({ profile, http: [{ methods: [HttpMethod.GET], ...match }] });
    test.each(PATHS)(`${JSON.stringify(match)}: GET %s`, path => {
      expect(allowed(r, Engine.ISTIO, 'GET', path)).toBe(gatewayApiVerdict(match, path));
    });
  }

  test('headers are exact on Istio too: a value other engines compare exactly is never a wildcard', () => {
    const r = world({ profile: { mesh: Mesh.istioSidecar() }, http: [{ methods: [HttpMethod.GET], headers: { 'X-Tenant': 'acme' } }] });
    expect(allowed(r, Engine.ISTIO, 'GET', '/', { 'x-tenant': 'acme' })).toBe(true);
    expect(allowed(r, Engine.ISTIO, 'GET', '/', { 'x-tenant': 'acme-evil' })).toBe(false);
    expect(allowed(r, Engine.ISTIO, 'GET', '/', {})).toBe(false);
    expect(allowed(r, Engine.ISTIO, 'POST', '/', { 'x-tenant': 'acme' })).toBe(false);
  });

  // istio.io docs "Health Checking of Istio Services": the injector rewrites HTTP/TCP/gRPC probes to pilot-agent;
  // ambient: probes are SNAT-ed to 169.254.7.127 and bypass ztunnel.
  test('kubelet probes are not subject to AuthorizationPolicy (sidecar rewrite, ambient bypass)', () => {
    for (const mesh of [Mesh.istioSidecar(), Mesh.istioAmbient()]) {
      const r = world({ profile: { mesh }, http: [{ methods: [HttpMethod.POST], path: '/v1/pay' }], probePath: '/ready' });
      expect(r.canProbe(API, 8080, { method: 'GET', path: '/ready' }).engines.find(v => v.engine === Engine.ISTIO)!.allowed).toBe(true);
    }
  });
});
