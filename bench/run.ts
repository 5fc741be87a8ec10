/**
 * Synthesis benchmark: the library vs the same objects as raw cdk8s
 * ApiObjects vs YAML serialisation alone. See docs/bench.md.
 *
 *   npm run bench                       # full run, writes bench/results.json
 *   ts-node --transpile-only --project tsconfig.dev.json bench/run.ts --quick
 *   ... bench/run.ts --sizes 1000,5000 --engines linkerd --layouts chart-per-namespace --reps 3
 *
 *   ... bench/run.ts --targets          # the rows issue 19 names, with a met/missed verdict per target (< 10 min idle)
 *
 * Flags: --quick (N=100 only), --targets (N = 1,000 and 5,000, Istio sidecar,
 * NetworkPolicy and Linkerd, both layouts, no cdk8s App.synth() column, no
 * audit rows; the other flags may narrow or widen it), --sizes a,b, --engines a,b, --layouts a,b,
 * --reps n (default 3), --reps-large n (repetitions at N >= 5000, default 1),
 * --audit-sizes a,b (audit rows, bench/audit.ts; a full run does 5000,20000,40000),
 * --load-unbundled (load rows from jsii's per-file lib/src/ instead of the bundle that ships),
 * --core-max n (largest N for the quadratic cdk8s core app.synth() per
 * namespace, default 1000; 0 turns it off), --out file (default
 * bench/results.json for a full run, bench/out/results.json otherwise).
 * Arguments may also come from the BENCH_ARGS environment variable. The load rows (bench/load.ts)
 * measure the compiled package: run `npx projen compile` first (the run stops with that message when
 * lib/src/index.js is missing or older than src/).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runAuditBench } from './audit';
import type { ChildResult, ChildTask, Mode } from './child';
import { compile, JS_OUT, OUT, ROOT } from './compile';
import { ENGINES, Engine, LAYOUTS, Layout } from './generate';
import { HANDWRITTEN_ENGINES } from './handwritten';

/** One row of bench/results.json. */
export interface BenchRow {
  readonly services: number;
  readonly engine: Engine;
  readonly layout: Layout;
  readonly objects: number;
  /** Median seconds: build the app with the library + write the YAML files, the README quick start's path (`ZeroTrustApp`, `app.synth()`). */
  readonly librarySeconds: number;
  /**
   * Median seconds: the hand-written cdk8s app (bench/handwritten.ts) building the
   * same objects in the timed process, written by cdk8s's chart rendering and YAML,
   * validated once. Only for the engines in HANDWRITTEN_ENGINES.
   */
  readonly handSeconds?: number;
  /** Median seconds: the hand-written app written by the library's synthesis (same writer as the library). */
  readonly handFastSeconds?: number;
  /** librarySeconds / handSeconds: the default path against the hand-written app. */
  readonly handRatio?: number;
  /** librarySeconds / handFastSeconds: the cost of building the objects with the library, same writer on both sides. */
  readonly handOverheadRatio?: number;
  /** Median CPU seconds of the hand-written app's runs. */
  readonly handCpuSeconds?: number;
  /** Median CPU seconds of the hand-written app with the library's writer. */
  readonly handFastCpuSeconds?: number;
  /** libraryCpuSeconds / handCpuSeconds: as handRatio, in CPU time (less sensitive to other load). */
  readonly handCpuRatio?: number;
  /** libraryCpuSeconds / handFastCpuSeconds: as handOverheadRatio, in CPU time. */
  readonly handOverheadCpuRatio?: number;
  /** Median peak RSS of the hand-written app's process (MB). */
  readonly handPeakMB?: number;
  /** peakMB / handPeakMB. */
  readonly rssRatio?: number;
  /** The hand-written app with cdk8s core app.synth() (at N <= --core-max). */
  readonly handCoreSeconds?: number;
  /**
   * Median seconds: the same objects as plain cdk8s ApiObjects, written by
   * cdk8s's own chart rendering and YAML, validated once (what a hand-written
   * cdk8s app gets from app.synth(), without its per-chart re-validation).
   */
  readonly rawSeconds: number;
  /** Median seconds: the same plain ApiObjects written by the library's synthesis (LinearSynth and its YAML writer). */
  readonly rawFastSeconds: number;
  /** Median seconds: Yaml.save of the same objects, same files. */
  readonly floorSeconds: number;
  /** librarySeconds / rawSeconds. */
  readonly ratio: number;
  /** librarySeconds / rawFastSeconds: the cost of building the objects with the library, same writer on both sides. */
  readonly overheadRatio: number;
  /** Median CPU seconds (user + system, all threads) of the library runs: less sensitive to other load than wall time. */
  readonly libraryCpuSeconds: number;
  /** Median CPU seconds of the raw runs. */
  readonly rawCpuSeconds: number;
  /** Median CPU seconds of the floor runs. */
  readonly floorCpuSeconds: number;
  /** libraryCpuSeconds / rawCpuSeconds. */
  readonly cpuRatio: number;
  /** Median peak RSS of the library process (MB, includes Node and loaded modules). */
  readonly peakMB: number;
  /** Median peak RSS of the raw process (MB). */
  readonly rawPeakMB: number;
  /** RSS after loading modules, before the clock starts, in the library process (MB). */
  readonly baseMB: number;
  /** The library in a plain cdk8s App with cdk8s core app.synth() (quadratic with a chart per namespace; at N <= --core-max). */
  readonly libraryCoreSeconds?: number;
  /** The raw objects with cdk8s core app.synth() (chart per namespace, at N <= --core-max). */
  readonly rawCoreSeconds?: number;
  readonly repetitions: number;
  readonly namespaces: number;
  readonly routes: number;
}

