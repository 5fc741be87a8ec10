import { effectiveMtls, ISTIO_ROOT_NAMESPACE } from '../internal/istio-mtls';
import { arr, namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { matchLabelsMatch } from '../internal/selectors';
import { Severity } from '../severity';

function usesIdentity(ap: any): boolean {
  return arr(ap.spec?.rules).some((r: any) => arr(r?.from).some((f: any) => {
    const s = f?.source ?? {};
    return ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].some(k => arr(s[k]).length > 0);
  }));
}

/** AuthorizationPolicy relying on peer identity for a workload without STRICT mTLS. */
export const ZT_MTLS_004: RuleDefinition = {
  id: 'ZT-MTLS-004',
  pack: 'mtls',
  severity: Severity.HIGH,
  title: 'AuthorizationPolicy matches on peer identity but mTLS is not STRICT',
  explanation: '`source.principals` and `source.namespaces` come from the client certificate. For a workload whose effective mTLS mode is not STRICT (PERMISSIVE is the Istio default when no PeerAuthentication applies), plaintext requests carry no identity: a DENY rule on principals/namespaces does not stop them, and the policy gives a false sense of protection.',
  fix: 'Add a STRICT PeerAuthentication for the namespace (or the workload) the policy protects.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const ap of ctx.set.ofKind('AuthorizationPolicy', 'security.istio.io')) {
      if (!usesIdentity(ap)) continue;
      const ns = namespaceOf(ap);
      const targets = (ns === ISTIO_ROOT_NAMESPACE ? ctx.set.workloads : ctx.set.workloadsIn(ns ?? 'default')).filter(w => matchLabelsMatch(ap.spec?.selector, w.labels));
      const weak = targets.map(w => ({ w, m: effectiveMtls(ctx.set, w) })).filter(x => x.m.mode !== 'STRICT');
      if (targets.length === 0) {
        // No workload in the set: judge by namespace-level policy only.
        const nsStrict = ctx.set.ofKind('PeerAuthentication').some(o => !o.spec?.selector
          && (namespaceOf(o) === ns || namespaceOf(o) === ISTIO_ROOT_NAMESPACE) && o.spec?.mtls?.mode === 'STRICT');
        if (!nsStrict) out.push({ obj: ap, message: `matches on principals/namespaces, but no STRICT PeerAuthentication covers namespace ${ns} (Istio defaults to PERMISSIVE).` });
        continue;
      }
      if (weak.length > 0) {
        const list = weak.map(x => `${x.w.kind}/${x.w.name} (${x.m.mode} from ${x.m.source})`).join(', ');
        out.push({ obj: ap, message: `matches on principals/namespaces, but mTLS is not STRICT for ${list}.` });
      }
    }
    return out;
  },
};
