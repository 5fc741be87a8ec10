// Upstream: k8s.io/pod-security-admission policy/check_capabilities_baseline.go
import { CheckDefinition, Forbidden } from '../check';
import { arr, containerName, containersPhrase, joinQuote, sc, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

export const CAPABILITIES_BASELINE_ID = 'capabilities_baseline';

const ALLOWED_1_0 = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

function capabilitiesBaseline1_0(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  let caps: string[] | undefined;
  visitContainers(podSpec, c => {
    const capabilities = sc(c)?.capabilities;
    if (capabilities === undefined || capabilities === null) return;
    let valid = true;
    for (const cap of arr(capabilities.add)) {
      if (!ALLOWED_1_0.has(cap)) {
        valid = false;
        (caps ??= []).push(String(cap));
      }
    }
    if (!valid) (bad ??= []).push(containerName(c));
  });
  if (!bad) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(caps!))} in securityContext.capabilities.add`,
  };
}

/** Only the container runtime's default capabilities may be added (baseline, 1.0+). */
export const CAPABILITIES_BASELINE: CheckDefinition = {
  id: CAPABILITIES_BASELINE_ID,
  level: PodSecurityLevel.BASELINE,
  versions: [{ minimumMinor: 0, checkPod: capabilitiesBaseline1_0 }],
  fix: 'Remove from securityContext.capabilities.add every capability outside the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).',
};
