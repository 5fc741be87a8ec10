// `AuditDiff` / `cdk8s-zero-trust diff`: what a change opens and closes, on real before/after pairs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { AuditCli, AuditDiff, EdgeChangeKind, Engine, Severity } from '../../src/audit';
import { LinearSynth } from '../../src/synth/linear-synth';

function manifests(example: string): any[] {
  const app = new App({ outdir: '/nonexistent' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(`../../examples/${example}`).build(app);
  return LinearSynth.manifestsPerChart(app).flat();
}

function run(args: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = AuditCli.run(args, { stdout: t => { out += t; }, stderr: t => { err += t; }, readStdin: () => stdin });
  return { code, out, err };
}

const CHECKOUT = 'payments/payments-checkout-service-c899c810';
const PROCESSOR = 'payments/payments-payment-processor-c858057a';
const show = (d: AuditDiff, engine?: Engine) => d.edgesOf(engine).map(e => `${e.kind} ${e.source} -> ${e.destination}:${e.ports} [${e.l7.join(', ')}]${e.declared ? '' : ' undeclared'}`);

/** Kubernetes' allow-all ingress idiom: `ingress: [{}]` ("allow all incoming connections", https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic). */
const ALLOW_ALL = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all-ingress', namespace: 'payments' }, spec: { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] } };

let sidecar: any[];
let ambient: any[];
let netpol: any[];
beforeAll(() => {
  process.env.ZERO_TRUST_TODAY = '2026-11-23';
  sidecar = manifests('payments-istio-sidecar');
  ambient = manifests('payments-istio-ambient');
  netpol = manifests('payments-networkpolicy');
});

describe('AuditDiff on real before/after pairs', () => {
  test('sidecar -> ambient migration of the payments example: nothing opens or closes end to end; NetworkPolicy opens the HBONE port 15008', () => {
    const d = AuditDiff.of(sidecar, ambient);
    expect(d.engines).toEqual([Engine.NETWORK_POLICY, Engine.ISTIO]);
    expect(show(d)).toEqual([]);
    // Ambient traffic between meshed pods is HBONE on port 15008 to the destination's ztunnel,
    // which NetworkPolicy must allow ("ambient's secure L4 overlay will tunnel traffic between your pods over port 15008",
    // https://istio.io/latest/docs/ambient/usage/networkpolicy/).
    expect(show(d, Engine.NETWORK_POLICY)).toEqual([`OPENED ${CHECKOUT} -> ${PROCESSOR}:15008 [] undeclared`]);
    expect(show(d, Engine.ISTIO)).toEqual([]);
    expect(d.introduced).toEqual([]);
    expect(d.failed).toBe(false);
  });

  test('a route removed (checkout -> processor, sidecar): the connection closes on every engine that carried it; nothing fails', () => {
    const after = sidecar.filter(o => !/^allow-checkout-service-to-payment-processor/.test(o.metadata?.name ?? ''));
    expect(after.length).toBe(sidecar.length - 3); // NetworkPolicy egress + ingress, AuthorizationPolicy
    const d = AuditDiff.of(sidecar, after);
    expect(show(d)).toEqual([`CLOSED ${CHECKOUT} -> ${PROCESSOR}:8080 []`]);
    expect(d.edgesOf(undefined)[0].previousL7).toEqual(['POST /v1/payments']);
    expect(show(d, Engine.NETWORK_POLICY)).toEqual([`CLOSED ${CHECKOUT} -> ${PROCESSOR}:8080 []`]);
    expect(show(d, Engine.ISTIO)).toEqual([`CLOSED ${CHECKOUT} -> ${PROCESSOR}:8080 []`]);
    expect(d.failed).toBe(false);
    expect(d.summary()).toBe('0 connections opened, 1 closed; 0 findings introduced, 0 fixed');
  });

  test('the same route added back: opened with its HTTP request, undeclared unless declared', () => {
    const before = sidecar.filter(o => !/^allow-checkout-service-to-payment-processor/.test(o.metadata?.name ?? ''));
    const d = AuditDiff.of(before, sidecar);
    expect(show(d)).toEqual([`OPENED ${CHECKOUT} -> ${PROCESSOR}:8080 [POST /v1/payments] undeclared`]);
    expect(d.failed).toBe(true);
    const declared = AuditDiff.of(before, sidecar, { declaredEdges: [{ source: CHECKOUT, destination: 'payments/*', ports: '8080' }] });
    expect(show(declared)).toEqual([`OPENED ${CHECKOUT} -> ${PROCESSOR}:8080 [POST /v1/payments]`]);
    expect(declared.failed).toBe(false);
    // A declaration on another port does not cover it.
    expect(AuditDiff.of(before, sidecar, { declaredEdges: [{ source: CHECKOUT, destination: PROCESSOR, ports: '9000-9999' }] }).failed).toBe(true);
  });

  test('an allow-all ingress added (NetworkPolicy example): opens every workload to the internet and other namespaces, and introduces ZT-NET-002', () => {
    const d = AuditDiff.of(netpol, [...netpol, ALLOW_ALL]);
    expect(show(d)).toEqual([
      `OPENED outside/unrelated-namespace -> ${CHECKOUT}:1-65535 [] undeclared`,
      `OPENED outside/unrelated-namespace -> ${PROCESSOR}:1-65535 [] undeclared`,
      `OPENED outside/world -> ${CHECKOUT}:1-65535 [] undeclared`,
      `OPENED outside/world -> ${PROCESSOR}:1-65535 [] undeclared`,
    ]);
    // Egress stays default-deny: the app's own workloads gain nothing from an ingress allow-all.
    expect(d.edgesOf(undefined).filter(e => !e.source.startsWith('outside/'))).toEqual([]);
    expect(d.introduced.map(f => `${f.ruleId} ${f.kind}/${f.name}`)).toEqual(['ZT-NET-002 NetworkPolicy/allow-all-ingress']);
    expect(d.failed).toBe(true);
    // Declared edges silence the connections, not the finding; the severity gate decides the finding.
    const declared = { declaredEdges: [{ source: 'outside/*', destination: 'payments/*' }] };
    expect(AuditDiff.of(netpol, [...netpol, ALLOW_ALL], declared).failed).toBe(true);
    expect(AuditDiff.of(netpol, [...netpol, ALLOW_ALL], { ...declared, minSeverity: Severity.CRITICAL }).failed).toBe(false);
    // And the reverse change closes them and fixes the finding.
    const back = AuditDiff.of([...netpol, ALLOW_ALL], netpol);
    expect(back.edgesOf(undefined).map(e => e.kind)).toEqual(Array(4).fill(EdgeChangeKind.CLOSED));
    expect(back.resolved.map(f => f.ruleId)).toEqual(['ZT-NET-002']);
    expect(back.failed).toBe(false);
  });

  test('no change: empty diff', () => {
    const d = AuditDiff.of(sidecar, manifests('payments-istio-sidecar'));
    expect(d.edges).toEqual([]);
    expect(d.introduced).toEqual([]);
    expect(d.resolved).toEqual([]);
    expect(d.failed).toBe(false);
  });

  test('markdown tables stay short: 50 rows, undeclared connections first, the rest counted', () => {
    const deployments = Array.from({ length: 30 }, (_, i) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `w${String(i).padStart(2, '0')}`, namespace: 'big' },
      spec: { selector: { matchLabels: { app: `w${i}` } }, template: { metadata: { labels: { app: `w${i}` } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }] }] } } },
    }));
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'big' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const allowAll = { ...ALLOW_ALL, metadata: { name: 'allow-all', namespace: 'big' } };
    const d = AuditDiff.of([...deployments, deny], [...deployments, deny, allowAll], { declaredEdges: [{ source: 'outside/unrelated-namespace', destination: '*' }] });
    expect(d.edgesOf(undefined)).toHaveLength(60);
    const md = d.toMarkdown();
    const combined = md.split('#### Connections (all engines combined)')[1].split('<details>')[0];
    const rows = combined.split('\n').filter(l => l.startsWith('| opened'));
    expect(rows).toHaveLength(50);
    expect(rows.slice(0, 30).every(r => r.includes('`outside/world`') && r.endsWith('| **no** |'))).toBe(true);
    expect(combined).toContain('| … | 10 more (of 60): see --format json or sarif |');
  });

  test('a bad declared port is an error', () => {
    expect(() => AuditDiff.of([], [], { declaredEdges: [{ source: '*', destination: '*', ports: 'http' }] })).toThrow(/ports "http"/);
  });
});

