// Regression fixtures (test/audit/fixtures/regressions/): each file says what was reported
// before and what must be reported now.
import * as path from 'path';
import * as s from './scenario';
import { Audit } from '../../src/audit';
import { loadFile } from '../../src/audit/internal/loader';
import { expectValidManifests } from '../util/expect-valid';

const FIX = path.join(__dirname, 'fixtures', 'regressions');
const NOW = new Date('2026-11-23T12:00:00Z');

function load(rel: string): any[] {
  const r = loadFile(path.join(FIX, rel));
  expect(r.errors).toEqual([]);
  return r.objects;
}

/** `RULE Kind/name` for the findings on the fixture's own objects (the baseline adds none). */
function found(rel: string, extra: any[] = []): string[] {
  const objs = load(rel);
  const names = new Set(objs.flatMap(o => o.kind === 'List' ? o.items : [o]).map((o: any) => `${o.kind}/${o.metadata?.name}`));
  return Audit.ofManifests([...extra, ...objs], { now: NOW }).findings
    .filter(f => names.has(`${f.kind}/${f.name}`))
    .map(f => `${f.ruleId} ${f.kind}/${f.name}`);
}

/** The clean scenario (namespace payments, default deny, DNS): no findings of its own. */
const baseline = () => [...s.workloads(), ...s.networkPolicies()];

describe('false positives removed', () => {
  test('ESO PushSecret external-secrets.io/v1alpha1 is served (read from the bundled CRD)', () => {
    const objs = load('false-positives/eso-pushsecret.yaml');
    expectValidManifests(objs);
    expect(found('false-positives/eso-pushsecret.yaml', baseline())).toEqual([]);
    // and a version the CRD does not serve is still reported, with the served one to use
    const es = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'old', namespace: 'payments' }, spec: { refreshInterval: '1h' } };
    const f = Audit.ofManifests([...baseline(), es], { now: NOW }).findings.filter(x => x.ruleId === 'ZT-SEC-003');
    expect(f.map(x => [x.message, x.fix])).toEqual([['apiVersion external-secrets.io/v1beta1 is not served for ExternalSecret (bundled CRD serves v1); use external-secrets.io/v1.', 'Set apiVersion: external-secrets.io/v1.']]);
  });

  test('a templated trust domain ({{ .TrustDomain }}) is not evidence: cluster.local principals are not flagged', () => {
    const objs = load('false-positives/spiffe-template-trust-domain.yaml');
    expectValidManifests(objs);
    expect(found('false-positives/spiffe-template-trust-domain.yaml', [...baseline(), ...s.istioPolicies().slice(0, 1)])).toEqual([]);
    // a literal trust domain in the template still is evidence
    const literal = objs.map(o => o.kind === 'ClusterSPIFFEID' ? { ...o, spec: { ...o.spec, spiffeIDTemplate: 'spiffe://prod.example.com/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}' } } : o);
    expect(Audit.ofManifests([...baseline(), ...s.istioPolicies().slice(0, 1), ...literal], { now: NOW }).findings.map(f => f.ruleId)).toEqual(['ZT-ID-004']);
  });

  test('credentials: one detector, word-boundary names, gitleaks value shapes', () => {
    const objs = load('false-positives/credentials.yaml');
    expectValidManifests(objs);
    const msgs = Audit.ofManifests(objs, { now: NOW, packs: ['secrets'] }).findings.map(f => f.message);
    expect(msgs).toEqual([
      'container details: env DATABASE_URL is a literal credential (its value looks like a URL with an embedded password).',
      'container details: env SLACK_BOT is a literal credential (its value looks like a Slack token).',
      'container details: env VAULT_TOKEN_VALUE is a literal credential (its value looks like a Vault token).',
    ]);
  });

  test('a Cilium rule that allows only ICMP does not allow "every port"', () => {
    const objs = load('false-positives/cilium-icmp.yaml');
    expectValidManifests(objs);
    expect(found('false-positives/cilium-icmp.yaml', baseline())).toEqual([]);
  });
});
