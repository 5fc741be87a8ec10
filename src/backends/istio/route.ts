import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { istioClusterHosts, istioDryRunAnnotations, istioOutboundMode } from './namespace';
import type { AuthorizationPolicySpec, AuthorizationPolicySpecRules } from '../../../imports/istio-security';
import { HttpMatch, PathMatchType } from '../../model/http-match';
import { ObjectNames } from '../../model/names';
import { PeerKind } from '../../model/peer';
import { AppProtocol, Port } from '../../model/port';
import { ResolvedPeer, ResolvedRoute } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { isDryRun } from '../../profile/enforcement';
import { MeshKind } from '../../profile/mesh';
import { rootOf } from '../../shared/objects';
import * as net from '../shared/plain/istio-networking';
import * as sec from '../shared/plain/istio-security';

/** The Istio `source` of a route's caller: principals for workloads, namespaces, or IP blocks. */
export function istioSource(peer: ResolvedPeer, profile: ClusterProfile): any {
  switch (peer.kind) {
    case PeerKind.MESH_SERVICE:
    case PeerKind.INGRESS_GATEWAY:
    case PeerKind.MONITORING:
      return { principals: [profile.istioPrincipal(peer.namespace!, peer.serviceAccount!)] };
    case PeerKind.NAMESPACE:
      return { namespaces: [peer.namespace!] };
    default: {
      const except = (peer.cidrs ?? []).flatMap(c => c.except ?? []);
      return { ipBlocks: (peer.cidrs ?? []).map(c => c.cidr), notIpBlocks: except.length > 0 ? except : undefined };
    }
  }
}

/**
 * AuthorizationPolicy `paths` for a match. Istio compares the path without
 * its query and reads a leading or trailing `*` as a suffix or prefix
 * wildcard (istio/istio pilot/pkg/security/authz/matcher/string.go
 * `StringMatcherWithPrefix`), i.e. it matches characters. A Gateway API
 * segment prefix `/v1` is therefore the exact path plus the `/v1/` prefix:
 * `['/v1', '/v1/*']` (a trailing `/` in the prefix is ignored); the prefix
 * `/` is `['/*']`, every path.
 */
export function istioPaths(m: HttpMatch): string[] {
  if (m.path === undefined) return [];
  if (m.pathType === PathMatchType.EXACT) return [m.path];
  const base = m.path.replace(/\/+$/, '');
  return base === '' ? ['/*'] : [base, `${base}/*`];
}

/**
 * A rule's `from` for a route's caller: one per resolved peer and profile, shared by every
 * policy that names it (issue 19; renderers never mutate their output, and synthesis copies it).
 */
function sourceOf(peer: ResolvedPeer, profile: ClusterProfile): any[] {
  let byProfile = sources.get(peer);
  if (!byProfile) { byProfile = new Map(); sources.set(peer, byProfile); }
  let from = byProfile.get(profile);
  if (!from) {
    from = [{ source: istioSource(peer, profile) }];
    byProfile.set(profile, from);
  }
  return from;
}

const sources = new WeakMap<ResolvedPeer, Map<ClusterProfile, any[]>>();

function operations(ports: string[], matches: HttpMatch[]): Array<{ operation: any; when?: any[] }> {
  if (matches.length === 0) return [{ operation: { ports } }];
  return matches.map(m => {
    const operation: any = { ports };
    if (m.methods.length > 0) operation.methods = [...m.methods];
    if (m.path !== undefined) operation.paths = istioPaths(m);
    const when = Object.entries(m.headers).map(([k, v]) => ({ key: `request.headers[${k}]`, values: [v] }));
    return { operation, when: when.length > 0 ? when : undefined };
  });
}

/**
 * ALLOW AuthorizationPolicy on the destination: the caller's identity, the
 * ports and (sidecar or waypoint) the L7 operation. In ambient mode the
 * policy binds to the pods (ztunnel, L4) or, when the service runs through
 * a waypoint, to the Service (`targetRefs`, enforced by the waypoint).
 */
export function renderIstioRouteIngress(scope: Construct, route: ResolvedRoute, profile: ClusterProfile, usesWaypoint: () => boolean): void {
  const to = route.to;
  const ports = route.ports.length === 1
    ? [String(route.ports[0].targetPort)]
    : [...new Set(route.ports.map(p => p.targetPort))].sort((a, b) => a - b).map(String);
  const from = sourceOf(route.from, profile);
  const rules = operations(ports, route.http).map(o => ({ from, to: [{ operation: o.operation }], when: o.when }));
  // Object literals rather than a spread of the binding: a spread gives every spec a hidden class of its own.
  const action = sec.AuthorizationPolicySpecAction.ALLOW;
  new sec.AuthorizationPolicy(scope, `${route.name}-IstioAuthz`, {
    metadata: {
      name: route.name,
      namespace: to.namespace,
      annotations: istioDryRunAnnotations(isDryRun(scope, to.namespace, profile.enforcement), route.annotations),
    },
    // Only a service in an Istio ambient namespace can get a waypoint, decided as routes are added
    // (the namespace's mesh, which may differ from the profile's): then the binding waits for synthesis.
    spec: to.ambient ? Lazy.any({ produce: authzSpecLater(to, action, rules, usesWaypoint) }) : authzSpec(to, action, rules, usesWaypoint()),
  });
}

