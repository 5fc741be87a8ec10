import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { TODAY } from '../util/synth';

/*
 * Issue 17: the tarball shipped 2.6 MB (imports/*.ts, imports/crds, the full schemas,
 * docs, tsconfig.dev.json). It ships what runs: compiled code, the compact schemas,
 * the vendored third-party code (lib/vendor/), the jsii assembly, the docs a package page shows.
 * Needs lib/ (CI compiles before testing): skipped with a reason otherwise.
 */
const ROOT = path.join(__dirname, '..', '..');
const compiled = fs.existsSync(path.join(ROOT, 'lib', 'src', 'index.js')) && fs.existsSync(path.join(ROOT, 'lib', 'schemas'))
  && fs.existsSync(path.join(ROOT, 'lib', 'vendor')) && fs.existsSync(path.join(ROOT, '.jsii'));
if (!compiled) console.log('pack.test.ts skipped: lib/ (or .jsii, lib/schemas, lib/vendor) is missing; run `npx projen compile` first (CI does)');
const maybe = compiled ? describe : describe.skip;

/** The declaration files a TypeScript user of `entries` (lib/src/index.d.ts & co.) loads, relative to ROOT. */
function declarationsReachedFrom(entries: string[]): string[] {
  const program = ts.createProgram(entries.map(e => path.join(ROOT, e)), {
    noEmit: true, types: [], module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022,
  });
  return program.getSourceFiles().map(f => path.relative(ROOT, f.fileName).split(path.sep).join('/')).filter(f => f.startsWith('lib/')).sort();
}

