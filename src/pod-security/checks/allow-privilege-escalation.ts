// Upstream: k8s.io/pod-security-admission policy/check_allowPrivilegeEscalation.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, isWindows, sc, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

function allowPrivilegeEscalation1_8(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  visitContainers(podSpec, c => {
    if (sc(c)?.allowPrivilegeEscalation !== false) (bad ??= []).push(containerName(c));
  });
  return bad ? { reason: 'allowPrivilegeEscalation != false', detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` } : undefined;
}

function allowPrivilegeEscalation1_25(m: any, podSpec: any): Forbidden | undefined {
  return isWindows(podSpec) ? undefined : allowPrivilegeEscalation1_8(m, podSpec);
}

/** Every container must set allowPrivilegeEscalation: false (restricted, 1.8+; Windows pods exempt from 1.25). */
export const ALLOW_PRIVILEGE_ESCALATION: CheckDefinition = {
  id: 'allowPrivilegeEscalation',
  level: PodSecurityLevel.RESTRICTED,
  versions: [
    { minimumMinor: 8, checkPod: allowPrivilegeEscalation1_8 },
    { minimumMinor: 25, checkPod: allowPrivilegeEscalation1_25 },
  ],
  fix: 'Set securityContext.allowPrivilegeEscalation: false on every container (init and ephemeral containers included).',
};
