/* Synthesizes every example to dist/examples/<example>/ (one YAML file per chart). */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { LinearSynth } from '../src';
import { examples } from './registry';

const root = path.join(__dirname, '..', 'dist', 'examples');
fs.rmSync(root, { recursive: true, force: true });
for (const ex of examples()) {
  const outdir = path.join(root, ex.name);
  const app = new App({ outdir });
  ex.build(app);
  LinearSynth.synth(app); // the same files as app.synth(), validated once, written by the fast YAML writer
  const files = fs.readdirSync(outdir);
  console.log(`${ex.name}: ${files.length} file(s) in dist/examples/${ex.name}/ — ${ex.description}`);
}