/** Load time of the library's own modules for an app on one engine (bench/load.ts), medians. */
export interface LoadRow {
  readonly engine: Engine;
  /** What was loaded: lib/src/index.js (the bundle that ships) or lib/src/index.unbundled.js (jsii's per-file tree, --load-unbundled). */
  readonly entry: string;
  /** Median ms: require of the library's index + the engine's renderers, after cdk8s and cdk8s-plus. */
  readonly libraryMs: number;
  /** Median ms: require of the library's index alone. */
  readonly indexMs: number;
  /** Smallest of the samples (least disturbed by other load). */
  readonly libraryMinMs: number;
  /** Median CPU ms over the same span. */
  readonly libraryCpuMs: number;
  /** Median ms: require of cdk8s + cdk8s-plus-28 in the same processes. */
  readonly cdk8sMs: number;
  /** Files under lib/ loaded (the bundle is one). */
  readonly modules: number;
  readonly samples: number;
}

/** The newest modification time (ms) of the files under `dir` whose names pass `keep`. */
function newest(dir: string, keep: (name: string) => boolean): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, keep));
    else if (keep(e.name)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Throws unless the compiled package (lib/src/index.js, the bundle scripts/bundle.js writes) exists
 * and is newer than every source file: every row measures what ships, not the sources (the load
 * rows require the entry; the timed children load it too, see bench/compile.ts).
 */
export function checkCompiled(root: string = ROOT): void {
  const entry = path.join(root, 'lib', 'src', 'index.js');
  const how = 'run `npx projen compile` (jsii, then the vendored code and the bundle) first';
  if (!fs.existsSync(entry)) throw new Error(`${path.relative(root, entry)} is missing: the load rows measure the compiled package; ${how}`);
  if (!fs.readFileSync(entry, 'utf8').startsWith('/*! cdk8s-zero-trust bundle')) {
    throw new Error(`${path.relative(root, entry)} is not the bundle scripts/bundle.js writes (jsii's per-file entry?): ${how}`);
  }
  const src = newest(path.join(root, 'src'), n => n.endsWith('.ts'));
  if (src > fs.statSync(entry).mtimeMs) {
    throw new Error(`${path.relative(root, entry)} is older than src/ (changed ${new Date(src).toISOString()}): the load rows would measure stale code; ${how}`);
  }
}

function measureLoad(engines: readonly Engine[], samples: number, unbundled: boolean): LoadRow[] {
  checkCompiled();
  const script = path.join(JS_OUT, 'bench', 'load.js');
  const runs = new Map<Engine, any[]>(engines.map(e => [e, []]));
  for (let i = 0; i < samples; i++) {
    for (const engine of engines) {
      const r = spawnSync(process.execPath, [script, engine, ...(unbundled ? ['--unbundled'] : [])], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`load measurement for ${engine} failed: ${r.stderr}`);
      runs.get(engine)!.push(JSON.parse(r.stdout.trim()));
    }
  }
  return engines.map(engine => {
    const xs = runs.get(engine)!;
    return {
      engine,
      entry: xs[0].entry,
      libraryMs: round(median(xs.map(x => x.libraryMs)), 1),
      indexMs: round(median(xs.map(x => x.indexMs)), 1),
      libraryMinMs: round(Math.min(...xs.map(x => x.libraryMs)), 1),
      libraryCpuMs: round(median(xs.map(x => x.libraryCpuMs)), 1),
      cdk8sMs: round(median(xs.map(x => x.cdk8sMs)), 1),
      modules: xs[0].modules,
      samples,
    };
  });
}

interface Options {
  sizes: number[];
  engines: Engine[];
  layouts: Layout[];
  reps: number;
  repsLarge: number;
  coreMax: number;
  out: string;
  full: boolean;
  /** Audit rows (bench/audit.ts): sizes in objects; a full run does 5,000, 20,000 and 40,000. */
  auditSizes: number[];
  /** Load rows from jsii's per-file tree (lib/src/index.unbundled.js) instead of the bundle, for comparison. */
  loadUnbundled: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sizes: [100, 1000, 5000],
    engines: [...ENGINES],
    layouts: [...LAYOUTS],
    reps: 3,
    repsLarge: 1,
    coreMax: 1000,
    out: '',
    full: true,
    auditSizes: [],
    loadUnbundled: false,
  };
  const list = (v: string | undefined) => (v ?? '').split(',').map(s => s.trim()).filter(s => s.length > 0);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--quick': o.sizes = [100]; o.full = false; break;
      case '--targets':
        o.sizes = [1000, 5000];
        o.engines = [...TARGET_ENGINES];
        o.coreMax = 0;
        o.full = false;
        break;
      case '--sizes': o.sizes = list(next()).map(Number); o.full = false; break;
      case '--engines': o.engines = list(next()) as Engine[]; o.full = false; break;
      case '--layouts': o.layouts = list(next()) as Layout[]; o.full = false; break;
      case '--reps': o.reps = Number(next()); break;
      case '--reps-large': o.repsLarge = Number(next()); break;
      case '--core-max': o.coreMax = Number(next()); break;
      case '--out': o.out = next(); break;
      case '--audit-sizes': o.auditSizes = list(next()).map(Number); break;
      case '--load-unbundled': o.loadUnbundled = true; break;
      default: throw new Error(`unknown argument ${a} (see the header of bench/run.ts)`);
    }
  }
  for (const e of o.engines) if (!(ENGINES as readonly string[]).includes(e)) throw new Error(`unknown engine ${e}: one of ${ENGINES.join(', ')}`);
  for (const l of o.layouts) if (!(LAYOUTS as readonly string[]).includes(l)) throw new Error(`unknown layout ${l}: one of ${LAYOUTS.join(', ')}`);
  for (const n of o.sizes) if (!Number.isInteger(n) || n < 1) throw new Error(`bad size ${n}`);
  if (!o.out) o.out = o.full ? path.join(ROOT, 'bench', 'results.json') : path.join(OUT, 'results.json');
  if (o.full && o.auditSizes.length === 0) o.auditSizes = [5000, 20000, 40000];
  return o;
}

