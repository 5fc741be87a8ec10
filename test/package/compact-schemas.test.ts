import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { examples } from '../../examples/registry';
import { SchemaValidator } from '../../src/validation';
import '../util/synth';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compactSchemas } = require('../../scripts/compact-schemas.js');

/*
 * The package ships lib/schemas/, a compact copy of schemas/ (no descriptions, no schemas
 * for versions that are not served, minified). Validation must not change: every example's
 * output and a set of broken manifests give the same findings with both.
 */
const ROOT = path.join(__dirname, '..', '..');
let dir: string;
let full: SchemaValidator;
let compact: SchemaValidator;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-schemas-'));
  compactSchemas(path.join(ROOT, 'schemas'), dir);
  full = new SchemaValidator({ schemaDir: path.join(ROOT, 'schemas') });
  compact = new SchemaValidator({ schemaDir: dir });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the compact copy is less than half the size', () => {
  const size = (d: string): number => fs.readdirSync(d, { withFileTypes: true })
    .reduce((n, e) => n + (e.isDirectory() ? size(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).size), 0);
  expect(size(dir)).toBeLessThan(size(path.join(ROOT, 'schemas')) / 2);
});

test('every example validates the same (no findings) with both', () => {
  for (const ex of examples()) {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-ex-')) });
    ex.build(app);
    const objects = app.charts.flatMap(c => c.toJson());
    fs.rmSync(app.outdir, { recursive: true, force: true });
    expect(compact.validate(objects)).toEqual(full.validate(objects));
    expect(compact.validate(objects)).toEqual([]);
  }
});

test('broken manifests give the same findings with both (enum, CEL rule, unserved version, unknown kind, native type)', () => {
  const broken = [
    // enum (security.istio.io PeerAuthentication mtls.mode)
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'a', namespace: 'x' }, spec: { mtls: { mode: 'STRICTER' } } },
    // CEL x-kubernetes-validations: portLevelMtls requires selector (istio crd-all.gen.yaml)
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'b', namespace: 'x' }, spec: { portLevelMtls: { 8080: { mode: 'DISABLE' } } } },
    // external-secrets.io/v1beta1 is not served (schemas/UPSTREAM.md)
    { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'c', namespace: 'x' }, spec: {} },
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'd' } },
    // Kubernetes OpenAPI: policyTypes enum, port type
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'e', namespace: 'x' }, spec: { podSelector: {}, policyTypes: ['Both'], ingress: [{ ports: [{ port: true }] }] } },
    // Cilium: unknown field under a strict schema
    { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'f', namespace: 'x' }, spec: { endpointSelector: {}, ingress: [{ fromEndpoints: 'all' }] } },
  ];
  const findings = full.validate(broken);
  expect(new Set(findings.map(f => f.name))).toEqual(new Set(['a', 'b', 'c', 'd', 'e', 'f']));
  expect(compact.validate(broken)).toEqual(findings);
});
