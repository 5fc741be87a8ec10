/**
 * One Pod Security Standards check a pod (or pod template) fails.
 *
 * `check`, `reason` and `detail` are the strings the Kubernetes Pod Security
 * Admission controller produces for the same pod (its `CheckResult`), so a
 * violation reads like the API server's own message:
 * `violates PodSecurity "restricted:latest": <reason> (<detail>), ...`.
 */
export interface PodSecurityViolation {
  /** Upstream check id, e.g. `runAsNonRoot`, `capabilities_restricted`, `hostNamespaces`. */
  readonly check: string;
  /** Upstream forbidden reason, e.g. `runAsNonRoot != true`. */
  readonly reason: string;
  /** Upstream forbidden detail, e.g. `pod or container "app" must set securityContext.runAsNonRoot=true`. */
  readonly detail: string;
  /** What to set so the check passes, in one sentence. */
  readonly fix: string;
}
