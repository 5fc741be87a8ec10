/**
 * Load time of the library's own code, in a fresh process (started by bench/run.ts as
 * `node bench/out/js/bench/load.js <engine> [--unbundled]`). Prints one JSON line:
 * `{ entry, cdk8sMs, indexMs, libraryMs, cdk8sCpuMs, libraryCpuMs, modules }`.
 *
 * cdk8s and cdk8s-plus load first (every cdk8s app loads them). The library's time is then
 * `require` of what ships, the package entry lib/src/index.js (the bundle scripts/bundle.js
 * writes after jsii; every export), plus the renderers the engine's app uses, which load on
 * first use: taken from the engine registry inside the bundle (its look-ups hang off the
 * bundle's exports under `Symbol.for('cdk8s-zero-trust/engine-registry')`, see scripts/bundle.js).
 * `--unbundled`: jsii's per-file tree instead (lib/src/index.unbundled.js, and the registry as
 * lib/src/engines/registry.js), for comparison. `modules`: files under lib/ loaded (the bundle is one).
 */
import * as path from 'path';
import type { Engine } from './generate';

type Registry = Pick<typeof import('../src/engines/registry'), 'engineEntry'>;

/** The registry entries whose renderers the engine's app uses (the ones that apply to its profile and mesh). */
const USED: Record<Engine, readonly string[]> = {
  'istio-sidecar': ['NETWORK_POLICY', 'ISTIO'],
  'istio-ambient': ['NETWORK_POLICY', 'ISTIO'],
  'linkerd': ['NETWORK_POLICY', 'LINKERD'],
  'none-cilium': ['CILIUM'],
  'none-networkpolicy': ['NETWORK_POLICY'],
};

/* eslint-disable @typescript-eslint/no-require-imports */
function main(engine: Engine, unbundled: boolean): void {
  if (!USED[engine]) throw new Error(`unknown engine ${engine}: one of ${Object.keys(USED).join(', ')}`);
  // bench/out/js/bench/load.js -> the repository root.
  const root = path.join(__dirname, '..', '..', '..', '..');
  const lib = path.join(root, 'lib');
  const entry = path.join(lib, 'src', unbundled ? 'index.unbundled.js' : 'index.js');
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  require('cdk8s');
  require('cdk8s-plus-28');
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage();
  const index = require(entry);
  const t2 = process.hrtime.bigint();
  const registry: Registry = unbundled ? require(path.join(lib, 'src', 'engines', 'registry.js')) : index[Symbol.for('cdk8s-zero-trust/engine-registry')];
  if (!registry) throw new Error(`${entry} carries no engine registry hook: rebuild it (npx projen compile)`);
  for (const id of USED[engine]) registry.engineEntry(id as never)!.renderer();
  const t3 = process.hrtime.bigint();
  const c3 = process.cpuUsage();
  const cpuMs = (a: NodeJS.CpuUsage, z: NodeJS.CpuUsage) => (z.user - a.user + z.system - a.system) / 1000;
  const modules = Object.keys(require.cache).filter(k => k.startsWith(lib + path.sep)).length;
  process.stdout.write(JSON.stringify({
    entry: path.relative(root, entry),
    cdk8sMs: Number(t1 - t0) / 1e6,
    indexMs: Number(t2 - t1) / 1e6,
    libraryMs: Number(t3 - t1) / 1e6,
    cdk8sCpuMs: cpuMs(c0, c1),
    libraryCpuMs: cpuMs(c1, c3),
    modules,
  }) + '\n');
}

if (require.main === module) main(process.argv[2] as Engine, process.argv.includes('--unbundled'));
