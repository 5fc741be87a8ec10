/**
 * Transpiles src/, imports/ and bench/ to plain JavaScript under
 * bench/out/js (same layout, so `node_modules` resolves as from the
 * sources). The measured children then run plain `node`: no TypeScript
 * compiler in their memory, no transpilation in their startup.
 * Type checking stays with `npm run typecheck:test`.
 *
 * The bench's own files load the library as it ships: their `require`s of
 * `../src/...` are rewritten to the package entry, the bundle
 * `lib/src/index.js` (scripts/bundle.js), so the timed children run the code
 * users run (its lazy loads included), not tsc's per-file transpile of src/.
 * Every name the bench imports from src/ is a public export (a test checks it:
 * test/bench/compile.test.ts); `bench/run.ts` refuses a missing or stale `lib/`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..');
export const OUT = path.join(ROOT, 'bench', 'out');
export const JS_OUT = path.join(OUT, 'js');

const DIRS = ['src', 'imports', 'bench'];

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (p === OUT || e.name === 'node_modules') continue;
      sources(p, out);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

/** Transpiles every changed file; returns how many were written. */
export function compile(): number {
  let written = 0;
  for (const dir of DIRS) {
    for (const file of sources(path.join(ROOT, dir))) {
      const rel = path.relative(ROOT, file);
      const target = path.join(JS_OUT, rel.replace(/\.ts$/, '.js'));
      if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= Math.max(fs.statSync(file).mtimeMs, SELF)) continue;
      const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          experimentalDecorators: true,
          // Same class-field semantics as the library's tsconfig (target ES2022).
          useDefineForClassFields: true,
        },
      });
      const text = dir === 'bench' ? toBundle(out.outputText, target) : out.outputText;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
      written++;
    }
  }
  return written;
}

/** This file's time: a change to how files are transpiled rewrites them all. */
const SELF = fs.statSync(__filename).mtimeMs;

/** The package entry (the bundle), which the bench's files load instead of src/. */
export const PACKAGE_ENTRY = path.join(ROOT, 'lib', 'src', 'index.js');

/** A transpiled bench file with its `require("../src/...")` calls loading the package entry instead. */
export function toBundle(js: string, target: string): string {
  const entry = path.relative(path.dirname(target), PACKAGE_ENTRY).split(path.sep).join('/');
  return js.replace(/require\("\.\.\/src(?:\/[^"]*)?"\)/g, () => `require(${JSON.stringify(entry.startsWith('.') ? entry : `./${entry}`)})`);
}
