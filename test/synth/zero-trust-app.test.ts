import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { examples } from '../../examples/registry';
import { AllowRoute, ClusterProfile, Mesh, MeshService, NetworkPolicyEngine, Port, ZeroTrustApp, ZeroTrustNamespace } from '../../src';

/** Two charts, a service each, a cross-chart route, and a chart dependency when asked. */
function build(app: App, withDependency = false): void {
  const profile = new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
  const svcs: MeshService[] = [];
  for (const n of ['payments', 'orders']) {
    const chart = new Chart(app, n);
    const ns = new ZeroTrustNamespace(chart, 'ns', { name: n, profile });
    svcs.push(new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } }));
  }
  new AllowRoute(svcs[0], 'from-orders', { source: svcs[1], destination: svcs[0], ports: [Port.http(8080)] });
  if (withDependency) {
    const extra = new Chart(app, 'crds');
    new ApiObject(extra, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    app.charts[0].addDependency(extra);
  }
}

function readDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = fs.readFileSync(path.join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** cdk8s's App.synth() and ZeroTrustApp.synth() on the same app: the files they write. */
function both(props: AppProps, shape: (app: App) => void): [Record<string, string>, Record<string, string>] {
  const a = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-app-core-'));
  const b = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-app-fast-'));
  const core = new App({ ...props, outdir: a });
  shape(core);
  core.synth();
  const fast = new ZeroTrustApp({ ...props, outdir: b });
  shape(fast);
  fast.synth();
  return [readDir(a), readDir(b)];
}

describe('ZeroTrustApp', () => {
  test('is a cdk8s App whose synth() writes the same files as App.synth()', () => {
    const [core, fast] = both({}, app => build(app));
    expect(Object.keys(core)).toEqual(['orders.k8s.yaml', 'payments.k8s.yaml']);
    expect(fast).toEqual(core);
    expect(new ZeroTrustApp()).toBeInstanceOf(App);
  });

  test('indexed file names when charts depend on each other, as App.synth()', () => {
    const [core, fast] = both({}, app => build(app, true));
    expect(Object.keys(core)).toEqual(['0000-crds.k8s.yaml', '0001-payments.k8s.yaml', '0002-orders.k8s.yaml']);
    expect(fast).toEqual(core);
  });

  test.each([
    ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
    ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
    ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
  ] as const)('yamlOutputType %s: same files as App.synth()', (_name, yamlOutputType) => {
    const [core, fast] = both({ yamlOutputType, outputFileExtension: '.yml' }, app => build(app));
    expect(Object.keys(core).length).toBeGreaterThan(0);
    expect(fast).toEqual(core);
  });

  test('FILE_PER_APP without charts writes no file, as App.synth()', () => {
    const [core, fast] = both({ yamlOutputType: YamlOutputType.FILE_PER_APP }, () => undefined);
    expect(core).toEqual({});
    expect(fast).toEqual({});
  });

  test('synthYaml() is App.synthYaml()', () => {
    const core = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-app-y-')) });
    build(core);
    const fast = new ZeroTrustApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-app-y-')) });
    build(fast);
    expect(fast.synthYaml()).toEqual(core.synthYaml());
  });

  test('fails synthesis with the same validation error as App.synth()', () => {
    const bad = (app: App) => {
      const chart = new Chart(app, 'bad');
      new ZeroTrustNamespace(chart, 'ns', { name: 'Bad_Name', profile: new ClusterProfile({}) });
    };
    const core = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-app-e-')) });
    bad(core);
    const fast = new ZeroTrustApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-app-e-')) });
    bad(fast);
    let message = '';
    try { core.synth(); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/Validation failed with the following errors:\n {2}\[bad\/ns\] namespace name "Bad_Name"/);
    expect(() => fast.synth()).toThrow(message);
  });

  test.each(examples().map(ex => [ex.name, ex] as const))('example %s: byte-identical files', (_name, ex) => {
    const [core, fast] = both({}, app => ex.build(app));
    expect(Object.keys(fast)).toEqual(Object.keys(core));
    expect(fast).toEqual(core);
  });
});
