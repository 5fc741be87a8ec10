import { arr, namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { isLinkerd, parseLinkerdIdentity } from '../internal/trust-domain';
import { Severity } from '../severity';

/** Linkerd MeshTLSAuthentication identities matching no ServiceAccount. */
export const ZT_ID_006: RuleDefinition = {
  id: 'ZT-ID-006',
  pack: 'identity',
  severity: Severity.MEDIUM,
  title: 'MeshTLSAuthentication identity matches no ServiceAccount',
  explanation: 'Linkerd identities are `<service-account>.<namespace>.serviceaccount.identity.linkerd.<trust-domain>`. An identity (or `identityRefs` ServiceAccount) that names a service account not present in the manifests (neither a ServiceAccount object nor the `serviceAccountName` of a workload) authenticates nobody, usually because of a typo or a workload running as another account. Only identities in namespaces present in the manifest set (a Namespace object or any namespaced object) are judged: infrastructure deployed elsewhere (Prometheus, an ingress gateway, linkerd-viz) cannot be checked from these manifests.',
  fix: 'Correct the identity, or create the ServiceAccount and run the client workload as it.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const m of ctx.set.objects.filter((o: any) => isLinkerd(o, 'MeshTLSAuthentication'))) {
      const missing: string[] = [];
      for (const id of arr(m.spec?.identities).map(String)) {
        const p = parseLinkerdIdentity(id);
        if (!p || p.sa.includes('*') || p.ns.includes('*') || !ctx.set.namespacePresent(p.ns)) continue;
        if (!ctx.set.serviceAccountsIn(p.ns).has(p.sa)) missing.push(`"${id}" (ServiceAccount ${p.ns}/${p.sa})`);
      }
      for (const r of arr(m.spec?.identityRefs)) {
        if (r?.kind !== 'ServiceAccount' || !r.name || String(r.name).includes('*')) continue;
        const ns = r.namespace ?? namespaceOf(m)!;
        if (!ctx.set.namespacePresent(ns)) continue;
        if (!ctx.set.serviceAccountsIn(ns).has(String(r.name))) missing.push(`identityRef ServiceAccount ${ns}/${r.name}`);
      }
      if (missing.length > 0) out.push({ obj: m, message: `${missing.join(', ')} match(es) no ServiceAccount in the manifests.` });
    }
    return out;
  },
};
