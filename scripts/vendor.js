#!/usr/bin/env node
/*
 * Bundles the third-party code the library runs (the CEL evaluator with RE2 and the protobuf
 * runtime; the YAML parser) into one minified CommonJS file per bundle, lib/vendor/<bundle>.js,
 * with esbuild, and writes lib/vendor/THIRD-PARTY-NOTICES (licence, copyright headers and
 * licence text of every package that went in). The packages are development dependencies:
 * the npm package ships these files instead of bundledDependencies, which carried every build
 * of every package (CommonJS, ESM, .d.ts, maps) and @bufbuild/cel-spec's conformance test data
 * (issue 17). What goes in is the VENDORED list of src/shared/vendor.ts, read from the compiled
 * lib/src/shared/vendor.js (run after jsii), and nothing else: esbuild keeps only what those
 * names reach (ESM builds, tree-shaken).
 * Usage: node scripts/vendor.js [outdir=lib/vendor]
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const outdir = path.resolve(root, process.argv[2] ?? path.join('lib', 'vendor'));
// Licences whose terms a notice file satisfies; anything else must be looked at before it is vendored.
const LICENCES = new Set(['Apache-2.0', 'MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', '(Apache-2.0 AND BSD-3-Clause)']);

function fail(message) {
  console.error(`vendor: ${message}`);
  process.exit(1);
}

const compiled = path.join(root, 'lib', 'src', 'shared', 'vendor.js');
if (!fs.existsSync(compiled)) fail(`${path.relative(root, compiled)} is missing: run jsii first (npx projen compile)`);
const { VENDORED } = require(compiled);

let esbuild;
try {
  esbuild = require('esbuild');
} catch (e) {
  fail(`esbuild is not installed (a development dependency): run npm ci (${e.message})`);
}

/** The package.json (with a name) that owns `file`. */
function owner(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      const pkg = JSON.parse(fs.readFileSync(pj, 'utf8'));
      if (pkg.name && pkg.version) return { dir, pkg };
    }
  }
  throw new Error(`no package.json above ${file}`);
}

/** The first comment of a source file (a run of // lines or one block comment) when it is a licence header, or ''. */
function header(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out = [];
  if (lines[0]?.trim().startsWith('//')) {
    for (const line of lines) {
      if (!line.trim().startsWith('//')) break;
      out.push(line);
    }
  } else if (lines[0]?.trim().startsWith('/*')) {
    for (const line of lines) {
      out.push(line);
      if (line.includes('*/')) break;
    }
  }
  const text = out.join('\n').trim();
  return /copyright|licen[sc]e/i.test(text) ? text : '';
}

fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });
const packages = new Map(); // name -> { pkg, dir, headers: Set, bundles: Set }

for (const [bundle, modules] of Object.entries(VENDORED)) {
  const entry = Object.entries(modules).map(([mod, names]) => `export { ${names.join(', ')} } from ${JSON.stringify(mod)};`).join('\n');
  const outfile = path.join(outdir, `${bundle}.js`);
  const result = esbuild.buildSync({
    stdin: { contents: entry, resolveDir: root, sourcefile: `vendor-${bundle}.mjs`, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    metafile: true,
    outfile,
    logLevel: 'warning',
  });
  const used = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith('vendor-')) continue;
    const file = path.resolve(root, input);
    const { dir, pkg } = owner(file);
    if (!LICENCES.has(pkg.license)) fail(`${pkg.name}@${pkg.version} has licence ${JSON.stringify(pkg.license)}: check it before vendoring it, then add it to LICENCES in scripts/vendor.js`);
    const p = packages.get(pkg.name) ?? { pkg, dir, headers: new Set(), bundles: new Set() };
    const h = header(file);
    if (h) p.headers.add(h);
    p.bundles.add(bundle);
    packages.set(pkg.name, p);
    used.add(`${pkg.name}@${pkg.version}`);
  }
  const banner = `/*! ${bundle}.js: ${[...used].sort().join(', ')}, bundled and minified by cdk8s-zero-trust (scripts/vendor.js); licences in THIRD-PARTY-NOTICES */\n`;
  fs.writeFileSync(outfile, banner + fs.readFileSync(outfile, 'utf8'));

  // The bundle must export every listed name (a missing one would surface as "x is not a function").
  delete require.cache[outfile];
  const exported = require(outfile);
  const missing = Object.values(modules).flat().filter(n => exported[n] === undefined);
  if (missing.length > 0) fail(`${path.relative(root, outfile)} does not export ${missing.join(', ')}`);
  console.log(`vendor: ${path.relative(root, outfile)} (${fs.statSync(outfile).size} bytes): ${[...used].sort().join(', ')}`);
}

const apache = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
if (!apache.includes('Apache License') || !apache.includes('Version 2.0, January 2004')) fail('LICENSE is not the Apache License 2.0 text the notices refer to');

const parts = [
  'THIRD-PARTY NOTICES',
  '',
  'cdk8s-zero-trust ships parts of the following packages, bundled and minified into the files of',
  'lib/vendor/ (scripts/vendor.js in the repository). Each section lists the package, its licence,',
  'the copyright and licence headers of its source files that went into the bundle, and its licence',
  'text (for the Apache License 2.0: the LICENSE file at the root of this package, the same text).',
];
for (const name of [...packages.keys()].sort()) {
  const { pkg, dir, headers, bundles } = packages.get(name);
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  parts.push('', '='.repeat(78), `${pkg.name} ${pkg.version}, licence ${pkg.license}, in ${[...bundles].sort().map(b => `lib/vendor/${b}.js`).join(', ')}`);
  if (repo) parts.push(`Source: ${repo}`);
  parts.push('='.repeat(78));
  for (const h of [...headers].sort()) parts.push('', h);
  const licenceFile = fs.readdirSync(dir).find(f => /^licen[sc]e(\.md|\.txt)?$/i.test(f));
  if (licenceFile) {
    parts.push('', `${licenceFile} of ${pkg.name}:`, '', fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim());
  } else if (/Apache-2\.0/.test(pkg.license)) {
    parts.push('', `${pkg.name} ships no licence file; it is licensed under the Apache License, Version 2.0, whose text is LICENSE at the root of this package.`);
  } else {
    fail(`${pkg.name}@${pkg.version} (${pkg.license}) ships no licence file to copy`);
  }
}
fs.writeFileSync(path.join(outdir, 'THIRD-PARTY-NOTICES'), `${parts.join('\n')}\n`);
console.log(`vendor: ${path.relative(root, path.join(outdir, 'THIRD-PARTY-NOTICES'))} (${packages.size} packages)`);
