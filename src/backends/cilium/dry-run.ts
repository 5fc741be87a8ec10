import { Lazy } from 'cdk8s';

/**
 * A CiliumNetworkPolicy spec in a dry-run namespace. Cilium has no per-policy dry run (its Policy
 * Audit Mode is an agent flag, `--policy-audit-mode`, or a per-endpoint option set with
 * `cilium-dbg endpoint config`, https://docs.cilium.io/en/stable/security/policy-creation/), so the
 * allow rules are kept but made additive:
 * - `enableDefaultDeny: { ingress: false, egress: false }`: the policy puts no endpoint into default
 *   deny (CRD field description, schemas/cilium/ciliumnetworkpolicies.yaml; "If multiple policies
 *   apply to an endpoint, that endpoint's default deny will be enabled if any policy requests it",
 *   hence the namespace's default-deny policy is not rendered at all);
 * - L7 `rules` are dropped: before cilium/cilium#38841 a policy with `enableDefaultDeny: false` and
 *   L7 rules still denied every other request on that port through the proxy (cilium/cilium#38676).
 * Nothing is denied and nothing is observed by Cilium itself.
 */
export function ciliumDryRunSpec(spec: any): any {
  const out: any = { ...spec, enableDefaultDeny: { ingress: false, egress: false } };
  for (const dir of ['ingress', 'egress']) {
    const rules = spec[dir];
    if (rules === undefined) continue;
    out[dir] = rules instanceof Lazy ? Lazy.any({ produce: () => stripL7(rules.produce()) }) : stripL7(rules);
  }
  return out;
}

function stripL7(rules: any[]): any[] {
  return rules.map(r => r?.toPorts
    ? { ...r, toPorts: r.toPorts.map((tp: any) => { const { rules: _l7, ...rest } = tp; return rest; }) }
    : r);
}
