import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ciliumDryRunSpec } from './dry-run';
import { HttpMatch, PathMatchType } from '../../model/http-match';
import { ObjectNames } from '../../model/names';
import { compareL4Keys } from '../../model/order';
import { PeerKind } from '../../model/peer';
import { ResolvedPeer, ResolvedRoute } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { isDryRun } from '../../profile/enforcement';
import { HBONE_PORT, waypointPodLabels } from '../../profile/mesh-facts';
import { hasKeys } from '../../shared/objects';
import { ciliumEndpoint } from '../shared/network-layer';
import * as cilium from '../shared/plain/cilium';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Cilium `path` regex for a match. Cilium matches `path` as an RE2 regex
 * against Envoy's `:path` header (cilium/cilium pkg/envoy xds_server.go
 * `getHTTPRule`: `HeaderMatcher{Name: ":path", SafeRegexMatch}`), which must
 * match the whole value, and `:path` carries the query string. So the exact
 * path `/v1` is `/v1(\?.*)?`, and the Gateway API segment prefix `/v1` (or
 * `/v1/`) is `/v1([/?].*)?`: `/v1`, `/v1/...` or `/v1?...`, never `/v1beta`;
 * the prefix `/` is `/.*`.
 */
export function ciliumPathRegex(m: HttpMatch): string | undefined {
  if (m.path === undefined) return undefined;
  if (m.pathType === PathMatchType.EXACT) return `${escapeRegex(m.path)}(\\?.*)?`;
  const base = m.path.replace(/\/+$/, '');
  return base === '' ? '/.*' : `${escapeRegex(base)}([/?].*)?`;
}

/** Cilium HTTP rules (method and path are full-match regexes, header values exact) for L7 matches. */
export function ciliumHttpRules(matches: HttpMatch[]): any[] {
  const out: any[] = [];
  for (const m of matches) {
    const path = ciliumPathRegex(m);
    const headerMatches = Object.entries(m.headers).map(([name, value]) => ({ name, value }));
    const methods = m.methods.length > 0 ? m.methods : [undefined];
    for (const method of methods) {
      out.push({ method, path, headerMatches: headerMatches.length > 0 ? headerMatches : undefined });
    }
  }
  return out;
}

/**
 * `fromEndpoints`/`toEndpoints` selector of an in-cluster endpoint: one per resolved peer, shared
 * by every policy that names it (issue 19; renderers never mutate their output, and synthesis copies it).
 */
function endpointOf(peer: ResolvedPeer): any {
  let e = endpoints.get(peer);
  if (!e) {
    e = peer.podLabels ? ciliumEndpoint(peer.namespace!, peer.podLabels) : { matchLabels: { 'k8s:io.kubernetes.pod.namespace': peer.namespace! } };
    endpoints.set(peer, e);
  }
  return e;
}

const endpoints = new WeakMap<ResolvedPeer, any>();
/** `toPorts` of one port without L7 rules, shared (most routes). */
const singlePorts = new Map<string, any[]>();

/** The route's `toPorts`; its L7 rules only when `l7` and Cilium enforces them. */
function ports(route: ResolvedRoute, hbone: boolean, l7: boolean = true): any[] {
  const withL7 = l7 && route.networkL7 && route.http.length > 0;
  if (route.ports.length === 1 && !withL7) {
    const p = route.ports[0];
    const key = `${p.transport}/${p.targetPort}/${hbone}`;
    let shared = singlePorts.get(key);
    if (!shared) {
      shared = [{ ports: [{ port: String(p.targetPort), protocol: p.transport }] }];
      if (hbone) shared.push({ ports: [{ port: String(HBONE_PORT), protocol: 'TCP' }] });
      singlePorts.set(key, shared);
    }
    return shared;
  }
  const l4 = new Map<string, any>();
  for (const p of route.ports) l4.set(`${p.transport}/${p.targetPort}`, { port: String(p.targetPort), protocol: p.transport });
  const entries = [...l4.entries()].sort(([a], [b]) => compareL4Keys(a, b)).map(([, v]) => v);
  const out: any[] = [];
  if (withL7) {
    out.push({ ports: entries, rules: { http: ciliumHttpRules(route.http) } });
  } else {
    out.push({ ports: entries });
  }
  if (hbone) out.push({ ports: [{ port: String(HBONE_PORT), protocol: 'TCP' }] });
  return out;
}

/** The route's annotations as they are (cdk8s copies a metadata's annotations). */
function annotations(route: ResolvedRoute): { [key: string]: string } | undefined {
  return hasKeys(route.annotations) ? route.annotations : undefined;
}

