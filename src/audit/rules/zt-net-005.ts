import { arr } from '../internal/manifests';
import { isNetworkPolicy } from '../internal/netpol';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** NetworkPolicy rules in a direction its explicit policyTypes leave out. */
export const ZT_NET_005: RuleDefinition = {
  id: 'ZT-NET-005',
  pack: 'default-deny',
  severity: Severity.MEDIUM,
  title: 'NetworkPolicy rules in a direction its policyTypes omit',
  explanation: 'A NetworkPolicy only affects the directions listed in `policyTypes`. When the field is omitted it is defaulted from the rules ("policies that contain an egress section are assumed to affect egress, and all policies (whether or not they contain an ingress section) are assumed to affect ingress", Kubernetes API reference, NetworkPolicySpec.policyTypes); when it is written out, rules of a direction it does not list are ignored. A policy with `egress:` rules but `policyTypes: [Ingress]` therefore restricts no egress at all, although it reads as if it did.',
  fix: 'Add the direction to `policyTypes` (e.g. `policyTypes: [Ingress, Egress]`) so the rules are enforced, or delete the rules that are not meant to apply.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const np of ctx.set.objects.filter(isNetworkPolicy)) {
      const types = arr(np.spec?.policyTypes).map(String);
      if (types.length === 0) continue; // defaulted from the rules: nothing is ignored
      for (const [dir, key] of [['Ingress', 'ingress'], ['Egress', 'egress']] as const) {
        const rules = arr(np.spec?.[key]);
        if (rules.length === 0 || types.includes(dir)) continue;
        out.push({ obj: np, message: `has ${rules.length} ${key} rule(s) but policyTypes is [${types.join(', ')}]: the ${key} rules are ignored and ${key} is not restricted by this policy.` });
      }
    }
    return out;
  },
};
