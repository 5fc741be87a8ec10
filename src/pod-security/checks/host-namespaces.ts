// Upstream: k8s.io/pod-security-admission policy/check_hostNamespaces.go
import { CheckDefinition, Forbidden } from '../check';
import { PodSecurityLevel } from '../level';

function hostNamespaces1_0(_m: any, podSpec: any): Forbidden | undefined {
  const bad: string[] = [];
  if (podSpec?.hostNetwork === true) bad.push('hostNetwork=true');
  if (podSpec?.hostPID === true) bad.push('hostPID=true');
  if (podSpec?.hostIPC === true) bad.push('hostIPC=true');
  return bad.length > 0 ? { reason: 'host namespaces', detail: bad.join(', ') } : undefined;
}

/** Sharing the host network, PID and IPC namespaces is forbidden (baseline, 1.0+). */
export const HOST_NAMESPACES: CheckDefinition = {
  id: 'hostNamespaces',
  level: PodSecurityLevel.BASELINE,
  versions: [{ minimumMinor: 0, checkPod: hostNamespaces1_0 }],
  fix: 'Remove spec.hostNetwork, spec.hostPID and spec.hostIPC (or set them to false).',
};
