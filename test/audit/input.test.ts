// Any input: bad files are reported and do not hide the others; encodings; help; SARIF locations.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AuditCli } from '../../src/audit';

const FIX = path.join(__dirname, 'fixtures', 'regressions', 'input');

function run(args: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = AuditCli.run(args, { stdout: t => { out += t; }, stderr: t => { err += t; }, readStdin: () => stdin });
  return { code, out, err };
}

function findings(args: string[]): { code: number; json: any; err: string } {
  const r = run(['audit', '--format', 'json', ...args]);
  return { code: r.code, json: JSON.parse(r.out), err: r.err };
}

describe('one unparsable file does not hide the rest', () => {
  test('a directory with a broken file: every other file is audited, the broken one reported with its line, exit 2', () => {
    const { code, json, err } = findings([path.join(FIX, 'mixed-dir')]);
    expect(code).toBe(2); // the worst status: input error (2) over findings (1)
    expect(json.findings.map((f: any) => `${f.ruleId} ${f.name} ${path.basename(f.file)}`)).toEqual([
      'ZT-MTLS-001 mesh c-good.json',
      'ZT-MTLS-001 default a-good.yaml',
    ]);
    expect(json.inputErrors).toEqual([{ file: path.join(FIX, 'mixed-dir', 'b-broken.yaml'), line: 8, reason: expect.stringMatching(/^invalid YAML: /) }]);
    expect(err).toMatch(new RegExp(`^error: ${path.join(FIX, 'mixed-dir', 'b-broken.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8: invalid YAML`, 'm'));
  });
  test('text output lists the findings and names the input errors', () => {
    const r = run(['audit', path.join(FIX, 'mixed-dir')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('ZT-MTLS-001 PeerAuthentication/payments/default');
    expect(r.out).toContain('1 input error: ');
  });
  test('a missing path is an input error too; the other paths are audited', () => {
    const { code, json, err } = findings([path.join(FIX, 'nope.yaml'), path.join(FIX, 'mixed-dir', 'a-good.yaml')]);
    expect(code).toBe(2);
    expect(json.findings).toHaveLength(1);
    expect(err).toContain('nope.yaml: no such file or directory');
  });
  test('invalid JSON names the file and line', () => {
    const r = run(['audit', '-'], '');
    expect(r.code).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-json-'));
    try {
      fs.writeFileSync(path.join(dir, 'x.json'), '{\n  "kind": "A",\n  oops\n}\n');
      const j = findings([path.join(dir, 'x.json')]);
      expect(j.code).toBe(2);
      expect(j.json.inputErrors[0]).toMatchObject({ file: path.join(dir, 'x.json'), line: 3, reason: expect.stringMatching(/^invalid JSON/) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('an alias bomb is refused, naming the file', () => {
    const { code, json, err } = findings([path.join(FIX, 'alias-bomb.yaml'), path.join(FIX, 'mixed-dir', 'a-good.yaml')]);
    expect(code).toBe(2);
    expect(err).toContain(`${path.join(FIX, 'alias-bomb.yaml')}:2: `);
    expect(json.inputErrors[0].reason).toMatch(/alias/i);
    expect(json.findings).toHaveLength(1);
  });
  test('deep nesting is refused, naming the file', () => {
    const r = run(['audit', '-'], `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: <stdin>(:\d+)?: /m);
  });
});

describe('encodings', () => {
  test.each([
    ['utf16le-bom.yaml', 'utf16le'],
    ['utf16be-bom.yaml', 'utf16be'],
    ['utf8-bom.yaml', 'utf8bom'],
  ])('%s is decoded and audited', (file, name) => {
    const { code, json } = findings([path.join(FIX, file)]);
    expect(code).toBe(1);
    expect(json.findings.map((f: any) => `${f.ruleId} ${f.name}`)).toEqual([`ZT-MTLS-001 ${name}`]);
    expect(json.inputErrors).toEqual([]);
  });
});

describe('usage', () => {
  test.each([['audit', '--help'], ['audit', '-h'], ['graph', '--help'], ['audit', 'x.yaml', '--help']])('%s %s prints usage and exits 0', (...args) => {
    const r = run(args);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('Usage:');
  });
  test.each([['audit', '--frobnicate', 'x.yaml'], ['audit', '-x', 'x.yaml'], ['graph', '--bogus=1', '-']])('%s %s: unknown option, exit 2', (...args) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option/);
  });
});

describe('SARIF locations', () => {
  test('multi-document YAML and List items: each finding points at its own object\'s lines, relative to --root', () => {
    const r = run(['audit', '--format', 'sarif', '--root', path.join(__dirname, '..', '..'), path.join(FIX, 'multi-doc.yaml')]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.out);
    const locs = sarif.runs[0].results.map((x: any) => [x.locations[0].logicalLocations[0].name, x.locations[0].physicalLocation]);
    const uri = { uri: 'test/audit/fixtures/regressions/input/multi-doc.yaml', uriBaseId: '%SRCROOT%' };
    expect(locs).toEqual([
      ['second', { artifactLocation: uri, region: { startLine: 11, endLine: 18 } }],
      ['third', { artifactLocation: uri, region: { startLine: 23, endLine: 30 } }],
    ]);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.version).toBe(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
    expect(sarif.runs[0].invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });
  test('every artifact URI is relative (no scheme, no leading /) with a uriBaseId, by default relative to the work tree', () => {
    const r = run(['audit', '--format', 'sarif', path.join(FIX, 'mixed-dir')]);
    const sarif = JSON.parse(r.out);
    const artifacts = [
      ...sarif.runs[0].results.map((x: any) => x.locations[0].physicalLocation.artifactLocation),
      ...sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: any) => n.locations[0].physicalLocation.artifactLocation),
    ];
    expect(artifacts).toHaveLength(3);
    for (const a of artifacts) {
      expect(a.uriBaseId).toBe('%SRCROOT%');
      expect(a.uri).not.toMatch(/^([a-z]+:|\/)/i);
      expect(a.uri.startsWith('test/audit/fixtures/regressions/input/mixed-dir/')).toBe(true);
    }
    expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', locations: [{ physicalLocation: { region: { startLine: 8 } } }] }] });
  });
});

describe('graph', () => {
  test('pods that declare no container ports: probed on every port the manifests name, and on "any port"', () => {
    const r = run(['graph', path.join(FIX, 'graph-no-ports.yaml')]);
    expect(r.code).toBe(0);
    const edges = r.out.split('\n').filter(l => l.includes('-->'));
    expect(edges).toEqual([
      '  shop_web -->|"8080"| shop_api',
      '  shop_web -->|"8080; any port"| shop_db',
    ]);
  });
});
