/**
 * A cold run split into building and writing, with what the process's threads did in each: the
 * main thread's CPU time, the time it waited for a CPU while runnable (the scheduler's run-queue
 * wait), and the CPU time of every other thread (V8's optimizing compiler and garbage-collection
 * helpers, Node's workers). Linux only: it reads `/proc/self/task/<tid>/schedstat`.
 *
 *   node --expose-gc bench/out/js/bench/sched-split.js <library|hand> <N> <engine> <layout>
 *
 * Prints one JSON line: `{ mode, build: { wallMs, mainMs, waitMs, otherMs }, write: { ... } }`.
 * Nothing is warmed up, as in the timed children of `bench/run.ts`: the library's default path
 * (`ZeroTrustApp`, `app.synth()`) or the hand-written app written by the library's writer
 * (`LinearSynth.synth`, the overhead comparison). On a machine with as many cores as the process
 * has busy threads the wait is near zero; on two cores it tells how much of a row's wall time the
 * main thread spent waiting for the compiler and the collector's threads (docs/bench.md, eighth round).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp, phaseArgs } from './phase';
import { LinearSynth } from '../src/synth/linear-synth';

/** CPU and run-queue wait of the main thread, CPU of the other threads, in nanoseconds; and the clock. */
interface Threads { readonly mainNs: number; readonly waitNs: number; readonly otherNs: number; readonly clockNs: number }

function threads(): Threads {
  let mainNs = 0;
  let waitNs = 0;
  let otherNs = 0;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    // schedstat: time on a CPU, time waiting on a run queue, time slices (ns, ns, count).
    const [onCpu, waiting] = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    if (Number(tid) === process.pid) {
      mainNs = onCpu;
      waitNs = waiting;
    } else {
      otherNs += onCpu;
    }
  }
  return { mainNs, waitNs, otherNs, clockNs: Number(process.hrtime.bigint()) };
}

function span(a: Threads, b: Threads): { wallMs: number; mainMs: number; waitMs: number; otherMs: number } {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  return { wallMs: ms(b.clockNs - a.clockNs), mainMs: ms(b.mainNs - a.mainNs), waitMs: ms(b.waitNs - a.waitNs), otherMs: ms(b.otherNs - a.otherNs) };
}

const args = phaseArgs();
if (!fs.existsSync(`/proc/self/task/${process.pid}/schedstat`)) {
  process.stderr.write('sched-split needs Linux /proc/<pid>/task/<tid>/schedstat\n');
  process.exit(2);
}
// The hand-written app runs unsorted, as in bench/run.ts (its objects are built in sorted order).
if (args.mode === 'hand') process.env.CDK8S_DISABLE_SORT = '1';
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-sched-split-'));
const gc = (global as any).gc as (() => void) | undefined;
gc?.();
gc?.();

const t0 = threads();
const app = buildApp(args, args.services, outdir);
const t1 = threads();
if (args.mode === 'library') app.synth(); // ZeroTrustApp: LinearSynth
else LinearSynth.synth(app);
const t2 = threads();
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ mode: args.mode, build: span(t0, t1), write: span(t1, t2) }) + '\n');
