import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ObjectNames } from '../../model/names';
import { ResolvedPeer, ServiceIntent } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { HBONE_PORT, istiodEndpoint, waypointPodLabels } from '../../profile/mesh-facts';
import { npPodsIn, npPort } from '../shared/network-layer';
import * as k8s from '../shared/plain/k8s';

/** Labels of the pods of the namespace's Istio waypoint (set by Istio on the Deployment it creates). */

/**
 * Istio ambient waypoint in front of a service: the waypoint pods accept
 * HBONE from the service's route sources and forward to the service's pods
 * on HBONE; the service's pods accept the waypoint. Once per namespace, the
 * waypoint may reach istiod (xDS and certificates).
 */
export function renderNetworkPolicyWaypoint(
  scope: Construct, svc: ServiceIntent, profile: ClusterProfile, nsScope: Construct | undefined,
  waypoint: string, sources: () => ResolvedPeer[],
): void {
  const ns = svc.namespace;
  const labels = waypointPodLabels(waypoint);
  const istiod = istiodEndpoint(profile.mesh);
  if (nsScope) {
    new k8s.KubeNetworkPolicy(nsScope, 'NpWaypointControlPlane', {
      metadata: { name: `${waypoint}-control-plane-egress`, namespace: ns },
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Egress'],
        egress: [{ to: [npPodsIn(istiod.namespace, istiod.podLabels)], ports: istiod.ports.map(p => npPort(p)) }],
      },
    });
  }
  new k8s.KubeNetworkPolicy(scope, 'NpWaypoint', {
    metadata: { name: ObjectNames.stable([waypoint, 'for', svc.name]), namespace: ns },
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: Lazy.any({
        produce: () => {
          const peers = uniquePeers(sources());
          return peers.length > 0 ? [{ from: peers, ports: [npPort(HBONE_PORT)] }] : [];
        },
      }),
      egress: [{ to: [npPodsIn(ns, svc.podLabels)], ports: [npPort(HBONE_PORT)] }],
    },
  });
  new k8s.KubeNetworkPolicy(scope, 'NpFromWaypoint', {
    metadata: { name: ObjectNames.stable([svc.name, 'from', waypoint]), namespace: ns },
    spec: {
      podSelector: { matchLabels: svc.podLabels },
      policyTypes: ['Ingress'],
      ingress: [{ from: [npPodsIn(ns, labels)], ports: [npPort(HBONE_PORT)] }],
    },
  });
}

function uniquePeers(sources: ResolvedPeer[]): k8s.NetworkPolicyPeer[] {
  const out = new Map<string, k8s.NetworkPolicyPeer>();
  for (const s of sources) {
    if (!s.hbone || !s.namespace) continue;
    const peer: k8s.NetworkPolicyPeer = s.podLabels
      ? npPodsIn(s.namespace, s.podLabels)
      : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': s.namespace } } };
    out.set(s.key, peer);
  }
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}
