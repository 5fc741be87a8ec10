/**
 * Pod Security Admission namespace labels: `enforce` at `level`, `audit` and `warn` at `auditLevel`,
 * each pinned to `version` (https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces).
 * Library-internal.
 */
export function podSecurityLabels(level: string, auditLevel: string, version: string): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': version,
    'pod-security.kubernetes.io/audit': auditLevel,
    'pod-security.kubernetes.io/audit-version': version,
    'pod-security.kubernetes.io/warn': auditLevel,
    'pod-security.kubernetes.io/warn-version': version,
  };
}
