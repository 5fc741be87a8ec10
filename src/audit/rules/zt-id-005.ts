import { arr, namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

function exists(ctx: any, kind: string, ns: string | undefined, name: string, group: string): boolean {
  return ctx.set.find(kind, group, ns, name) !== undefined;
}

/** Linkerd AuthorizationPolicy referring to objects that are not in the manifests. */
export const ZT_ID_005: RuleDefinition = {
  id: 'ZT-ID-005',
  pack: 'identity',
  severity: Severity.HIGH,
  title: 'Linkerd AuthorizationPolicy targets or requires an object that does not exist',
  explanation: 'A Linkerd AuthorizationPolicy whose `targetRef` names a Server or HTTPRoute, or whose `requiredAuthenticationRefs` name a MeshTLSAuthentication/NetworkAuthentication, that is not in the manifests authorizes nothing: the route it was written for stays denied (or, with a permissive default policy, stays open to everyone).',
  fix: 'Fix the name/kind/group in `targetRef` / `requiredAuthenticationRefs`, or add the missing object.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const ap of ctx.set.ofKind('AuthorizationPolicy', 'policy.linkerd.io')) {
      const ns = namespaceOf(ap);
      const t = ap.spec?.targetRef ?? {};
      const tKind = String(t.kind ?? '');
      if (tKind === 'Server' && !exists(ctx, 'Server', ns, String(t.name), 'policy.linkerd.io')) {
        out.push({ obj: ap, message: `targetRef Server/${t.name} is not in the manifests (namespace ${ns}).` });
      }
      if (tKind === 'HTTPRoute') {
        const group = t.group ?? 'policy.linkerd.io';
        if (!exists(ctx, 'HTTPRoute', ns, String(t.name), group)) out.push({ obj: ap, message: `targetRef HTTPRoute/${t.name} (${group}) is not in the manifests (namespace ${ns}).` });
      }
      for (const r of arr(ap.spec?.requiredAuthenticationRefs)) {
        const kind = String(r?.kind ?? '');
        if (kind !== 'MeshTLSAuthentication' && kind !== 'NetworkAuthentication') continue;
        const rns = r.namespace ?? ns;
        if (!exists(ctx, kind, rns, String(r.name), 'policy.linkerd.io')) {
          out.push({ obj: ap, message: `requiredAuthenticationRefs ${kind}/${r.name} is not in the manifests (namespace ${rns}).` });
        }
      }
    }
    return out;
  },
};