/** The engines issue 19 names: Istio sidecar, Kubernetes NetworkPolicy, Linkerd. */
const TARGET_ENGINES: readonly Engine[] = ['istio-sidecar', 'none-networkpolicy', 'linkerd'];

/** One target of issue 19, as measured by a run. */
export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

const range = (xs: number[], d = 2) => (xs.length === 0 ? 'n/a' : `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`);

/**
 * The targets of issue 19 against the rows of this run (N >= 1,000; every row
 * with a hand-written baseline): met when the worst row meets it. Wall time is
 * the verdict; CPU time is printed next to it (less sensitive to other load).
 */
export function verdicts(rows: BenchRow[], load: LoadRow[]): Verdict[] {
  const big = rows.filter(r => r.services >= 1000 && r.handRatio !== undefined);
  const verdict = (target: string, wall: number[], cpu: number[], limit: number): Verdict => ({
    target,
    measured: `${range(wall)} wall, ${range(cpu)} cpu (${wall.length} rows)`,
    met: wall.length === 0 ? undefined : Math.max(...wall) <= limit,
  });
  const out = [
    verdict('default path (ZeroTrustApp) <= 1.0 x hand-written', big.map(r => r.handRatio!), big.map(r => r.handCpuRatio!), 1.0),
    verdict('construction overhead (same writer) <= 1.2 x', big.map(r => r.handOverheadRatio!), big.map(r => r.handOverheadCpuRatio!), 1.2),
    {
      target: 'peak RSS <= 1.15 x hand-written',
      measured: `${range(big.map(r => r.rssRatio!))} (${big.map(r => `${r.peakMB}/${r.handPeakMB}`).join(', ')} MB)`,
      met: big.length === 0 ? undefined : Math.max(...big.map(r => r.rssRatio!)) <= 1.15,
    },
  ];
  for (const l of load) {
    out.push({
      target: `load <= 40 ms (${l.engine})`,
      measured: `${l.libraryMs} ms wall median (min ${l.libraryMinMs}), ${l.libraryCpuMs} ms cpu, ${l.samples} processes`,
      met: l.libraryMs <= 40,
    });
  }
  return out;
}

