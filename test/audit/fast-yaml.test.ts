// The fast block-YAML reader (src/audit/internal/fast-yaml.ts) must give exactly what the
// `yaml` package gives (objects and line ranges), or step aside: parseManifests is compared
// with the `yaml` package path on every case below and on every manifest in the repository.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { examples } from '../../examples/registry';
import { readDocument, splitDocuments } from '../../src/audit/internal/fast-yaml';
import { decodeText, parseFullForTest, parseManifests } from '../../src/audit/internal/loader';
import { MANIFEST_LOCATIONS } from '../../src/audit/internal/manifests';
import { LinearSynth } from '../../src/synth/linear-synth';

/** Objects, errors and every recorded line range (List items included). */
function view(r: { objects: any[]; errors: any[] }): string {
  const locs = r.objects.map(o => [MANIFEST_LOCATIONS.get(o), ...(Array.isArray(o.items) ? o.items.map((i: any) => MANIFEST_LOCATIONS.get(i)) : [])]);
  return JSON.stringify({ objects: r.objects, errors: r.errors, locs }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

function same(text: string, source = 'in.yaml'): void {
  expect(view(parseManifests(text, source))).toEqual(view(parseFullForTest(text, source)));
}

/** Whether the fast reader takes the text itself (no fallback). */
function fast(text: string): boolean {
  try {
    splitDocuments(text).forEach(readDocument);
    return true;
  } catch {
    return false;
  }
}

// YAML 1.2 core schema as the `yaml` package resolves it (https://yaml.org/spec/1.2.2/#1032-tag-resolution,
// eemeli/yaml src/schema/core/*.ts): each row is read by the fast reader and must equal the `yaml` package.
const SCALARS = [
  '~', 'null', 'Null', 'NULL', '', 'true', 'True', 'TRUE', 'false', 'FALSE', 'yes', 'no', 'on', 'off', 'y',
  '0', '-0', '+12', '007', '0o17', '0o8', '0x1F', '0xg', '1_000', '9007199254740993',
  '1.5', '-.5', '+1.', '1e3', '1.2E-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'NaN', 'inf',
  '2026-11-23', '2026-11-23T00:00:00Z', '12:30:00', '0755', '1e', 'e1', '-', '-a', ':a', '?a',
  'http://authors:7001', 'a#b', 'a #b', 'a  b', "it's", '"dq"', "'sq'", "'it''s'", '"a \\" b"', '"\\u00e9\\n\\t"',
  '"\\x41"', '"a # b"', "'a # b'", '{}', '[]', '[a, b]', '{a: 1}', '&a x', '*a', '!!str 1', '|', '>-',
  '"unterminated', "'unterminated", 'a: b', 'a:', '@x', '`x', '%x', '"\\/"',
];

describe('fast YAML reader agrees with the yaml package', () => {
  test.each(SCALARS)('scalar value %j', s => {
    same(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: ${s}\n  l:\n  - ${s}\n`);
  });

  test.each([
    ['quoted and numeric keys', 'a:\n  "quoted key": 1\n  \'sq\': 2\n  8080: x\n  1.0: y\n  true: z\n  null: n\n  0x10: h\n  -k: v\n  http://x: u\n'],
    ['sequence at the key\'s indent (kubectl style)', 'spec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: 80\n  - name: b\n'],
    ['indented sequences, compact maps, nested sequences', 'a:\n  - b: 1\n    c:\n      - 2\n  - - x\n    - y\n  -\n    d: 3\n  - # c\n    e: 4\n'],
    ['indented comments after the last entry (in the range, for the yaml package)', 'a:\n  b: 1\n  # c\n    # d\n# e\n'],
    ['an indented comment before the first entry', '  # lead\na: 1\n'],
    ['comments everywhere', '# head\na: 1 # one\n# mid\nb:  # nested\n  c: 2\n\n  # deep\n  d: "x" # q\n# tail\n'],
    ['empty values', 'a:\nb: {}\nc: []\nd: ""\ne: \'\'\n'],
    ['multi-line plain scalar (fallback)', 'a: one\n  two\nb: 2\n'],
    ['block scalars (fallback)', 'a: |\n  line 1\n  line 2\nb: >-\n  folded\n'],
    ['anchors and merge keys (fallback)', 'base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n'],
    ['flow collections (fallback)', 'a: {b: 1, c: [1, 2]}\n'],
    ['duplicate keys (an error, reported by the yaml package)', 'a: 1\na: 2\n'],
    ['bad indentation (an error)', 'a:\n  b: 1\n c: 2\n'],
    ['tabs (fallback)', 'a:\n\tb: 1\n'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  c: x\r\n'],
    ['document markers with comments', '--- # first\na: 1\n---\n# only a comment\n---\nb: 2\n...\n'],
    ['content on the marker line (fallback)', '--- a: 1\n'],
    ['directive (fallback)', '%YAML 1.1\n---\na: yes\n'],
    ['a root sequence', '- a: 1\n- b: 2\n'],
    ['a root scalar', 'hello\n'],
    ['empty text', ''],
    ['only markers', '---\n---\n'],
    ['no final newline', 'a: 1\nb: 2'],
    ['trailing spaces', 'a: 1   \nb: "x"  \n'],
    ['__proto__ key (fallback)', '__proto__:\n  polluted: 1\n'],
    ['List kind: item ranges', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: b\n'],
    ['a broken document among good ones', 'a: 1\n---\nb: [\n---\nc: 3\n'],
    ['an alias bomb', 'a: &a ["x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'],
  ])('%s', (_name, text) => {
    same(text);
  });

  test('a document outside the subset is read by the yaml package, with the right lines; its neighbours by the fast reader', () => {
    const text = 'apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  f: |\n    x\n---\napiVersion: v1\nkind: B\n';
    same(text);
    const r = parseManifests(text, 'x.yaml');
    expect(r.objects.map(o => [o.kind, MANIFEST_LOCATIONS.get(o)?.startLine, MANIFEST_LOCATIONS.get(o)?.endLine])).toEqual([['A', 1, 2], ['ConfigMap', 4, 8], ['B', 10, 11]]);
  });

  test('every YAML file in the repository', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) { if (!['node_modules', '.git', 'out', 'lib', 'dist'].includes(e.name)) walk(p); } else if (/\.ya?ml$/.test(e.name)) {files.push(p);}
      }
    };
    for (const d of ['test', 'examples', 'schemas']) if (fs.existsSync(path.join(__dirname, '..', '..', d))) walk(path.join(__dirname, '..', '..', d));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const text = decodeText(fs.readFileSync(f));
      expect([f, view(parseManifests(text, f))]).toEqual([f, view(parseFullForTest(text, f))]);
    }
  });

  test('every example, as the library writes it, is read by the fast reader (block scalars aside) and gives the same objects', () => {
    for (const ex of examples()) {
      const app = new App({ outdir: '/nonexistent' });
      ex.build(app);
      const docs = LinearSynth.manifestsPerChart(app).flat().map(o => stringify(o, { lineWidth: 0 }));
      // Multi-line strings (SPIRE's server.conf in a ConfigMap) are written as block scalars: the yaml package reads those.
      const slow = docs.filter(d => !fast(d));
      expect([ex.name, slow.filter(d => !/: [|>][-+]?\n/.test(d))]).toEqual([ex.name, []]);
      expect(slow.length).toBeLessThan(Math.max(2, docs.length / 5));
      same(docs.join('---\n'), `${ex.name}.k8s.yaml`);
    }
  });
});
