/*
 * Issue 19: the load rows (bench/load.ts) measure the compiled package entry, the bundle
 * scripts/bundle.js writes to lib/src/index.js. bench/run.ts stops with a clear message when it is
 * missing, is jsii's per-file entry, or is older than src/: otherwise the rows would measure
 * stale or different code.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkCompiled } from '../../bench/run';

let root: string;
const entry = () => path.join(root, 'lib', 'src', 'index.js');
const source = () => path.join(root, 'src', 'model', 'port.ts');
const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-load-check-'));
  fs.mkdirSync(path.dirname(source()), { recursive: true });
  fs.writeFileSync(source(), 'export const x = 1;\n');
  at(source(), 1_000_000);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('no lib/: run npx projen compile', () => {
  expect(() => checkCompiled(root)).toThrow(/lib\/src\/index\.js is missing: .*run `npx projen compile`/);
});

test('jsii\'s per-file entry (compile stopped before the bundle): run npx projen compile', () => {
  fs.mkdirSync(path.dirname(entry()), { recursive: true });
  fs.writeFileSync(entry(), '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n');
  at(entry(), 2_000_000);
  expect(() => checkCompiled(root)).toThrow(/is not the bundle scripts\/bundle\.js writes.*run `npx projen compile`/);
});

test('a bundle older than a source file: run npx projen compile; a newer one passes', () => {
  fs.mkdirSync(path.dirname(entry()), { recursive: true });
  fs.writeFileSync(entry(), '/*! cdk8s-zero-trust bundle (scripts/bundle.js) */\n');
  at(entry(), 500_000);
  expect(() => checkCompiled(root)).toThrow(/lib\/src\/index\.js is older than src\/ .*run `npx projen compile`/);
  at(entry(), 2_000_000);
  expect(() => checkCompiled(root)).not.toThrow();
});
