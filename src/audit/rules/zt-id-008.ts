import { isAllowPolicy, ruleHasNoSource, ruleMatchesEverything } from '../internal/istio-authz';
import { ISTIO_ROOT_NAMESPACE, isPeerAuthentication } from '../internal/istio-mtls';
import { arr, namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { isIstioAuthz } from '../internal/trust-domain';
import { Severity } from '../severity';

/** The namespace-wide mTLS mode (namespace PeerAuthentication, else mesh-wide, else Istio's PERMISSIVE default). */
function namespaceMode(objects: any[], ns: string | undefined): string {
  const pas = objects.filter(isPeerAuthentication).filter(p => !p.spec?.selector && p.spec?.mtls?.mode && p.spec.mtls.mode !== 'UNSET');
  const own = pas.find(p => namespaceOf(p) === ns);
  const mesh = pas.find(p => namespaceOf(p) === ISTIO_ROOT_NAMESPACE);
  return String((own ?? mesh)?.spec?.mtls?.mode ?? 'PERMISSIVE');
}

/** Istio ALLOW rules that restrict operations but name no source. */
export const ZT_ID_008: RuleDefinition = {
  id: 'ZT-ID-008',
  pack: 'identity',
  severity: Severity.MEDIUM,
  title: 'Istio ALLOW rule without a source',
  explanation: 'An AuthorizationPolicy ALLOW rule with `to` or `when` but no `from` (or only empty sources) admits any client for those operations. With STRICT mTLS that is every workload holding a mesh certificate, in every namespace, so the identity the mesh verifies is never used; without STRICT mTLS it includes plaintext clients with no identity at all. Rules that match every request (`{}`) are reported by ZT-ID-007.',
  fix: 'Add `from: [{source: {principals: ["<trust-domain>/ns/<namespace>/sa/<client>"]}}]` (or `namespaces`) naming the clients of the route. For a deliberate public entry point, record `zero-trust.cdk8s.io/exception.allow-all` (+ `.expires`) on the policy.',
  exceptionTopic: 'allow-all',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const ap of ctx.set.objects.filter(isIstioAuthz)) {
      if (!isAllowPolicy(ap)) continue;
      const idx = arr(ap.spec?.rules)
        .map((r: any, i: number) => (ruleHasNoSource(r) && !ruleMatchesEverything(r) ? i : -1))
        .filter((i: number) => i >= 0);
      if (idx.length === 0) continue;
      const mode = namespaceMode(ctx.set.objects, namespaceOf(ap));
      const who = mode === 'STRICT'
        ? 'any workload with a mesh identity (mTLS is STRICT, but no identity is required)'
        : `any client, plaintext ones included (mTLS mode ${mode})`;
      out.push({ obj: ap, message: `rules[${idx.join('], rules[')}] name${idx.length === 1 ? 's' : ''} no source: ${who}.` });
    }
    return out;
  },
};