maybe('npm pack', () => {
  let pack: { size: number; unpackedSize: number; entryCount: number; files: Array<{ path: string; size: number }> };
  let files: string[];
  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    pack = JSON.parse(out)[0];
    files = pack.files.map(f => f.path).sort();
  });

  // 922,105 bytes packed before the CEL evaluator; its bundledDependencies (@bufbuild/cel, cel-spec,
  // protobuf, re2, yaml: each package whole, CommonJS and ESM builds, cel-spec's conformance test data)
  // brought it to 1,850,982 bytes, 17.4 MB unpacked, 1,410 files. Vendored (lib/vendor/, tree-shaken and
  // minified), without API.md and the declarations of the generated imports no public type uses:
  // 786,043 bytes, 6.0 MB unpacked, 474 files (measured 2026-12-06). Later 817,754 bytes, 513 files;
  // with the library bundled into lib/src/index.js (scripts/bundle.js, issue 19) and the per-file
  // lib/src/**/*.js left out: 706,577 bytes, 5.8 MB unpacked, 279 files (measured 2026-12-06).
  test('is under 1 MB packed', () => {
    expect(pack.size).toBeLessThan(1_000_000);
  });

  test('ships the package page files, the jsii assembly, the bin, the entry point and the vendored code', () => {
    expect(files).toEqual(expect.arrayContaining([
      'CHANGELOG.md', 'LICENSE', 'README.md', 'RULES.md', 'package.json', '.jsii',
      'bin/cdk8s-zero-trust', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/audit/jest.js', 'lib/src/audit/jest.d.ts',
      'lib/vendor/THIRD-PARTY-NOTICES', 'lib/vendor/cel.js', 'lib/vendor/yaml.js',
    ]));
  });

  test('every top-level entry is one of the shipped ones: no node_modules, no API.md', () => {
    const top = [...new Set(files.map(f => f.split('/')[0]))].sort();
    expect(top).toEqual(['.jsii', 'CHANGELOG.md', 'LICENSE', 'README.md', 'RULES.md', 'bin', 'lib', 'package.json']);
    expect([...new Set(files.filter(f => f.startsWith('lib/')).map(f => f.split('/')[1]))].sort()).toEqual(['imports', 'schemas', 'src', 'vendor']);
    expect(files.filter(f => f.startsWith('lib/vendor/'))).toEqual(['lib/vendor/THIRD-PARTY-NOTICES', 'lib/vendor/cel.js', 'lib/vendor/yaml.js']);
  });

  test('the code that ships: the bundle, the jest matchers, the generated CRD classes, the vendored code; no per-file modules', () => {
    // One copy of every class at run time (issue 19): the per-file lib/src/**/*.js are the bundle's input only.
    const generated = fs.readdirSync(path.join(ROOT, 'imports')).filter(f => f.endsWith('.ts')).map(f => `lib/imports/${f.replace(/\.ts$/, '.js')}`);
    expect(files.filter(f => f.endsWith('.js'))).toEqual(['lib/src/audit/jest.js', 'lib/src/index.js', 'lib/vendor/cel.js', 'lib/vendor/yaml.js', ...generated].sort());
    expect(files).not.toContain('lib/src/bundle-meta.json');
    // Every declaration file ships (type resolution of the entry points and deep type imports).
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
      .flatMap(e => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const declarations = walk(path.join(ROOT, 'lib', 'src')).filter(f => f.endsWith('.d.ts')).map(f => path.relative(ROOT, f).split(path.sep).join('/'));
    expect(declarations.filter(f => !files.includes(f))).toEqual([]);
  });

  test('the packed package.json has no runtime dependency besides the peers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-pack-json-'));
    try {
      const out = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      execFileSync('tar', ['xzf', path.join(dir, JSON.parse(out)[0].filename), '-C', dir, 'package/package.json']);
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package', 'package.json'), 'utf8'));
      expect(pkg.dependencies ?? {}).toEqual({});
      expect(pkg.bundledDependencies ?? pkg.bundleDependencies ?? []).toEqual([]);
      expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-28', 'constructs']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no sources, maps, generated imports sources, full schemas or docs', () => {
    const bad = files.filter(f => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.map') || f.endsWith('.tsbuildinfo')
      || /^(src|test|imports|schemas|docs|examples|scripts|bench)\//.test(f) || f === 'tsconfig.dev.json' || f === 'tsconfig.json');
    expect(bad).toEqual([]);
  });

  test('ships every declaration file the public entry points reach, and of the generated imports only those', () => {
    // The entry points: the package's types and the documented jest matchers (docs/audit.md).
    const reached = declarationsReachedFrom(['lib/src/index.d.ts', 'lib/src/audit/jest.d.ts']);
    expect(reached.filter(f => !files.includes(f))).toEqual([]);
    // When a public type starts to use another generated kind, add its lib/imports/<module>.d.ts to the
    // npmignore includes in .projenrc.ts.
    expect(files.filter(f => f.startsWith('lib/imports/') && f.endsWith('.d.ts'))).toEqual(reached.filter(f => f.startsWith('lib/imports/')));
    // No declaration a TypeScript user loads names a vendored package (they are not installed beside it).
    const vendored = reached.filter(f => /from '(@bufbuild\/[a-z0-9-]+|yaml)(\/[^']*)?'|import\('(@bufbuild|yaml)/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(vendored).toEqual([]);
  });
  test('the compact schemas cover every schema file of schemas/ the validator reads', () => {
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
      .flatMap(e => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.relative(path.join(ROOT, 'schemas'), path.join(d, e.name))]));
    const wanted = walk(path.join(ROOT, 'schemas')).filter(f => /\.(ya?ml|json)$/.test(f)).map(f => `lib/schemas/${f.split(path.sep).join('/')}`);
    expect(files.filter(f => f.startsWith('lib/schemas/'))).toEqual(wanted.sort());
  });
});

/*
 * Done-when of issue 17: a fresh cdk8s app installs the packed tarball and synthesizes the
 * README's quick start, offline: the tarball is unpacked as node_modules/cdk8s-zero-trust of
 * an empty app, the peers (cdk8s, cdk8s-plus-28, constructs) are linked from this checkout,
 * and the README's TypeScript block runs as the app.
 */
