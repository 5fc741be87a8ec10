import { Finding } from './finding';
import { severityRank } from './internal/severity-rank';
import { RuleInfo } from './rule-info';
import { Severity } from './severity';

// SARIF rendering loads on first use (issue 19).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sarif = (): typeof import('./internal/sarif') => require('./internal/sarif');

/**
 * Options of `AuditReport.toSarif`.
 */
export interface SarifOptions {
  /**
   * The directory that `artifactLocation.uri`s are relative to (SARIF `uriBaseId`
   * `%SRCROOT%`, GitHub code scanning's convention): normally the repository root.
   * @default - the nearest directory at or above the current directory that holds `.git`, else the current directory
   */
  readonly rootDirectory?: string;
}

/**
 * The result of an audit: the findings and the rules that ran.
 */
export class AuditReport {
  /** Findings, most severe first (then by rule id, namespace, kind, name). */
  public readonly findings: Finding[];
  /** The rules that ran. */
  public readonly rules: RuleInfo[];

  /**
   * @param findings the findings, in report order
   * @param rules the rules that ran
   */
  public constructor(findings: Finding[], rules: RuleInfo[]) {
    this.findings = findings;
    this.rules = rules;
  }

  /** Findings at or above `severity`. */
  public atLeast(severity: Severity): Finding[] {
    const min = severityRank(severity);
    return this.findings.filter(f => severityRank(f.severity) >= min);
  }

  /** Human-readable report: one block per finding and a summary line. */
  public toText(): string {
    if (this.findings.length === 0) return 'No zero-trust findings.\n';
    const lines: string[] = [];
    for (const f of this.findings) {
      lines.push(`${f.severity.padEnd(8)} ${f.ruleId.padEnd(11)} ${sarif().logicalLocation(f)}${f.file ? ` (${f.file})` : ''}`);
      lines.push(`         ${f.message}`);
      lines.push(`         fix: ${f.fix}`);
    }
    lines.push('');
    lines.push(this.summary());
    return lines.join('\n') + '\n';
  }

  /** One-line summary, e.g. `3 findings: 1 CRITICAL, 2 HIGH`. */
  public summary(): string {
    const counts = this.counts();
    const parts = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO]
      .filter(s => counts[s] > 0).map(s => `${counts[s]} ${s}`);
    const n = this.findings.length;
    return `${n} finding${n === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
  }

  /** JSON-serialisable report: `{ summary: { total, bySeverity }, findings }`. */
  public toJson(): any {
    return {
      summary: { total: this.findings.length, bySeverity: this.counts() },
      findings: this.findings.map(f => JSON.parse(JSON.stringify(f))),
    };
  }

  /**
   * SARIF 2.1.0 log (one run, tool `cdk8s-zero-trust` with this package's version), for
   * code-scanning tools. Findings read from files point at the file (a URI relative to
   * `rootDirectory`, `uriBaseId: %SRCROOT%`) and the object's line range in it.
   * @param options where artifact URIs are relative to
   */
  public toSarif(options: SarifOptions = {}): any {
    const { repositoryRoot, toSarif } = sarif();
    return toSarif(this.findings, this.rules, { rootDirectory: options.rootDirectory ?? repositoryRoot(process.cwd()) });
  }

  private counts(): Record<string, number> {
    const counts: Record<string, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 };
    for (const f of this.findings) counts[f.severity]++;
    return counts;
  }
}
