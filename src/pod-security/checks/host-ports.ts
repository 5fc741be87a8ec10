// Upstream: k8s.io/pod-security-admission policy/check_hostPorts.go
import { CheckDefinition, Forbidden } from '../check';
import { arr, containerName, containersPhrase, pluralize, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

function hostPorts1_0(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  let ports: string[] | undefined;
  visitContainers(podSpec, c => {
    let valid = true;
    for (const p of arr(c.ports)) {
      const hp = p?.hostPort;
      if (isSetNonZero(hp)) {
        valid = false;
        (ports ??= []).push(String(hp));
      }
    }
    if (!valid) (bad ??= []).push(containerName(c));
  });
  if (!bad) return undefined;
  const list = sortedSet(ports!);
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
  };
}

function isSetNonZero(x: any): boolean {
  return x !== undefined && x !== null && x !== 0;
}

/** Host ports are forbidden (baseline, 1.0+). */
export const HOST_PORTS: CheckDefinition = {
  id: 'hostPorts',
  level: PodSecurityLevel.BASELINE,
  versions: [{ minimumMinor: 0, checkPod: hostPorts1_0 }],
  fix: 'Remove hostPort from every container port (expose the pod through a Service instead).',
};
