/*
 * The benchmark's baseline (bench/handwritten.ts) must build exactly the
 * library's objects: otherwise the library / hand-written ratios compare
 * different work. Byte-identical files, as bench/run.ts also checks on every
 * measured row.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { BENCH_TODAY, buildLibraryApp, Engine, ENGINES, LAYOUTS, Layout } from '../../bench/generate';
import { buildHandWrittenApp, HANDWRITTEN_ENGINES } from '../../bench/handwritten';
import { LinearSynth } from '../../src/synth/linear-synth';
import { ZeroTrustApp } from '../../src/synth/zero-trust-app';

function readDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

// 47 services: three namespaces, the last with 7 (every route rule, cross-namespace wrap-around);
// 41: the last namespace has a single service (no local routes, no waypoint).
const cases: Array<[Engine, Layout, number]> = HANDWRITTEN_ENGINES.flatMap(
  e => LAYOUTS.flatMap(l => [47, 41].map(n => [e, l, n] as [Engine, Layout, number])),
);

describe('hand-written benchmark baseline', () => {
  const before = { today: process.env.ZERO_TRUST_TODAY, sort: process.env.CDK8S_DISABLE_SORT };
  beforeAll(() => { process.env.ZERO_TRUST_TODAY = BENCH_TODAY; });
  afterAll(() => {
    if (before.today === undefined) delete process.env.ZERO_TRUST_TODAY;
    else process.env.ZERO_TRUST_TODAY = before.today;
  });

  test.each(cases)('%s %s, %d services: the same files as the library app', (engine, layout, services) => {
    const lib = new ZeroTrustApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-hand-lib-')) });
    buildLibraryApp(lib, services, engine, layout);
    lib.synth();
    const reference = readDir(lib.outdir);
    const objects = LinearSynth.manifests(lib).length;

    // As bench/run.ts runs it: unsorted keys (the library writes schema order).
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const hand = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-hand-')) });
      expect(buildHandWrittenApp(hand, services, engine, layout)).toBe(objects);
      LinearSynth.synth(hand);
      expect(Object.keys(readDir(hand.outdir))).toEqual(Object.keys(reference));
      expect(readDir(hand.outdir)).toEqual(reference);
    } finally {
      if (before.sort === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before.sort;
    }
  });

  test('covers every engine of the benchmark', () => {
    expect([...HANDWRITTEN_ENGINES].sort()).toEqual([...ENGINES].sort());
  });

  test('refuses an engine it does not cover', () => {
    expect(() => buildHandWrittenApp(new App(), 20, 'calico' as Engine, 'single-chart')).toThrow(/no hand-written app for calico/);
  });
});
