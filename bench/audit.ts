/**
 * Audit benchmark: `cdk8s-zero-trust audit` over generated manifests (every
 * engine's policies, one Deployment per service; bench/audit-generate.ts) of
 * about N objects, in a fresh process per repetition; medians of seconds and
 * peak RSS. See docs/bench.md.
 *
 *   npx ts-node --transpile-only --project tsconfig.dev.json bench/audit.ts                 # N = 5,000, 20,000, 40,000
 *   npx ts-node --transpile-only --project tsconfig.dev.json bench/audit.ts --sizes 20000 --reps 5
 *
 * `npm run bench` runs it after the synthesis rows (bench/run.ts `--audit-sizes`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AuditChildResult, AuditChildTask } from './audit-child';
import { AuditInput, writeAuditInput } from './audit-generate';
import { compile, JS_OUT, OUT, ROOT } from './compile';

/** One row of bench/audit-results.json. */
export interface AuditBenchRow {
  /** Objects in the input. */
  readonly objects: number;
  readonly megabytes: number;
  readonly files: number;
  readonly namespaces: number;
  readonly format: string;
  /** Median seconds in the process: read, parse, audit, write the report (modules loaded before). */
  readonly seconds: number;
  /** Median seconds of the whole process, `node` start to exit (what a CI step waits). */
  readonly processSeconds: number;
  readonly cpuSeconds: number;
  /** Median peak RSS (MB), Node included. */
  readonly peakMB: number;
  /** Microseconds per object (seconds / objects): flat when the audit is linear. */
  readonly microsPerObject: number;
  readonly findings: number;
  readonly repetitions: number;
}

/** The target of issue 14: 20,000 objects in under 5 s and 500 MB on the 2-core bench machine. */
export const AUDIT_TARGET = { objects: 20000, seconds: 5, peakMB: 500 };

const CHILD = path.join(JS_OUT, 'bench', 'audit-child.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function child(task: AuditChildTask): { r: AuditChildResult; processSeconds: number } {
  const t0 = process.hrtime.bigint();
  const p = spawnSync(process.execPath, [CHILD, JSON.stringify(task)], { cwd: ROOT, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  const processSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (p.status !== 0) throw new Error(`audit benchmark child failed (${p.error ?? `exit ${p.status} ${p.signal ?? ''}`}):\n${(p.stderr ?? '').slice(-4000)}`);
  const lines = p.stdout.trim().split('\n');
  return { r: JSON.parse(lines[lines.length - 1]) as AuditChildResult, processSeconds };
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Measures one size: generates the input (untimed), then `reps` fresh processes. */
export function measureAudit(objects: number, reps: number, format: 'json' | 'sarif' | 'text', log: (s: string) => void): AuditBenchRow {
  const input: AuditInput = writeAuditInput(objects, path.join(OUT, 'audit', `input-${objects}`));
  const runs: Array<{ r: AuditChildResult; processSeconds: number }> = [];
  for (let i = 0; i < reps; i++) runs.push(child({ dir: input.dir, format }));
  const findings = new Set(runs.map(x => x.r.findings));
  if (findings.size !== 1) throw new Error(`audit runs disagree on the number of findings: ${[...findings].join(', ')}`);
  const seconds = median(runs.map(x => x.r.seconds));
  log(`  audit N=${input.objects}: s ${runs.map(x => `${x.r.seconds.toFixed(2)}(${x.processSeconds.toFixed(2)})`).join(' ')} | MB ${runs.map(x => Math.round(x.r.maxRssMB)).join(' ')}`);
  return {
    objects: input.objects,
    megabytes: round(input.bytes / 1048576, 1),
    files: input.files,
    namespaces: input.namespaces,
    format,
    seconds: round(seconds),
    processSeconds: round(median(runs.map(x => x.processSeconds))),
    cpuSeconds: round(median(runs.map(x => x.r.cpuSeconds))),
    peakMB: Math.round(median(runs.map(x => x.r.maxRssMB))),
    microsPerObject: round((seconds / input.objects) * 1e6, 1),
    findings: runs[0].r.findings,
    repetitions: reps,
  };
}

const HEADER = ['objects', 'MB in', 'files', 'format', 'audit s', 'process s', 'cpu s', 'peak MB', 'µs/object', 'findings'];

function cells(r: AuditBenchRow): string[] {
  return [String(r.objects), r.megabytes.toFixed(1), String(r.files), r.format, r.seconds.toFixed(2), r.processSeconds.toFixed(2),
    r.cpuSeconds.toFixed(2), String(r.peakMB), r.microsPerObject.toFixed(1), String(r.findings)];
}

/** The rows as a Markdown table. */
export function auditMarkdownTable(rows: AuditBenchRow[]): string {
  return [`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i === 3 ? '---' : '---:')).join('|')}|`, ...rows.map(r => `| ${cells(r).join(' | ')} |`)].join('\n');
}

/** The rows as aligned text. */
export function auditTextTable(rows: AuditBenchRow[]): string {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map(r => r[i].length)));
  return all.map(r => r.map((c, i) => c.padStart(widths[i])).join('  ')).join('\n');
}

/**
 * Runs the audit rows and writes them (`out`, default bench/audit-results.json);
 * returns the rows. Throws when the 20,000-object row misses the target.
 */
export function runAuditBench(sizes: number[], reps: number, out: string, log: (s: string) => void): AuditBenchRow[] {
  const rows = sizes.map(n => measureAudit(n, reps, 'sarif', log));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(rows, null, 2) + '\n');
  fs.writeFileSync(path.join(OUT, 'audit-results.md'), auditMarkdownTable(rows) + '\n');
  process.stdout.write('\n' + auditTextTable(rows) + '\n');
  const target = rows.find(r => Math.abs(r.objects - AUDIT_TARGET.objects) / AUDIT_TARGET.objects < 0.02);
  if (target) {
    const ok = target.processSeconds < AUDIT_TARGET.seconds && target.peakMB < AUDIT_TARGET.peakMB;
    const cpuOk = target.cpuSeconds < AUDIT_TARGET.seconds && target.peakMB < AUDIT_TARGET.peakMB;
    // Wall time depends on what else runs on the machine; CPU time does not.
    process.stdout.write(`audit target (${AUDIT_TARGET.objects} objects < ${AUDIT_TARGET.seconds} s, < ${AUDIT_TARGET.peakMB} MB): `
      + `wall ${ok ? 'met' : 'MISSED'} (${target.processSeconds.toFixed(2)} s process, ${target.peakMB} MB), `
      + `CPU ${cpuOk ? 'met' : 'MISSED'} (${target.cpuSeconds.toFixed(2)} s); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores\n`);
  }
  return rows;
}

function main(): void {
  const args = process.argv.slice(2);
  let sizes = [5000, 20000, 40000];
  let reps = 3;
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') sizes = next().split(',').map(Number);
    else if (a === '--reps') reps = Number(next());
    else if (a === '--out') out = next();
    else throw new Error(`unknown argument ${a} (see the header of bench/audit.ts)`);
  }
  for (const n of sizes) if (!Number.isInteger(n) || n < 1) throw new Error(`bad size ${n}`);
  compile();
  const log = (s: string) => process.stderr.write(s + '\n');
  log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, load ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`);
  runAuditBench(sizes, reps, out || path.join(OUT, 'audit-results.json'), log);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  }
}
