import * as fs from 'fs';
import * as path from 'path';
import type * as Cel from '@bufbuild/cel';
import type * as CelExt from '@bufbuild/cel/ext';
import type * as Re2 from '@bufbuild/re2';
import type * as Yaml from 'yaml';

/**
 * The third-party code that runs inside the library: the CEL evaluator (with its RE2 engine and
 * protobuf runtime) and the YAML parser. They are development dependencies: at build time
 * `scripts/vendor.js` bundles exactly the names listed here into one minified CommonJS file per
 * bundle, `lib/vendor/<bundle>.js` (with `lib/vendor/THIRD-PARTY-NOTICES`), so the package has no
 * runtime dependency besides its peers. Library-internal.
 *
 * The lists are the only place that names what the library uses from each package: the types
 * below are picked from them (the compiler rejects a name the package does not export), and
 * `scripts/vendor.js` reads them from the compiled file.
 */
export const VENDORED = {
  cel: {
    '@bufbuild/cel': ['CelScalar', 'celEnv', 'celFunc', 'celMethod', 'isCelError', 'isCelList', 'isCelMap', 'isCelUint', 'mapType', 'parse', 'plan'],
    '@bufbuild/cel/ext': ['strings'],
    '@bufbuild/re2': ['RE2JS'],
  },
  yaml: {
    yaml: ['LineCounter', 'parse', 'parseAllDocuments'],
  },
} as const;

type Names<B extends keyof typeof VENDORED, P extends keyof (typeof VENDORED)[B]> =
  (typeof VENDORED)[B][P] extends ReadonlyArray<infer N> ? N : never;

/** What `lib/vendor/cel.js` exports. */
export type CelBundle = Pick<typeof Cel, Names<'cel', '@bufbuild/cel'>>
& Pick<typeof CelExt, Names<'cel', '@bufbuild/cel/ext'>>
& Pick<typeof Re2, Names<'cel', '@bufbuild/re2'>>;

/** What `lib/vendor/yaml.js` exports. */
export type YamlBundle = Pick<typeof Yaml, Names<'yaml', 'yaml'>>;

/**
 * Where a bundle was loaded from: `lib/vendor/<bundle>.js` (the compiled package, or the sources
 * of a checkout that has been compiled), or `node_modules` (the sources of a checkout that has
 * not: the packages are development dependencies).
 */
export const VENDOR_SOURCE: Record<string, string> = {};

const cache = new Map<string, unknown>();

/**
 * Where `lib/vendor/<bundle>.js` can be, seen from the directory of the code that runs (`here`):
 * the compiled package's bundle (`lib/src/index.js`: `lib/src` -> `lib/vendor`, scripts/bundle.js),
 * the per-file compiled code (`lib/src/shared` -> `lib/vendor`) and the sources of a compiled
 * checkout (`src/shared` -> `lib/vendor`). Each only where `here` is that directory, so a
 * `vendor/` of some other package above it is never picked up.
 */
export function vendorCandidates(here: string, bundle: string): string[] {
  const file = `${bundle}.js`;
  const base = path.basename(here);
  const parent = path.basename(path.dirname(here));
  const out: string[] = [];
  if (base === 'src' && parent === 'lib') out.push(path.join(here, '..', 'vendor', file));
  if (base === 'shared' && parent === 'src') {
    out.push(path.join(here, '..', '..', 'vendor', file));
    out.push(path.join(here, '..', '..', 'lib', 'vendor', file));
  }
  return out;
}

/**
 * Loads `lib/vendor/<bundle>.js` (`vendorCandidates`); otherwise the packages themselves from
 * node_modules.
 */
function load(bundle: keyof typeof VENDORED): unknown {
  if (!cache.has(bundle)) {
    const candidates = vendorCandidates(__dirname, bundle);
    const file = candidates.find(f => fs.existsSync(f));
    let loaded: Record<string, unknown>;
    if (file) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(file);
      VENDOR_SOURCE[bundle] = file;
      // A checkout's lib/vendor/ built before a name was added to VENDORED (never the case in the package).
      const missing = Object.values(VENDORED[bundle]).flat().filter(name => loaded[name] === undefined);
      if (missing.length > 0) {
        throw new Error(`${file} does not export ${missing.join(', ')}: it was built before src/shared/vendor.ts listed them; run \`npx projen compile\``);
      }
    } else {
      loaded = {};
      for (const [pkg, names] of Object.entries(VENDORED[bundle]) as Array<[string, readonly string[]]>) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(pkg);
        for (const name of names) loaded[name] = mod[name];
      }
      VENDOR_SOURCE[bundle] = 'node_modules';
    }
    cache.set(bundle, loaded);
  }
  return cache.get(bundle);
}

/** The CEL evaluator, its `strings` extension and RE2 (`@bufbuild/cel`, `@bufbuild/re2`). */
export function vendoredCel(): CelBundle {
  return load('cel') as CelBundle;
}

/** The YAML parser (`yaml`). */
export function vendoredYaml(): YamlBundle {
  return load('yaml') as YamlBundle;
}
