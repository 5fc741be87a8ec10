// Jest matcher `toHaveNoZeroTrustFindings`, as a deep-import entry point (not part of the jsii API:
// a matcher returns a function, which jsii cannot express). Usage, in a jest setup file:
//
//   import { zeroTrustMatchers } from 'cdk8s-zero-trust/lib/src/audit/jest';
//   expect.extend(zeroTrustMatchers);
//
// and, for TypeScript, declare the matcher (see docs/audit.md "In jest").
import { IConstruct } from 'constructs';
import { Audit } from './audit';
import { AuditOptions } from './options';
import { Severity } from './severity';

/** Options of the matcher: audit options plus the severity that counts. */
export interface ZeroTrustMatcherOptions extends AuditOptions {
  /**
   * Only findings at or above this severity fail the assertion.
   * @default Severity.INFO (every finding)
   */
  readonly minSeverity?: Severity;
}

/** What a jest matcher returns. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/**
 * `expect(appOrChartOrManifests).toHaveNoZeroTrustFindings(options?)`: passes when the audit
 * (`Audit.of` for a construct, `Audit.ofManifests` for an array of plain manifests) reports
 * nothing at or above `options.minSeverity`; the failure message lists every finding.
 */
export function toHaveNoZeroTrustFindings(received: IConstruct | any[], options: ZeroTrustMatcherOptions = {}): MatcherResult {
  const report = Array.isArray(received) ? Audit.ofManifests(received, options) : Audit.of(received, options);
  const findings = report.atLeast(options.minSeverity ?? Severity.INFO);
  const pass = findings.length === 0;
  const list = findings.map(f => `  [${f.ruleId}] ${f.severity} ${f.kind}/${f.namespaceName ?? ''}/${f.name}: ${f.message}`).join('\n');
  return {
    pass,
    message: () => pass ? 'expected zero-trust findings, found none' : `expected no zero-trust findings, found ${findings.length}:\n${list}`,
  };
}

/** The matchers to pass to `expect.extend`. */
export const zeroTrustMatchers = { toHaveNoZeroTrustFindings };
