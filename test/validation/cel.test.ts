import type { Value } from '@bufbuild/cel-spec/cel/expr/value_pb.js';
import { getConformanceSuite } from '@bufbuild/cel-spec/testdata/tests.js';
import { CelEvalError, CelProgram, CelTypeError, CelUnsupportedError } from '../../src/validation/cel';

function run(rule: string, self: unknown = {}): unknown {
  return CelProgram.compile(rule).eval(self);
}

describe('CEL evaluator (subset used by x-kubernetes-validations)', () => {
  test.each<[string, unknown, unknown]>([
    ['1 + 2 * 3 - -1', null, 8n],
    ['7 / 2 == 3 && 7 % 2 == 1', null, true],
    ['"a" + \'b\' + r"""c\\d"""', null, 'abc\\d'],
    ['[1, 2] + [3] == [1, 2, 3]', null, true],
    ['{"a": 1}.a == 1 && "a" in {"a": 1}', null, true],
    ['self.x > 1 ? "big" : "small"', { x: 2 }, 'big'],
    ['has(self.a) && !has(self.b)', { a: 1 }, true],
    ['self.all(k, k.startsWith("p"))', { p1: 1, p2: 2 }, true],
    ['self.exists(x, x == 2) && self.exists_one(x, x > 2) && !self.all(x, x > 1)', [1, 2, 3], true],
    ['self.filter(x, x % 2 == 1).map(x, x * 10)', [1, 2, 3], [10n, 30n]],
    ['self.map(x, x > 1, x + 1)', [1, 2, 3], [3n, 4n]],
    ['size(self) == 3 && self.size() == 3', 'a€b', true],
    ['self.contains("b") && self.endsWith("c") && self.matches("^a.c$")', 'abc', true],
    ['self.substring(1, 3) + self.split("/")[0] + self.lowerAscii()', 'aB/c', 'B/aBab/c'],
    ['self.indexOf("c") == 2 && self.replace("a", "x") == "xbc" && self.trim() == "abc"', 'abc', true],
    ['["a", "b"].join("-")', null, 'a-b'],
    ['int("42") + int(1.9) == 43', null, true],
    ['duration("1h30m") > duration("90m") || duration("1.5h") == duration("90m")', null, true],
    ['url("https://example.com:8443/x?y").getHost() == "example.com:8443" && isURL("/p") && !isURL("example.com")', null, true],
    ['url("https://example.com:8443/x").getScheme() + url("https://example.com:8443/x").getPort()', null, 'https8443'],
    ['"a".matches("(?i)^A$")', null, true],
    // RE2 (https://github.com/google/re2/wiki/Syntax): . matches \r (not \n); \A is the start of text in (?m) mode
    ['self.matches("^a.b$")', 'a\rb', true],
    ['self.matches("^a.b$")', 'a\nb', false],
    ['self.matches("(?m)\\\\Ab")', 'a\nb', false],
  ])('%s', (rule, self, expected) => {
    expect(run(rule, self)).toEqual(expected);
  });

  // The three defects of the hand-written interpreter this evaluator replaces.
  test('double division is not truncated (cel-spec fp_math "divide": 3.0 / 2.0 == 1.5)', () => {
    expect(run('3.0 / 2.0')).toBe(1.5);
    expect(run('3.0 / 2.0 == 1')).toBe(false); // the old interpreter said true (it truncated)
    expect(run('7 / 2')).toBe(3n);
  });

  test('mixed int/double arithmetic has no overload (cel-spec langdef "Numeric values": no automatic conversion)', () => {
    expect(() => run('1 + 2.0')).toThrow(CelTypeError); // the old interpreter returned 3
    expect(() => run('self + 1', 1.5)).toThrow(CelTypeError);
  });

  test('int64 overflow is an error, not a float (cel-spec integer_math int64_overflow_positive/_negative)', () => {
    expect(() => run('9223372036854775807 + 1')).toThrow(CelEvalError); // the old interpreter returned 9223372036854776000
    expect(() => run('-9223372036854775808 - 1')).toThrow(CelEvalError);
    expect(() => run('self * self', 5000000000)).toThrow(CelEvalError);
  });

  test('schema types decide int vs double (Kubernetes: integer -> int, number -> double)', () => {
    // https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#type-checking
    const p = CelProgram.compile('self.n / 2');
    expect(p.eval({ n: 3 }, { type: 'object', properties: { n: { type: 'integer' } } })).toBe(1n);
    expect(() => p.eval({ n: 3 }, { type: 'object', properties: { n: { type: 'number' } } })).toThrow(CelTypeError);
    expect(CelProgram.compile('self.n / 2.0').eval({ n: 3 }, { type: 'object', properties: { n: { type: 'number' } } })).toBe(1.5);
    // declared properties are escaped (k8s.io/apiserver/pkg/cel/escaping.go); map keys (additionalProperties) are not
    const props = { type: 'object', properties: { 'namespace': { type: 'string' }, '-x': { type: 'string' }, 'a.b': { type: 'integer' } } };
    expect(CelProgram.compile('self.__namespace__ == "a" && self.__dash__x == "b" && self.a__dot__b == 1')
      .eval({ 'namespace': 'a', '-x': 'b', 'a.b': 1 }, props)).toBe(true);
    expect(CelProgram.compile('self.labels["app.kubernetes.io/name"]').eval({ labels: { 'app.kubernetes.io/name': 'x' } })).toBe('x');
    expect(CelProgram.compile('"a.b" in self').eval({ 'a.b': 'x' }, { type: 'object', additional: { type: 'string' } })).toBe(true);
  });

  test('&& and || absorb errors when the other side decides (commutative, as in CEL)', () => {
    expect(run('self.missing == 1 && false', {})).toBe(false);
    expect(run('false && self.missing == 1', {})).toBe(false);
    expect(run('self.missing == 1 || true', {})).toBe(true);
    expect(() => run('self.missing == 1 || false', {})).toThrow(CelEvalError);
    expect(run('self.all(x, x.y == 1)', [{ y: 2 }, {}])).toBe(false); // false wins over the error
  });

  test('runtime errors the API server reports', () => {
    expect(() => run('self.missing', {})).toThrow(/missing/);
    expect(() => run('self[3]', [1])).toThrow(/out of bounds/);
    expect(() => run('int(self)', 'http')).toThrow(CelEvalError);
    expect(() => run('duration(self) > duration("1s")', '5 seconds')).toThrow(CelEvalError);
    expect(() => run('1 / 0')).toThrow(/divide by zero/);
  });

  test('unsupported syntax and functions are reported at compile time', () => {
    for (const rule of ['self.?x', 'quantity(self)', 'oldSelf == self', 'Foo{a: 1}', 'self.x.optMap(y, y)', 'self.isSorted()']) {
      expect(() => CelProgram.compile(rule)).toThrow(CelUnsupportedError);
    }
  });
});

