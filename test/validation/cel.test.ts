import { CelEvalError, CelProgram, CelUnsupportedError } from '../../src/validation/cel';

function run(rule: string, self: unknown = {}): unknown {
  return CelProgram.compile(rule).eval(self);
}

describe('CEL evaluator (subset used by x-kubernetes-validations)', () => {
  test.each<[string, unknown, unknown]>([
    ['1 + 2 * 3 - -1', null, 8],
    ['7 / 2 == 3 && 7 % 2 == 1', null, true],
    ['"a" + \'b\' + r"""c\\d"""', null, 'abc\\d'],
    ['[1, 2] + [3] == [1, 2, 3]', null, true],
    ['{"a": 1}.a == 1 && "a" in {"a": 1}', null, true],
    ['self.x > 1 ? "big" : "small"', { x: 2 }, 'big'],
    ['has(self.a) && !has(self.b)', { a: 1 }, true],
    ['self.all(k, k.startsWith("p"))', { p1: 1, p2: 2 }, true],
    ['self.exists(x, x == 2) && self.exists_one(x, x > 2) && !self.all(x, x > 1)', [1, 2, 3], true],
    ['self.filter(x, x % 2 == 1).map(x, x * 10)', [1, 2, 3], [10, 30]],
    ['self.map(x, x > 1, x + 1)', [1, 2, 3], [3, 4]],
    ['size(self) == 3 && self.size() == 3', 'a€b', true],
    ['self.contains("b") && self.endsWith("c") && self.matches("^a.c$")', 'abc', true],
    ['self.substring(1, 3) + self.split("/")[0] + self.lowerAscii()', 'aB/c', 'B/aBab/c'],
    ['self.indexOf("c") == 2 && self.replace("a", "x") == "xbc" && self.trim() == "abc"', 'abc', true],
    ['["a", "b"].join("-")', null, 'a-b'],
    ['int("42") + int(1.9) == 43', null, true],
    ['duration("1h30m") > duration("90m") || duration("1.5h") == duration("90m")', null, true],
    ['url("https://example.com:8443/x?y").getHost() == "example.com:8443" && isURL("/p") && !isURL("example.com")', null, true],
    ['self.__namespace__ == "a" && self.__dash__x == "b" && self.a__dot__b == 1', { 'namespace': 'a', '-x': 'b', 'a.b': 1 }, true],
    ['"a".matches("(?i)^A$")', null, true],
  ])('%s', (rule, self, expected) => {
    expect(run(rule, self)).toEqual(expected);
  });

  test('&& and || absorb errors when the other side decides (commutative, as in CEL)', () => {
    expect(run('self.missing == 1 && false', {})).toBe(false);
    expect(run('false && self.missing == 1', {})).toBe(false);
    expect(run('self.missing == 1 || true', {})).toBe(true);
    expect(() => run('self.missing == 1 || false', {})).toThrow(CelEvalError);
    expect(run('self.all(x, x.y == 1)', [{ y: 2 }, {}])).toBe(false); // false wins over the error
  });

  test('runtime errors the API server reports', () => {
    expect(() => run('self.missing', {})).toThrow(/no such key: missing/);
    expect(() => run('self[3]', [1])).toThrow(/index out of bounds/);
    expect(() => run('int(self)', 'http')).toThrow(CelEvalError);
    expect(() => run('duration(self) > duration("1s")', '5 seconds')).toThrow(/invalid duration/);
    expect(() => run('1 / 0')).toThrow(/division by zero/);
  });

  test('unsupported syntax and functions are reported at compile time', () => {
    for (const rule of ['self.?x', 'quantity(self)', 'oldSelf == self', 'Foo{a: 1}', 'b"bytes"', 'self.x.optMap(y, y)']) {
      expect(() => CelProgram.compile(rule)).toThrow(CelUnsupportedError);
    }
  });
});