/** Ingress on the destination's endpoints from the source, with L7 rules when Cilium enforces them. */
export function renderCiliumRouteIngress(scope: Construct, route: ResolvedRoute, profile: ClusterProfile): void {
  const from = route.from;
  const rule: any = { toPorts: ports(route, route.to.ambient && from.hbone) };
  switch (from.kind) {
    case PeerKind.CIDR:
      rule.fromCidrSet = (from.cidrs ?? []).map(c => ({ cidr: c.cidr, except: c.except && c.except.length > 0 ? [...c.except] : undefined }));
      break;
    default:
      rule.fromEndpoints = [endpointOf(from)];
  }
  new cilium.CiliumNetworkPolicy(scope, [route.name, 'CiliumIngress'].join('-'), {
    metadata: { name: ObjectNames.stable([route.name, 'ingress']), namespace: route.to.namespace, annotations: annotations(route) },
    spec: dryRunIf(isDryRun(scope, route.to.namespace, profile.enforcement), {
      // Joined into one flat string, as the names and ids here (kept by the object: see `ObjectNames.stable`).
      description: ['Allow ', from.name, ' to reach ', route.to.name, route.networkL7 && route.http.length > 0 ? ' (L7 rules).' : '.'].join(''),
      endpointSelector: { matchLabels: route.to.podLabels },
      ingress: [rule],
    }),
  });
}

/**
 * Egress from the source's endpoints to the destination: endpoints, CIDRs,
 * DNS names (`toFQDNs`, with the DNS-proxy rule that lets Cilium learn the
 * addresses) or the `kube-apiserver` entity.
 */
export function renderCiliumRouteEgress(scope: Construct, route: ResolvedRoute, profile: ClusterProfile, destWaypoint: () => boolean): void {
  const to = route.to;
  const hbone = to.kind === PeerKind.MESH_SERVICE && route.from.hbone && to.hbone && (route.from.ambient || to.ambient);
  new cilium.CiliumNetworkPolicy(scope, [route.name, 'CiliumEgress'].join('-'), {
    metadata: { name: ObjectNames.stable([route.name, 'egress']), namespace: route.from.namespace, annotations: annotations(route) },
    spec: dryRunIf(isDryRun(scope, route.from.namespace, profile.enforcement), {
      description: ['Allow ', route.from.name, ' to reach ', to.name, '.'].join(''),
      endpointSelector: { matchLabels: route.from.podLabels },
      // Only a service in an Istio ambient namespace can get a waypoint, decided as routes are
      // added: then the rules wait for synthesis; otherwise they are final now (no closure per route).
      egress: to.kind === PeerKind.MESH_SERVICE && to.ambient
        ? Lazy.any({ produce: egressRulesLater(route, hbone, profile, destWaypoint) })
        : egressRules(route, hbone, profile, destWaypoint),
    }),
  });
}

/**
 * The egress rules of a route: endpoints, CIDRs, DNS names (`toFQDNs`, with the DNS-proxy rule
 * that lets Cilium learn the addresses) or the `kube-apiserver` entity.
 */
function egressRules(route: ResolvedRoute, hbone: boolean, profile: ClusterProfile, destWaypoint: () => boolean): any[] {
  const to = route.to;
  const rules: any[] = [];
  switch (to.kind) {
    case PeerKind.MESH_SERVICE:
    case PeerKind.NAMESPACE:
    case PeerKind.INGRESS_GATEWAY:
    case PeerKind.MONITORING:
      rules.push({ toEndpoints: [endpointOf(to)], toPorts: ports(route, hbone, false) });
      if (to.kind === PeerKind.MESH_SERVICE && destWaypoint()) {
        rules.push({ toEndpoints: [ciliumEndpoint(to.namespace!, waypointPodLabels())], toPorts: [{ ports: [{ port: String(HBONE_PORT), protocol: 'TCP' }] }] });
      }
      break;
    case PeerKind.CIDR:
      rules.push({
        toCidrSet: (to.cidrs ?? []).map(c => ({ cidr: c.cidr, except: c.except && c.except.length > 0 ? [...c.except] : undefined })),
        toPorts: ports(route, false, false),
      });
      break;
    case PeerKind.FQDN: {
      const fqdn = to.fqdn!;
      // `*.example.com` means any name under example.com at any depth (the library's semantics,
      // Istio's too): Cilium's `*` matches within one label, its leading `**.` (Cilium 1.19+) any
      // number of labels (cilium/cilium pkg/fqdn/matchpattern/matchpattern.go).
      const selector = fqdn.startsWith('*.') ? { matchPattern: `*${fqdn}` } : { matchName: fqdn };
      rules.push({
        toEndpoints: [ciliumEndpoint(profile.dnsNamespace, profile.dnsPodLabels)],
        toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [selector] } }],
      });
      rules.push({ toFqdNs: [selector], toPorts: ports(route, false, false) });
      break;
    }
    default:
      rules.push({ toEntities: ['kube-apiserver'], toPorts: ports(route, false, false) });
  }
  return rules;
}

/**
 * `egressRules` at synthesis, when the destination's waypoint is known. Returned by a function:
 * no name is inferred for the closure, so the bundle's `keepNames` adds no `name` property per
 * route (as the NetworkPolicy and Istio renderers' producers).
 */
function egressRulesLater(route: ResolvedRoute, hbone: boolean, profile: ClusterProfile, destWaypoint: () => boolean): () => any[] {
  return () => egressRules(route, hbone, profile, destWaypoint);
}

function dryRunIf(dryRun: boolean, spec: any): any {
  return dryRun ? ciliumDryRunSpec(spec) : spec;
}