/** cel.expr.Value -> the plain JS value CelProgram.eval returns. */
function expectedValue(v: Value): unknown {
  const k = v.kind;
  switch (k.case) {
    case 'int64Value': case 'uint64Value': return BigInt(k.value);
    case 'listValue': return k.value.values.map(expectedValue);
    case 'nullValue': return null;
    case 'boolValue': case 'stringValue': case 'doubleValue': case 'bytesValue': return k.value;
    default: return undefined; // maps, types, messages: not compared here
  }
}

/**
 * google/cel-spec conformance tests (tests/simple/testdata/{integer_math,fp_math,comparisons,logic,string,macros}.textproto
 * at v0.25.1, shipped as data by @bufbuild/cel-spec), run through the same environment the
 * schema validator uses. Tests that need bindings, a type environment, a container or proto
 * messages are out of scope (Kubernetes rules only see `self`).
 */
describe('google/cel-spec conformance (simple tests)', () => {
  const files = ['integer_math', 'fp_math', 'comparisons', 'logic', 'string', 'macros'];
  const cases = getConformanceSuite().suites.filter(f => files.includes(f.name)).flatMap(f => f.suites.flatMap(s => s.tests
    .filter(t => Object.keys(t.original.bindings).length === 0 && !t.original.disableMacros && !t.original.checkOnly
      && t.original.typeEnv.length === 0 && !t.original.container)
    .map(t => ({ name: `${f.name}/${s.name}/${t.name}`, test: t.original }))));
  let ran = 0;

  test.each(cases.map(c => [c.name, c] as const))('%s', (_name, { test: t }) => {
    let program: CelProgram;
    try {
      program = CelProgram.compile(t.expr);
    } catch (e) {
      // proto messages and wrapper types (google.protobuf.Int64Value{...}) are not in the Kubernetes environment
      expect(e).toBeInstanceOf(CelUnsupportedError);
      expect(t.expr).toMatch(/google\.protobuf|cel\.expr|\.v1alpha1|\{[A-Za-z]|TestAllTypes|\b[A-Z][A-Za-z]*\{/);
      return;
    }
    const m = t.resultMatcher;
    if (m.case === 'evalError') {
      expect(() => program.eval(null)).toThrow(Error);
    } else if (m.case === 'value') {
      const want = expectedValue(m.value);
      if (want === undefined) return;
      const got = program.eval(null);
      if (typeof want === 'number' && Number.isNaN(want)) expect(Number.isNaN(got)).toBe(true);
      else expect(got).toEqual(want);
    } else {
      expect(program.eval(null)).toBe(true); // no matcher: the expression must be true
    }
    ran++;
  });

  afterAll(() => {
    // measured: 543 of the in-scope tests run (the rest build proto messages); a drop means the environment lost something
    expect(ran).toBeGreaterThanOrEqual(543);
  });
});

// The Kubernetes CIDR library's documented examples (k8s.io/apiserver/pkg/cel/library/cidr.go, kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/cel/library/cidr.go: parseCIDR = netip.ParsePrefix without IPv4-mapped IPv6),
// used by the ClusterNetworkPolicy CRD's `networks` rule `isCIDR(self) && cidr(self) == cidr(self).masked()`.
describe('CEL Kubernetes CIDR library', () => {
  test.each<[string, unknown]>([
    ['isCIDR("192.168.0.0/16")', true],
    ['isCIDR("::1/128")', true],
    ['isCIDR("192.168.0.0/33")', false],
    ['isCIDR("::1/129")', false],
    ['isCIDR("010.0.0.0/8")', false], // leading zeros in an IPv4 octet
    ['isCIDR("::ffff:1.2.3.4/120")', false], // IPv4-mapped IPv6
    ['isCIDR("10.0.0.0")', false],
    ['isCIDR("192.168.0.1/24")', true], // bits after the prefix parse; masked() tells them apart
    ['cidr("192.168.0.0/24") == cidr("192.168.0.0/24").masked()', true],
    ['cidr("192.168.0.1/24") == cidr("192.168.0.1/24").masked()', false],
    ['cidr("2001:db8::1/32") == cidr("2001:db8::1/32").masked()', false],
    ['cidr("2001:db8::/32") == cidr("2001:db8::/32").masked()', true],
    ['cidr("::1/128").prefixLength()', 128n],
  ])('%s', (rule, expected) => {
    expect(run(rule)).toEqual(expected);
  });

  test('cidr() of a non-CIDR is a runtime error', () => {
    expect(() => run('cidr("nope") == cidr("nope")')).toThrow(CelEvalError);
  });
});
