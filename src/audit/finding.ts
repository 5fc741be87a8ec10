import { Severity } from './severity';

/**
 * One zero-trust problem found on one manifest object.
 */
export interface Finding {
  /** Stable rule id, e.g. `ZT-MTLS-001`. */
  readonly ruleId: string;
  /** The rule pack the rule belongs to (`mtls`, `default-deny`, `identity`, `secrets`, `pod-security`, `hygiene`). */
  readonly pack: string;
  /** How serious the finding is. */
  readonly severity: Severity;
  /** What is wrong with this object, in one or two sentences. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** `apiVersion` of the offending object. */
  readonly apiVersion: string;
  /** `kind` of the offending object. */
  readonly kind: string;
  /** `metadata.name` of the offending object. */
  readonly name: string;
  /**
   * Namespace of the offending object.
   * @default - cluster-scoped object
   */
  readonly namespaceName?: string;
  /**
   * File the object was read from (CLI input).
   * @default - the object did not come from a file
   */
  readonly file?: string;
  /**
   * First line (1-based) of the object in `file` (its document, or its item of a `List`).
   * @default - the object did not come from a file
   */
  readonly startLine?: number;
  /**
   * Last line (1-based) of the object in `file`.
   * @default - the object did not come from a file
   */
  readonly endLine?: number;
}
