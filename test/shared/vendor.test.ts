import * as fs from 'fs';
import * as path from 'path';
import { VENDOR_SOURCE, VENDORED, vendorCandidates, vendoredCel, vendoredYaml } from '../../src/shared/vendor';

/*
 * Issue 17: the CEL evaluator (@bufbuild/cel, cel-spec, protobuf, re2) and yaml are vendored into
 * lib/vendor/*.js by scripts/vendor.js (esbuild) instead of shipping as bundledDependencies.
 * src/shared/vendor.ts loads the vendored build when lib/ is compiled (CI compiles before testing,
 * so the CEL, RE2 and YAML tests of this suite run on it) and the packages from node_modules otherwise.
 */
const ROOT = path.join(__dirname, '..', '..');
const VENDOR = path.join(ROOT, 'lib', 'vendor');
const built = fs.existsSync(path.join(VENDOR, 'cel.js')) && fs.existsSync(path.join(VENDOR, 'yaml.js'));
if (!built) console.log('vendor.test.ts: lib/vendor/ is missing (run `npx projen compile`; CI does): the tests of the vendored build are skipped');
const whenBuilt = built ? describe : describe.skip;

const names = (bundle: keyof typeof VENDORED): string[] => Object.values(VENDORED[bundle]).flat().map(String).sort();

whenBuilt('the vendored build (lib/vendor/)', () => {
  test.each(['cel', 'yaml'] as const)('%s.js exports exactly the names src/shared/vendor.ts lists', bundle => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(VENDOR, `${bundle}.js`));
    expect(Object.keys(mod).sort()).toEqual(names(bundle));
    for (const n of names(bundle)) expect(mod[n]).toBeDefined();
  });

  test('is what a compiled checkout loads (so the CEL, RE2 and YAML tests run on it)', () => {
    expect(vendoredCel().celEnv).toBeInstanceOf(Function);
    expect(vendoredYaml().parse).toBeInstanceOf(Function);
    expect(VENDOR_SOURCE).toEqual({ cel: path.join(VENDOR, 'cel.js'), yaml: path.join(VENDOR, 'yaml.js') });
  });

  test('the vendored evaluator, RE2 and parser work', () => {
    const { celEnv, parse, plan, RE2JS } = vendoredCel();
    const env = celEnv();
    expect(plan(env, parse('[1, 2, 3].exists(x, x > 2) && "abc".startsWith("a")'))()).toBe(true);
    // RE2 semantics: unanchored search (https://github.com/google/re2/wiki/Syntax)
    expect(new RE2JS('b+').test('abbc')).toBe(true);
    expect(vendoredYaml().parse('a: [1, {b: c}]')).toEqual({ a: [1, { b: 'c' }] });
  });

  test('cel.js leaves out @bufbuild/cel-spec\'s conformance test data (only the proto descriptors @bufbuild/cel requires)', () => {
    const cel = fs.readFileSync(path.join(VENDOR, 'cel.js'), 'utf8');
    // a test name of google/cel-spec tests/simple/testdata/basic.textproto, in cel-spec's dist/*/testdata/conformance.js
    const testData = fs.readFileSync(require.resolve('@bufbuild/cel-spec/testdata/conformance.js'), 'utf8');
    expect(testData).toContain('self_eval_zeroish');
    expect(cel).not.toContain('self_eval_zeroish');
    // the generated messages @bufbuild/cel needs at run time (cel-spec's gen/cel/expr/syntax_pb.js, checked_pb.js) are in
    expect(cel).toContain('"cel.expr.ParsedExpr"');
    expect(fs.statSync(path.join(VENDOR, 'cel.js')).size).toBeLessThan(400_000); // measured 285,609 bytes
  });

  test('a lib/vendor/ built before a name was listed fails loudly, saying how to rebuild', () => {
    jest.isolateModules(() => {
      // lib/vendor/yaml.js as built before `parseAllDocuments` was listed
      jest.doMock(path.join(VENDOR, 'yaml.js'), () => ({ LineCounter: class {}, parse: () => null }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const vendor = require('../../src/shared/vendor') as typeof import('../../src/shared/vendor');
      expect(() => vendor.vendoredYaml()).toThrow(/yaml\.js does not export parseAllDocuments: .*run `npx projen compile`/);
      jest.dontMock(path.join(VENDOR, 'yaml.js'));
    });
  });

  test('THIRD-PARTY-NOTICES has a section with the licence of every package each bundle names', () => {
    const notices = fs.readFileSync(path.join(VENDOR, 'THIRD-PARTY-NOTICES'), 'utf8');
    const sections = notices.split(/^={78}$/m);
    for (const bundle of ['cel', 'yaml']) {
      const banner = fs.readFileSync(path.join(VENDOR, `${bundle}.js`), 'utf8').split('\n')[0];
      const pkgs = /^\/\*! \S+: (.*), bundled and minified/.exec(banner)![1].split(', ');
      expect(pkgs.length).toBeGreaterThan(0);
      for (const spec of pkgs) {
        const name = spec.slice(0, spec.lastIndexOf('@'));
        const version = spec.slice(spec.lastIndexOf('@') + 1);
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
        expect(pkg.version).toBe(version);
        const i = sections.findIndex(s => s.trim().startsWith(`${name} ${version}, licence ${pkg.license}, in `));
        expect(i).toBeGreaterThan(0);
        const body = sections[i + 1];
        expect(body).toMatch(/LICENSE of |Apache License, Version 2\.0, whose text is LICENSE at the root of this package/);
      }
    }
    // licence texts the package declares: yaml (ISC), @bufbuild/re2 (MIT), protobuf's BSD-3-Clause part (Google's varint code)
    expect(notices).toContain('Copyright Eemeli Aro');
    expect(notices).toContain('MIT License');
    expect(notices).toMatch(/Copyright 2008 Google Inc\.[\s\S]*Redistribution and use in source and binary forms/);
  });
});

