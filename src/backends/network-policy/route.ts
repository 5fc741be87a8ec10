import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ObjectNames } from '../../model/names';
import { compareL4Keys } from '../../model/order';
import { PeerKind } from '../../model/peer';
import { ResolvedPeer, ResolvedRoute } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { isDryRun } from '../../profile/enforcement';
import { HBONE_PORT, waypointPodLabels } from '../../profile/mesh-facts';
import { hasKeys } from '../../shared/objects';
import { npPodsIn, npPort } from '../shared/network-layer';
import * as k8s from '../shared/plain/k8s';

/**
 * The NetworkPolicy peers of a route endpoint (pods, namespace or IP blocks): one list per
 * resolved peer, shared by every policy that names it (issue 19: a resolved service is the same
 * object for all its routes; renderers never mutate their output, and synthesis copies it).
 */
export function npPeers(peer: ResolvedPeer): k8s.NetworkPolicyPeer[] {
  let peers = peersOf.get(peer);
  if (!peers) {
    peers = computeNpPeers(peer);
    peersOf.set(peer, peers);
  }
  return peers;
}

const peersOf = new WeakMap<ResolvedPeer, k8s.NetworkPolicyPeer[]>();

function computeNpPeers(peer: ResolvedPeer): k8s.NetworkPolicyPeer[] {
  switch (peer.kind) {
    case PeerKind.MESH_SERVICE:
    case PeerKind.INGRESS_GATEWAY:
    case PeerKind.MONITORING:
      return [npPodsIn(peer.namespace!, peer.podLabels ?? {})];
    case PeerKind.NAMESPACE:
      return [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace! } } }];
    default:
      return (peer.cidrs ?? []).map(c => ({ ipBlock: { cidr: c.cidr, except: c.except && c.except.length > 0 ? [...c.except] : undefined } }));
  }
}

/**
 * Whether a route's traffic is carried over HBONE (Istio ambient): the
 * destination pods then see port 15008 instead of (or as well as) the
 * target port.
 */
export function carriedOverHbone(route: ResolvedRoute): boolean {
  return route.to.kind === PeerKind.MESH_SERVICE && route.from.hbone && route.to.hbone && (route.from.ambient || route.to.ambient);
}

/** One shared list per single port (most routes name one port). */
const singlePorts = new Map<string, k8s.NetworkPolicyPort[]>();

function sortedPorts(route: ResolvedRoute, hbone: boolean): k8s.NetworkPolicyPort[] {
  if (route.ports.length === 1 && !hbone) {
    const p = route.ports[0];
    const key = `${p.transport}/${p.targetPort}`;
    let list = singlePorts.get(key);
    if (!list) {
      list = [npPort(p.targetPort, p.transport)];
      singlePorts.set(key, list);
    }
    return list;
  }
  const out = new Map<string, k8s.NetworkPolicyPort>();
  for (const p of route.ports) out.set(`${p.transport}/${p.targetPort}`, npPort(p.targetPort, p.transport));
  if (hbone) out.set(`TCP/${HBONE_PORT}`, npPort(HBONE_PORT));
  return [...out.entries()].sort(([a], [b]) => compareL4Keys(a, b)).map(([, v]) => v);
}

/** Ingress on the destination service's pods from the route's source, on the route's ports. */
export function renderNetworkPolicyRouteIngress(scope: Construct, route: ResolvedRoute, profile: ClusterProfile): void {
  const to = route.to;
  if (isDryRun(scope, to.namespace, profile.enforcement)) return; // no NetworkPolicy in a dry-run namespace (see renderNetworkPolicyNamespace)
  const ingressHbone = to.ambient && route.from.hbone;
  new k8s.KubeNetworkPolicy(scope, [route.name, 'NpIngress'].join('-'), {
    metadata: {
      name: ObjectNames.stable([route.name, 'ingress']),
      namespace: to.namespace,
      // cdk8s copies the metadata's annotations: the route's are passed as they are.
      annotations: hasKeys(route.annotations) ? route.annotations : undefined,
    },
    spec: {
      podSelector: { matchLabels: to.podLabels },
      policyTypes: ['Ingress'],
      ingress: [{ from: npPeers(route.from), ports: sortedPorts(route, ingressHbone) }],
    },
  });
}

/**
 * Egress from the source service's pods to the route's destination. When the
 * destination's traffic runs through an Istio waypoint, the waypoint pods
 * are allowed on 15008 as well (decided at synthesis).
 */
export function renderNetworkPolicyRouteEgress(scope: Construct, route: ResolvedRoute, profile: ClusterProfile, destWaypoint: () => boolean): void {
  const from = route.from;
  if (isDryRun(scope, from.namespace, profile.enforcement)) return;
  const to = route.to;
  const hbone = carriedOverHbone(route);
  new k8s.KubeNetworkPolicy(scope, [route.name, 'NpEgress'].join('-'), {
    metadata: {
      name: ObjectNames.stable([route.name, 'egress']),
      namespace: from.namespace,
      annotations: hasKeys(route.annotations) ? route.annotations : undefined,
    },
    spec: {
      podSelector: { matchLabels: from.podLabels },
      policyTypes: ['Egress'],
      // Only a service in an Istio ambient namespace can get a waypoint, decided as routes are
      // added: then the rules wait for synthesis; otherwise they are final now.
      egress: to.kind === PeerKind.MESH_SERVICE && to.ambient
        ? Lazy.any({ produce: egressRulesLater(route, hbone, destWaypoint) })
        : egressRules(route, hbone, to.kind === PeerKind.MESH_SERVICE && destWaypoint()),
    },
  });
}

/** The egress rules of a route: to its destination, and to the destination's waypoint when it has one. */
function egressRules(route: ResolvedRoute, hbone: boolean, waypoint: boolean): k8s.NetworkPolicyEgressRule[] {
  const to = route.to;
  const out: k8s.NetworkPolicyEgressRule[] = [{ to: npPeers(to), ports: sortedPorts(route, hbone) }];
  if (to.kind === PeerKind.MESH_SERVICE && waypoint) {
    out.push({ to: [npPodsIn(to.namespace!, waypointPodLabels())], ports: [npPort(HBONE_PORT)] });
  }
  return out;
}

/**
 * `egressRules` at synthesis, when the destination's waypoint is known. Returned by a function:
 * no name is inferred for the closure, so the bundle's `keepNames` adds no `name` property per route.
 */
function egressRulesLater(route: ResolvedRoute, hbone: boolean, destWaypoint: () => boolean): () => k8s.NetworkPolicyEgressRule[] {
  return () => egressRules(route, hbone, destWaypoint());
}