describe('cdk8s-zero-trust diff', () => {
  let dir: string;
  const write = (name: string, objs: any[]) => {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'app.k8s.yaml'), objs.map(o => stringify(o)).join('---\n'));
    return path.join(dir, name);
  };
  let before: string;
  let after: string;
  let allow: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-diff-'));
    before = write('before', netpol);
    after = write('after', [...netpol, ALLOW_ALL]);
    allow = path.join(dir, 'allow.txt');
    fs.writeFileSync(allow, '# the change is meant to open payments to everyone\noutside/* -> payments/*:*\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('text: exit 1 on an undeclared opened connection and a HIGH finding', () => {
    const r = run(['diff', before, after]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`+ opened   outside/world -> ${PROCESSOR}:1-65535 (any request)`);
    expect(r.out).toContain('+ HIGH     ZT-NET-002  NetworkPolicy/payments/allow-all-ingress');
    expect(r.out).toMatch(/FAILS \(4 undeclared connections opened; 1 finding at or above HIGH introduced\)/);
  });

  test('--allow and --min-severity: exit 0 when every opened connection is declared and no finding reaches the gate', () => {
    expect(run(['diff', '--allow', allow, before, after]).code).toBe(1);
    expect(run(['diff', '--allow', allow, '--min-severity', 'CRITICAL', before, after]).code).toBe(0);
    expect(run(['diff', after, before]).code).toBe(0);
  });

  test('json, markdown and sarif', () => {
    const json = JSON.parse(run(['diff', '--format', 'json', before, after]).out);
    expect(json.failed).toBe(true);
    expect(json.edges.filter((e: any) => e.engine === undefined)).toHaveLength(4);
    expect(json.introduced.map((f: any) => f.ruleId)).toEqual(['ZT-NET-002']);
    expect(json.inputErrors).toEqual([]);

    const md = run(['diff', '--format', 'markdown', before, after]).out;
    expect(md).toMatch(/^### Zero-trust diff: fails/);
    expect(md).toContain(`| opened | \`outside/world\` | \`${PROCESSOR}\` | 1-65535 | any request | **no** |`);
    expect(md).toContain('| HIGH | ZT-NET-002 | `NetworkPolicy/payments/allow-all-ingress` |');

    const sarif = JSON.parse(run(['diff', '--format', 'sarif', '--root', dir, before, after]).out);
    const results = sarif.runs[0].results;
    expect(results.map((x: any) => x.ruleId).sort()).toEqual(['ZT-DIFF-001', 'ZT-DIFF-001', 'ZT-DIFF-001', 'ZT-DIFF-001', 'ZT-NET-002']);
    const rules = sarif.runs[0].tool.driver.rules;
    for (const x of results) expect(rules[x.ruleIndex].id).toBe(x.ruleId);
    const edge = results.find((x: any) => x.ruleId === 'ZT-DIFF-001' && x.properties.destination === PROCESSOR && x.properties.source === 'outside/world');
    // The destination workload's Deployment in the after file.
    const loc = edge.locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'after/app.k8s.yaml', uriBaseId: '%SRCROOT%' });
    const lines = fs.readFileSync(path.join(after, 'app.k8s.yaml'), 'utf8').split('\n');
    expect(lines[loc.region.startLine - 1]).toBe('apiVersion: apps/v1');
    expect(lines.slice(loc.region.startLine - 1, loc.region.endLine).join('\n')).toContain('name: payments-payment-processor-c858057a');
  });

  test('stdin for one side; usage errors exit 2', () => {
    const stdin = fs.readFileSync(path.join(after, 'app.k8s.yaml'), 'utf8');
    expect(run(['diff', before, '-'], stdin).code).toBe(1);
    expect(run(['diff', before]).code).toBe(2);
    expect(run(['diff', '-', '-']).err).toMatch(/only one of <before> and <after> can be -/);
    expect(run(['diff', '--format', 'html', before, after]).code).toBe(2);
    const bad = path.join(dir, 'bad-allow.txt');
    fs.writeFileSync(bad, 'payments/a payments/b\n');
    expect(run(['diff', '--allow', bad, before, after]).err).toMatch(/bad-allow.txt:1: expected/);
    expect(run(['diff', '--help']).code).toBe(0);
  });

  test('an unreadable side is an input error: exit 2', () => {
    expect(run(['diff', path.join(dir, 'nope'), after]).code).toBe(2);
  });
});
