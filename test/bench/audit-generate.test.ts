/**
 * The audit benchmark's input (bench/audit-generate.ts), no timing: every engine's policies
 * in namespaces of their own, one Deployment per Service, read by the fast YAML reader
 * alone, and the audit over it finds exactly the planted problems.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeAuditInput } from '../../bench/audit-generate';
import { Audit, Reachability } from '../../src/audit';
import { readDocument, splitDocuments } from '../../src/audit/internal/fast-yaml';
import { loadFile } from '../../src/audit/internal/loader';

let dir: string;
let objects: any[];
let input: ReturnType<typeof writeAuditInput>;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-audit-bench-'));
  input = writeAuditInput(1000, dir);
  objects = fs.readdirSync(dir).sort().flatMap(f => loadFile(path.join(dir, f)).objects);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('about the requested size, one file per namespace, every engine', () => {
  expect(objects).toHaveLength(input.objects);
  expect(input.objects).toBeGreaterThan(900);
  expect(input.objects).toBeLessThan(1100);
  expect(input.files).toBe(input.namespaces);
  const kinds = new Set(objects.map(o => `${o.apiVersion.split('/')[0]}/${o.kind}`));
  for (const k of ['networking.k8s.io/NetworkPolicy', 'cilium.io/CiliumNetworkPolicy', 'security.istio.io/AuthorizationPolicy',
    'security.istio.io/PeerAuthentication', 'policy.linkerd.io/Server', 'policy.linkerd.io/AuthorizationPolicy', 'apps/Deployment']) {
    expect([k, kinds.has(k)]).toEqual([k, true]);
  }
  expect(Reachability.fromManifests(objects).enginesPresent.sort()).toEqual(['CILIUM', 'ISTIO', 'LINKERD', 'NETWORK_POLICY']);
  const services = objects.filter(o => o.kind === 'Service');
  const deployments = objects.filter(o => o.kind === 'Deployment');
  expect(deployments.map(d => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(services.map(s => `${s.metadata.namespace}/${s.metadata.name}`));
});

test('the fast YAML reader reads every document (the measured path)', () => {
  for (const f of fs.readdirSync(dir)) {
    const docs = splitDocuments(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const d of docs) expect(() => readDocument(d)).not.toThrow();
  }
});

test('the audit finds the planted problems: a literal token on every 50th service, Secrets read into env vars', () => {
  process.env.ZERO_TRUST_TODAY = '2026-11-23';
  const report = Audit.ofManifests(objects);
  const deployments = objects.filter(o => o.kind === 'Deployment');
  const byRule = (id: string) => report.findings.filter(f => f.ruleId === id).length;
  expect(byRule('ZT-SEC-002')).toBe(deployments.filter(d => d.spec.template.spec.containers[0].env.some((e: any) => e.name === 'API_TOKEN')).length);
  expect(byRule('ZT-SEC-002')).toBeGreaterThan(0);
  expect(byRule('ZT-SEC-001')).toBe(deployments.length);
  expect(report.findings.filter(f => !['ZT-SEC-001', 'ZT-SEC-002'].includes(f.ruleId))).toEqual([]);
});
