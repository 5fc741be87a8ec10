import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { examples } from '../../examples/registry';
import { fastYamlDocument, fastYamlStringify } from '../../src/synth/fast-yaml';
import '../util/synth';

/** Asserts the fast emitter's output is byte-identical to cdk8s, for all docs and for each. */
function expectSame(docs: any[]): void {
  expect(fastYamlStringify(docs)).toBe(Yaml.stringify(...docs));
  for (const doc of docs) expect(fastYamlStringify([doc])).toBe(Yaml.stringify(doc));
}

const TRICKY_STRINGS: string[] = [
  '', ' ', 'a ', ' a', 'a  b', 'plain', 'TCP', 'IfNotPresent', 'app.kubernetes.io/name', 'x/y', '_x', 'a-', 'a.',
  // YAML 1.1 booleans and nulls, and case variants yaml does not recognise
  'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'yES', 'no', 'No', 'NO', 'nO', 'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF',
  'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', 'nULL', '~',
  // numbers, sexagesimals, special floats, timestamps
  '0', '-0', '00', '1', '-1', '+12', '8080', '0775', '0o17', '0x1F', '0b101', '1_000', '1:20', '-1:20', '190:20:30.15',
  '.5', '1.', '3.14', '1e3', '1E3', '-1e-3', '.inf', '-.inf', '+.INF', '.nan', '.NaN', '2027-06-30', '2027-6-3',
  // YAML 1.1 floats without a mantissa (yaml quotes them), and near misses
  'e1', 'E10', 'e-5', 'E+7', 'e+1', 'E_1', 'e1_0', 'eE1', 'e', 'e1a', 'x1',
  // words and paths (plain in yaml)
  'Allow a to reach b.', 'Allow a to reach b (L7 rules).', 'a - b', 'a /b', '/ a', '/api/svc/', '/api/svc/*', '/bench.v1.Api/Get', '/', '/*',
  '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '12:30:45', '1.0.0', 'v1.2.3',
  // indicators and punctuation
  '<<', '=', '-', '?', ':', '- a', '? a', '-a', 'a:', 'a: b', 'a:b', '#', '#a', 'a #b', 'a#b', '@x', '`x', '%x', '!x',
  '!!str', '&a', '*a', '*', '*/*', '/api/*', '{a}', '[a]', 'a{b}', 'a[b]', 'a,b', ',', '|', '>', '|-', '>+', '"q"',
  "'q'", "it's", 'say "hi"', 'both \' and "', 'back\\slash', '${VAR}', '{{ .Values.x }}', 'a=b', 'a;b', 'a|b',
  'spiffe://cluster.local/ns/a/sa/b', 'http://x:8080/p?q=1#f', '10.0.0.0/8', '::1', '[::1]:80',
  // whitespace, control characters and unicode
  'tab\there', '\tlead', 'trail\t', 'ünïcödé', '日本語', 'emoji 😀', '\u00a0nbsp', '\u0000nul', '\u0007bell', '\u001b[0m',
  '\u007fdel', '\u0085nel', '\ud800lone', '\u2028ls', 'a\u2029b', '\r', 'a\rb', 'a\r\nb',
  // document markers and multi-line strings (fall back)
  '---', '---x', '--- a', 'x---', '...', '...x', '%YAML 1.1', 'a\nb', 'a\n', '\n', 'multi\nline\n', 'sp \nx', 'x\n---',
  'x\n%', '  indented\nblock', 'a\n\n\nb\n\n',
  // lengths around the implicit key limit
  'x'.repeat(300), 'k'.repeat(1023), 'k'.repeat(1024), 'k'.repeat(1025), 'a b'.repeat(400),
];

const TRICKY_VALUES: unknown[] = [
  ...TRICKY_STRINGS,
  0, -0, 1, -1, 42, -5, 0.5, -0.25, 1e21, 1e-7, 1.5e300, 123456789012, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE,
  Number.MIN_VALUE, NaN, Infinity, -Infinity, true, false, null, undefined, {}, [], [[]], [{}], { a: {} }, { a: [] },
];

