// Internal: the shape of a rule.
import { ManifestSet } from './manifests';
import { RuleInfo } from '../rule-info';

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
export interface RuleDefinition extends RuleInfo {
  /** The findings of this rule in `ctx`. */
  check(ctx: RuleContext): RawFinding[];
}
