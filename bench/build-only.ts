/**
 * Building the app only (no synthesis): library vs hand-written, wall and CPU,
 * retained heap after a GC; optional CPU profile of the build (inspector).
 *
 *   node --expose-gc bench/out/js/bench/build-only.js <library|hand> <N> <engine> <layout> [profile.cpuprofile]
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import { App } from 'cdk8s';
import { BENCH_TODAY, buildLibraryApp, Engine, Layout } from './generate';
import { buildHandWrittenApp } from './handwritten';
import { ZeroTrustApp } from '../src/synth/zero-trust-app';

const [mode, n, engine, layout, prof] = process.argv.slice(2);
process.env.ZERO_TRUST_TODAY = BENCH_TODAY;
const gc = (global as any).gc as () => void;

function build(): App {
  const app = mode === 'library' ? new ZeroTrustApp({ outdir: '/tmp/zt-build-only' }) : new App({ outdir: '/tmp/zt-build-only' });
  if (mode === 'library') buildLibraryApp(app, Number(n), engine as Engine, layout as Layout);
  else buildHandWrittenApp(app, Number(n), engine as Engine, layout as Layout);
  return app;
}

// Warm-up of the modules (a tiny app), untimed.
const warm = new ZeroTrustApp({ outdir: '/tmp/zt-build-only' });
if (mode === 'library') buildLibraryApp(warm, 20, engine as Engine, layout as Layout);
else buildHandWrittenApp(warm, 20, engine as Engine, layout as Layout);
gc();
const session = prof ? new inspector.Session() : undefined;
if (session) {
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 50 });
  session.post('Profiler.start');
}
const heap0 = process.memoryUsage().heapUsed;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const app = build();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(cpu0);
if (session) {
  session.post('Profiler.stop', (err, res) => {
    if (!err) fs.writeFileSync(prof!, JSON.stringify(res.profile));
  });
}
gc();
const retainedMB = (process.memoryUsage().heapUsed - heap0) / 1048576;
process.stdout.write(JSON.stringify({ mode, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), retainedMB: +retainedMB.toFixed(1), charts: app.charts.length }) + '\n');
