/**
 * A cold run split in two: building the app, then writing it, each with the garbage-collection
 * pauses that fell in it (a `PerformanceObserver` of `gc` entries). Nothing is warmed up, as in
 * the timed children of `bench/run.ts`: the library's default path (`ZeroTrustApp`, `app.synth()`)
 * or the hand-written app written by the library's writer (`LinearSynth.synth`, the overhead
 * comparison), so the split tells where a row's difference comes from.
 *
 *   node --expose-gc bench/out/js/bench/cold-split.js <library|hand> <N> <engine> <layout>
 *
 * Prints one JSON line: `{ mode, buildMs, buildGcMs, writeMs, writeGcMs }`.
 */
import * as fs from 'fs';
import { performance, PerformanceObserver } from 'perf_hooks';
import { buildApp, phaseArgs } from './phase';
import { LinearSynth } from '../src/synth/linear-synth';

const args = phaseArgs();
// The hand-written app runs unsorted, as in bench/run.ts (its objects are built in sorted order).
if (args.mode === 'hand') process.env.CDK8S_DISABLE_SORT = '1';
const pauses: Array<{ start: number; ms: number }> = [];
const observer = new PerformanceObserver(list => {
  for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration });
});
observer.observe({ entryTypes: ['gc'] });
const outdir = fs.mkdtempSync('/tmp/zt-cold-split-');
const gc = (global as any).gc as () => void;
gc();
gc();

const t0 = performance.now();
const app = buildApp(args, args.services, outdir);
const t1 = performance.now();
if (args.mode === 'library') app.synth(); // ZeroTrustApp: LinearSynth
else LinearSynth.synth(app);
const t2 = performance.now();

// The gc entries arrive asynchronously: read them on the next turns of the event loop.
setTimeout(() => {
  observer.disconnect();
  const gcIn = (from: number, to: number) => pauses.filter(p => p.start >= from && p.start < to).reduce((n, p) => n + p.ms, 0);
  const round = (x: number) => Math.round(x * 10) / 10;
  process.stdout.write(JSON.stringify({
    mode: args.mode,
    buildMs: round(t1 - t0),
    buildGcMs: round(gcIn(t0, t1)),
    writeMs: round(t2 - t1),
    writeGcMs: round(gcIn(t1, t2)),
  }) + '\n');
  fs.rmSync(outdir, { recursive: true, force: true });
}, 50);
