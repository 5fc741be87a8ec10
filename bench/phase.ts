/**
 * What bench/build-only.ts and bench/synth-only.ts share: their arguments, building the library or
 * the hand-written app, and an optional CPU profile (inspector) of the timed part.
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import { App } from 'cdk8s';
import { BENCH_TODAY, buildLibraryApp, Engine, Layout } from './generate';
import { buildHandWrittenApp } from './handwritten';
import { ZeroTrustApp } from '../src/synth/zero-trust-app';

/** `<library|hand> <N> <engine> <layout> [profile.cpuprofile]`. */
export interface PhaseArgs {
  readonly mode: 'library' | 'hand';
  readonly services: number;
  readonly engine: Engine;
  readonly layout: Layout;
  readonly profile?: string;
}

/** The command line, with "today" pinned as in the benchmark children. */
export function phaseArgs(argv: string[] = process.argv.slice(2)): PhaseArgs {
  const [mode, n, engine, layout, profile] = argv;
  process.env.ZERO_TRUST_TODAY = BENCH_TODAY;
  return { mode: mode === 'library' ? 'library' : 'hand', services: Number(n), engine: engine as Engine, layout: layout as Layout, profile };
}

/** The library's app (a `ZeroTrustApp`) or the hand-written one (a cdk8s `App`) of `services` services. */
export function buildApp(args: PhaseArgs, services: number, outdir: string): App {
  const app = args.mode === 'library' ? new ZeroTrustApp({ outdir }) : new App({ outdir });
  if (args.mode === 'library') buildLibraryApp(app, services, args.engine, args.layout);
  else buildHandWrittenApp(app, services, args.engine, args.layout);
  return app;
}

/** Starts a CPU profile (50 µs sampling) when `file` is given; the returned function stops it and writes the file. */
export function startProfile(file: string | undefined): () => void {
  if (!file) return () => undefined;
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 50 });
  session.post('Profiler.start');
  return () => session.post('Profiler.stop', (err, res) => {
    if (!err) fs.writeFileSync(file, JSON.stringify(res.profile));
  });
}

/** Wall and CPU milliseconds of `fn`. */
export function timed<T>(fn: () => T): { result: T; ms: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { result, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}
