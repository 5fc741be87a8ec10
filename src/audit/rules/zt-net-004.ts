import { namespaceHasDefaultDeny, namespaceWideDnsEgress, workloadHasDnsEgress } from '../internal/netpol';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Default-deny egress without DNS egress. */
export const ZT_NET_004: RuleDefinition = {
  id: 'ZT-NET-004',
  pack: 'default-deny',
  severity: Severity.HIGH,
  title: 'Default-deny egress without DNS egress',
  explanation: 'With egress denied by default, pods cannot resolve service names unless a policy allows UDP port 53 to the cluster DNS; every connection by name then fails. When the namespace has workloads, each one must be selected by a policy that allows UDP 53 egress; otherwise a namespace-wide (`podSelector: {}`) policy must. Not judged: pods with `hostNetwork: true` (network policies do not apply to them) and pods whose template declares `zero-trust.cdk8s.io/no-dns: "<why>"` (a pod that deliberately resolves no names, e.g. one that only talks over host sockets — a stricter setting, not an exception).',
  fix: 'Add an egress rule for UDP and TCP port 53 to the cluster DNS (e.g. `to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]`) selecting every pod of the namespace.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const ns of ctx.set.namespaces()) {
      if (!namespaceHasDefaultDeny(ctx.set, ns, 'Egress')) continue;
      const workloads = ctx.set.workloadsIn(ns);
      if (workloads.length === 0) {
        if (!namespaceWideDnsEgress(ctx.set, ns)) {
          out.push({ obj: ctx.set.namespaceObject(ns), message: `namespace ${ns} denies egress by default but no policy allows DNS (UDP 53): name resolution will fail.` });
        }
        continue;
      }
      for (const w of workloads) {
        if (w.podSpec?.hostNetwork === true) continue;
        if ((w.annotations['zero-trust.cdk8s.io/no-dns'] ?? '').trim().length > 0) continue;
        if (!workloadHasDnsEgress(ctx.set, w)) {
          out.push({ obj: w.obj, message: `egress is denied by default in namespace ${ns} and no policy allows this workload DNS (UDP 53): name resolution will fail.` });
        }
      }
    }
    return out;
  },
};
