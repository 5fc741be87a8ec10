import * as os from 'os';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as s from './scenario';
import { Audit, Severity } from '../../src/audit';
import { appSynthMessage } from '../util/synth';
import './audit-matchers';

const NOW = new Date('2026-11-23T00:00:00Z');

function chartWith(scope: any, id: string, objects: any[]): Chart {
  const chart = new Chart(scope, id);
  objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o));
  return chart;
}

const permissive = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments' }, spec: { mtls: { mode: 'PERMISSIVE' } } };

describe('Audit.of / AuditReport', () => {
  test('audits every chart of an app together', () => {
    const app = Testing.app();
    chartWith(app, 'workloads', s.workloads());
    chartWith(app, 'policies', s.networkPolicies());
    expect(Audit.of(app, { now: NOW }).findings).toEqual([]);
    const only = Testing.app();
    const c = chartWith(only, 'workloads', s.workloads());
    expect(Audit.of(c, { now: NOW }).findings.map(f => f.ruleId)).toEqual(['ZT-NET-001']);
  });

  test('findings carry the object, the rule and the fix; text and json render them', () => {
    const report = Audit.ofManifests([...s.workloads(), ...s.networkPolicies(), permissive], { now: NOW });
    expect(report.findings).toEqual([{
      ruleId: 'ZT-MTLS-001',
      pack: 'mtls',
      severity: Severity.HIGH,
      message: 'mTLS mode PERMISSIVE accepts plaintext for namespace payments, with no valid mtls-permissive exception.',
      fix: expect.stringContaining('spec.mtls.mode: STRICT'),
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      name: 'default',
      namespaceName: 'payments',
      file: undefined,
    }]);
    expect(report.toText()).toContain('HIGH     ZT-MTLS-001 PeerAuthentication/payments/default\n         mTLS mode PERMISSIVE');
    expect(report.toText()).toMatch(/1 finding: 1 HIGH\n$/);
    expect(report.toJson().summary).toEqual({ total: 1, bySeverity: { CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0, INFO: 0 } });
    expect(report.atLeast(Severity.CRITICAL)).toEqual([]);
    expect(report.atLeast(Severity.HIGH)).toHaveLength(1);
    expect(Audit.ofManifests([], {}).toText()).toBe('No zero-trust findings.\n');
  });

  test('packs, exclude and suppressions', () => {
    const m = [...s.workloads(), permissive, s.deployment('legacy')];
    const all = Audit.ofManifests(m, { now: NOW }).findings.map(f => f.ruleId);
    expect(all).toEqual(expect.arrayContaining(['ZT-MTLS-001', 'ZT-NET-001', 'ZT-ID-001']));
    expect(Audit.ofManifests(m, { now: NOW, packs: ['identity'] }).findings.map(f => f.ruleId)).toEqual(['ZT-ID-001']);
    expect(Audit.ofManifests(m, { now: NOW, exclude: ['ZT-NET-001'] }).findings.map(f => f.ruleId)).not.toContain('ZT-NET-001');
    const sup = Audit.ofManifests(m, { now: NOW, suppressions: [{ ruleId: 'ZT-ID-001', reason: 'legacy until Q3', objectName: 'payments/legacy' }] });
    expect(sup.findings.map(f => f.ruleId)).not.toContain('ZT-ID-001');
    const other = Audit.ofManifests(m, { now: NOW, suppressions: [{ ruleId: 'ZT-ID-001', reason: 'r', objectName: 'someone-else' }] });
    expect(other.findings.map(f => f.ruleId)).toContain('ZT-ID-001');
  });

  test('a suppression without a reason, an unknown rule or pack is an error', () => {
    expect(() => Audit.ofManifests([], { suppressions: [{ ruleId: 'ZT-ID-001', reason: '' }] })).toThrow('the suppression of ZT-ID-001 needs a reason');
    expect(() => Audit.ofManifests([], { suppressions: [{ ruleId: 'ZT-NOPE', reason: 'x' }] })).toThrow(/unknown rule "ZT-NOPE"/);
    expect(() => Audit.ofManifests([], { packs: ['tls'] })).toThrow(/unknown audit pack "tls"/);
  });

  test('List kinds are flattened', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [...s.workloads(), ...s.networkPolicies(), permissive] };
    expect(Audit.ofManifests([list], { now: NOW }).findings.map(f => f.ruleId)).toEqual(['ZT-MTLS-001']);
  });
});

