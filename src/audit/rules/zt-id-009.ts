import { allContainers, arr, ManifestSet, namespaceOf, nameOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { selectorMatches } from '../internal/selectors';
import { isLinkerd } from '../internal/trust-domain';
import { Severity } from '../severity';

const ANY_NETWORK = ['0.0.0.0/0', '::/0'];

function find(set: ManifestSet, kind: string, ns: string | undefined, name: string, group = 'policy.linkerd.io'): any | undefined {
  return set.find(kind, group, ns, name);
}

/** HTTP GET paths of the kubelet probes (liveness, readiness, startup) of the pods a Server selects. */
function probePaths(set: ManifestSet, server: any): Set<string> {
  const out = new Set<string>();
  for (const w of set.workloadsIn(namespaceOf(server) ?? 'default')) {
    if (!selectorMatches(server.spec?.podSelector ?? {}, w.labels)) continue;
    for (const c of allContainers(w.podSpec)) {
      for (const p of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
        if (typeof p?.httpGet?.path === 'string') out.add(p.httpGet.path);
      }
    }
  }
  return out;
}

/**
 * A probe route: an HTTPRoute whose only matches are `GET` on the HTTP probe paths of the
 * pods its parent Servers select (the library renders these as `<server>-probes` for the
 * kubelet, which has no mesh identity: src/backends/linkerd/service.ts).
 */
function isProbeRoute(set: ManifestSet, route: any): boolean {
  const ns = namespaceOf(route);
  const servers = arr(route.spec?.parentRefs).filter((p: any) => p?.kind === 'Server')
    .map((p: any) => find(set, 'Server', p.namespace ?? ns, String(p.name))).filter((s: any) => s !== undefined);
  if (servers.length === 0) return false;
  const paths = new Set<string>();
  for (const s of servers) for (const p of probePaths(set, s)) paths.add(p);
  const matches = arr(route.spec?.rules).flatMap((r: any) => arr(r?.matches));
  return matches.length > 0 && arr(route.spec?.rules).every((r: any) => arr(r?.matches).length > 0)
    && matches.every((m: any) => m?.method === 'GET' && typeof m?.path?.value === 'string'
      && (m.path.type === undefined || m.path.type === 'Exact' || m.path.type === 'PathPrefix') && paths.has(m.path.value));
}

/** Why an AuthorizationPolicy admits unauthenticated clients, or undefined. */
function unauthenticatedBy(set: ManifestSet, ap: any): string | undefined {
  const refs = arr(ap.spec?.requiredAuthenticationRefs);
  if (refs.length === 0) return 'it requires no authentication (requiredAuthenticationRefs is empty)';
  // ALL listed authentications must be satisfied (CRD description): one identity requirement is enough.
  if (refs.some((r: any) => r?.kind !== 'NetworkAuthentication')) return undefined;
  const ns = namespaceOf(ap);
  for (const r of refs) {
    const na = find(set, 'NetworkAuthentication', r.namespace ?? ns, String(r.name));
    const open = arr(na?.spec?.networks).map((n: any) => String(n?.cidr)).filter((c: string) => ANY_NETWORK.includes(c));
    if (open.length > 0) return `its only authentication is NetworkAuthentication ${nameOf(na)} (${open.join(', ')}): any client on any network, without an identity`;
  }
  return undefined;
}

/** Linkerd authorizations that admit unauthenticated clients outside probe routes. */
export const ZT_ID_009: RuleDefinition = {
  id: 'ZT-ID-009',
  pack: 'identity',
  severity: Severity.HIGH,
  title: 'Linkerd authorization admits unauthenticated clients',
  explanation: 'A Linkerd `ServerAuthorization` with `client.unauthenticated: true` ("Authorizes unauthenticated clients to access a server"), or an `AuthorizationPolicy` whose only required authentication is a `NetworkAuthentication` of `0.0.0.0/0` or `::/0` (or that requires none), lets any client reach the server without a mesh identity, plaintext included. The one expected case is the kubelet\'s probes, which carry no identity: an AuthorizationPolicy that targets a probe route is not reported. A probe route is an HTTPRoute whose only matches are `GET` on the HTTP probe paths (liveness, readiness, startup `httpGet.path`) of the pods its parent Server selects, like the `<server>-probes` routes this library renders.',
  fix: 'Require a MeshTLSAuthentication (identities or ServiceAccounts) in `requiredAuthenticationRefs`, or use `client.meshTLS` in a ServerAuthorization. Authorize the kubelet only on a probe route. For a deliberate public entry point, record `zero-trust.cdk8s.io/exception.allow-all` (+ `.expires`) on the object.',
  exceptionTopic: 'allow-all',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const sa of ctx.set.objects.filter(o => isLinkerd(o, 'ServerAuthorization'))) {
      if (sa.spec?.client?.unauthenticated !== true) continue;
      const nets = arr(sa.spec.client.networks).map((n: any) => String(n?.cidr));
      out.push({ obj: sa, message: `client.unauthenticated: true admits clients without a mesh identity${nets.length > 0 ? ` from ${nets.join(', ')}` : ' from any network'}.` });
    }
    for (const ap of ctx.set.objects.filter(o => isLinkerd(o, 'AuthorizationPolicy'))) {
      const why = unauthenticatedBy(ctx.set, ap);
      if (!why) continue;
      const t = ap.spec?.targetRef ?? {};
      if (t.kind === 'HTTPRoute') {
        const route = find(ctx.set, 'HTTPRoute', namespaceOf(ap), String(t.name), t.group ?? 'policy.linkerd.io');
        if (route && isProbeRoute(ctx.set, route)) continue;
      }
      out.push({ obj: ap, message: `admits unauthenticated clients to ${t.kind ?? '?'}/${t.name ?? '?'}: ${why}.` });
    }
    return out;
  },
};
