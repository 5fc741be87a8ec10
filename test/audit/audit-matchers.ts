// Jest matcher: expect(chart).toHaveNoZeroTrustFindings(). Not part of the jsii API.
// Copy into your project's test setup (see docs/audit.md).
import { IConstruct } from 'constructs';
import { Audit, AuditOptions, Severity } from '../../src/audit';

/** Options of the matcher: audit options plus the severity that counts. */
export interface ZeroTrustMatcherOptions extends AuditOptions {
  /** Only findings at or above this severity fail the assertion (default: INFO, i.e. every finding). */
  readonly minSeverity?: Severity;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The construct (app or chart) or manifest array has no zero-trust findings. */
      toHaveNoZeroTrustFindings(options?: ZeroTrustMatcherOptions): R;
    }
  }
}

expect.extend({
  toHaveNoZeroTrustFindings(received: IConstruct | any[], options: ZeroTrustMatcherOptions = {}) {
    const report = Array.isArray(received) ? Audit.ofManifests(received, options) : Audit.of(received, options);
    const findings = report.atLeast(options.minSeverity ?? Severity.INFO);
    const pass = findings.length === 0;
    const list = findings.map(f => `  [${f.ruleId}] ${f.severity} ${f.kind}/${f.namespace ?? ''}/${f.name}: ${f.message}`).join('\n');
    return {
      pass,
      message: () => pass ? 'expected zero-trust findings, found none' : `expected no zero-trust findings, found ${findings.length}:\n${list}`,
    };
  },
});