maybe('the packed tarball in a fresh cdk8s app', () => {
  test('synthesizes the README quick start', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-fresh-app-'));
    try {
      const out = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const tarball = path.join(dir, JSON.parse(out)[0].filename);
      const app = path.join(dir, 'app');
      const pkg = path.join(app, 'node_modules', 'cdk8s-zero-trust');
      fs.mkdirSync(pkg, { recursive: true });
      execFileSync('tar', ['xzf', tarball, '-C', pkg, '--strip-components=1']);
      for (const peer of ['cdk8s', 'cdk8s-plus-28', 'constructs']) fs.symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(app, 'node_modules', peer), 'dir');
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true }));

      const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      const quickStart = /```ts\n([\s\S]*?)```/.exec(readme)![1];
      // After the quick start: validate its output with the package's own (compact) schemas. The app lies
      // outside this checkout, so SchemaValidator can only find them in the unpacked package (lib/schemas/).
      // Then the documented jest matchers (lib/src/audit/jest.js loads the library from the bundle): the quick start has no findings.
      const check = [
        'const { SchemaValidator } = require("cdk8s-zero-trust");',
        'const findings = SchemaValidator.bundled().validate(app.charts.flatMap(c => c.toJson()));',
        'if (findings.length > 0) { console.error(JSON.stringify(findings)); process.exit(3); }',
        'const { zeroTrustMatchers } = require("cdk8s-zero-trust/lib/src/audit/jest");',
        'const verdict = zeroTrustMatchers.toHaveNoZeroTrustFindings(app, { minSeverity: require("cdk8s-zero-trust").Severity.HIGH });',
        'if (!verdict.pass) { console.error(verdict.message()); process.exit(4); }',
      ].join('\n');
      fs.writeFileSync(path.join(app, 'main.js'), ts.transpileModule(`${quickStart}\n${check}\n`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);

      // A TypeScript app type-checks against the declarations that ship (skipLibCheck off: every .d.ts
      // it loads is checked, so one naming a file or package that is not in the tarball fails here).
      fs.mkdirSync(path.join(app, 'node_modules', '@types'));
      fs.symlinkSync(path.join(ROOT, 'node_modules', '@types', 'node'), path.join(app, 'node_modules', '@types', 'node'), 'dir');
      const matchers = "import { zeroTrustMatchers } from 'cdk8s-zero-trust/lib/src/audit/jest';\nconsole.log(Object.keys(zeroTrustMatchers));\n";
      fs.writeFileSync(path.join(app, 'main.ts'), `${quickStart}\n${matchers}`);
      const program = ts.createProgram([path.join(app, 'main.ts')], {
        noEmit: true,
        strict: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [path.join(app, 'node_modules', '@types')],
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        target: ts.ScriptTarget.ES2022,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map(d => `${d.file ? path.relative(app, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      expect(diagnostics).toEqual([]);
      // ...against the unpacked package's declarations, not this checkout's.
      expect(program.getSourceFiles().map(f => f.fileName)).toContain(path.join(pkg, 'lib', 'src', 'index.d.ts'));

      const r = spawnSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8', env: { ...process.env, ZERO_TRUST_TODAY: TODAY, NODE_PATH: '' } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const yaml = fs.readFileSync(path.join(app, 'dist', 'shop.k8s.yaml'), 'utf8');
      // The baseline and the route the quick start promises (Istio sidecar profile, NetworkPolicy engine).
      expect(yaml).toMatch(/kind: PeerAuthentication[\s\S]*mode: STRICT/);
      expect(yaml).toContain('kind: AuthorizationPolicy');
      expect(yaml).toContain('prod.example.com/ns/shop/sa/web');
      expect(yaml).toContain('kind: NetworkPolicy');
      // The package resolved from the tarball, not from this checkout's sources.
      const resolved = spawnSync(process.execPath, ['-p', 'require.resolve("cdk8s-zero-trust")'], { cwd: app, encoding: 'utf8' }).stdout.trim();
      expect(fs.realpathSync(resolved)).toBe(fs.realpathSync(path.join(pkg, 'lib', 'src', 'index.js')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000); // npm pack, a synthesis and a type check with skipLibCheck off (~20 s alone, slower beside other suites)
});
