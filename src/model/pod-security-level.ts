/**
 * A Pod Security Standards level, as enforced by the Pod Security Admission
 * controller through the namespace label `pod-security.kubernetes.io/enforce`
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 */
export enum PodSecurityLevel {
  /** Heavily restricted, current pod hardening best practice. The library's default. */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations; allows the default set of capabilities and any non-root/root user. */
  BASELINE = 'baseline',
  /** Unrestricted: privileged containers, host namespaces, hostPath volumes, any capability. */
  PRIVILEGED = 'privileged',
}
