/* Synthesizes every example to dist/examples/<example>/ (one YAML file per chart). */
import * as fs from 'fs';
import * as path from 'path';
import { ZeroTrustApp } from '../src';
import { examples } from './registry';

const root = path.join(__dirname, '..', 'dist', 'examples');
fs.rmSync(root, { recursive: true, force: true });
for (const ex of examples()) {
  const outdir = path.join(root, ex.name);
  const app = new ZeroTrustApp({ outdir });
  ex.build(app);
  app.synth(); // the same files as cdk8s App.synth(), validated once, written by the fast YAML writer
  const files = fs.readdirSync(outdir);
  console.log(`${ex.name}: ${files.length} file(s) in dist/examples/${ex.name}/ — ${ex.description}`);
}
