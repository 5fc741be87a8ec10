// Upstream: k8s.io/pod-security-admission policy/check_hostProbesAndhostLifecycle.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, joinQuote, pluralize, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

/** Non-empty `host` of an httpGet / tcpSocket handler (probe or lifecycle handler), pushed to `out`. */
function hosts(handler: any, out: string[]): void {
  if (handler === null || typeof handler !== 'object') return;
  const h = handler.httpGet?.host;
  if (typeof h === 'string' && h !== '') out.push(h);
  const t = handler.tcpSocket?.host;
  if (typeof t === 'string' && t !== '') out.push(t);
}

function hostProbesAndHostLifecycle1_34(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  let forbidden: string[] | undefined;
  const found: string[] = [];
  visitContainers(podSpec, c => {
    found.length = 0;
    hosts(c.livenessProbe, found);
    hosts(c.readinessProbe, found);
    hosts(c.startupProbe, found);
    hosts(c.lifecycle?.postStart, found);
    hosts(c.lifecycle?.preStop, found);
    if (found.length > 0) {
      (bad ??= []).push(containerName(c));
      (forbidden ??= []).push(...found);
    }
  });
  if (!bad) return undefined;
  const containers = sortedSet(bad);
  const hostList = sortedSet(forbidden!);
  return {
    reason: 'probe or lifecycle host',
    detail: `${pluralize('container', 'containers', containers.length)} ${joinQuote(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hostList.length)} ${joinQuote(hostList)}`,
  };
}

/** Probes and lifecycle handlers may not target another host (baseline, 1.34+). */
export const HOST_PROBES_AND_HOST_LIFECYCLE: CheckDefinition = {
  id: 'hostProbesAndHostLifecycle',
  level: PodSecurityLevel.BASELINE,
  versions: [{ minimumMinor: 34, checkPod: hostProbesAndHostLifecycle1_34 }],
  fix: 'Remove host from the httpGet and tcpSocket handlers of every probe and lifecycle hook (they then target the pod IP).',
};
