// Upstream: k8s.io/pod-security-admission policy/check_privileged.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, sc, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

function privileged1_0(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  visitContainers(podSpec, c => {
    if (sc(c)?.privileged === true) (bad ??= []).push(containerName(c));
  });
  return bad ? { reason: 'privileged', detail: `${containersPhrase(bad)} must not set securityContext.privileged=true` } : undefined;
}

/** Privileged containers are forbidden (baseline, 1.0+). */
export const PRIVILEGED: CheckDefinition = {
  id: 'privileged',
  level: PodSecurityLevel.BASELINE,
  versions: [{ minimumMinor: 0, checkPod: privileged1_0 }],
  fix: 'Remove securityContext.privileged (or set it to false) on every container.',
};
