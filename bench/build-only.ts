/**
 * Building the app only (no synthesis): library vs hand-written, wall and CPU,
 * retained heap after a GC; optional CPU profile of the build (inspector).
 *
 *   node --expose-gc bench/out/js/bench/build-only.js <library|hand> <N> <engine> <layout> [profile.cpuprofile]
 */
import { buildApp, phaseArgs, startProfile, timed } from './phase';

const args = phaseArgs();
const gc = (global as any).gc as () => void;
const outdir = '/tmp/zt-build-only';

buildApp(args, 20, outdir); // warm-up of the modules (a tiny app), untimed
gc();
const stop = startProfile(args.profile);
const heap0 = process.memoryUsage().heapUsed;
const { result: app, ms, cpuMs } = timed(() => buildApp(args, args.services, outdir));
stop();
gc();
const retainedMB = (process.memoryUsage().heapUsed - heap0) / 1048576;
process.stdout.write(JSON.stringify({ mode: args.mode, ms, cpuMs, retainedMB: +retainedMB.toFixed(1), charts: app.charts.length }) + '\n');
