/**
 * Load time of the library's own modules, in a fresh process (started by
 * bench/run.ts as `node bench/out/js/bench/load.js <engine>`). Prints one JSON
 * line: `{ cdk8sMs, libraryMs, cdk8sCpuMs, libraryCpuMs, modules }`.
 *
 * cdk8s and cdk8s-plus load first (every cdk8s app loads them); the library's
 * time is then `require` of its index (every export) plus the renderers the
 * engine's app uses, which load on first use. The library is the transpiled
 * source under bench/out/js (the same CommonJS modules jsii writes to lib/).
 */
import * as path from 'path';
import type { Engine } from './generate';

/* eslint-disable @typescript-eslint/no-require-imports */
function main(engine: Engine): void {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  require('cdk8s');
  require('cdk8s-plus-28');
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage();
  const src = path.join(__dirname, '..', 'src');
  require(src);
  // The renderers the engine's app uses: the registry entries that apply to its profile and mesh.
  const r = require(path.join(src, 'engines', 'registry')) as typeof import('../src/engines/registry');
  const used = engine === 'istio-sidecar' || engine === 'istio-ambient'
    ? ['NETWORK_POLICY', 'ISTIO']
    : engine === 'linkerd'
      ? ['NETWORK_POLICY', 'LINKERD']
      : engine === 'none-cilium'
        ? ['CILIUM']
        : ['NETWORK_POLICY'];
  for (const id of used) r.engineEntry(id)!.renderer();
  const t2 = process.hrtime.bigint();
  const c2 = process.cpuUsage();
  const cpuMs = (a: NodeJS.CpuUsage, z: NodeJS.CpuUsage) => (z.user - a.user + z.system - a.system) / 1000;
  const root = path.join(__dirname, '..');
  const modules = Object.keys(require.cache).filter(k => k.startsWith(root)).length;
  process.stdout.write(JSON.stringify({
    cdk8sMs: Number(t1 - t0) / 1e6,
    libraryMs: Number(t2 - t1) / 1e6,
    cdk8sCpuMs: cpuMs(c0, c1),
    libraryCpuMs: cpuMs(c1, c2),
    modules,
  }) + '\n');
}

if (require.main === module) main(process.argv[2] as Engine);
