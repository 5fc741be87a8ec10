// Internal: the shape of a rule.
import { Severity } from '../severity';
import { ManifestSet } from './manifests';

/** Context given to every rule. */
export interface RuleContext {
  readonly set: ManifestSet;
  /** `YYYY-MM-DD` today (UTC or injected). */
  readonly today: string;
  /** Trust domain given as an option, if any. */
  readonly trustDomainOption?: string;
  /** Trust domains learned from the manifests. */
  readonly learnedTrustDomains: string[];
}

/** What a rule reports (the engine adds rule metadata). */
export interface RawFinding {
  readonly obj: any;
  readonly message: string;
  /** Overrides the rule's generic fix. */
  readonly fix?: string;
}

/** A zero-trust rule: one per file in `src/audit/rules/`. */
export interface RuleDefinition {
  /** Stable id, e.g. `ZT-MTLS-001`. */
  readonly id: string;
  readonly pack: string;
  readonly severity: Severity;
  readonly title: string;
  /** Why it matters (Markdown allowed, one paragraph). */
  readonly explanation: string;
  /** How to fix it. */
  readonly fix: string;
  /** Exception topic that suppresses the finding when a valid exception is on the object or its Namespace. */
  readonly exceptionTopic?: string;
  check(ctx: RuleContext): RawFinding[];
}
