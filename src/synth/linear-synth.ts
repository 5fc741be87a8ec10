import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DOCUMENT_SEPARATOR, fastYamlOrCdk8s } from './fast-yaml';
// DependencyGraph is public in cdk8s but not re-exported from its index.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DependencyGraph } = require('cdk8s/lib/dependency');

/** How `LinearSynth` writes YAML. Both give byte-identical files. */
export enum YamlWriter {
  /**
   * The library's writer for manifest data: the same bytes as cdk8s
   * `Yaml.stringify` (checked by tests on every example and on randomly
   * generated documents), several times faster; a document it is not sure
   * about (e.g. multi-line strings) is written by cdk8s's `Yaml`.
   */
  FAST = 'fast',
  /** cdk8s's own `Yaml.stringify` for every document. */
  CDK8S = 'cdk8s',
}

/** Options for `LinearSynth.synth`. */
export interface LinearSynthOptions {
  /**
   * Output directory.
   * @default - the app's `outdir`
   */
  readonly outdir?: string;

  /**
   * How to write the YAML.
   * @default YamlWriter.FAST
   */
  readonly yamlWriter?: YamlWriter;
}

/**
 * App synthesis whose cost grows linearly with the number of charts, and
 * the library's fast YAML writer.
 *
 * cdk8s `App.synth()` renders each chart with `Chart.toJson()`, which
 * re-resolves dependencies and re-validates the whole app every time: with
 * one chart per namespace, synthesis becomes quadratic in the app size. This
 * helper validates once, resolves dependencies once, then renders each chart
 * on its own — same files, byte for byte (one YAML file per chart,
 * `FILE_PER_CHART`, same names and object order), as `app.synth()`. Most
 * of cdk8s's synthesis time is YAML serialisation: by default the files are
 * written with `YamlWriter.FAST`, which produces the same bytes.
 *
 * @example
 * LinearSynth.synth(app); // instead of app.synth()
 */
export class LinearSynth {
  /**
   * Validates the app once and writes one YAML file per chart.
   * Throws the same "Validation failed" error as `app.synth()` (the same
   * message, one line per problem with its construct path), without stack
   * frames.
   */
  public static synth(app: App, options: LinearSynthOptions = {}): void {
    const outdir = options.outdir ?? app.outdir;
    const writer = options.yamlWriter ?? YamlWriter.FAST;
    const { charts, treeOrder } = prepare(app);
    fs.mkdirSync(outdir, { recursive: true });
    const indexed = charts.some(c => c.node.dependencies.length > 0);
    charts.forEach((chart, i) => {
      const base = chartFileName(chart);
      const name = indexed ? `${String(i).padStart(4, '0')}-${base}` : base;
      const file = path.join(outdir, `${name}${app.outputFileExtension}`);
      const objects = objectsOf(chart, treeOrder);
      // cdk8s's writer: the chart's manifests, then the file (what app.synth() does per chart).
      if (writer === YamlWriter.CDK8S) Yaml.save(file, objects.map(x => x.toJson()));
      else writeStreaming(file, objects);
    });
  }

  /** Every chart's manifests, in `app.charts` order, validating the app once. */
  public static manifestsPerChart(app: App): any[][] {
    return render(app).perChart;
  }

  /** All manifests of the app, validating once. */
  public static manifests(app: App): any[] {
    return LinearSynth.manifestsPerChart(app).flat();
  }

}

/**
 * Validates once, then renders every chart's objects in cdk8s's order. When
 * nothing in the app declares a dependency, cdk8s's dependency-graph order
 * is the construct tree's pre-order, so the graphs (one for the app's
 * charts, one per chart, each over every construct) are not built.
 */
function render(app: App): { charts: Chart[]; perChart: any[][] } {
  const { charts, treeOrder } = prepare(app);
  return { charts, perChart: charts.map(chart => objectsOf(chart, treeOrder).map(x => x.toJson())) };
}

/** Validates once and resolves dependencies once; the charts in synthesis order. */
function prepare(app: App): { charts: Chart[]; treeOrder: boolean } {
  const all = app.node.findAll();
  validateOnce(all);
  const dependencies = resolveDependenciesOnce(all);
  const treeOrder = !dependencies && !all.some(c => c instanceof Chart && isArrayIndex(c.node.path));
  // `app.charts` sorts the whole app's dependency graph on every read: read it once.
  const charts = treeOrder ? all.filter((c): c is Chart => c instanceof Chart) : app.charts;
  return { charts, treeOrder };
}

/** Bytes of YAML collected before they are written out. */
const WRITE_CHUNK = 1024 * 1024;

/**
 * Writes a chart's objects as `fastYamlStringify` would, one object at a time: each
 * manifest is garbage as soon as its YAML is written, so the whole app's manifests are
 * never in memory at once (cdk8s's writer holds them all, plus the file's text).
 */
function writeStreaming(file: string, objects: ApiObject[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    let parts: string[] = [];
    let size = 0;
    objects.forEach((obj, i) => {
      const text = fastYamlOrCdk8s(obj.toJson());
      if (i > 0) parts.push(DOCUMENT_SEPARATOR);
      parts.push(text);
      size += text.length;
      if (size >= WRITE_CHUNK) {
        fs.writeSync(fd, parts.join(''), null, 'utf8');
        parts = [];
        size = 0;
      }
    });
    if (parts.length > 0) fs.writeSync(fd, parts.join(''), null, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** The chart's own ApiObjects (not those of charts nested in it), in cdk8s's synthesis order. */
function objectsOf(chart: Chart, treeOrder: boolean): ApiObject[] {
  if (!treeOrder) {
    return (new DependencyGraph(chart.node).topology() as IConstruct[])
      .filter((x): x is ApiObject => x instanceof ApiObject)
      .filter(x => Chart.of(x) === chart);
  }
  const out: ApiObject[] = [];
  const visit = (c: IConstruct): void => {
    if (c !== chart && Chart.isChart(c)) return;
    if (c instanceof ApiObject) out.push(c);
    for (const child of c.node.children) visit(child);
  };
  visit(chart);
  return out;
}

/**
 * cdk8s keys its dependency graph by construct path in a plain object, where
 * array-index keys ("0", "17") come first: such chart ids keep cdk8s's graph.
 */
function isArrayIndex(p: string): boolean {
  return /^(0|[1-9]\d*)$/.test(p) && Number(p) < 4294967295;
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
  if (errors.length > 0) throw validationFailed(errors);
}

/**
 * cdk8s's "Validation failed" error (same message), without stack frames: each message names its
 * construct's path, what is wrong and how to fix it, and the frames would only point inside the
 * library's bundle (an uncaught error prints its stack under the message).
 */
function validationFailed(errors: string[]): Error {
  const e = new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  e.stack = `Error: ${e.message}`;
  return e;
}

/**
 * The same dependency inference cdk8s runs before synthesizing a chart, done once for the app;
 * whether any construct has a dependency (nested charts depend on each other).
 */
function resolveDependenciesOnce(all: IConstruct[]): boolean {
  for (const parent of all.filter(x => x instanceof Chart)) {
    for (const child of parent.node.children.filter(x => x instanceof Chart)) parent.node.addDependency(child);
  }
  const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
  for (const c of all) for (const d of c.node.dependencies) deps.push({ source: c, target: d });
  if (deps.length === 0) return false;
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
  return true;
}
