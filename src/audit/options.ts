import { Severity } from './severity';

/**
 * Silences one rule, for all objects or for one object, with a recorded reason.
 */
export interface Suppression {
  /** The rule to silence, e.g. `ZT-ID-001`. */
  readonly ruleId: string;
  /** Why the finding is acceptable. Required: a suppression without a reason is an error. */
  readonly reason: string;
  /**
   * Only silence findings on this object: `name`, `namespace/name` or `Kind/namespace/name`.
   * @default - every object the rule reports
   */
  readonly objectName?: string;
}

/**
 * Options for an audit run.
 */
export interface AuditOptions {
  /**
   * Only run the rules of these packs (`mtls`, `default-deny`, `identity`, `secrets`, `pod-security`, `hygiene`).
   * @default - all packs
   */
  readonly packs?: string[];
  /**
   * Rule ids not to run.
   * @default - none
   */
  readonly exclude?: string[];
  /**
   * Findings to silence, each with a reason.
   * @default - none
   */
  readonly suppressions?: Suppression[];
  /**
   * The cluster's trust domain (Istio principals `<td>/ns/<ns>/sa/<sa>`, Linkerd
   * identities `...identity.linkerd.<td>`).
   * @default - learned from the manifests (non-default principals, Linkerd identities,
   * ClusterSPIFFEID templates), otherwise `cluster.local`
   */
  readonly trustDomain?: string;
  /**
   * "Now", for exception expiry checks. An exception is valid up to and including its `expires` day (UTC).
   * @default - the `ZERO_TRUST_TODAY` environment variable (`YYYY-MM-DD`) when set, otherwise the system clock
   */
  readonly now?: Date;
}

/**
 * Options for `Audit.enforce`.
 */
export interface AuditEnforceOptions extends AuditOptions {
  /**
   * Synthesis fails on findings at or above this severity.
   * @default Severity.HIGH
   */
  readonly minSeverity?: Severity;
}
