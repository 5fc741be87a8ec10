import { Construct } from 'constructs';
import { linkerdServerName, renderLinkerdL7Defaults } from './service';
import { HttpMatch, PathMatchType } from '../../model/http-match';
import { ObjectNames } from '../../model/names';
import { PeerKind } from '../../model/peer';
import { ResolvedRoute } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { Mesh } from '../../profile/mesh';
import { hasKeys } from '../../shared/objects';
import * as l5d from '../shared/plain/linkerd';

/** Linkerd HTTPRoute matches (one per method: a match takes a single method). */
export function linkerdMatches(matches: HttpMatch[]): any[] {
  const out: any[] = [];
  for (const m of matches) {
    const path = m.path === undefined ? undefined : { type: m.pathType === PathMatchType.EXACT ? 'Exact' : 'PathPrefix', value: m.path };
    const headers = Object.entries(m.headers).map(([name, value]) => ({ type: 'Exact', name, value }));
    for (const method of m.methods.length > 0 ? m.methods : [undefined]) {
      out.push({ path, method, headers: headers.length > 0 ? headers : undefined });
    }
  }
  return out;
}

/**
 * Linkerd authorization of a route on the destination: who (a
 * MeshTLSAuthentication of the caller's mesh identity, or a
 * NetworkAuthentication for an IP block) may use which Server (L4), or
 * which HTTPRoute on it (L7).
 */
export function renderLinkerdRouteIngress(
  scope: Construct, route: ResolvedRoute, profile: ClusterProfile, _mesh: Mesh, firstL7Ports: number[],
): void {
  const svc = route.to.service!;
  const from = route.from;
  const ns = svc.namespace;
  const annotations = hasKeys(route.annotations) ? route.annotations : undefined; // cdk8s copies a metadata's annotations
  let authnRef: any;
  if (from.kind === PeerKind.CIDR) {
    new l5d.NetworkAuthentication(scope, `${route.name}-LinkerdAuthn`, {
      metadata: { name: route.name, namespace: ns, annotations },
      spec: { networks: (from.cidrs ?? []).map(c => ({ cidr: c.cidr, except: c.except && c.except.length > 0 ? [...c.except] : undefined })) },
    });
    authnRef = { group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: route.name };
  } else {
    const identity = from.kind === PeerKind.NAMESPACE
      ? profile.linkerdIdentity(from.namespace!, '*')
      : profile.linkerdIdentity(from.namespace!, from.serviceAccount!);
    new l5d.MeshTlsAuthentication(scope, `${route.name}-LinkerdAuthn`, {
      metadata: { name: route.name, namespace: ns, annotations },
      spec: { identities: [identity] },
    });
    authnRef = { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: route.name };
  }

  for (const port of route.ports) {
    const serverName = linkerdServerName(svc, port);
    const name = ObjectNames.stable([route.name, port.name]);
    let targetRef: any = { group: 'policy.linkerd.io', kind: 'Server', name: serverName };
    if (route.http.length > 0) {
      if (firstL7Ports.includes(port.targetPort)) renderLinkerdL7Defaults(scope, svc, port, profile);
      new l5d.HttpRoute(scope, `${route.name}-LinkerdRoute-${port.name}`, {
        metadata: { name, namespace: ns, annotations },
        spec: {
          parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: serverName }],
          rules: [{ matches: linkerdMatches(route.http) }],
        } as any,
      });
      targetRef = { group: 'policy.linkerd.io', kind: 'HTTPRoute', name };
    }
    new l5d.AuthorizationPolicy(scope, `${route.name}-LinkerdAuthz-${port.name}`, {
      metadata: { name, namespace: ns, annotations },
      spec: { targetRef, requiredAuthenticationRefs: [authnRef] },
    });
  }
}
