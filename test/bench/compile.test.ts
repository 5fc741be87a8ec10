/*
 * Issue 19: the benchmark's children run the library as it ships. bench/compile.ts rewrites the
 * bench files' `require("../src/...")` to the package entry (the bundle lib/src/index.js), so every
 * value a bench file imports from src/ must be a public export of the package, the same object as
 * in src/ (otherwise a child would read `undefined` and fail, or measure something else).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { PACKAGE_ENTRY, ROOT, toBundle } from '../../bench/compile';
import * as index from '../../src';

const BENCH = path.join(ROOT, 'bench');

/** `import { a, b } from '../src/...'` of every bench file: module path and names (type-only imports left out). */
function srcImports(): Array<{ file: string; module: string; names: string[] }> {
  const out: Array<{ file: string; module: string; names: string[] }> = [];
  for (const name of fs.readdirSync(BENCH).filter(f => f.endsWith('.ts'))) {
    const file = path.join(BENCH, name);
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
      const module = st.moduleSpecifier.text;
      if (!module.startsWith('../src')) continue;
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const bindings = clause.namedBindings;
      const names = bindings && ts.isNamedImports(bindings)
        ? bindings.elements.filter(e => !e.isTypeOnly).map(e => (e.propertyName ?? e.name).text)
        : [];
      out.push({ file: name, module, names });
    }
  }
  return out;
}

test('the bench imports from src/ (the children load them from the bundle)', () => {
  const imports = srcImports();
  // generate.ts, child.ts, phase.ts, ... : the check below is not vacuous.
  expect(imports.map(i => i.file)).toEqual(expect.arrayContaining(['generate.ts', 'child.ts']));
  expect(imports.flatMap(i => i.names)).toEqual(expect.arrayContaining(['MeshService', 'ZeroTrustApp', 'LinearSynth']));
});

test('every value the bench imports from src/ is the package entry\'s export of the same name', () => {
  const missing: string[] = [];
  for (const { file, module, names } of srcImports()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.resolve(BENCH, module));
    for (const n of names) {
      if (mod[n] === undefined) continue; // a type (erased by the transpiler)
      if ((index as any)[n] !== mod[n]) missing.push(`${file}: ${n} from ${module}`);
    }
  }
  expect(missing).toEqual([]);
});

test('a transpiled bench file requires the package entry instead of src/', () => {
  const target = path.join(ROOT, 'bench', 'out', 'js', 'bench', 'generate.js');
  const js = [
    'const a = require("../src/constructs/mesh-service");',
    'const b = require("../src");',
    'const c = require("cdk8s");',
    'const d = require("./handwritten");',
  ].join('\n');
  const out = toBundle(js, target).split('\n');
  const entry = path.relative(path.dirname(target), PACKAGE_ENTRY).split(path.sep).join('/');
  expect(entry).toBe('../../../../lib/src/index.js');
  expect(out).toEqual([
    `const a = require("${entry}");`,
    `const b = require("${entry}");`,
    'const c = require("cdk8s");',
    'const d = require("./handwritten");',
  ]);
});