describe('SARIF', () => {
  test('2.1.0 shape with rules, results, levels and logical locations', () => {
    const sarif = Audit.ofManifests([...s.workloads(), ...s.networkPolicies(), permissive, s.deployment('legacy')], { now: NOW }).toSarif();
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('cdk8s-zero-trust');
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(Audit.rules().map(r => r.id));
    expect(run.tool.driver.rules[0]).toMatchObject({ id: 'ZT-MTLS-001', shortDescription: { text: expect.any(String) }, defaultConfiguration: { level: 'error' } });
    const byRule = Object.fromEntries(run.results.map((r: any) => [r.ruleId, r]));
    expect(byRule['ZT-MTLS-001']).toMatchObject({ level: 'error', ruleIndex: 0, message: { text: expect.stringMatching(/^PeerAuthentication\/payments\/default: mTLS mode PERMISSIVE/) } });
    expect(byRule['ZT-MTLS-001'].locations[0].logicalLocations[0]).toEqual({ fullyQualifiedName: 'PeerAuthentication/payments/default', name: 'default', kind: 'resource' });
    expect(byRule['ZT-MTLS-001'].locations[0].physicalLocation).toBeUndefined();
    expect(byRule['ZT-ID-001'].level).toBe('warning');
  });
});

describe('Audit.enforce', () => {
  test('app.synth() fails listing findings at or above HIGH, per chart', () => {
    const msg = appSynthMessage(app => {
      chartWith(app, 'workloads', [...s.workloads(), s.deployment('legacy')]);
      chartWith(app, 'mesh', [permissive]);
      Audit.enforce(app, { now: NOW });
    });
    expect(msg).toContain('Validation failed');
    expect(msg).toContain('[workloads] [ZT-NET-001] HIGH Namespace/payments: namespace payments has no default-deny ingress and egress policy.');
    expect(msg).toContain('[mesh] [ZT-MTLS-001] HIGH PeerAuthentication/payments/default');
    expect(msg).not.toContain('ZT-ID-001'); // MEDIUM
  });
  test('passes when clean, and minSeverity / suppressions apply', () => {
    expect(appSynthMessage(app => {
      chartWith(app, 'a', [...s.workloads(), ...s.networkPolicies()]);
      Audit.enforce(app, { now: NOW });
    })).toBe('');
    expect(appSynthMessage(app => {
      chartWith(app, 'a', [...s.workloads(), ...s.networkPolicies(), s.deployment('legacy')]);
      Audit.enforce(app, { now: NOW, minSeverity: Severity.MEDIUM });
    })).toContain('[ZT-ID-001] MEDIUM Deployment/payments/legacy');
    expect(appSynthMessage(app => {
      chartWith(app, 'a', [...s.workloads(), ...s.networkPolicies(), permissive]);
      Audit.enforce(app, { now: NOW, suppressions: [{ ruleId: 'ZT-MTLS-001', reason: 'migration window until 2027-01' }] });
    })).toBe('');
  });
  test('Audit.of works on an app with enforce (no recursion into validation)', () => {
    const app = new App({ outdir: os.tmpdir() });
    chartWith(app, 'a', [...s.workloads(), permissive]);
    Audit.enforce(app, { now: NOW });
    expect(Audit.of(app, { now: NOW }).findings.length).toBeGreaterThan(0);
  });
});

describe('jest matcher', () => {
  test('toHaveNoZeroTrustFindings', () => {
    const app = Testing.app();
    chartWith(app, 'ok', [...s.workloads(), ...s.networkPolicies()]);
    expect(app).toHaveNoZeroTrustFindings({ now: NOW });
    const bad = Testing.app();
    chartWith(bad, 'bad', [...s.workloads(), ...s.networkPolicies(), permissive]);
    expect(bad).not.toHaveNoZeroTrustFindings({ now: NOW });
    expect(() => expect(bad).toHaveNoZeroTrustFindings({ now: NOW })).toThrow(/\[ZT-MTLS-001\] HIGH PeerAuthentication\/payments\/default/);
    expect(bad).toHaveNoZeroTrustFindings({ now: NOW, minSeverity: Severity.CRITICAL });
  });
});
