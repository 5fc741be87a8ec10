// Upstream: k8s.io/pod-security-admission policy/check_seccompProfile_restricted.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, isWindows, joinQuote, sc, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { SECCOMP_PROFILE_BASELINE_ID, seccompTypeString, validSeccompType } from './seccomp-profile-baseline';

function seccompProfileRestricted1_19(_m: any, podSpec: any): Forbidden | undefined {
  let setters: string[] | undefined;
  let values: string[] | undefined;
  let podSet = false;
  const podProfile = sc(podSpec)?.seccompProfile;
  if (podProfile !== undefined && podProfile !== null) {
    if (!validSeccompType(podProfile.type)) {
      (setters ??= []).push('pod');
      (values ??= []).push(seccompTypeString(podProfile.type));
    } else {
      podSet = true;
    }
  }
  let explicitlyBad: string[] | undefined;
  let implicitlyBad: string[] | undefined;
  visitContainers(podSpec, c => {
    const p = sc(c)?.seccompProfile;
    if (p !== undefined && p !== null) {
      if (!validSeccompType(p.type)) {
        (explicitlyBad ??= []).push(containerName(c));
        (values ??= []).push(seccompTypeString(p.type));
      }
    } else if (!podSet) {
      (implicitlyBad ??= []).push(containerName(c));
    }
  });
  if (explicitlyBad) (setters ??= []).push(containersPhrase(explicitlyBad));
  if (setters) {
    return { reason: 'seccompProfile', detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values!))}` };
  }
  if (implicitlyBad) {
    return { reason: 'seccompProfile', detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` };
  }
  return undefined;
}

function seccompProfileRestricted1_25(m: any, podSpec: any): Forbidden | undefined {
  return isWindows(podSpec) ? undefined : seccompProfileRestricted1_19(m, podSpec);
}

/** A RuntimeDefault or Localhost seccomp profile is required (restricted, 1.19+; replaces `seccompProfile_baseline`; Windows pods exempt from 1.25). */
export const SECCOMP_PROFILE_RESTRICTED: CheckDefinition = {
  id: 'seccompProfile_restricted',
  level: PodSecurityLevel.RESTRICTED,
  versions: [
    { minimumMinor: 19, checkPod: seccompProfileRestricted1_19, overrides: [SECCOMP_PROFILE_BASELINE_ID] },
    { minimumMinor: 25, checkPod: seccompProfileRestricted1_25, overrides: [SECCOMP_PROFILE_BASELINE_ID] },
  ],
  fix: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a localhostProfile), and no container may set Unconfined.',
};
