/**
 * One audit measurement in a fresh process (started by bench/audit.ts as
 * `node bench/out/js/bench/audit-child.js '<json task>'`): the CLI
 * (`cdk8s-zero-trust audit --format <format> <dir>`) in-process, modules
 * loaded before the clock starts. Prints one JSON line.
 */
import * as fs from 'fs';
import { AuditCli } from '../src/audit/cli';

export interface AuditChildTask {
  readonly dir: string;
  readonly format: 'text' | 'json' | 'sarif';
  /** Where the report goes (default: discarded). */
  readonly out?: string;
}

export interface AuditChildResult {
  /** Wall-clock seconds: read + parse + audit + format the report. */
  readonly seconds: number;
  /** CPU seconds (user + system) over the same span. */
  readonly cpuSeconds: number;
  /** Peak RSS of the process (MB), Node and modules included. */
  readonly maxRssMB: number;
  /** RSS after loading modules (MB). */
  readonly baseRssMB: number;
  readonly exitCode: number;
  readonly reportBytes: number;
  readonly findings: number;
}

function run(task: AuditChildTask): AuditChildResult {
  const baseRssMB = process.memoryUsage().rss / 1048576;
  const chunks: string[] = [];
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const exitCode = AuditCli.run(['audit', '--format', task.format, task.dir], {
    stdout: t => { chunks.push(t); },
    stderr: t => { process.stderr.write(t); },
    readStdin: () => '',
  });
  const report = chunks.join('');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  if (task.out) fs.writeFileSync(task.out, report);
  const findings = task.format === 'json' ? JSON.parse(report).findings.length
    : task.format === 'sarif' ? JSON.parse(report).runs[0].results.length : -1;
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    baseRssMB,
    exitCode,
    reportBytes: Buffer.byteLength(report),
    findings,
  };
}

if (require.main === module) {
  process.stdout.write(JSON.stringify(run(JSON.parse(process.argv[2]) as AuditChildTask)) + '\n');
}
