/**
 * Transpiles src/, imports/ and bench/ to plain JavaScript under
 * bench/out/js (same layout, so `node_modules` resolves as from the
 * sources). The measured children then run plain `node`: no TypeScript
 * compiler in their memory, no transpilation in their startup.
 * Type checking stays with `npm run typecheck:test`.
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
      if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(file).mtimeMs) continue;
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
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, out.outputText);
      written++;
    }
  }
  return written;
}