/** An AuthorizationPolicy's spec: bound to the destination's waypoint (its Service) or to its pods. */
function authzSpec(
  to: ResolvedPeer, action: sec.AuthorizationPolicySpecAction, rules: AuthorizationPolicySpecRules[], waypoint: boolean,
): AuthorizationPolicySpec {
  return waypoint
    ? { targetRefs: [{ group: '', kind: 'Service', name: to.name }], action, rules }
    : { selector: { matchLabels: to.podLabels }, action, rules };
}

/** `authzSpec` at synthesis (returned by a function: no inferred name, so no `name` property per route under `keepNames`). */
function authzSpecLater(
  to: ResolvedPeer, action: sec.AuthorizationPolicySpecAction, rules: AuthorizationPolicySpecRules[], waypoint: () => boolean,
): () => AuthorizationPolicySpec {
  return () => authzSpec(to, action, rules, waypoint());
}

function serviceEntryProtocol(p: Port): string {
  switch (p.protocol) {
    case AppProtocol.HTTP: return 'HTTP';
    case AppProtocol.HTTP2: return 'HTTP2';
    case AppProtocol.GRPC: return 'GRPC';
    case AppProtocol.UDP: return 'UDP';
    default: return p.number === 443 ? 'TLS' : 'TCP';
  }
}

/**
 * Egress to an external DNS name: a ServiceEntry (MESH_EXTERNAL, visible to
 * the source namespace only), so the name is in the mesh registry when the
 * mesh's outbound policy is REGISTRY_ONLY. `exportTo` is per namespace, so with
 * sidecars the source workload also gets a workload-selected Sidecar listing the
 * cluster's Services plus the names it declared: the namespace's default Sidecar
 * lists the cluster's Services only, so the other pods of the namespace do not
 * see the name (a workload-selected Sidecar replaces the namespace one for its
 * workload, https://istio.io/latest/docs/reference/config/networking/sidecar/).
 * A wildcard name (`*.example.com`) is kept as is: Istio hosts match every name
 * ending in `.example.com`, at any depth (istio/istio pkg/config/host/name.go).
 */
export function renderIstioRouteEgress(scope: Construct, route: ResolvedRoute, profile: ClusterProfile): void {
  const to = route.to;
  if (to.kind !== PeerKind.FQDN) return;
  const fqdn = to.fqdn!;
  const ns = route.from.namespace!;
  if (profile.mesh.kind === MeshKind.ISTIO_SIDECAR && route.from.podLabels) workloadSidecar(scope, route, profile).add(fqdn);
  const root = rootOf(scope);
  let entries = serviceEntries.get(root);
  if (!entries) { entries = new Map(); serviceEntries.set(root, entries); }
  const key = `${ns}/${fqdn}`;
  let ports = entries.get(key);
  for (const p of route.ports) {
    if (ports) ports.set(p.number, p);
  }
  if (ports) return; // one ServiceEntry per name and namespace; the ports are merged
  ports = new Map(route.ports.map(p => [p.number, p]));
  entries.set(key, ports);
  const merged = ports;
  new net.ServiceEntry(scope, `${route.name}-IstioServiceEntry`, {
    metadata: { name: ObjectNames.stable([to.name]), namespace: ns },
    spec: {
      hosts: [fqdn],
      exportTo: ['.'],
      location: 'MESH_EXTERNAL' as any,
      resolution: (fqdn.includes('*') ? 'NONE' : 'DNS') as any,
      ports: Lazy.any({
        produce: () => [...merged.values()].sort((a, b) => a.number - b.number)
          .map(p => ({ number: p.number, name: `${serviceEntryProtocol(p).toLowerCase()}-${p.number}`, protocol: serviceEntryProtocol(p) })),
      }),
    },
  });
}

const serviceEntries = new WeakMap<object, Map<string, Map<number, Port>>>();
const workloadSidecars = new WeakMap<object, Set<string>>();

/** The source workload's own Sidecar (one per workload: Istio leaves several matching ones undefined); returns its DNS names. */
function workloadSidecar(scope: Construct, route: ResolvedRoute, profile: ClusterProfile): Set<string> {
  let names = workloadSidecars.get(scope);
  if (names) return names;
  names = new Set();
  workloadSidecars.set(scope, names);
  const hosts = names;
  new net.Sidecar(scope, 'IstioWorkloadSidecar', {
    metadata: { name: ObjectNames.stable([route.from.name, 'egress']), namespace: route.from.namespace! },
    spec: {
      workloadSelector: { labels: { ...route.from.podLabels } },
      egress: [{ hosts: Lazy.any({ produce: () => [istioClusterHosts(profile), ...[...hosts].sort().map(h => `./${h}`)] }) as any }],
      outboundTrafficPolicy: { mode: istioOutboundMode(isDryRun(scope, route.from.namespace, profile.enforcement)) },
    },
  });
  return names;
}
