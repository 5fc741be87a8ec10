import { PodSecurityLevel } from '../../pod-security/level';
import { PodSecurity } from '../../pod-security/pod-security';
import { describeViolations, fixesOf, podBearing } from '../internal/pod-security';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Baseline checks that give a pod the node: privileged containers, host namespaces, hostPath volumes. */
const HOST_ACCESS = new Set(['privileged', 'hostNamespaces', 'hostPathVolumes']);

/** Privileged or host-sharing pods, in any namespace. */
export const ZT_PSS_003: RuleDefinition = {
  id: 'ZT-PSS-003',
  pack: 'pod-security',
  severity: Severity.HIGH,
  title: 'Pod runs privileged or shares the host (hostNetwork, hostPID, hostIPC, hostPath)',
  explanation: 'A privileged container, `hostNetwork`/`hostPID`/`hostIPC: true` or a `hostPath` volume gives the pod the node: it sees and can impersonate every other pod\'s traffic, processes or files, so no workload identity or network policy holds for it. These are the `privileged`, `hostNamespaces` and `hostPathVolumes` checks of the Pod Security Standards `baseline` level (latest), reported in every namespace whatever its labels, including namespaces outside the audited set. Node agents that need it (CNI, CSI, the SPIRE agent) should carry a dated exception.',
  fix: 'Remove privileged, hostNetwork, hostPID, hostIPC and hostPath from the pod; for a node agent that needs them, add a justified, dated `host-access` exception.',
  exceptionTopic: 'host-access',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const { obj } of podBearing(ctx.set)) {
      const vs = PodSecurity.check(obj, { level: PodSecurityLevel.BASELINE }).filter(v => HOST_ACCESS.has(v.check));
      if (vs.length > 0) out.push({ obj, message: `${describeViolations(vs)}.`, fix: fixesOf(vs) });
    }
    return out;
  },
};
