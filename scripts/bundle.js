#!/usr/bin/env node
/*
 * Replaces the package entry lib/src/index.js (package.json "main") with one esbuild CommonJS bundle
 * of the library (issue 19: loading 116 separate modules cost ~60-75 ms, mostly per-module overhead:
 * resolution, file reads, wrapping, compiling). Runs after jsii (and scripts/vendor.js, which reads
 * the per-file lib/src/shared/vendor.js).
 *
 * - Input: the per-file CommonJS jsii wrote to lib/src/ (not the TypeScript sources: jsii's output
 *   carries the runtime type information, `Symbol.for('jsii.rtti')`, the other languages need).
 *   Each module keeps its own esbuild `__commonJS` wrapper, evaluated on its first `require`: the
 *   lazy `require('../backends/...')` calls inside functions (engine registry, src/shared/lazy.ts
 *   users, audit and validation internals) stay lazy.
 * - External: the peers (cdk8s, cdk8s-plus-28, constructs and their deep paths), node built-ins,
 *   ts-node (the rollout CLI registers it for TypeScript apps: the user's dependency), and the
 *   vendored lib/vendor/*.js (src/shared/vendor.ts requires them by computed path). Any other
 *   package that would end up inside fails the build.
 * - The generated CRD classes (lib/imports/*.js, 0.66 MB, one file per upstream API group) stay
 *   separate files, required by the bundle from `../imports/<module>`: they load only for the
 *   engines that use them, and V8 does not have to parse the other engines' (1.6 MB -> 1.1 MB
 *   before whitespace minification).
 * - Names kept (`keepNames`), identifiers not minified: error messages and `constructor.name` use
 *   them. Whitespace is minified (1.1 MB -> 784 KB to parse: `require` of the index 34.3 -> 31.5 ms
 *   median, 21 processes each, interleaved). Lines are broken after about 160 characters
 *   (`lineLimit`): Node prints the source line of an uncaught error above its message, and one
 *   minified line was the whole library (a validation error printed 436 KB of code before the
 *   message); breaking the lines costs no measurable load time.
 * - lib/src/audit/jest.js, the other documented entry point (docs/audit.md), is rewritten to
 *   require the library from the bundle (`../index`): one copy of every class at run time.
 * The per-file lib/src/**\/*.js stay in lib/ (the bundle's input; not in the npm package, see
 * .projenrc.ts), and jsii's own index as lib/src/index.unbundled.js: the per-file tree, for
 * `bench/load.ts --unbundled` and test/package/bundle.test.ts (which compares the two). Writes
 * lib/src/bundle-meta.json (esbuild's metafile: the inputs of the bundle and their sizes, for
 * inspection), not shipped either. Fails unless the bundle exports exactly what jsii's index does.
 * Usage: node scripts/bundle.js
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const libsrc = path.join(root, 'lib', 'src');
/** The first line of every file this script writes: a second run before jsii must not bundle a bundle. */
const MARKER = '/*! cdk8s-zero-trust bundle';
const EXTERNAL = ['cdk8s', 'cdk8s/*', 'cdk8s-plus-28', 'cdk8s-plus-28/*', 'constructs', 'constructs/*', 'ts-node'];

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}

let esbuild;
try {
  esbuild = require('esbuild');
} catch (e) {
  fail(`esbuild is not installed (a development dependency): run npm ci (${e.message})`);
}

/** The target of tsconfig.json (jsii's output), as esbuild spells it. */
function target() {
  const text = fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
  const m = /"target"\s*:\s*"([^"]+)"/.exec(text);
  if (!m) fail('no compilerOptions.target in tsconfig.json');
  return m[1].toLowerCase();
}

const entries = { index: path.join(libsrc, 'index.js'), jest: path.join(libsrc, 'audit', 'jest.js') };
for (const file of Object.values(entries)) {
  if (!fs.existsSync(file)) fail(`${path.relative(root, file)} is missing: run jsii first (npx projen compile)`);
  if (fs.readFileSync(file, 'utf8').startsWith(MARKER)) {
    fail(`${path.relative(root, file)} is a bundle already: jsii must write lib/src/ again first (npx projen compile)`);
  }
}

/**
 * The bundle's entry: jsii's index, plus one symbol-keyed, non-enumerable property that is not
 * part of the API (no export name, invisible to jsii, `Object.keys` and `for...in`): the engine
 * registry's look-ups, so that bench/load.ts and test/package/bundle.test.ts can load an engine's
 * renderers through the bundle as the per-file tree let them `require` src/engines/registry.
 */
