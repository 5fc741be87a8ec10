import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TODAY } from '../util/synth';

/*
 * Issue 19: loading the library cost ~60-75 ms of its own modules for an app on one engine, mostly
 * per-module overhead (116 files). scripts/bundle.js (after jsii) replaces the package entry
 * lib/src/index.js with one esbuild bundle of jsii's per-file output, keeping jsii's own index as
 * lib/src/index.unbundled.js: these tests compare the two. Needs lib/ (CI compiles before testing):
 * skipped with a reason otherwise.
 */
const ROOT = path.join(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');
const ENTRY = path.join(LIB, 'src', 'index.js');
const UNBUNDLED = path.join(LIB, 'src', 'index.unbundled.js');
const MARKER = '/*! cdk8s-zero-trust bundle';
const built = fs.existsSync(ENTRY) && fs.existsSync(UNBUNDLED) && fs.existsSync(path.join(ROOT, '.jsii'))
  && fs.readFileSync(ENTRY, 'utf8').startsWith(MARKER);
if (!built) console.log('bundle.test.ts skipped: lib/src/index.js is missing or not the bundle; run `npx projen compile` first (CI does)');
const maybe = built ? describe : describe.skip;

/* eslint-disable @typescript-eslint/no-require-imports */

/**
 * Runs `script` in a fresh node process (cwd ROOT) and returns its stdout as JSON: the modules a
 * load evaluates must be counted in a process that has loaded nothing yet.
 */
function child(script: string): any {
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * The child's code: loads the library from `entry` for `engine` and prints which of the library's
 * compiled modules ran (as lib/-relative paths of jsii's per-file output) and which files under lib/
 * were read. The bundle is loaded with esbuild's `__commonJS` helper instrumented to record each
 * module the first time its wrapper runs (the test fails if the helper is not found); the per-file
 * tree by `require.cache`. The engine's renderers load as an app's first namespace loads them:
 * the engine registry's `enginesFor(profile, mesh)`, each entry's `renderer()`.
 */
function probe(entry: 'bundle' | 'unbundled', engine: string): { ran: string[]; files: string[] } {
  return child(`
    const fs = require('fs'), path = require('path'), Module = require('module');
    const LIB = ${JSON.stringify(LIB)};
    require('cdk8s'); require('cdk8s-plus-28');
    let z, registry, ran;
    if (${JSON.stringify(entry)} === 'bundle') {
      const file = path.join(LIB, 'src', 'index.js');
      const helper = 'var __commonJS=(cb,mod)=>function __require(){';
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes(helper)) throw new Error('esbuild helper __commonJS not found in the bundle');
      globalThis.__ran = [];
      const m = new Module(file, null);
      m.filename = file;
      m.paths = Module._nodeModulePaths(path.dirname(file));
      m._compile(text.replace(helper, helper + 'if(!mod)globalThis.__ran.push(__getOwnPropNames(cb)[0]);'), file);
      z = m.exports;
      registry = z[Symbol.for('cdk8s-zero-trust/engine-registry')];
    } else {
      z = require(path.join(LIB, 'src', 'index.unbundled.js'));
      registry = require(path.join(LIB, 'src', 'engines', 'registry.js'));
    }
    const profiles = {
      'istio-sidecar': () => new z.ClusterProfile({ trustDomain: 't.example.com', mesh: z.Mesh.istioSidecar() }),
      'istio-ambient': () => new z.ClusterProfile({ trustDomain: 't.example.com', mesh: z.Mesh.istioAmbient() }),
      'linkerd': () => new z.ClusterProfile({ trustDomain: 't.example.com', mesh: z.Mesh.linkerd() }),
      'none-cilium': () => new z.ClusterProfile({ trustDomain: 't.example.com', mesh: z.Mesh.none(), networkPolicy: [z.NetworkPolicyEngine.CILIUM] }),
      'none-networkpolicy': () => new z.ClusterProfile({ trustDomain: 't.example.com', mesh: z.Mesh.none() }),
    };
    const profile = profiles[${JSON.stringify(engine)}]();
    for (const e of registry.enginesFor(profile, profile.mesh)) e.renderer();
    const rel = f => path.relative(path.dirname(LIB), f).split(path.sep).join('/');
    const files = Object.keys(require.cache).filter(f => f.startsWith(LIB + path.sep)).map(rel).sort();
    ran = globalThis.__ran ?? files.filter(f => f.startsWith('lib/src/'));
    ran = ran.map(f => f === 'lib/src/index.unbundled.js' ? 'lib/src/index.js' : f).sort();
    process.stdout.write(JSON.stringify({ ran, files }));
  `);
}

const ENGINES = ['istio-sidecar', 'istio-ambient', 'linkerd', 'none-cilium', 'none-networkpolicy'];
/** The backends (src/backends/<dir>) whose renderer each engine's profile uses (src/engines/registry.ts, appliesTo). */
const RENDERERS: Record<string, string[]> = {
  'istio-sidecar': ['istio', 'network-policy'],
  'istio-ambient': ['istio', 'network-policy'],
  'linkerd': ['linkerd', 'network-policy'],
  'none-cilium': ['cilium'],
  'none-networkpolicy': ['network-policy'],
};
/** The generated CRD classes (lib/imports/<module>.js) each engine's renderers load, besides spire.js (public SPIRE constructs). */
const IMPORTS: Record<string, string[]> = {
  'istio-sidecar': ['istio-networking', 'istio-security'],
  'istio-ambient': ['istio-networking', 'istio-security'], // gateway.js: only for waypoints, on first use
  'linkerd': ['linkerd'],
  'none-cilium': ['cilium'],
  'none-networkpolicy': [],
};

maybe('the bundle (lib/src/index.js, scripts/bundle.js)', () => {
  test('is the package entry: package.json "main" and "types" point at lib/src/index.*', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('lib/src/index.js');
    expect(pkg.types).toBe('lib/src/index.d.ts');
    expect(fs.readFileSync(ENTRY, 'utf8').startsWith(MARKER)).toBe(true);
    // Not a second copy of jsii's tree: the bundle requires no per-file module of lib/src/.
    expect(fs.readFileSync(ENTRY, 'utf8')).not.toMatch(/require\("\.\/(?!\.)/);
  });

  test('exports exactly the names jsii\'s per-file index exports, with their names kept, and every type of the jsii assembly', () => {
    const bundle = require(ENTRY);
    const perFile = require(UNBUNDLED);
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(perFile).sort());
    for (const [name, value] of Object.entries(bundle)) {
      expect(typeof value).toBe(typeof perFile[name]);
      if (typeof value === 'function') expect({ name, fnName: (value as Function).name }).toEqual({ name, fnName: name });
    }
    // Classes and enums are run-time values (interfaces are types only); their jsii run-time type info is kept.
    const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));
    const values = Object.values(assembly.types as Record<string, { fqn: string; name: string; kind: string }>).filter(t => t.kind !== 'interface');
    expect(values.length).toBeGreaterThan(50);
    for (const t of values) {
      expect({ fqn: t.fqn, exported: bundle[t.name] !== undefined }).toEqual({ fqn: t.fqn, exported: true });
      if (t.kind === 'class') expect(bundle[t.name][Symbol.for('jsii.rtti')]?.fqn).toBe(t.fqn);
    }
  });

  test('an app whose synthesis fails prints the message, not the library: Node shows the source line of an uncaught error, and the bundle\'s lines are short; no stack frames', () => {
    // A route to a port the service does not expose: ZeroTrustApp.synth() throws "Validation failed" from
    // inside the bundle. With the bundle on one minified line, Node printed that whole line (436 KB of
    // code) above the message, and through a pipe the process could exit before the message was
    // written (this test then saw 219 KB of code and no message); scripts/bundle.js breaks its lines
    // (esbuild lineLimit).
    const script = [
      "const { Chart } = require('cdk8s');",
      `const z = require(${JSON.stringify(ENTRY)});`,
      "const app = new z.ZeroTrustApp({ outdir: require('os').tmpdir() + '/zt-bundle-error-' + process.pid });",
      "const chart = new Chart(app, 'shop');",
      "const profile = new z.ClusterProfile({ trustDomain: 'prod.example.com', mesh: z.Mesh.istioSidecar() });",
      "const shop = new z.ZeroTrustNamespace(chart, 'shop', { name: 'shop', profile });",
      "const web = new z.MeshService(shop, 'web', { name: 'web', ports: [z.Port.http(8080)], selector: { app: 'web' } });",
      "const orders = new z.MeshService(shop, 'orders', { name: 'orders', ports: [z.Port.http(8080)], selector: { app: 'orders' } });",
      'orders.allowFrom(web, { ports: [z.Port.http(9999)] });',
      'app.synth();',
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ZERO_TRUST_TODAY: TODAY } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\[shop\/shop\/orders\/AllowFrom-shop-web-[0-9a-f]{8}\] port 9999 is not exposed by orders \(it exposes 8080\/HTTP\)/);
    // One source line of the bundle (esbuild cannot break a long string or regex) and the message: no
    // stack frames (src/synth/linear-synth.ts drops them from the validation error).
    expect(r.stderr.length).toBeLessThan(4000);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const lines = fs.readFileSync(ENTRY, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    expect(Math.max(...lines.map(l => l.length))).toBeLessThan(2000);
  });

  test.each(ENGINES)('loading it for %s runs the modules the per-file tree runs: that engine\'s renderers, not the other engines\', the audit\'s or the validator\'s internals', engine => {
    const bundled = probe('bundle', engine);
    const perFile = probe('unbundled', engine);
    // The bundle keeps each lazy require lazy: the same modules run as in jsii's per-file tree.
    expect(bundled.ran).toEqual(perFile.ran);
    const renderers = bundled.ran.filter(f => /^lib\/src\/backends\/[^/]+\/renderer\.js$/.test(f)).map(f => f.split('/')[3]).sort();
    expect(renderers).toEqual(RENDERERS[engine]);
    // (backends/spire and backends/eso are not engines: the public SPIRE and secret constructs load parts of them.)
    const others = ['cilium', 'cluster-network-policy', 'istio', 'linkerd', 'network-policy'].filter(d => !RENDERERS[engine].includes(d));
    expect(bundled.ran.filter(f => others.some(d => f.startsWith(`lib/src/backends/${d}/`)))).toEqual([]);
    // The audit's evaluation (runner, rules, reachability evaluators, SARIF, input loading), the validator's
    // schemas, OpenAPI and CEL, the importer's internals: each loaded by a lazy require in src/.
    const lazyInternals = [
      'audit/internal/run.js', 'audit/internal/sarif.js', 'audit/internal/loader.js', 'audit/rules/index.js',
      ...['network-policy', 'cluster-network-policy', 'cilium', 'istio', 'linkerd'].map(e => `audit/reachability/engines/${e}.js`),
      'validation/schema-registry.js', 'validation/openapi.js', 'validation/k8s-native.js', 'validation/cel.js',
      'import/internal/build.js', 'import/internal/codegen.js',
    ].map(f => `lib/src/${f}`);
    for (const f of lazyInternals) expect({ f, exists: fs.existsSync(path.join(ROOT, f)) }).toEqual({ f, exists: true });
    expect(bundled.ran.filter(f => lazyInternals.includes(f))).toEqual([]);
    // Required from lib/ besides the bundle (compiled by the probe itself): only the generated CRD classes the engine renders.
    expect(bundled.files).toEqual(['lib/imports/spire.js', ...IMPORTS[engine].map(m => `lib/imports/${m}.js`)].sort());
  });
});

maybe('the CLI runs from the bundle', () => {
  let tmp: string;
  beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-bundle-cli-')); });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Runs bin/cdk8s-zero-trust; `loaded`: the files under lib/ the process read. */
  function runBin(args: string[], cwd = ROOT) {
    const report = path.join(tmp, 'report.js');
    fs.writeFileSync(report, 'process.on(\'exit\', () => process.stderr.write(\'\\nLOADED \' + JSON.stringify(Object.keys(require.cache)) + \'\\n\'));\n');
    const r = spawnSync(process.execPath, ['--require', report, path.join(ROOT, 'bin', 'cdk8s-zero-trust'), ...args], {
      cwd, encoding: 'utf8', env: { ...process.env, ZERO_TRUST_TODAY: TODAY }, timeout: 120_000,
    });
    const line = r.stderr.split('\n').find(l => l.startsWith('LOADED '));
    const loaded = (JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[])
      .filter(f => f.startsWith(LIB + path.sep)).map(f => path.relative(ROOT, f).split(path.sep).join('/')).sort();
    return { ...r, loaded };
  }

  test('audit: the bundle is the only code of lib/src/ that runs', () => {
    const manifest = path.join(tmp, 'permissive.json');
    // A namespace-wide PERMISSIVE PeerAuthentication: ZT-MTLS-001 (HIGH), exit 1.
    fs.writeFileSync(manifest, JSON.stringify({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments' }, spec: { mtls: { mode: 'PERMISSIVE' } } }));
    const r = runBin(['audit', manifest]);
    expect(r.stdout).toMatch(/ZT-MTLS-001/);
    expect(r.status).toBe(1);
    expect(r.loaded.filter(f => f.startsWith('lib/src/'))).toEqual(['lib/src/index.js']);
    // The YAML parser from the vendored bundle beside it (src/shared/vendor.ts finds lib/vendor/ from lib/src/).
    expect(r.loaded).toContain('lib/vendor/yaml.js');
  });

  test('audit --format sarif: the tool version is the package\'s (src/audit/internal/sarif.ts finds package.json above the bundle)', () => {
    const manifest = path.join(tmp, 'permissive-sarif.json');
    fs.writeFileSync(manifest, JSON.stringify({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments' }, spec: { mtls: { mode: 'PERMISSIVE' } } }));
    const r = runBin(['audit', '--format', 'sarif', manifest]);
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(version).not.toBe('0.0.0'); // the fallback when no package.json is found
    expect(JSON.parse(r.stdout).runs[0].tool.driver.version).toBe(version);
    expect(r.loaded.filter(f => f.startsWith('lib/src/'))).toEqual(['lib/src/index.js']);
  });

  test('rollout-plan: an app that imports cdk8s-zero-trust shares the CLI\'s copy of the constructs (the plan sees its routes)', () => {
    // The app resolves 'cdk8s-zero-trust' to this checkout's package entry, as an installed app resolves the package.
    const app = path.join(tmp, 'app');
    fs.mkdirSync(path.join(app, 'node_modules'), { recursive: true });
    fs.symlinkSync(ROOT, path.join(app, 'node_modules', 'cdk8s-zero-trust'), 'dir');
    for (const peer of ['cdk8s', 'cdk8s-plus-28', 'constructs']) fs.symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(app, 'node_modules', peer), 'dir');
    fs.writeFileSync(path.join(app, 'main.js'), [
      "const { Chart } = require('cdk8s');",
      "const { ClusterProfile, Mesh, MeshService, Port, ZeroTrustNamespace } = require('cdk8s-zero-trust');",
      'exports.build = app => {',
      "  const chart = new Chart(app, 'shop');",
      "  const profile = new ClusterProfile({ trustDomain: 'prod.example.com', mesh: Mesh.istioSidecar() });",
      "  const shop = new ZeroTrustNamespace(chart, 'shop', { name: 'shop', profile });",
      "  const web = new MeshService(shop, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });",
      "  const orders = new MeshService(shop, 'orders', { name: 'orders', ports: [Port.http(8080)], selector: { app: 'orders' } });",
      '  orders.allowFrom(web, { ports: [Port.http(8080)] });',
      '};',
    ].join('\n'));
    const r = runBin(['rollout-plan', 'main.js'], app);
    expect(r.stderr.split('\n').filter(l => l.trim() !== '' && !l.startsWith('LOADED '))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('## Namespace `shop`');
    // AllowRoute.intentsOf finds the app's route only when the app's AllowRoute is the CLI's class: with a
    // second copy of the library (the app loading lib/src/index.unbundled.js, measured) the plan says
    // "(No routes given: build the plan with `RolloutPlan.of(app)` ...)".
    expect(r.stdout).toMatch(/Run the connectivity test plan/);
    expect(r.stdout).not.toMatch(/No routes given/);
    expect(r.loaded.filter(f => f.startsWith('lib/src/'))).toEqual(['lib/src/index.js']);
  });
});
