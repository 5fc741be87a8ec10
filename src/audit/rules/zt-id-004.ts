import { RawFinding, RuleDefinition } from '../internal/rule';
import { isIstioAuthz, istioPrincipals } from '../internal/trust-domain';
import { Severity } from '../severity';

/** Istio principals hard-coding `cluster.local`. */
export const ZT_ID_004: RuleDefinition = {
  id: 'ZT-ID-004',
  pack: 'identity',
  severity: Severity.HIGH,
  title: 'Istio principal uses cluster.local in a cluster with another trust domain',
  explanation: 'Istio principals are `<trust-domain>/ns/<namespace>/sa/<service-account>`. When the mesh runs with a trust domain other than `cluster.local` (learned from the `trustDomain` option, other principals, Linkerd identities or a ClusterSPIFFEID template), a principal written with `cluster.local/` matches no peer: an ALLOW rule silently denies and a DENY rule silently lets traffic through.',
  fix: 'Write principals with the cluster\'s trust domain (e.g. `prod.example.com/ns/payments/sa/checkout-service`), or use `source.namespaces` where a namespace is enough.',
  check(ctx) {
    const out: RawFinding[] = [];
    const td = ctx.trustDomainOption ?? ctx.learnedTrustDomains.find(t => t !== 'cluster.local');
    if (!td || td === 'cluster.local') return out;
    for (const ap of ctx.set.objects.filter(isIstioAuthz)) {
      const bad = istioPrincipals(ap).filter(p => p.startsWith('cluster.local/'));
      if (bad.length === 0) continue;
      out.push({ obj: ap, message: `principal(s) ${bad.map(p => `"${p}"`).join(', ')} use trust domain cluster.local, but the cluster's trust domain is ${td}: they match no workload.`, fix: `Use ${bad.map(p => `"${td}/${p.slice('cluster.local/'.length)}"`).join(', ')}.` });
    }
    return out;
  },
};
