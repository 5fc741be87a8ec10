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
import { BENCH_TODAY, buildLibraryApp, Engine, LAYOUTS, Layout } from '../../bench/generate';
import { buildHandWrittenApp, HANDWRITTEN_ENGINES } from '../../bench/handwritten';
import { LinearSynth } from '../../src/synth/linear-synth';
import { ZeroTrustApp } from '../../src/synth/zero-trust-app';

function readDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const cases: Array<[Engine, Layout]> = HANDWRITTEN_ENGINES.flatMap(e => LAYOUTS.map(l => [e, l] as [Engine, Layout]));

describe('hand-written benchmark baseline', () => {
  const before = { today: process.env.ZERO_TRUST_TODAY, sort: process.env.CDK8S_DISABLE_SORT };
  beforeAll(() => { process.env.ZERO_TRUST_TODAY = BENCH_TODAY; });
  afterAll(() => {
    if (before.today === undefined) delete process.env.ZERO_TRUST_TODAY;
    else process.env.ZERO_TRUST_TODAY = before.today;
  });

  // 47 services: three namespaces, the last with 7 (every route rule, cross-namespace wrap-around).
  test.each(cases)('%s %s: the same files as the library app', (engine, layout) => {
    const lib = new ZeroTrustApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-hand-lib-')) });
    buildLibraryApp(lib, 47, engine, layout);
    lib.synth();
    const reference = readDir(lib.outdir);
    const objects = LinearSynth.manifests(lib).length;

    // As bench/run.ts runs it: unsorted keys (the library writes schema order).
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const hand = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-hand-')) });
      expect(buildHandWrittenApp(hand, 47, engine, layout)).toBe(objects);
      LinearSynth.synth(hand);
      expect(Object.keys(readDir(hand.outdir))).toEqual(Object.keys(reference));
      expect(readDir(hand.outdir)).toEqual(reference);
    } finally {
      if (before.sort === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before.sort;
    }
  });

  test('refuses an engine it does not cover', () => {
    expect(() => buildHandWrittenApp(new App(), 20, 'linkerd', 'single-chart')).toThrow(/no hand-written app for linkerd/);
  });
});
