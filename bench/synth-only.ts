/**
 * Synthesis only (the app is built untimed): library vs hand-written, both written by the
 * library's LinearSynth (the "overhead" comparison's writer), wall and CPU; optional CPU profile.
 *
 *   node --expose-gc bench/out/js/bench/synth-only.js <library|hand> <N> <engine> <layout> [profile.cpuprofile]
 *
 * The hand-written app runs with CDK8S_DISABLE_SORT=1 as in bench/run.ts (set it in the environment).
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import { App } from 'cdk8s';
import { BENCH_TODAY, buildLibraryApp, Engine, Layout } from './generate';
import { buildHandWrittenApp } from './handwritten';
import { LinearSynth } from '../src/synth/linear-synth';
import { ZeroTrustApp } from '../src/synth/zero-trust-app';

const [mode, n, engine, layout, prof] = process.argv.slice(2);
process.env.ZERO_TRUST_TODAY = BENCH_TODAY;
const gc = (global as any).gc as () => void;
const outdir = fs.mkdtempSync('/tmp/zt-synth-only-');

function build(services: number): App {
  const app = mode === 'library' ? new ZeroTrustApp({ outdir }) : new App({ outdir });
  if (mode === 'library') buildLibraryApp(app, services, engine as Engine, layout as Layout);
  else buildHandWrittenApp(app, services, engine as Engine, layout as Layout);
  return app;
}

LinearSynth.synth(build(20)); // warm-up, untimed
const app = build(Number(n));
gc();
const session = prof ? new inspector.Session() : undefined;
if (session) {
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 50 });
  session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
LinearSynth.synth(app);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(cpu0);
if (session) {
  session.post('Profiler.stop', (err, res) => {
    if (!err) fs.writeFileSync(prof!, JSON.stringify(res.profile));
  });
}
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ mode, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000) }) + '\n');