const REGISTRY_SYMBOL = 'cdk8s-zero-trust/engine-registry';
const ENTRY = [
  "module.exports = require('./index.js');",
  "const registry = require('./engines/registry.js');",
  `Object.defineProperty(module.exports, Symbol.for(${JSON.stringify(REGISTRY_SYMBOL)}), { value: Object.freeze({ engineEntry: registry.engineEntry, enginesFor: registry.enginesFor }) });`,
].join('\n');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: target(),
  keepNames: true,
  minifyWhitespace: true,
  lineLimit: 160,
  legalComments: 'none',
  metafile: true,
  write: false,
  logLevel: 'warning',
  external: EXTERNAL,
};

async function run() {
  // The library; lib/imports/<module>.js required from the bundle as ../imports/<module>.
  const imports = path.join(root, 'lib', 'imports');
  const main = await esbuild.build({
    ...common,
    stdin: { contents: ENTRY, resolveDir: libsrc, sourcefile: 'lib/src/bundle-entry.js', loader: 'js' },
    outfile: entries.index,
    plugins: [{
      name: 'generated-imports-apart',
      setup(build) {
        build.onResolve({ filter: /^\./ }, args => {
          const file = path.resolve(args.resolveDir, args.path);
          if (path.dirname(file) !== imports) return undefined;
          return { path: path.relative(libsrc, file).split(path.sep).join('/'), external: true };
        });
      },
    }],
  });
  const outside = Object.keys(main.metafile.inputs).filter(i => i !== 'lib/src/bundle-entry.js' && !path.resolve(root, i).startsWith(libsrc + path.sep));
  if (outside.length > 0) fail(`these files outside lib/src/ would be bundled (make them external or vendor them): ${outside.join(', ')}`);
  const banner = `${MARKER} (scripts/bundle.js): the library's ${Object.keys(main.metafile.inputs).length - 1} compiled modules, bundled by esbuild; declarations in the .d.ts files beside it */\n`;

  // lib/src/audit/jest.js: its own code, the library from the bundle.
  const jest = await esbuild.build({
    ...common,
    entryPoints: [entries.jest],
    outfile: entries.jest,
    plugins: [{
      name: 'library-from-bundle',
      setup(build) {
        build.onResolve({ filter: /^\./ }, args => {
          if (args.importer !== entries.jest) return undefined;
          const rel = path.relative(path.dirname(entries.jest), entries.index).split(path.sep).join('/');
          return { path: rel.startsWith('.') ? rel.replace(/\.js$/, '') : `./${rel.replace(/\.js$/, '')}`, external: true };
        });
      },
    }],
  });
  if (Object.keys(jest.metafile.inputs).length !== 1) fail(`lib/src/audit/jest.js would bundle more than itself: ${Object.keys(jest.metafile.inputs).join(', ')}`);

  fs.copyFileSync(entries.index, path.join(libsrc, 'index.unbundled.js'));
  fs.writeFileSync(entries.index, banner + main.outputFiles[0].text);
  fs.writeFileSync(entries.jest, `${MARKER} (scripts/bundle.js): the jest matchers; the library from ../index */\n${jest.outputFiles[0].text}`);
  fs.writeFileSync(path.join(libsrc, 'bundle-meta.json'), `${JSON.stringify(main.metafile, null, 1)}\n`);

  // The bundle loads and exports what the per-file entry exported; the matchers load from it.
  for (const file of Object.values(entries)) delete require.cache[file];
  const lib = require(entries.index);
  const perFile = require(path.join(libsrc, 'index.unbundled.js'));
  const names = o => Object.keys(o).sort().join(', ');
  if (names(lib) !== names(perFile)) fail(`the bundle exports ${names(lib)}; jsii's index exports ${names(perFile)}`);
  if (typeof lib.ZeroTrustNamespace !== 'function' || lib.ZeroTrustNamespace.name !== 'ZeroTrustNamespace') fail('the bundle does not export the class ZeroTrustNamespace by its name');
  if (typeof lib[Symbol.for(REGISTRY_SYMBOL)]?.engineEntry('ISTIO')?.renderer !== 'function') fail('the bundle does not carry the engine registry hook');
  if (typeof require(entries.jest).zeroTrustMatchers?.toHaveNoZeroTrustFindings !== 'function') fail('lib/src/audit/jest.js does not export zeroTrustMatchers');
  console.log(`bundle: ${path.relative(root, entries.index)} (${fs.statSync(entries.index).size} bytes, ${Object.keys(main.metafile.inputs).length - 1} modules, ${Object.keys(lib).length} exports)`);
}

run().catch(e => fail(e.message));
