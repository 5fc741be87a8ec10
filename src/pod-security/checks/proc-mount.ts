// Upstream: k8s.io/pod-security-admission policy/check_procMount_baseline.go and check_procMount_restricted.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, inUserNamespace, joinQuote, sc, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

export const PROC_MOUNT_ID = 'procMount';

export function procMount1_0(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  let types: string[] | undefined;
  visitContainers(podSpec, c => {
    const pm = sc(c)?.procMount;
    if (pm === undefined || pm === null) return;
    if (pm !== 'Default') {
      (bad ??= []).push(containerName(c));
      (types ??= []).push(String(pm));
    }
  });
  if (!bad) return undefined;
  return { reason: 'procMount', detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types!))}` };
}

function procMount1_35Baseline(m: any, podSpec: any): Forbidden | undefined {
  return inUserNamespace(podSpec) ? undefined : procMount1_0(m, podSpec);
}

const FIX = 'Remove securityContext.procMount (or set it to Default) on every container.';

/** The default /proc masks are required (baseline 1.0+; from 1.35 any value is allowed in a user namespace, `hostUsers: false`). */
export const PROC_MOUNT_BASELINE: CheckDefinition = {
  id: PROC_MOUNT_ID,
  level: PodSecurityLevel.BASELINE,
  versions: [
    { minimumMinor: 0, checkPod: procMount1_0 },
    { minimumMinor: 35, checkPod: procMount1_35Baseline },
  ],
  fix: FIX + ' From v1.35 baseline also allows other values when the pod sets hostUsers: false.',
};

/** The default /proc masks are required even in a user namespace (restricted, 1.35+; replaces `procMount`). */
export const PROC_MOUNT_RESTRICTED: CheckDefinition = {
  id: 'procMount_restricted',
  level: PodSecurityLevel.RESTRICTED,
  versions: [{ minimumMinor: 35, checkPod: procMount1_0, overrides: [PROC_MOUNT_ID] }],
  fix: FIX,
};
