// Test helper: runs the TypeScript app an import generated, in-process, against this worktree's library.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as ts from 'typescript';
import * as library from '../../src';


/** Transpiles the generated source, runs its `build(app)` and returns the synthesized objects (after validation). */
export function synthGenerated(source: string): { app: App; objects: any[] } {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const mod: any = { exports: {} };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const req = (id: string) => (id === 'cdk8s-zero-trust' ? library : require(id));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', js)(req, mod, mod.exports);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-import-'));
  try {
    const app = new App({ outdir });
    mod.exports.build(app);
    app.synth(); // runs every construct validation
    return { app, objects: app.charts.flatMap(c => c.toJson()) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
