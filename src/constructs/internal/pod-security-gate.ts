// The library's Pod Security gate (issue 13): the constructs decide whether a pod template
// passes a namespace's Pod Security level here, and only here. The verdict is the full Pod
// Security Admission implementation (`src/pod-security/`, ported check by check from
// k8s.io/pod-security-admission and tested against upstream's fixtures): there is no second
// implementation of the checks.
import { PodSecurityLevel } from '../../pod-security/level';
import { PodSecurity } from '../../pod-security/pod-security';
import { PodSecurityViolation } from '../../pod-security/violation';

/**
 * The Pod Security violations of `manifest`'s pod template at `level`
 * (`privileged`, `baseline` or `restricted`); empty when it passes or has no pod template.
 */
export function podSecurityViolations(manifest: any, level: string, version: string = 'latest'): PodSecurityViolation[] {
  if (level === 'privileged' || !PodSecurity.isPodBearing(manifest)) return [];
  return PodSecurity.check(manifest, { level: level as PodSecurityLevel, version });
}
