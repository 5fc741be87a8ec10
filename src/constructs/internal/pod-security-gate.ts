// The library's Pod Security gate (issue 13): the constructs decide whether a pod template
// passes a namespace's Pod Security level here, and only here. The verdict is the full Pod
// Security Admission implementation (`src/pod-security/`, ported check by check from
// k8s.io/pod-security-admission and tested against upstream's fixtures): there is no second
// implementation of the checks.
import { PodSecurityLevel } from '../../pod-security/level';
import { PodSecurity } from '../../pod-security/pod-security';
import { podTemplateOf } from '../../shared/pod-template';

/** One Pod Security failure of a pod template (the shape of the full module's violations). */
export interface PodSecurityGateViolation {
  /** The Pod Security Admission check ID (e.g. `privileged`, `capabilities_restricted`). */
  readonly check: string;
  /** What is forbidden, in the words of the admission message (e.g. "privileged"). */
  readonly reason: string;
  /** Which container or field carries the forbidden value, and the value. */
  readonly detail: string;
  /** How to fix it. */
  readonly fix: string;
}

/** The pod spec of a manifest: a Pod, a workload with a pod template, or a CronJob; undefined otherwise. */
export function podSpecOf(manifest: any): any | undefined {
  return podTemplateOf(manifest)?.holder.spec;
}

/**
 * The Pod Security violations of `manifest`'s pod template at `level`
 * (`privileged`, `baseline` or `restricted`); empty when it passes or has no pod template.
 */
export function podSecurityViolations(manifest: any, level: string, version: string = 'latest'): PodSecurityGateViolation[] {
  if (level === 'privileged') return [];
  if (!PodSecurity.isPodBearing(manifest)) return [];
  return PodSecurity.check(manifest, { level: level as PodSecurityLevel, version }).map(v => ({
    check: v.check, reason: v.reason, detail: v.detail ?? '', fix: v.fix,
  }));
}
