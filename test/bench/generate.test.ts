/**
 * Correctness of the benchmark's generators (no timing): the generated apps
 * are valid, have the declared shape, and the raw baseline rebuilt from the
 * saved manifests writes byte-identical files.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { buildLibraryApp, ENGINES, Engine, Layout, namespaceCount } from '../../bench/generate';
import { LinearSynth } from '../../src/synth/linear-synth';
import { expectValidManifests } from '../util/expect-valid';
import '../util/synth';

// 45 services: three namespaces, the last one partial (5 services).
const N = 45;

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function readDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function library(engine: Engine, layout: Layout): { app: App; shape: ReturnType<typeof buildLibraryApp> } {
  const app = new App({ outdir: tmp('zt-bench-lib-') });
  const shape = buildLibraryApp(app, N, engine, layout);
  return { app, shape };
}

describe('benchmark generator', () => {
  test.each(ENGINES.map(e => [e]))('%s: valid objects, declared shape, both layouts render the same objects', (engine) => {
    const single = library(engine, 'single-chart');
    const perNs = library(engine, 'chart-per-namespace');
    const objects = LinearSynth.manifests(single.app);
    expectValidManifests(objects);

    expect(single.shape).toEqual(perNs.shape);
    expect(single.shape.namespaces).toBe(namespaceCount(N));
    expect(single.shape.namespaces).toBe(3);
    // Two routes into every service of a namespace of 20; fewer in the small last one.
    expect(single.shape.routes).toBeGreaterThanOrEqual(2 * 40);
    expect(single.shape.crossNamespaceRoutes).toBeGreaterThan(0);
    expect(single.shape.l7Routes).toBeGreaterThan(0);
    expect(single.shape.ingressGatewayRoutes).toBeGreaterThan(0);

    expect(objects.filter(o => o.kind === 'Namespace')).toHaveLength(3);
    expect(objects.filter(o => o.kind === 'Service')).toHaveLength(N);
    // A dedicated ServiceAccount per service (plus the namespaces' own).
    expect(objects.filter(o => o.kind === 'ServiceAccount').length).toBeGreaterThanOrEqual(N);

    const perChart = LinearSynth.manifestsPerChart(perNs.app);
    expect(perChart).toHaveLength(3);
    const key = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    expect(perChart.flat().map(key).sort()).toEqual(objects.map(key).sort());
    // Each namespace chart holds its namespace's objects only.
    for (const objs of perChart) {
      const ns = objs.find(o => o.kind === 'Namespace').metadata.name;
      expect(objs.every(o => o.metadata.namespace === undefined || o.metadata.namespace === ns)).toBe(true);
    }
  });

  test.each([['linkerd', 'single-chart'], ['istio-ambient', 'chart-per-namespace'], ['none-cilium', 'chart-per-namespace']] as Array<[Engine, Layout]>)(
    '%s %s: raw ApiObjects and Yaml.save of the saved manifests write byte-identical files', (engine, layout) => {
      const { app } = library(engine, layout);
      LinearSynth.synth(app);
      const reference = readDir(app.outdir);

      // What bench/child.ts does for 'raw': the manifests as plain ApiObjects, unsorted.
      const charts = app.charts;
      const perChart = LinearSynth.manifestsPerChart(app)
        .map((objects, i) => ({ id: charts[i].node.id, objects: JSON.parse(JSON.stringify(objects)) }));
      expectValidManifests(perChart.flatMap(c => c.objects));
      const before = process.env.CDK8S_DISABLE_SORT;
      process.env.CDK8S_DISABLE_SORT = '1';
      try {
        const raw = new App({ outdir: tmp('zt-bench-raw-') });
        for (const c of perChart) {
          const chart = new Chart(raw, c.id);
          c.objects.forEach((m: any, i: number) => new ApiObject(chart, `o${i}`, m));
        }
        LinearSynth.synth(raw);
        expect(readDir(raw.outdir)).toEqual(reference);
      } finally {
        if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
        else process.env.CDK8S_DISABLE_SORT = before;
      }

      // What it does for 'floor'.
      const floor = tmp('zt-bench-floor-');
      for (const c of perChart) Yaml.save(path.join(floor, `${c.id}.k8s.yaml`), c.objects);
      expect(readDir(floor)).toEqual(reference);
    });
});
