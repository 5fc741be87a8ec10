// Upstream: k8s.io/pod-security-admission policy/check_capabilities_restricted.go
import { CheckDefinition, Forbidden } from '../check';
import { arr, containerName, containersPhrase, isWindows, joinQuote, sc, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { CAPABILITIES_BASELINE_ID } from './capabilities-baseline';

function capabilitiesRestricted1_22(_m: any, podSpec: any): Forbidden | undefined {
  let missingDropAll: string[] | undefined;
  let addingForbidden: string[] | undefined;
  let caps: string[] | undefined;
  visitContainers(podSpec, c => {
    const capabilities = sc(c)?.capabilities;
    if (capabilities === undefined || capabilities === null) {
      (missingDropAll ??= []).push(containerName(c));
      return;
    }
    if (!arr(capabilities.drop).includes('ALL')) (missingDropAll ??= []).push(containerName(c));
    let added = false;
    for (const cap of arr(capabilities.add)) {
      if (cap !== 'NET_BIND_SERVICE') {
        added = true;
        (caps ??= []).push(String(cap));
      }
    }
    if (added) (addingForbidden ??= []).push(containerName(c));
  });
  const details: string[] = [];
  if (missingDropAll) details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden) details.push(`${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(caps!))} in securityContext.capabilities.add`);
  return details.length > 0 ? { reason: 'unrestricted capabilities', detail: details.join('; ') } : undefined;
}

function capabilitiesRestricted1_25(m: any, podSpec: any): Forbidden | undefined {
  return isWindows(podSpec) ? undefined : capabilitiesRestricted1_22(m, podSpec);
}

/** Containers must drop ALL capabilities and may add only NET_BIND_SERVICE (restricted, 1.22+; replaces `capabilities_baseline`; Windows pods exempt from 1.25). */
export const CAPABILITIES_RESTRICTED: CheckDefinition = {
  id: 'capabilities_restricted',
  level: PodSecurityLevel.RESTRICTED,
  versions: [
    { minimumMinor: 22, checkPod: capabilitiesRestricted1_22, overrides: [CAPABILITIES_BASELINE_ID] },
    { minimumMinor: 25, checkPod: capabilitiesRestricted1_25, overrides: [CAPABILITIES_BASELINE_ID] },
  ],
  fix: 'Set securityContext.capabilities.drop: ["ALL"] on every container and add back at most NET_BIND_SERVICE.',
};
