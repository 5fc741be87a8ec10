import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ClusterProfile, LinearSynth, Mesh, NetworkPolicyEngine, Port, ZeroTrustNamespace } from '../../src';
import { expectValidManifests } from '../util/expect-valid';
import '../util/synth';

function build(app: App, names: string[]): void {
  const profile = new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM] });
  for (const n of names) {
    const chart = new Chart(app, n);
    new ZeroTrustNamespace(chart, 'ns', { name: n, profile, allowIngressGateway: { ports: [Port.http(8080)] } });
  }
}

function readDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describe('LinearSynth', () => {
  test('writes the same files as app.synth()', () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-a-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-b-'));
    const names = ['payments', 'orders', 'shipping'];
    const app1 = new App({ outdir: a });
    build(app1, names);
    app1.synth();
    const app2 = new App({ outdir: b });
    build(app2, names);
    LinearSynth.synth(app2);
    const filesA = readDir(a);
    expect(Object.keys(filesA)).toEqual(['orders.k8s.yaml', 'payments.k8s.yaml', 'shipping.k8s.yaml']);
    expect(readDir(b)).toEqual(filesA);
    expectValidManifests(LinearSynth.manifests(app2));
  });

  test('reports validation errors like app.synth()', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-c-')) });
    build(app, ['Bad_Name']);
    expect(() => LinearSynth.synth(app)).toThrow(/Validation failed with the following errors:\n {2}\[Bad_Name\/ns\] namespace name "Bad_Name"/);
  });

  test('manifestsPerChart keeps chart order', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-d-')) });
    build(app, ['zz', 'aa']);
    const per = LinearSynth.manifestsPerChart(app);
    expect(per.map(objs => objs.find(o => o.kind === 'Namespace').metadata.name)).toEqual(['zz', 'aa']);
  });
});
