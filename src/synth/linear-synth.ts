import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
// DependencyGraph is public in cdk8s but not re-exported from its index.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DependencyGraph } = require('cdk8s/lib/dependency');

/** Options for `LinearSynth.synth`. */
export interface LinearSynthOptions {
  /**
   * Output directory.
   * @default - the app's `outdir`
   */
  readonly outdir?: string;
}

/**
 * App synthesis whose cost grows linearly with the number of charts.
 *
 * cdk8s `App.synth()` renders each chart with `Chart.toJson()`, which
 * re-resolves dependencies and re-validates the whole app every time: with
 * one chart per namespace, synthesis becomes quadratic in the app size. This
 * helper validates once, resolves dependencies once, then renders each chart
 * on its own — same files (one YAML file per chart, `FILE_PER_CHART`, same
 * names and object order) as `app.synth()`.
 *
 * @example
 * LinearSynth.synth(app); // instead of app.synth()
 */
export class LinearSynth {
  /**
   * Validates the app once and writes one YAML file per chart.
   * Throws the same "Validation failed" error as `app.synth()`.
   */
  public static synth(app: App, options: LinearSynthOptions = {}): void {
    const outdir = options.outdir ?? app.outdir;
    const perChart = LinearSynth.manifestsPerChart(app);
    fs.mkdirSync(outdir, { recursive: true });
    // `app.charts` sorts the whole app's dependency graph on every read: read it once.
    const charts = app.charts;
    const indexed = charts.some(c => c.node.dependencies.length > 0);
    perChart.forEach((objects, i) => {
      const chart = charts[i];
      const base = chartFileName(chart);
      const name = indexed ? `${String(i).padStart(4, '0')}-${base}` : base;
      Yaml.save(path.join(outdir, `${name}${app.outputFileExtension}`), objects);
    });
  }

  /** Every chart's manifests, in `app.charts` order, validating the app once. */
  public static manifestsPerChart(app: App): any[][] {
    const all = app.node.findAll();
    validateOnce(all);
    resolveDependenciesOnce(all);
    return app.charts.map(chart => (new DependencyGraph(chart.node).topology() as IConstruct[])
      .filter((x): x is ApiObject => x instanceof ApiObject)
      .filter(x => Chart.of(x) === chart)
      .map(x => x.toJson()));
  }

  /** All manifests of the app, validating once. */
  public static manifests(app: App): any[] {
    return LinearSynth.manifestsPerChart(app).flat();
  }

}

function chartFileName(chart: Chart): string {
  // cdk8s names chart files with Names.toDnsLabel(chart).
  return Names.toDnsLabel(chart);
}

function validateOnce(all: IConstruct[]): void {
  const errors: string[] = [];
  for (const c of all) {
    for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/** The same dependency inference cdk8s runs before synthesizing a chart, done once for the app. */
function resolveDependenciesOnce(all: IConstruct[]): void {
  for (const parent of all.filter(x => x instanceof Chart)) {
    for (const child of parent.node.children.filter(x => x instanceof Chart)) parent.node.addDependency(child);
  }
  const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
  for (const c of all) for (const d of c.node.dependencies) deps.push({ source: c, target: d });
  for (const { source, target } of deps) {
    const s = Chart.of(source);
    const t = Chart.of(target);
    if (s !== t) s.node.addDependency(t);
  }
  for (const { source, target } of deps) {
    const sChart = Chart.of(source);
    const tChart = Chart.of(target);
    const targets = target.node.findAll().filter(c => c instanceof ApiObject && Chart.of(c) === tChart);
    const sources = source.node.findAll().filter(c => c instanceof ApiObject && Chart.of(c) === sChart);
    for (const t of targets) for (const s of sources) if (t !== s) s.node.addDependency(t);
  }
}
