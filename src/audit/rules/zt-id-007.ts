import { isAllowPolicy, ruleMatchesEverything } from '../internal/istio-authz';
import { arr, namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { isIstioAuthz } from '../internal/trust-domain';
import { Severity } from '../severity';

/** Istio ALLOW policy with a rule that matches every request (`rules: [{}]`). */
export const ZT_ID_007: RuleDefinition = {
  id: 'ZT-ID-007',
  pack: 'identity',
  severity: Severity.HIGH,
  title: 'Istio ALLOW policy with a rule that matches every request',
  explanation: 'In an Istio AuthorizationPolicy a rule without `from`, `to` and `when` (`rules: [{}]`) matches every request, so an ALLOW policy with such a rule allows everything to the workloads it selects (Istio documents `rules: [{}]` as the "allow-all" policy; `spec: {}` with no rules is the deny-all one). Any other ALLOW or DENY-less policy on those workloads is then moot: every client, with or without an identity, gets in.',
  fix: 'Replace the empty rule with rules that name the sources (`from.source.principals` / `namespaces`) and operations (`to.operation.ports`, `methods`, `paths`) the workload serves. For a deliberate public entry point, record `zero-trust.cdk8s.io/exception.allow-all` (+ `.expires`) on the policy.',
  exceptionTopic: 'allow-all',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const ap of ctx.set.objects.filter(isIstioAuthz)) {
      if (!isAllowPolicy(ap)) continue;
      const idx = arr(ap.spec?.rules).map((r: any, i: number) => (ruleMatchesEverything(r) ? i : -1)).filter((i: number) => i >= 0);
      if (idx.length === 0) continue;
      const target = ap.spec?.selector ? 'the selected workloads' : ap.spec?.targetRefs || ap.spec?.targetRef ? 'the targeted resources' : `every workload in namespace ${namespaceOf(ap)}`;
      out.push({ obj: ap, message: `rules[${idx.join('], rules[')}] ${idx.length === 1 ? 'has' : 'have'} no from, to or when: the policy allows every request to ${target}.` });
    }
    return out;
  },
};
