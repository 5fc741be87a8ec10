import { arr, nameOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { cnpSubjectSelects, isClusterNetworkPolicy } from '../reachability/engines/cluster-network-policy';
import { Severity } from '../severity';

/**
 * Two ClusterNetworkPolicies of one tier and priority that select a common workload with different actions:
 * kubernetes-sigs/network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicySpec.Priority.
 */
export const ZT_HYG_004: RuleDefinition = {
  id: 'ZT-HYG-004',
  pack: 'hygiene',
  severity: Severity.MEDIUM,
  title: 'ClusterNetworkPolicies with the same tier and priority disagree on a workload',
  explanation: 'Within a ClusterNetworkPolicy tier, lower `priority` values are evaluated first; "if two (or more) policies in the same tier with the same priority could match a connection, then the implementation can apply any of the matching policies to the connection, and there is no way for the user to reliably determine which one it will choose" (network-policy-api, `ClusterNetworkPolicySpec.Priority`). Reported when two policies of one tier and priority both have rules in one direction for a workload of the manifests and their actions in that direction differ.',
  fix: 'Give the policies different priorities (the one that must win gets the lower value), or merge their rules into one policy, where rule order decides.',
  check(ctx) {
    const out: RawFinding[] = [];
    const cnps = ctx.set.objects.filter(isClusterNetworkPolicy).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    for (let i = 0; i < cnps.length; i++) {
      for (let j = i + 1; j < cnps.length; j++) {
        const [a, b] = [cnps[i], cnps[j]];
        if (a.spec?.tier !== b.spec?.tier || Number(a.spec?.priority) !== Number(b.spec?.priority)) continue;
        for (const key of ['ingress', 'egress'] as const) {
          const actions = (p: any) => new Set(arr(p.spec?.[key]).map((r: any) => String(r?.action)));
          const [aa, ba] = [actions(a), actions(b)];
          if (aa.size === 0 || ba.size === 0) continue;
          if (aa.size === 1 && ba.size === 1 && [...aa][0] === [...ba][0]) continue;
          const both = ctx.set.workloads.find(w => cnpSubjectSelects(ctx.set, a.spec?.subject, w) && cnpSubjectSelects(ctx.set, b.spec?.subject, w));
          if (!both) continue;
          out.push({
            obj: b,
            message: `${key} of ${both.namespace}/${both.name}: ClusterNetworkPolicies ${nameOf(a)} (${[...aa].join('/')}) and ${nameOf(b)} (${[...ba].join('/')}) are both ${a.spec?.tier}-tier priority ${a.spec?.priority}: where both match a connection the network plugin may apply either.`,
          });
        }
      }
    }
    return out;
  },
};
