/**
 * A Pod Security Standards level, as the Kubernetes Pod Security Admission
 * controller names it in the `pod-security.kubernetes.io/<mode>` namespace labels.
 *
 * Levels are cumulative: `restricted` includes every `baseline` control (with a
 * few baseline checks replaced by stricter restricted ones), and `privileged`
 * allows everything.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Unrestricted: no check runs. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations (host namespaces, privileged containers, hostPath, ...). */
  BASELINE = 'baseline',
  /** Current pod-hardening best practice: baseline plus non-root, no privilege escalation, seccomp, drop ALL capabilities, restricted volume types. */
  RESTRICTED = 'restricted',
}

const LEVELS: readonly string[] = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];

/** Whether `s` is a level name (`privileged`, `baseline`, `restricted`). Internal. */
export function isLevel(s: unknown): s is PodSecurityLevel {
  return typeof s === 'string' && LEVELS.includes(s);
}

/** -1, 0, 1 like upstream `api.CompareLevels`. Internal. */
export function compareLevels(a: PodSecurityLevel, b: PodSecurityLevel): number {
  return Math.sign(LEVELS.indexOf(a) - LEVELS.indexOf(b));
}