function verdictTable(vs: Verdict[]): string {
  const rows = [['target (issue 19)', 'measured', 'status'], ...vs.map(v => [v.target, v.measured, v.met === undefined ? 'not measured' : v.met ? 'met' : 'MISSED'])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows.map(r => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}

const CHILD = path.join(JS_OUT, 'bench', 'child.js');

function child(task: ChildTask): ChildResult {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', CHILD, JSON.stringify(task)], {
    cwd: ROOT,
    // The library's generated classes write keys in schema order; plain
    // ApiObjects sort them. Unsorted raw objects keep the library's order, so
    // the files are byte-identical (and raw skips the sort: conservative).
    env: task.mode.startsWith('raw') || task.mode.startsWith('hand') ? { ...process.env, CDK8S_DISABLE_SORT: '1' } : process.env,
    encoding: 'utf8',
    timeout: 900_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`benchmark child ${task.mode} N=${task.services} ${task.engine} ${task.layout} failed (${r.error ?? `exit ${r.status} ${r.signal ?? ''}`}):\n${(r.stderr ?? '').slice(-4000)}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as ChildResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of fs.readdirSync(dir).sort()) out.set(f, fs.readFileSync(path.join(dir, f)));
  return out;
}

/** Throws unless two output directories hold byte-identical files. */
function expectSameFiles(reference: string, other: string, what: string): void {
  const a = readTree(reference);
  const b = readTree(other);
  const names = (m: Map<string, Buffer>) => [...m.keys()].join(',');
  if (names(a) !== names(b)) throw new Error(`${what}: files differ from the library's (${names(b).slice(0, 200)} vs ${names(a).slice(0, 200)})`);
  for (const [f, buf] of a) {
    if (!buf.equals(b.get(f)!)) throw new Error(`${what}: ${f} differs from the library's output`);
  }
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function measureConfig(o: Options, services: number, engine: Engine, layout: Layout, log: (s: string) => void): BenchRow {
  const cfg = `${services}-${engine}-${layout}`;
  const dir = path.join(OUT, 'runs', cfg);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const manifests = path.join(dir, 'manifests.json');
  const reference = path.join(dir, 'library');
  const task = (mode: Mode, outdir?: string): ChildTask => ({ mode, services, engine, layout, manifests, outdir });

  // The first library run also saves the manifests (untimed) for raw and floor.
  const gen = child(task('generate', reference));
  const shape = gen.shape as { namespaces: number; routes: number };
  const reps = services >= 5000 ? o.repsLarge : o.reps;
  const lib: ChildResult[] = [gen];
  const hand: ChildResult[] = [];
  const handFast: ChildResult[] = [];
  const raw: ChildResult[] = [];
  const rawFast: ChildResult[] = [];
  const floor: ChildResult[] = [];
  const hasHand = HANDWRITTEN_ENGINES.includes(engine);
  for (let r = 0; r < reps; r++) {
    // Interleaved so that background load hits them alike. Every run
    // writes its files; the first of each is compared with the library's.
    const modes: Array<[Mode, ChildResult[]]> = [];
    if (r > 0) modes.push(['library', lib]);
    if (hasHand) modes.push(['hand', hand], ['hand-fast', handFast]);
    modes.push(['raw', raw], ['raw-fast', rawFast], ['floor', floor]);
    for (const [mode, into] of modes) {
      const outdir = path.join(dir, `${mode}-${r}`);
      into.push(child(task(mode, outdir)));
      if (r === 0) expectSameFiles(reference, outdir, `${mode} output for ${cfg}`);
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  let libraryCoreSeconds: number | undefined;
  let rawCoreSeconds: number | undefined;
  let handCoreSeconds: number | undefined;
  if (services <= o.coreMax) {
    const coreReps = services >= 1000 ? 1 : Math.min(o.reps, 3);
    const lc: number[] = [];
    const rc: number[] = [];
    const hc: number[] = [];
    const coreModes: Array<[Mode, number[]]> = [['library-core', lc]];
    if (hasHand) coreModes.push(['hand-core', hc]);
    if (layout === 'chart-per-namespace') coreModes.push(['raw-core', rc]);
    for (let r = 0; r < coreReps; r++) {
      for (const [mode, into] of coreModes) {
        const outdir = path.join(dir, `${mode}-${r}`);
        into.push(child(task(mode, outdir)).seconds);
        if (r === 0) expectSameFiles(reference, outdir, `${mode} output for ${cfg}`);
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
    libraryCoreSeconds = round(median(lc));
    if (rc.length > 0) rawCoreSeconds = round(median(rc));
    if (hc.length > 0) handCoreSeconds = round(median(hc));
  }
  fs.rmSync(reference, { recursive: true, force: true });

  const librarySeconds = median(lib.map(x => x.seconds));
  const rawSeconds = median(raw.map(x => x.seconds));
  const rawFastSeconds = median(rawFast.map(x => x.seconds));
  const handSeconds = hasHand ? median(hand.map(x => x.seconds)) : undefined;
  const handFastSeconds = hasHand ? median(handFast.map(x => x.seconds)) : undefined;
  const peakMB = median(lib.map(x => x.maxRssMB));
  const handPeakMB = hasHand ? median(hand.map(x => x.maxRssMB)) : undefined;
  if (hasHand && hand[0].objects !== gen.objects) throw new Error(`hand-written app for ${cfg}: ${hand[0].objects} objects, the library ${gen.objects}`);
  const row: BenchRow = {
    services,
    engine,
    layout,
    objects: gen.objects,
    librarySeconds: round(librarySeconds),
    handSeconds: handSeconds !== undefined ? round(handSeconds) : undefined,
    handFastSeconds: handFastSeconds !== undefined ? round(handFastSeconds) : undefined,
    handRatio: handSeconds !== undefined ? round(librarySeconds / handSeconds, 2) : undefined,
    handOverheadRatio: handFastSeconds !== undefined ? round(librarySeconds / handFastSeconds, 2) : undefined,
    handCpuSeconds: hasHand ? round(median(hand.map(x => x.cpuSeconds))) : undefined,
    handFastCpuSeconds: hasHand ? round(median(handFast.map(x => x.cpuSeconds))) : undefined,
    handCpuRatio: hasHand ? round(median(lib.map(x => x.cpuSeconds)) / median(hand.map(x => x.cpuSeconds)), 2) : undefined,
    handOverheadCpuRatio: hasHand ? round(median(lib.map(x => x.cpuSeconds)) / median(handFast.map(x => x.cpuSeconds)), 2) : undefined,
    handPeakMB: handPeakMB !== undefined ? Math.round(handPeakMB) : undefined,
    rssRatio: handPeakMB !== undefined ? round(peakMB / handPeakMB, 2) : undefined,
    handCoreSeconds,
    rawSeconds: round(rawSeconds),
    rawFastSeconds: round(rawFastSeconds),
    floorSeconds: round(median(floor.map(x => x.seconds))),
    ratio: round(librarySeconds / rawSeconds, 2),
    overheadRatio: round(librarySeconds / rawFastSeconds, 2),
    libraryCpuSeconds: round(median(lib.map(x => x.cpuSeconds))),
    rawCpuSeconds: round(median(raw.map(x => x.cpuSeconds))),
    floorCpuSeconds: round(median(floor.map(x => x.cpuSeconds))),
    cpuRatio: round(median(lib.map(x => x.cpuSeconds)) / median(raw.map(x => x.cpuSeconds)), 2),
    peakMB: Math.round(peakMB),
    rawPeakMB: Math.round(median(raw.map(x => x.maxRssMB))),
    baseMB: Math.round(median(lib.map(x => x.baseRssMB))),
    libraryCoreSeconds,
    rawCoreSeconds,
    repetitions: reps,
    namespaces: shape.namespaces,
    routes: shape.routes,
  };
  const samples = (xs: ChildResult[]) => xs.map(x => `${x.seconds.toFixed(2)}(${x.cpuSeconds.toFixed(2)})`).join(' ');
  log(`  wall(cpu) s: library ${samples(lib)} | hand ${samples(hand)} | hand-fast ${samples(handFast)} | raw ${samples(raw)} | raw-fast ${samples(rawFast)} | floor ${samples(floor)}`);
  return row;
}

const HEADER = [
  'N', 'engine', 'layout', 'objects',
  'library s', 'hand s', 'lib / hand', 'lib / hand (cpu)', 'hand (our writer) s', 'overhead', 'overhead (cpu)', 'MB lib / hand', 'RSS ratio',
  'raw s', 'lib / raw', 'floor s', 'App.synth() s (lib / hand / raw)',
];
/** Columns aligned right (numbers). */
const NUMERIC = new Set([3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15]);

const f2 = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(2));

function cells(r: BenchRow): string[] {
  const core = r.libraryCoreSeconds !== undefined
    ? [r.libraryCoreSeconds, r.handCoreSeconds, r.rawCoreSeconds].map(f2).join(' / ')
    : 'not measured';
  return [
    String(r.services), r.engine, r.layout, String(r.objects),
    r.librarySeconds.toFixed(2), f2(r.handSeconds), f2(r.handRatio), f2(r.handCpuRatio),
    f2(r.handFastSeconds), f2(r.handOverheadRatio), f2(r.handOverheadCpuRatio),
    `${r.peakMB} / ${r.handPeakMB ?? 'n/a'}`, f2(r.rssRatio),
    r.rawSeconds.toFixed(2), r.ratio.toFixed(2), r.floorSeconds.toFixed(2), core,
  ];
}

/** The results as a Markdown table. */
export function markdownTable(rows: BenchRow[]): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (NUMERIC.has(i) ? '---:' : '---')).join('|')}|`];
  for (const r of rows) lines.push(`| ${cells(r).join(' | ')} |`);
  return lines.join('\n');
}

function textTable(rows: BenchRow[]): string {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map(r => r[i].length)));
  return all.map(r => r.map((c, i) => (NUMERIC.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')).join('\n');
}

/** Time per service at the largest N vs at 1,000, per engine and layout. */
function growth(rows: BenchRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (r.services <= 1000) continue;
    const base = rows.find(x => x.services === 1000 && x.engine === r.engine && x.layout === r.layout);
    if (!base) continue;
    const per = (x: number, y: number) => ((x / r.services) / (y / base.services)).toFixed(2);
    out.push(`${r.engine} ${r.layout}: time per service at N=${r.services} vs N=1000: `
      + `library ${per(r.librarySeconds, base.librarySeconds)}x wall, ${per(r.libraryCpuSeconds, base.libraryCpuSeconds)}x cpu; `
      + `raw ${per(r.rawSeconds, base.rawSeconds)}x wall`);
  }
  return out;
}

function main(): void {
  const argv = [...process.argv.slice(2), ...(process.env.BENCH_ARGS ?? '').split(/\s+/).filter(s => s.length > 0)];
  const o = parseArgs(argv);
  const t0 = Date.now();
  checkCompiled();
  const written = compile();
  const log = (s: string) => process.stderr.write(s + '\n');
  log(`compiled ${written} changed file(s) to ${path.relative(ROOT, JS_OUT)}`);
  log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 1073741824)} GB, node ${process.version}, load ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`);
  const load = measureLoad(o.engines, o.full ? 15 : 7, o.loadUnbundled);
  for (const l of load) {
    log(`load ${l.engine} (${l.entry}): library ${l.libraryMs} ms median (min ${l.libraryMinMs}, cpu ${l.libraryCpuMs}; index alone ${l.indexMs}), ${l.modules} files under lib/; cdk8s + cdk8s-plus ${l.cdk8sMs} ms`);
  }
  const rows: BenchRow[] = [];
  for (const services of o.sizes) {
    for (const engine of o.engines) {
      for (const layout of o.layouts) {
        const t = Date.now();
        const row = measureConfig(o, services, engine, layout, log);
        rows.push(row);
        log(`${textTable([row]).split('\n')[1]}   (${((Date.now() - t) / 1000).toFixed(0)} s, load ${os.loadavg()[0].toFixed(1)})`);
      }
    }
  }
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, JSON.stringify(rows, null, 2) + '\n');
  fs.writeFileSync(o.out.replace(/\.json$/, '-load.json'), JSON.stringify(load, null, 2) + '\n');
  fs.writeFileSync(path.join(OUT, 'results.md'), markdownTable(rows) + '\n');
  process.stdout.write('\n' + textTable(rows) + '\n\n');
  for (const g of growth(rows)) process.stdout.write(g + '\n');
  const vs = verdicts(rows, load);
  fs.writeFileSync(path.join(OUT, 'verdicts.json'), JSON.stringify(vs, null, 2) + '\n');
  process.stdout.write(`\n${verdictTable(vs)}\n(load average now ${os.loadavg().map(x => x.toFixed(1)).join(' ')}: wall-time verdicts need an idle machine)\n`);
  if (o.auditSizes.length > 0) runAuditBench(o.auditSizes, o.reps, o.full ? path.join(ROOT, 'bench', 'audit-results.json') : path.join(OUT, 'audit-results.json'), log);
  process.stdout.write(`\nwrote ${path.relative(ROOT, o.out)} (and bench/out/results.md) in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${os.cpus().length} cores, load ${os.loadavg().map(x => x.toFixed(1)).join(' ')}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  }
}
