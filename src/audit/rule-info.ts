import { Severity } from './severity';

/**
 * Description of one audit rule (for documentation, SARIF and tooling).
 */
export interface RuleInfo {
  /** Stable id, e.g. `ZT-MTLS-001`. */
  readonly id: string;
  /** Pack the rule belongs to: `mtls`, `default-deny`, `identity`, `secrets`, `pod-security` or `hygiene`. */
  readonly pack: string;
  /** Severity of every finding of this rule. */
  readonly severity: Severity;
  /** One-line title. */
  readonly title: string;
  /** Why the rule matters. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
  /**
   * Exception topic (`zero-trust.cdk8s.io/exception.<topic>`) that suppresses findings of this rule.
   * @default - findings of this rule cannot be suppressed by an exception annotation
   */
  readonly exceptionTopic?: string;
}