describe('without lib/vendor/ (a checkout that was not compiled)', () => {
  test('the packages load from node_modules (development dependencies)', () => {
    jest.isolateModules(() => {
      const realExists = fs.existsSync;
      jest.doMock('fs', () => ({ ...jest.requireActual('fs'), existsSync: (f: fs.PathLike) => !/[\\/]vendor[\\/](cel|yaml)\.js$/.test(String(f)) && realExists(f) }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const vendor = require('../../src/shared/vendor') as typeof import('../../src/shared/vendor');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(vendor.vendoredCel().celEnv).toBe(require('@bufbuild/cel').celEnv);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(vendor.vendoredCel().strings).toBe(require('@bufbuild/cel/ext').strings);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(vendor.vendoredYaml().parseAllDocuments).toBe(require('yaml').parseAllDocuments);
      expect(vendor.VENDOR_SOURCE).toEqual({ cel: 'node_modules', yaml: 'node_modules' });
      jest.dontMock('fs');
    });
  });
});

describe('where lib/vendor/<bundle>.js is looked for (vendorCandidates)', () => {
  const pkg = path.join(path.sep, 'app', 'node_modules', 'cdk8s-zero-trust');
  test('from the package entry, the bundle lib/src/index.js (scripts/bundle.js, issue 19): lib/vendor beside lib/src', () => {
    expect(vendorCandidates(path.join(pkg, 'lib', 'src'), 'yaml')).toEqual([path.join(pkg, 'lib', 'vendor', 'yaml.js')]);
  });
  test('from the per-file compiled code (lib/src/shared) and the sources of a compiled checkout (src/shared)', () => {
    expect(vendorCandidates(path.join(pkg, 'lib', 'src', 'shared'), 'cel')).toContain(path.join(pkg, 'lib', 'vendor', 'cel.js'));
    expect(vendorCandidates(path.join(ROOT, 'src', 'shared'), 'cel')).toContain(path.join(ROOT, 'lib', 'vendor', 'cel.js'));
  });
  test('nowhere else: never a vendor/ directory of whatever lies above the package', () => {
    expect(vendorCandidates(path.join(pkg, 'dist'), 'cel')).toEqual([]);
    // The bundle's directory alone (lib/src) does not look two levels up (<package>/vendor, or the app's lib/vendor).
    expect(vendorCandidates(path.join(pkg, 'lib', 'src'), 'cel').some(f => !f.startsWith(path.join(pkg, 'lib') + path.sep))).toBe(false);
  });
});
