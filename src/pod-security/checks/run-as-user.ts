// Upstream: k8s.io/pod-security-admission policy/check_runAsUser.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, inUserNamespace, sc, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

function runAsUser1_23(_m: any, podSpec: any): Forbidden | undefined {
  let setters: string[] | undefined;
  if (sc(podSpec)?.runAsUser === 0) (setters ??= []).push('pod');
  let bad: string[] | undefined;
  visitContainers(podSpec, c => {
    if (sc(c)?.runAsUser === 0) (bad ??= []).push(containerName(c));
  });
  if (bad) (setters ??= []).push(containersPhrase(bad));
  return setters ? { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` } : undefined;
}

function runAsUser1_35(m: any, podSpec: any): Forbidden | undefined {
  return inUserNamespace(podSpec) ? undefined : runAsUser1_23(m, podSpec);
}

/** The pod and containers must not set runAsUser: 0 (restricted, 1.23+; any value in a user namespace from 1.35). */
export const RUN_AS_USER: CheckDefinition = {
  id: 'runAsUser',
  level: PodSecurityLevel.RESTRICTED,
  versions: [
    { minimumMinor: 23, checkPod: runAsUser1_23 },
    { minimumMinor: 35, checkPod: runAsUser1_35 },
  ],
  fix: 'Remove runAsUser: 0 from the pod and container security contexts (use a non-zero UID).',
};
