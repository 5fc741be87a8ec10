import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ClusterProfile, LinearSynth, Mesh, NetworkPolicyEngine, Port, YamlWriter, ZeroTrustNamespace } from '../../src';
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

  test('the fast writer writes object by object: a chart larger than its write chunk, an empty chart, a fallback document', () => {
    // Same bytes as cdk8s's writer (Yaml.save of the chart's manifests); the big chart's YAML
    // (about 1.5 MB) is written in two chunks.
    const build2 = (app: App) => {
      const big = new Chart(app, 'big');
      for (let i = 0; i < 4000; i++) {
        new ApiObject(big, `o${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { key: `v${i}-${'x'.repeat(300)}`, n: String(i) } });
      }
      // A multi-line string: this document goes through cdk8s's Yaml.
      new ApiObject(big, 'multi', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'multi' }, data: { text: 'a\nb\n' } });
      new Chart(app, 'empty');
    };
    const dirs = [YamlWriter.FAST, YamlWriter.CDK8S].map(writer => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zt-${writer}-`));
      const app = new App({ outdir: dir });
      build2(app);
      LinearSynth.synth(app, { yamlWriter: writer });
      return readDir(dir);
    });
    expect(Object.keys(dirs[0])).toEqual(['big.k8s.yaml', 'empty.k8s.yaml']);
    expect(dirs[0]['big.k8s.yaml'].length).toBeGreaterThan(1024 * 1024);
    expect(dirs[0]['empty.k8s.yaml']).toBe('');
    expect(dirs[0]).toEqual(dirs[1]);
  });

  test('reports validation errors like app.synth()', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-c-')) });
    build(app, ['Bad_Name']);
    expect(() => LinearSynth.synth(app)).toThrow(/Validation failed with the following errors:\n {2}\[Bad_Name\/ns\] namespace name "Bad_Name"/);
    // The same message as cdk8s's, and no stack frames under it: the messages name the constructs.
    let stack = '';
    try {
      LinearSynth.synth(app);
    } catch (e) {
      stack = (e as Error).stack ?? '';
    }
    expect(stack).toMatch(/^Error: Validation failed with the following errors:\n {2}\[Bad_Name\/ns\]/);
    expect(stack).not.toMatch(/^\s+at /m);
  });

  test('manifestsPerChart keeps chart order', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-d-')) });
    build(app, ['zz', 'aa']);
    const per = LinearSynth.manifestsPerChart(app);
    expect(per.map(objs => objs.find(o => o.kind === 'Namespace').metadata.name)).toEqual(['zz', 'aa']);
  });

  /** app.synth() and LinearSynth (both writers) on the same app shape: identical files. */
  function sameAsCore(shape: (app: App) => void): Record<string, string> {
    const dirs = [0, 1, 2].map(i => fs.mkdtempSync(path.join(os.tmpdir(), `zt-shape${i}-`)));
    const core = new App({ outdir: dirs[0] });
    shape(core);
    core.synth();
    const fast = new App({ outdir: dirs[1] });
    shape(fast);
    LinearSynth.synth(fast);
    const cdk8s = new App({ outdir: dirs[2] });
    shape(cdk8s);
    LinearSynth.synth(cdk8s, { yamlWriter: YamlWriter.CDK8S });
    const expected = readDir(dirs[0]);
    expect(readDir(dirs[1])).toEqual(expected);
    expect(readDir(dirs[2])).toEqual(expected);
    return expected;
  }

  const object = (scope: Chart | ApiObject, id: string) =>
    new ApiObject(scope as any, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id }, data: { k: id } });

  test('chart ids that look like array indices keep cdk8s order', () => {
    const files = sameAsCore(app => {
      for (const id of ['b', '10', 'a', '2']) object(new Chart(app, id), `cm-${id}`);
    });
    expect(Object.keys(files)).toEqual(['10.k8s.yaml', '2.k8s.yaml', 'a.k8s.yaml', 'b.k8s.yaml']);
  });

  test('nested charts, dependencies between charts and objects keep cdk8s order and file names', () => {
    const files = sameAsCore(app => {
      const outer = new Chart(app, 'outer');
      const inner = new Chart(outer, 'inner');
      const o1 = object(outer, 'o1');
      const i1 = object(inner, 'i1');
      object(inner, 'i2');
      const other = new Chart(app, 'other');
      const x = object(other, 'x');
      x.node.addDependency(o1);
      o1.node.addDependency(i1);
    });
    expect(Object.keys(files).length).toBe(3);
    expect(Object.keys(files).every(f => /^\d{4}-/.test(f))).toBe(true);
  });

  test('objects nested in objects and charts without dependencies: tree order', () => {
    sameAsCore(app => {
      const c = new Chart(app, 'c');
      const parent = object(c, 'parent');
      object(parent, 'child');
      object(c, 'sibling');
      new Chart(app, 'empty');
    });
  });
});
