// The `cdk8s-zero-trust` binary: one dispatcher above the tools, so the audit does not
// import the importer or the rollout planner (dependency-cruiser rule audit-not-to-tools).
import type { ICliIo } from './audit/cli';
import { PROCESS_IO } from './audit/internal/process-io';

/* eslint-disable @typescript-eslint/no-require-imports */
// Each tool loads when its command runs (issue 19: load only what is used).
const auditCli = (): typeof import('./audit/cli') => require('./audit/cli');
const importCli = (): typeof import('./import/cli') => require('./import/cli');
const rolloutCli = (): typeof import('./rollout/cli') => require('./rollout/cli');
const usage = (): typeof import('./audit/internal/usage') => require('./audit/internal/usage');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The whole `cdk8s-zero-trust` command line, callable in-process: `audit`,
 * `diff` and `graph` (as `AuditCli`), `import` (existing policies or observed
 * traffic to a typed cdk8s app) and `rollout-plan` (as `RolloutCli`).
 *
 * @example
 * const code = ZeroTrustCli.run(['import', 'cluster-policies/', '-o', 'app.ts']);
 */
export class ZeroTrustCli {
  /**
   * Runs the CLI.
   * @param argv arguments after the program name, e.g. `['import', 'policies.yaml']`
   * @param io where to write and read
   * @default - process stdout/stderr/stdin
   * @returns the exit code: 0 ok, 1 findings (or, for `import --to`, a target that opens more), 2 usage or input error
   */
  public static run(argv: string[], io: ICliIo = PROCESS_IO): number {
    const [cmd, ...rest] = argv;
    if (cmd === 'import') {
      try {
        return importCli().runImport(rest, io);
      } catch (e) {
        io.stderr(`error: ${(e as Error).message}\n`);
        return 2;
      }
    }
    if (cmd === 'rollout-plan') return rolloutCli().RolloutCli.run(rest, io);
    if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
      const text = `${usage().AUDIT_USAGE}\n${importCli().IMPORT_USAGE}\n  cdk8s-zero-trust rollout-plan --help     staged enforcement (dry run, then enforce)\n${usage().USAGE_FOOTER}`;
      (cmd === undefined ? io.stderr : io.stdout)(text);
      return cmd === undefined ? 2 : 0;
    }
    return auditCli().AuditCli.run(argv, io);
  }
}
