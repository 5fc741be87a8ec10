// Internal: the shape of one Pod Security Admission check.
// Upstream: k8s.io/pod-security-admission policy/checks.go (Check, VersionedCheck, CheckResult).
import { PodSecurityLevel } from './level';

/** A failed check: upstream's `CheckResult` with `Allowed: false`. */
export interface Forbidden {
  readonly reason: string;
  readonly detail: string;
}

/**
 * Evaluates a pod's metadata and spec (plain JSON, as in a manifest). Returns
 * undefined when allowed.
 */
export type CheckPodFn = (podMetadata: any, podSpec: any) => Forbidden | undefined;

/** One version of a check: applies from `minimumMinor` (v1.<minor>) until the next version. */
export interface VersionedCheck {
  readonly minimumMinor: number;
  readonly checkPod: CheckPodFn;
  /** Baseline check ids this restricted check replaces at this version. */
  readonly overrides?: readonly string[];
}

/** A check: id, level and versions (strictly increasing `minimumMinor`). */
export interface CheckDefinition {
  readonly id: string;
  readonly level: PodSecurityLevel.BASELINE | PodSecurityLevel.RESTRICTED;
  readonly versions: readonly VersionedCheck[];
  /** One sentence: what to set so the check passes. */
  readonly fix: string;
}
