import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as s from './scenario';
import { AuditCli } from '../../src/audit';

function run(args: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = AuditCli.run(args, { stdout: t => { out += t; }, stderr: t => { err += t; }, readStdin: () => stdin });
  return { code, out, err };
}

const toYaml = (objs: any[]) => objs.map(o => JSON.stringify(o)).join('\n---\n'); // JSON is YAML

let dir: string;
beforeAll(() => {
  process.env.ZERO_TRUST_TODAY = '2026-11-23';
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-cli-'));
  fs.mkdirSync(path.join(dir, 'clean', 'nested'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'clean', 'workloads.yaml'), toYaml(s.workloads()));
  fs.writeFileSync(path.join(dir, 'clean', 'nested', 'policies.yml'), toYaml(s.networkPolicies()));
  fs.writeFileSync(path.join(dir, 'clean', 'ignored.txt'), 'not yaml: [');
  fs.writeFileSync(path.join(dir, 'permissive.json'), JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments' }, spec: { mtls: { mode: 'PERMISSIVE' } } },
    ],
  }));
  fs.writeFileSync(path.join(dir, 'legacy.yaml'), toYaml([s.deployment('legacy')]));
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('audit', () => {
  test('clean directory (recursive, multi-document): exit 0', () => {
    const r = run(['audit', path.join(dir, 'clean')]);
    expect(r).toEqual({ code: 0, out: 'No zero-trust findings.\n', err: '' });
  });
  test('findings at or above --min-severity: exit 1; below: exit 0', () => {
    const files = [path.join(dir, 'clean'), path.join(dir, 'permissive.json')];
    const r = run(['audit', ...files]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`HIGH     ZT-MTLS-001 PeerAuthentication/payments/default (${path.join(dir, 'permissive.json')})`);
    expect(run(['audit', '--min-severity', 'critical', ...files]).code).toBe(0);
    const legacy = [path.join(dir, 'clean'), path.join(dir, 'legacy.yaml')];
    expect(run(['audit', ...legacy]).code).toBe(0); // MEDIUM only
    expect(run(['audit', '--min-severity', 'MEDIUM', ...legacy]).code).toBe(1);
  });
  test('--suppress RULE:reason and RULE:object:reason', () => {
    const files = [path.join(dir, 'clean'), path.join(dir, 'permissive.json')];
    expect(run(['audit', '--suppress', 'ZT-MTLS-001:migration window until 2027-01', ...files]).code).toBe(0);
    expect(run(['audit', '--suppress', 'ZT-MTLS-001:payments/default:migration window', ...files]).code).toBe(0);
    expect(run(['audit', '--suppress', 'ZT-MTLS-001:payments/other:migration window', ...files]).code).toBe(1);
  });
  test('json and sarif formats', () => {
    const files = [path.join(dir, 'clean'), path.join(dir, 'permissive.json')];
    const json = JSON.parse(run(['audit', '--format', 'json', ...files]).out);
    expect(json.summary.total).toBe(1);
    expect(json.findings[0]).toMatchObject({ ruleId: 'ZT-MTLS-001', file: path.join(dir, 'permissive.json') });
    const sarif = JSON.parse(run(['audit', '--format=sarif', '--root', dir, ...files]).out);
    expect(sarif.version).toBe('2.1.0');
    // a repository-relative URI (SARIF §3.4.3, uriBaseId §3.4.4) and the object's lines (§3.30)
    expect(sarif.runs[0].results[0].locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'permissive.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, endLine: 1 } },
      logicalLocations: [{ fullyQualifiedName: 'PeerAuthentication/payments/default', name: 'default', kind: 'resource' }],
    });
  });
  test('- reads stdin', () => {
    const r = run(['audit', '-'], toYaml([...s.workloads(), ...s.networkPolicies(), s.deployment('legacy')]));
    expect(r.code).toBe(0);
    expect(r.out).toContain('MEDIUM   ZT-ID-001   Deployment/payments/legacy (<stdin>)');
  });
  test('--trust-domain and --pack', () => {
    const objs = [...s.workloads(), ...s.networkPolicies(), ...s.istioPolicies()];
    expect(run(['audit', '--trust-domain', 'prod.example.com', '-'], toYaml(objs)).out).toContain('ZT-ID-004');
    expect(run(['audit', '--pack', 'secrets', '-'], toYaml([s.deployment('legacy')])).out).toBe('No zero-trust findings.\n');
  });
  test.each([
    [['audit'], /no input/],
    [['audit', '--format', 'xml', 'x.yaml'], /--format must be text, json or sarif/],
    [['audit', '--min-severity', 'urgent', 'x.yaml'], /--min-severity must be one of/],
    [['audit', '--suppress', 'ZT-ID-001', 'x.yaml'], /--suppress needs RULE:reason/],
    [['audit', '--bogus', 'x'], /unknown option --bogus/],
    [['audit', '--suppress', 'ZT-NOPE:reason', '-'], /unknown rule "ZT-NOPE"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /Usage:/],
  ])('usage error %j: exit 2', (args, msg) => {
    const r = run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg as RegExp);
  });
  test('missing file and invalid YAML: exit 2', () => {
    expect(run(['audit', path.join(dir, 'nope.yaml')])).toMatchObject({ code: 2, err: expect.stringContaining('no such file or directory') });
    expect(run(['audit', path.join(dir, 'broken.yaml')])).toMatchObject({ code: 2, err: expect.stringContaining('invalid YAML') });
  });
  test('help: exit 0', () => {
    expect(run(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('cdk8s-zero-trust audit') });
  });
});

describe('graph', () => {
  test('mermaid (default) and dot', () => {
    const input = toYaml([...s.workloads(), ...s.networkPolicies()]);
    const m = run(['graph', '-'], input);
    expect(m.code).toBe(0);
    expect(m.out.startsWith('flowchart LR\n')).toBe(true);
    expect(m.out).toContain('payments_checkout_service -->|"8080"| payments_payment_processor');
    const d = run(['graph', '--format', 'dot', '--engine', 'network-policy', '-'], input);
    expect(d.out).toContain('digraph reachability {');
    expect(d.out).toContain('"payments/checkout-service" -> "payments/payment-processor" [label="8080"];');
  });
  test('usage errors', () => {
    expect(run(['graph', '--format', 'png', '-']).code).toBe(2);
    expect(run(['graph', '--engine', 'calico', '-']).code).toBe(2);
  });
});
