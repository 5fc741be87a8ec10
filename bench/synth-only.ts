/**
 * Synthesis only (the app is built untimed): library vs hand-written, both written by the
 * library's LinearSynth (the "overhead" comparison's writer), wall and CPU; optional CPU profile.
 *
 *   node --expose-gc bench/out/js/bench/synth-only.js <library|hand> <N> <engine> <layout> [profile.cpuprofile]
 *
 * The hand-written app runs with CDK8S_DISABLE_SORT=1 as in bench/run.ts (set it in the environment).
 */
import * as fs from 'fs';
import { buildApp, phaseArgs, startProfile, timed } from './phase';
import { LinearSynth } from '../src/synth/linear-synth';

const args = phaseArgs();
const gc = (global as any).gc as () => void;
const outdir = fs.mkdtempSync('/tmp/zt-synth-only-');

LinearSynth.synth(buildApp(args, 20, outdir)); // warm-up, untimed
const app = buildApp(args, args.services, outdir);
gc();
const stop = startProfile(args.profile);
const { ms, cpuMs } = timed(() => LinearSynth.synth(app));
stop();
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ mode: args.mode, ms, cpuMs }) + '\n');
