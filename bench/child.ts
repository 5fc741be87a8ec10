/**
 * One benchmark measurement, in a fresh process (started by bench/run.ts as
 * `node --expose-gc bench/out/js/bench/child.js '<json task>'`). Prints one
 * JSON line: `{ seconds, objects, maxRssMB, baseRssMB, ... }`.
 *
 * Modules and input files are loaded before the clock starts; the clock
 * covers building the app and writing its YAML files.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Names, Yaml } from 'cdk8s';
import { BENCH_TODAY, buildLibraryApp, Engine, Layout } from './generate';
import { buildHandWrittenApp } from './handwritten';
import { LinearSynth, YamlWriter } from '../src/synth/linear-synth';
import { ZeroTrustApp } from '../src/synth/zero-trust-app';

/** What a child measures. */
export type Mode =
  /** 'library', then (untimed) saves the app's manifests per chart for 'raw' and 'floor'. */
  | 'generate'
  /**
   * Library, the default path of the README's quick start: `new ZeroTrustApp()`,
   * build, `app.synth()` (that is `LinearSynth.synth(app)`: one validation, the
   * library's YAML writer).
   */
  | 'library'
  /** Library in a plain cdk8s `App` with cdk8s core `app.synth()` (quadratic with a chart per namespace). */
  | 'library-core'
  /**
   * The baseline: a hand-written cdk8s app (bench/handwritten.ts) that builds the
   * same objects as plain ApiObjects in the timed process, synthesized by cdk8s's
   * chart rendering and YAML, validated once (what `app.synth()` does for one
   * chart; conservative for a chart per namespace, see 'raw').
   */
  | 'hand'
  /** The hand-written app written by exactly the library's synthesis (its YAML writer): the library's construction overhead alone. */
  | 'hand-fast'
  /** The hand-written app with cdk8s core `app.synth()`. */
  | 'hand-core'
  /**
   * The saved manifests as plain ApiObjects, synthesized by cdk8s's own chart
   * rendering and YAML (LinearSynth with YamlWriter.CDK8S: the same as
   * app.synth() for one chart, and without its per-chart re-validation).
   */
  | 'raw'
  /** The saved manifests as plain ApiObjects + exactly the library's synthesis (its YAML writer): the library's construction overhead alone. */
  | 'raw-fast'
  /** The saved manifests as plain ApiObjects + cdk8s core app.synth(). */
  | 'raw-core'
  /** Yaml.save of the saved manifests alone, same files. */
  | 'floor';

export interface ChildTask {
  readonly mode: Mode;
  readonly services: number;
  readonly engine: Engine;
  readonly layout: Layout;
  /** JSON file with the manifests per chart (written by 'generate', read by the others). */
  readonly manifests: string;
  /** Where to write the YAML files (default: a temp dir, removed afterwards). */
  readonly outdir?: string;
}

/** The saved library output: one entry per chart, in synthesis order. */
export interface SavedManifests {
  readonly charts: Array<{ id: string; file: string; objects: any[] }>;
}

export interface ChildResult {
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds of the process (user + system, all threads) over the same span. */
  readonly cpuSeconds: number;
  readonly objects: number;
  readonly maxRssMB: number;
  readonly baseRssMB: number;
  readonly shape?: unknown;
}

function gc(): void {
  const g = (global as any).gc;
  if (typeof g === 'function') { g(); g(); }
}

function tmpOut(task: ChildTask): { dir: string; temp: boolean } {
  if (task.outdir) {
    fs.rmSync(task.outdir, { recursive: true, force: true });
    return { dir: task.outdir, temp: false };
  }
  return { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-bench-')), temp: true };
}

function synthApp(app: App, mode: Mode): void {
  if (mode === 'library' || mode === 'generate') app.synth(); // ZeroTrustApp: LinearSynth
  else if (mode === 'library-core' || mode === 'raw-core' || mode === 'hand-core') app.synth();
  else if (mode === 'raw' || mode === 'hand') LinearSynth.synth(app, { yamlWriter: YamlWriter.CDK8S });
  else LinearSynth.synth(app);
}

function run(task: ChildTask): ChildResult {
  process.env.ZERO_TRUST_TODAY = BENCH_TODAY;
  const out = tmpOut(task);
  let saved: SavedManifests | undefined;
  if (task.mode.startsWith('raw') || task.mode === 'floor') {
    saved = JSON.parse(fs.readFileSync(task.manifests, 'utf8')) as SavedManifests;
  }
  gc();
  const baseRssMB = process.memoryUsage().rss / 1048576;
  let shape: unknown;
  let objects = 0;
  let built: App | undefined;

  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  switch (task.mode) {
    case 'generate':
    case 'library':
    case 'library-core': {
      const app = task.mode === 'library-core' ? new App({ outdir: out.dir }) : new ZeroTrustApp({ outdir: out.dir });
      shape = buildLibraryApp(app, task.services, task.engine, task.layout);
      synthApp(app, task.mode);
      built = app;
      break;
    }
    case 'raw':
    case 'raw-fast':
    case 'raw-core': {
      const app = new App({ outdir: out.dir });
      for (const c of saved!.charts) {
        const chart = new Chart(app, c.id);
        c.objects.forEach((manifest, i) => new ApiObject(chart, `o${i}`, manifest));
      }
      synthApp(app, task.mode);
      break;
    }
    case 'hand':
    case 'hand-fast':
    case 'hand-core': {
      const app = new App({ outdir: out.dir });
      objects = buildHandWrittenApp(app, task.services, task.engine, task.layout);
      synthApp(app, task.mode);
      break;
    }
    case 'floor': {
      fs.mkdirSync(out.dir, { recursive: true });
      for (const c of saved!.charts) Yaml.save(path.join(out.dir, c.file), c.objects);
      break;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;

  if (task.mode === 'generate') {
    // Untimed: the manifests of the app just synthesized, per chart, with the file names synthesis used.
    const app = built!;
    const perChart = LinearSynth.manifestsPerChart(app);
    const charts = app.charts;
    const files = fs.readdirSync(out.dir).sort();
    const indexed = files.length > 0 && /^\d{4}-/.test(files[0]);
    const result: SavedManifests = {
      charts: perChart.map((chartObjects, i) => {
        const base = `${Names.toDnsLabel(charts[i])}${app.outputFileExtension}`;
        return { id: charts[i].node.id, file: indexed ? `${String(i).padStart(4, '0')}-${base}` : base, objects: chartObjects };
      }),
    };
    fs.mkdirSync(path.dirname(task.manifests), { recursive: true });
    fs.writeFileSync(task.manifests, JSON.stringify(result));
    objects = perChart.reduce((n, c) => n + c.length, 0);
  } else if (saved) {
    // Library modes: the parent takes the count from 'generate'.
    objects = saved.charts.reduce((n, c) => n + c.objects.length, 0);
  }
  if (out.temp) fs.rmSync(out.dir, { recursive: true, force: true });
  return { seconds, cpuSeconds, objects, maxRssMB, baseRssMB, shape };
}

if (require.main === module) {
  const task = JSON.parse(process.argv[2]) as ChildTask;
  const result = run(task);
  process.stdout.write(JSON.stringify(result) + '\n');
}