describe('fastYamlStringify', () => {
  const label = (v: unknown): string => typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v))
    : v === undefined ? 'undefined' : JSON.stringify(v).slice(0, 40);
  test.each(TRICKY_VALUES.map(v => [label(v), v]))('%# %s, as a value and as a key', (_, v) => {
    expectSame([
      { v }, [v], { a: { b: v } }, { a: [v, { c: v }] }, [[v]], [{ d: v, e: [v] }], [[v, [v]], { f: { g: [v] } }],
      v, [v, v], { a: v, b: 1, c: [v] },
    ]);
    if (typeof v === 'string') {
      expectSame([
        { [v]: 1 }, { [v]: v }, { a: { [v]: v } }, [{ [v]: [v] }], { [v]: {} }, { [v]: { x: 1 } }, { [v]: [] },
        { [v]: [1, { [v]: null }] }, [[{ [v]: 1, z: v }]], { a: [{ b: { [v]: { [v]: [v] } } }] },
      ]);
    }
  });

  test('handles single-line tricky strings natively, as keys and values', () => {
    const handled = TRICKY_STRINGS.filter(s => !/^(?:---|\.\.\.)|[\n\r\u2028\u2029]/.test(s) && s.length <= 1000);
    expect(handled.length).toBeGreaterThan(130);
    for (const s of handled) {
      expect(fastYamlDocument({ [s]: s, a: [s] })).toBe(Yaml.stringify({ [s]: s, a: [s] }));
      expect(fastYamlDocument({ a: { [s]: { b: s } } })).toBe(Yaml.stringify({ a: { [s]: { b: s } } }));
    }
  });

  test('document shapes', () => {
    const shared = { a: 1 };
    const circular: any = { name: 'x' };
    circular.self = circular;
    class Thing { public a = 1; }
    expectSame([]);
    expectSame([undefined]);
    expectSame([undefined, undefined, { a: 1 }, undefined]);
    expectSame([
      {}, [], 'abc', 1, true, null, [undefined], [null], { a: undefined, b: null }, { a: null }, { a: undefined },
      [1, , 3], new Array(2), Object.assign(Object.create(null), { a: 1 }), Object.create(null),
      { a: {}, b: [], c: { d: [], e: {} } }, [[], {}, [[]], [{}]], [[[1]]], [[1, 2], [3, [4]]],
      [{ a: 1, b: 2 }, { c: [{ d: 1 }] }], { a: [[1, { b: [[]] }]] },
      { p: shared, q: shared }, { p: [shared, shared] }, [[], []], circular,
      { d: new Date(0) }, { s: new Set([1]) }, { m: new Map([['a', 1]]) }, { b: new String('x') }, { n: new Number(1) },
      { t: { toJSON: () => ({ z: 1 }) } }, { t: { toJSON: 1 } }, new Thing(), { t: new Thing() },
      { t: Object.assign([1], { toJSON: () => 'x' }) }, { t: Object.assign([1], { extra: 2 }) },
      { 1: 'a', b: 'c', 0: 'd' }, { 'a b': 1, 'c:d': 2, '': 3 },
    ]);
  });

  test('falls back for documents it does not handle', () => {
    const shared = { a: 1 };
    for (const doc of [undefined, null, 'abc', 1, { p: shared, q: shared }, { a: 'x\ny' }, { '---x': 1 },
      { a: NaN }, { d: new Date(0) }, { ['k'.repeat(1100)]: 1 }]) {
      expect(fastYamlDocument(doc)).toBeUndefined();
    }
    expect(fastYamlDocument({ apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80 }] } }))
      .toBe('apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n');
  });

  test('random documents', () => {
    const rand = lcg(0x5eed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const ALPHABET = 'abcxyzABCXYZ0123456789 .:-_/#@`%!&*{}[]"\'\\\t,?|>~=<+éü中😀\u0000\u2028\n\r';
    const seen: object[] = [];
    const randomString = (): string => {
      const r = rand();
      if (r < 0.3) return pick(TRICKY_STRINGS);
      if (r < 0.6) return `${pick(['svc', 'app', 'team', 'x', 'Yes', 'on'])}${pick(['', '-', '.', '/', '_', ':', ' '])}${Math.floor(rand() * 100)}`;
      if (r < 0.7) return String(pick([0, 1, 7, 8080, 0.5, 1e3, -3]));
      return Array.from({ length: Math.floor(rand() * 10) }, () => pick([...ALPHABET])).join('');
    };
    const scalar = (): unknown => pick([
      randomString, randomString, randomString,
      () => pick([0, -0, 1, -1, 3.5, 1e21, 2 ** 53 + 2, 1e-7, NaN, Infinity]),
      () => Math.floor(rand() * 100000) - 500, () => rand() < 0.5, () => null, () => undefined,
    ])();
    const node = (depth: number): unknown => {
      const r = rand();
      if (r < 0.01 && seen.length > 0) return pick(seen); // repeated reference: yaml writes an alias
      if (depth <= 0 || r < 0.4) return scalar();
      const size = Math.floor(rand() * 5);
      const result: any = r < 0.7 ? {} : [];
      for (let i = 0; i < size; i++) {
        if (Array.isArray(result)) result.push(node(depth - 1));
        else result[rand() < 0.7 ? pick(['name', 'kind', 'spec', 'ports', 'y', 'on', '8080', 'a b']) + i : randomString()] = node(depth - 1);
      }
      if (rand() < 0.05) seen.push(result);
      return result;
    };
    const failures: string[] = [];
    let handled = 0;
    for (let i = 0; i < 4000; i++) {
      const docs = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => (rand() < 0.9 ? node(1 + Math.floor(rand() * 5)) : scalar()));
      seen.length = 0;
      if (fastYamlStringify(docs) !== Yaml.stringify(...docs)) failures.push(JSON.stringify(docs));
      handled += docs.filter(d => fastYamlDocument(d) !== undefined).length;
    }
    expect(failures).toEqual([]);
    expect(handled).toBeGreaterThan(2000); // the comparison exercises the fast path, not only the fallback
  });

  describe('example manifests', () => {
    for (const ex of examples()) {
      test(ex.name, () => {
        const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-fast-yaml-'));
        try {
          const app = new App({ outdir });
          ex.build(app);
          for (const chart of app.charts) {
            const docs = chart.toJson();
            expect(fastYamlStringify(docs)).toBe(Yaml.stringify(...docs));
            // Only documents with multi-line strings (config files, templates) take the fallback.
            const fallback = docs.filter(d => fastYamlDocument(d) === undefined).map(d => `${d.kind}/${d.metadata?.name}`);
            const multiLine = docs.filter(d => JSON.stringify(d).includes('\\n')).map(d => `${d.kind}/${d.metadata?.name}`);
            expect(fallback).toEqual(multiLine);
          }
        } finally {
          fs.rmSync(outdir, { recursive: true, force: true });
        }
      });
    }

    test('ordinary manifests take the fast path', () => {
      const kinds = new Set<string>();
      for (const ex of examples().filter(e => e.name.startsWith('payments-') || e.name.startsWith('namespace-'))) {
        const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-fast-yaml-')) });
        ex.build(app);
        for (const doc of app.charts.flatMap(c => c.toJson())) {
          expect(fastYamlDocument(doc)).toBe(Yaml.stringify(doc));
          kinds.add(doc.kind);
        }
        fs.rmSync(app.outdir, { recursive: true, force: true });
      }
      expect([...kinds]).toEqual(expect.arrayContaining(['Namespace', 'NetworkPolicy', 'Service', 'ServiceAccount', 'Deployment']));
    });
  });
});

/** Small deterministic PRNG (Park-Miller minimal standard; exact in doubles). */
function lcg(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}
