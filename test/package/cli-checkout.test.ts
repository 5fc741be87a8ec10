import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TODAY } from '../util/synth';

/*
 * Issue 17: after `npm ci && npm run synth:examples` (no compile), `npx cdk8s-zero-trust`
 * failed with "Cannot find module '../lib/src/audit/cli.js'". The bin now runs the compiled
 * lib/ when present and the TypeScript sources (ts-node) otherwise.
 */
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join('bin', 'cdk8s-zero-trust');

// A namespace-wide PERMISSIVE PeerAuthentication: ZT-MTLS-001 (HIGH), so the CLI exits 1.
const PERMISSIVE = JSON.stringify({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments' }, spec: { mtls: { mode: 'PERMISSIVE' } } });

function runBin(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [path.join(cwd, BIN), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ZERO_TRUST_TODAY: TODAY }, timeout: 120_000 });
}

let tmp: string;
let manifest: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-checkout-'));
  manifest = path.join(tmp, 'permissive.yaml');
  fs.writeFileSync(manifest, PERMISSIVE);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a checkout without lib/ (npm ci only) runs the CLI from the sources', () => {
  // The checkout as `npm ci` leaves it: sources, bin, schemas, node_modules; nothing compiled.
  const clone = path.join(tmp, 'clone');
  fs.mkdirSync(path.join(clone, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, BIN), path.join(clone, BIN));
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.dev.json']) fs.copyFileSync(path.join(ROOT, f), path.join(clone, f));
  for (const d of ['src', 'imports', 'schemas', 'node_modules']) fs.symlinkSync(path.join(ROOT, d), path.join(clone, d), 'dir');
  expect(fs.existsSync(path.join(clone, 'lib'))).toBe(false);

  const help = runBin(clone, ['--help']);
  expect(help.stderr).not.toMatch(/Cannot find module/);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage:\n {2}cdk8s-zero-trust audit \[options\]/);

  const audit = runBin(clone, ['audit', manifest]);
  expect(audit.stdout).toMatch(/ZT-MTLS-001/);
  expect(audit.status).toBe(1);

  // The other entry point (src/rollout/cli.ts) falls back to the sources the same way.
  const rollout = runBin(clone, ['rollout-plan', '--help']);
  expect(rollout.stderr).not.toMatch(/Cannot find module/);
  expect(rollout.status).toBe(0);
  expect(rollout.stdout).toMatch(/^Usage:\n {2}cdk8s-zero-trust rollout-plan \[options\]/);
});

test('the bin in this checkout runs (compiled lib/ when present)', () => {
  const audit = runBin(ROOT, ['audit', manifest]);
  expect(audit.stderr).not.toMatch(/Cannot find module/);
  expect(audit.stdout).toMatch(/ZT-MTLS-001/);
  expect(audit.status).toBe(1);
});
