// The SARIF log validated by Microsoft's SARIF Multitool (`sarif-multitool validate`, the
// validator behind the SARIF web validator): no error or warning results.
// The Multitool is an npm package with a self-contained Linux binary (~96 MB)
// (@microsoft/sarif-multitool → its optional dependency @microsoft/sarif-multitool-linux,
// file Sarif.Multitool). It is not a dependency of this project; to run this test, install it
// outside the project and point SARIF_MULTITOOL at the binary:
//
//   npm install --prefix /tmp/sarif-mt @microsoft/sarif-multitool
//   SARIF_MULTITOOL=/tmp/sarif-mt/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool \
//     npx jest --ci test/audit/sarif-multitool.test.ts
//
// (Checked with @microsoft/sarif-multitool 5.7.0.) If the package is resolvable from the
// project (require.resolve), it is used without SARIF_MULTITOOL. Without a binary the test
// is skipped and says why.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { AuditCli } from '../../src/audit';
import { LinearSynth } from '../../src/synth/linear-synth';

function findMultitool(): string | undefined {
  const fromEnv = process.env.SARIF_MULTITOOL;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const dir = path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json'));
    const bin = path.join(dir, 'Sarif.Multitool');
    return fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const BIN = findMultitool();
if (!BIN) {
  // eslint-disable-next-line no-console
  console.warn('sarif-multitool.test.ts skipped: no SARIF Multitool binary (npm install --prefix /tmp/sarif-mt @microsoft/sarif-multitool, then SARIF_MULTITOOL=/tmp/sarif-mt/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool)');
}

/** Runs `Sarif.Multitool validate` on a log; returns its error and warning results. */
function validate(dir: string, log: string): string[] {
  fs.chmodSync(BIN!, 0o755);
  const validation = path.join(dir, `${path.basename(log)}.validation.sarif`);
  const r = spawnSync(BIN!, ['validate', log, '-o', validation, '--level', 'Error', 'Warning', '--quiet'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(0);
  const results = JSON.parse(fs.readFileSync(validation, 'utf8')).runs[0].results ?? [];
  return results.filter((x: any) => (x.level ?? 'warning') !== 'note' && x.level !== 'none')
    .map((x: any) => `${x.ruleId}: ${JSON.stringify(x.message)}`);
}

function cli(args: string[]): string {
  let out = '';
  AuditCli.run(args, { stdout: t => { out += t; }, stderr: () => undefined, readStdin: () => '' });
  return out;
}

(BIN ? test : test.skip)('sarif-multitool validate: no errors or warnings on a log with findings and an input error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-sarif-'));
  try {
    const fixtures = path.join(__dirname, 'fixtures');
    const log = path.join(dir, 'audit.sarif');
    fs.writeFileSync(log, cli(['audit', '--format', 'sarif', path.join(fixtures, 'seeds'), path.join(fixtures, 'regressions')]));
    expect(validate(dir, log)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

(BIN ? test : test.skip)('sarif-multitool validate: no errors or warnings on a diff log (introduced findings and ZT-DIFF results)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-sarif-'));
  try {
    process.env.ZERO_TRUST_TODAY = '2026-11-23';
    const app = new App({ outdir: '/nonexistent' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../examples/payments-networkpolicy').build(app);
    const before = LinearSynth.manifestsPerChart(app).flat();
    const allowAll = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all-ingress', namespace: 'payments' }, spec: { podSelector: {}, ingress: [{}] } };
    fs.writeFileSync(path.join(dir, 'before.yaml'), before.map(o => stringify(o)).join('---\n'));
    fs.writeFileSync(path.join(dir, 'after.yaml'), [...before, allowAll].map(o => stringify(o)).join('---\n'));
    const log = path.join(dir, 'diff.sarif');
    fs.writeFileSync(log, cli(['diff', '--format', 'sarif', '--root', dir, path.join(dir, 'before.yaml'), path.join(dir, 'after.yaml')]));
    const results = JSON.parse(fs.readFileSync(log, 'utf8')).runs[0].results.map((x: any) => x.ruleId);
    expect(results).toContain('ZT-DIFF-001');
    expect(results).toContain('ZT-NET-002');
    expect(validate(dir, log)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
