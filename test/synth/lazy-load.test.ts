import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * Issue 19 (load time): the package index loads what every app needs, and the rest on first use:
 * the engines' renderers, the importer's internals, the audit file loader and its YAML reader,
 * the SARIF helpers, the Gateway API kinds (Istio ambient waypoints only). Checked in a fresh
 * Node process (jest's module registry is not Node's), on the TypeScript sources.
 */
const ROOT = path.join(__dirname, '..', '..');

const SCRIPT = `
const path = require('path');
const root = process.argv[2];
const rootRequire = require('module').createRequire(path.join(root, 'package.json'));
rootRequire('cdk8s');
rootRequire('cdk8s-plus-28');
const loaded = () => Object.keys(require.cache).filter(k => k.startsWith(root) && !k.includes('node_modules')).map(k => path.relative(root, k).replace(/\\\\/g, '/'));
const lib = require(path.join(root, 'src'));
const atLoad = loaded();
const app = new lib.ZeroTrustApp({ outdir: process.argv[3] });
const profile = new lib.ClusterProfile({ mesh: lib.Mesh.istioSidecar(), networkPolicy: [lib.NetworkPolicyEngine.KUBERNETES] });
const chart = new (rootRequire('cdk8s').Chart)(app, 'payments');
const ns = new lib.ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
const a = new lib.MeshService(ns, 'a', { name: 'a', selector: { app: 'a' }, ports: [lib.Port.http(8080)] });
const b = new lib.MeshService(ns, 'b', { name: 'b', selector: { app: 'b' }, ports: [lib.Port.http(8080)] });
b.allowFrom(a);
app.synth();
process.stdout.write(JSON.stringify({ atLoad, afterSynth: loaded() }));
`;

describe('what loads when', () => {
  let result: { atLoad: string[]; afterSynth: string[] };
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-lazy-'));
    const script = path.join(dir, 'probe.js');
    fs.writeFileSync(script, SCRIPT);
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ROOT, path.join(dir, 'out')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') },
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
    result = JSON.parse(r.stdout);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const notAtLoad = [
    /^src\/backends\/(istio|linkerd|cilium|network-policy)\//,
    /^src\/import\/internal\//,
    /^src\/audit\/internal\/(loader|fast-yaml|sarif)\./,
    /^src\/backends\/shared\/plain\/(gateway|cilium|linkerd|istio-networking|istio-security)\./,
    /^imports\/(gateway|cilium|linkerd|istio-networking|istio-security)\./,
  ];

  test('the index loads no engine renderer, importer internal, file loader, SARIF helper or CRD module', () => {
    expect(result.atLoad).toContain('src/index.ts');
    for (const re of notAtLoad) expect(result.atLoad.filter(m => re.test(m))).toEqual([]);
  });

  test('an Istio sidecar app loads the Istio and NetworkPolicy renderers only, and no Gateway API kinds', () => {
    const after = result.afterSynth;
    expect(after).toEqual(expect.arrayContaining(['src/backends/istio/route.ts', 'src/backends/network-policy/route.ts']));
    expect(after.filter(m => /^src\/backends\/(linkerd|cilium)\//.test(m))).toEqual([]);
    expect(after.filter(m => /gateway\./.test(m))).toEqual([]);
    expect(after.filter(m => /^src\/(import\/internal|audit\/internal\/(loader|fast-yaml|sarif))/.test(m))).toEqual([]);
  });
});
