import { HttpMatch, HttpMethod } from '../../src/model/http-match';

describe('HttpMatch header values mean the same on every engine', () => {
  // istio/istio pilot/pkg/security/authz/matcher/header.go HeaderMatcher: "*" = present, "a*" = prefix, "*a" = suffix,
  // with no escape; Linkerd (HTTPRoute Exact) and Cilium (headerMatches value) compare exactly; Cilium reads an
  // empty value as "present" (cilium/cilium pkg/envoy xds_server.go getHTTPRule).
  test.each(['*', 'acme*', '*acme', '*acme*', ''])('value %j is rejected', value => {
    const problems = HttpMatch.of({ methods: [HttpMethod.GET], headers: { 'X-Tenant': value } }).problems();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('HTTP header "x-tenant"');
  });
  test.each(['acme', 'a*b', 'Bearer abc'])('value %j is exact everywhere and accepted', value => {
    expect(HttpMatch.of({ methods: [HttpMethod.GET], headers: { 'X-Tenant': value } }).problems()).toEqual([]);
  });
  test('the message says what Istio would do and how to fix it', () => {
    const [p] = HttpMatch.of({ headers: { 'x-tenant': 'acme*' } }).problems();
    expect(p).toContain('"acme*" starts or ends with "*"');
    expect(p).toContain('header values must be exact');
  });
});
