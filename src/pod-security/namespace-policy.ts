import { PodSecurityLevel } from './level';

/**
 * A Pod Security Standards level and policy version.
 */
export interface PodSecurityLevelVersion {
  /** The level. */
  readonly level: PodSecurityLevel;
  /** The policy version: `latest` or `v1.<minor>`. */
  readonly version: string;
}

/**
 * The Pod Security Admission policy of a namespace, read from its
 * `pod-security.kubernetes.io/{enforce,audit,warn}[-version]` labels.
 */
export interface PodSecurityNamespacePolicy {
  /** Pods that violate this level+version are rejected by the API server (workload controllers are only warned; their pods are rejected). */
  readonly enforce: PodSecurityLevelVersion;
  /** Violations of this level+version are recorded in the audit log (audit annotation). */
  readonly audit: PodSecurityLevelVersion;
  /** Violations of this level+version are returned to the client as warnings. */
  readonly warn: PodSecurityLevelVersion;
  /**
   * Whether the namespace sets at least one `pod-security.kubernetes.io/` mode label (enforce, audit or warn level).
   */
  readonly labelled: boolean;
  /**
   * Invalid label values, in upstream's wording (e.g. `metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted`).
   * Upstream evaluates an invalid enforce level as `restricted` (fails closed), an invalid
   * audit or warn level as `privileged` (fails open), and an invalid version as `latest`.
   */
  readonly errors: string[];
}

/**
 * Cluster-wide Pod Security Admission defaults (the `defaults` of the
 * `PodSecurityConfiguration` given to the API server), used for labels a namespace does not set.
 */
export interface PodSecurityDefaultsOptions {
  /**
   * Default enforce level+version.
   * @default - privileged, latest (upstream's default)
   */
  readonly enforce?: PodSecurityLevelVersion;
  /**
   * Default audit level+version.
   * @default - privileged, latest (upstream's default)
   */
  readonly audit?: PodSecurityLevelVersion;
  /**
   * Default warn level+version.
   * @default - privileged, latest (upstream's default)
   */
  readonly warn?: PodSecurityLevelVersion;
}
