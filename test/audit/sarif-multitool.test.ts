// The SARIF log validated by Microsoft's SARIF Multitool (`sarif-multitool validate`, the
// validator behind the SARIF web validator): no error or warning results.
// The Multitool is an npm package with a self-contained Linux binary
// (@microsoft/sarif-multitool → @microsoft/sarif-multitool-linux/Sarif.Multitool).
// Set SARIF_MULTITOOL to the binary, or install the package; without it the test is skipped
// and says why.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AuditCli } from '../../src/audit';

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
  console.warn('sarif-multitool.test.ts skipped: no SARIF Multitool binary (set SARIF_MULTITOOL=/path/to/Sarif.Multitool or install @microsoft/sarif-multitool)');
}

(BIN ? test : test.skip)('sarif-multitool validate: no errors or warnings on a log with findings and an input error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-sarif-'));
  try {
    let out = '';
    const fixtures = path.join(__dirname, 'fixtures');
    AuditCli.run(['audit', '--format', 'sarif', path.join(fixtures, 'seeds'), path.join(fixtures, 'regressions')],
      { stdout: t => { out += t; }, stderr: () => undefined, readStdin: () => '' });
    const log = path.join(dir, 'audit.sarif');
    fs.writeFileSync(log, out);
    fs.chmodSync(BIN!, 0o755);
    const validation = path.join(dir, 'validation.sarif');
    const r = spawnSync(BIN!, ['validate', log, '-o', validation, '--level', 'Error', 'Warning', '--quiet'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    const results = JSON.parse(fs.readFileSync(validation, 'utf8')).runs[0].results ?? [];
    const problems = results.filter((x: any) => (x.level ?? 'warning') !== 'note' && x.level !== 'none')
      .map((x: any) => `${x.ruleId}: ${JSON.stringify(x.message)}`);
    expect(problems).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
