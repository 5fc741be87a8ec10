// Locates upstream's Pod Security Admission fixtures (k8s.io/pod-security-admission
// test/testdata/<level>/<version>/{pass,fail}/*.yaml, Apache-2.0) for the conformance test.
// See PROVENANCE.md: the fixtures are read from a local copy, not committed here.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The upstream commit the checks were ported from and the fixtures are read at. */
export const FIXTURES_COMMIT = '8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8';

/** Where `fetch github:kubernetes/pod-security-admission` puts the bare repository. */
const DEFAULT_MIRROR = '/work/.mirror/kubernetes+pod-security-admission/repo';

/**
 * A directory holding `baseline/` and `restricted/` fixture trees:
 * `PSA_TESTDATA` when set, else `test/testdata` extracted at FIXTURES_COMMIT from
 * the bare repository at `PSA_MIRROR` (default: the fetch mirror). Undefined when neither exists.
 */
export function fixturesDir(): { dir?: string; tried: string[] } {
  const tried: string[] = [];
  const env = process.env.PSA_TESTDATA;
  if (env) {
    tried.push(`PSA_TESTDATA=${env}`);
    if (fs.existsSync(path.join(env, 'restricted'))) return { dir: env, tried };
    return { tried };
  }
  const mirror = process.env.PSA_MIRROR ?? DEFAULT_MIRROR;
  tried.push(`git archive ${FIXTURES_COMMIT} test/testdata from ${mirror}`);
  if (!fs.existsSync(mirror)) return { tried };
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'psa-testdata-'));
  const tar = execFileSync('git', ['--git-dir', mirror, 'archive', '--format=tar', FIXTURES_COMMIT, 'test/testdata'], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', out], { input: tar });
  return { dir: path.join(out, 'test', 'testdata'), tried };
}

/** One fixture file. */
export interface Fixture {
  readonly level: string;
  readonly version: string;
  readonly expect: 'pass' | 'fail';
  /** File name without `.yaml`, e.g. `runasnonroot0`. */
  readonly name: string;
  readonly file: string;
}

/** Every fixture under `dir`, sorted by path. */
export function listFixtures(dir: string): Fixture[] {
  const out: Fixture[] = [];
  for (const level of fs.readdirSync(dir).sort()) {
    const ld = path.join(dir, level);
    if (!fs.statSync(ld).isDirectory()) continue;
    for (const version of fs.readdirSync(ld).sort()) {
      for (const expect of ['pass', 'fail'] as const) {
        const d = path.join(ld, version, expect);
        if (!fs.existsSync(d)) continue;
        for (const f of fs.readdirSync(d).sort()) {
          if (f.endsWith('.yaml')) out.push({ level, version, expect, name: f.slice(0, -5), file: path.join(d, f) });
        }
      }
    }
  }
  return out;
}
