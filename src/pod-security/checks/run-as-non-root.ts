// Upstream: k8s.io/pod-security-admission policy/check_runAsNonRoot.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, inUserNamespace, isSet, sc, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

function runAsNonRoot1_0(_m: any, podSpec: any): Forbidden | undefined {
  let setters: string[] | undefined;
  let podRunAsNonRoot = false;
  const podValue = sc(podSpec)?.runAsNonRoot;
  if (isSet(podValue)) {
    if (podValue !== true) (setters ??= []).push('pod');
    else podRunAsNonRoot = true;
  }
  let explicitlyBad: string[] | undefined;
  let implicitlyBad: string[] | undefined;
  visitContainers(podSpec, c => {
    const v = sc(c)?.runAsNonRoot;
    if (isSet(v)) {
      if (v !== true) (explicitlyBad ??= []).push(containerName(c));
    } else if (!podRunAsNonRoot) {
      (implicitlyBad ??= []).push(containerName(c));
    }
  });
  if (explicitlyBad) (setters ??= []).push(containersPhrase(explicitlyBad));
  if (setters) return { reason: 'runAsNonRoot != true', detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false` };
  if (implicitlyBad) return { reason: 'runAsNonRoot != true', detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true` };
  return undefined;
}

function runAsNonRoot1_35(m: any, podSpec: any): Forbidden | undefined {
  return inUserNamespace(podSpec) ? undefined : runAsNonRoot1_0(m, podSpec);
}

/** The pod (or every container) must set runAsNonRoot: true (restricted, 1.0+; any value in a user namespace from 1.35). */
export const RUN_AS_NON_ROOT: CheckDefinition = {
  id: 'runAsNonRoot',
  level: PodSecurityLevel.RESTRICTED,
  versions: [
    { minimumMinor: 0, checkPod: runAsNonRoot1_0 },
    { minimumMinor: 35, checkPod: runAsNonRoot1_35 },
  ],
  fix: 'Set spec.securityContext.runAsNonRoot: true (and never false on a container), and run the image as a non-zero UID.',
};
