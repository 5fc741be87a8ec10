// The `pod-security` audit pack (ZT-PSS-001..003) on a regression fixture and on the CLI.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { Audit, AuditCli } from '../../src/audit';

const NOW = new Date('2026-11-23T12:00:00Z');
const FIXTURE = path.join(__dirname, 'fixtures', 'pod-security', 'cdk8s-plus-28-restricted.yaml');

/** What the fixture is: a cdk8s-plus-28 Namespace (restricted:v1.28 enforced) and a Deployment with cdk8s-plus defaults. */
function buildFixture(): any[] {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new kplus.Namespace(chart, 'ns', { metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.28' } } });
  new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'web', image: 'registry.example/web:1.0', portNumber: 8080 }] });
  return chart.toJson();
}

const fixture = () => parseAllDocuments(fs.readFileSync(FIXTURE, 'utf8')).map(d => d.toJSON());

test('the fixture is what cdk8s-plus-28 synthesizes today', () => {
  expect(fixture()).toEqual(buildFixture());
});

test('ZT-PSS-001: the cdk8s-plus-28 default Deployment is rejected by restricted:v1.28 (no seccompProfile, no capabilities drop)', () => {
  const f = Audit.ofManifests(fixture(), { now: NOW, packs: ['pod-security'] }).findings;
  expect(f.map(x => `${x.ruleId} ${x.severity} ${x.kind}/${x.namespaceName}/${x.name}`)).toEqual(['ZT-PSS-001 HIGH Deployment/shop/web']);
  // upstream reasons/details (check_capabilities_restricted.go, check_seccompProfile_restricted.go)
  expect(f[0].message).toBe('the pods of this Deployment are rejected by PodSecurity "restricted:v1.28" enforced on namespace shop: '
    + 'capabilities_restricted: unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"]); '
    + 'seccompProfile_restricted: seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost").');
  expect(f[0].fix).toMatch(/capabilities\.drop: \["ALL"\].*seccompProfile\.type: RuntimeDefault/);
});

test('the CLI reports it from the file and exits non-zero', () => {
  let out = '';
  const code = AuditCli.run(['audit', '--format', 'json', '--pack', 'pod-security', FIXTURE], { stdout: t => { out += t; }, stderr: () => {}, readStdin: () => '' });
  expect(code).toBe(1);
  expect(JSON.parse(out).findings.map((x: any) => x.ruleId)).toEqual(['ZT-PSS-001']);
});
