import { namespaceHasDefaultDeny } from '../internal/netpol';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Namespace without default-deny ingress and egress. */
export const ZT_NET_001: RuleDefinition = {
  id: 'ZT-NET-001',
  pack: 'default-deny',
  severity: Severity.HIGH,
  title: 'Namespace without default-deny ingress and egress',
  explanation: 'Without a default deny, a pod that no policy selects accepts connections from, and opens connections to, anything. Zero trust starts from deny-all in both directions: a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no rules, or a Cilium equivalent: `endpointSelector: {}` with, for each direction, a non-empty section whose rules allow nothing (`ingress: [{}]`) or only DNS (`toPorts` on port 53), or an `ingressDeny`/`egressDeny` of everything. Cilium enforces a direction only when a rule selecting the endpoint has a non-empty section for it: `enableDefaultDeny: {ingress: true}` with no `ingress` section leaves ingress open, and `enableDefaultDeny.<direction>: false` turns the default deny off. Namespaces are those seen as Namespace objects or as the namespace of a workload. A namespace in a dated dry run (a valid `dry-run` exception on its Namespace) has no default deny by design; ZT-NET-006 reports it once the exception is missing or expired.',
  exceptionTopic: 'dry-run',
  fix: 'Add a default-deny NetworkPolicy (`podSelector: {}`, `policyTypes: [Ingress, Egress]`, no `ingress`/`egress` rules) to the namespace, then allow each route explicitly.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const ns of ctx.set.namespaces()) {
      const missing = (['Ingress', 'Egress'] as const).filter(d => !namespaceHasDefaultDeny(ctx.set, ns, d));
      if (missing.length === 0) continue;
      const obj = ctx.set.namespaceObject(ns) ?? ctx.set.workloadsIn(ns)[0]?.obj;
      out.push({ obj, message: `namespace ${ns} has no default-deny ${missing.join(' and ').toLowerCase()} policy.` });
    }
    return out;
  },
};
