import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ObjectNames } from '../../model/names';
import { ResolvedPeer, ServiceIntent } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { HBONE_PORT, istiodEndpoint, waypointPodLabels } from '../../profile/mesh-facts';
import { ciliumEndpoint } from '../shared/network-layer';
import * as cilium from '../shared/plain/cilium';

/** Labels of the pods of the namespace's Istio waypoint. */

const hbone: any[] = [{ ports: [{ port: String(HBONE_PORT), protocol: 'TCP' }] }];

/** Istio ambient waypoint in front of a service (see the NetworkPolicy backend). */
export function renderCiliumWaypoint(
  scope: Construct, svc: ServiceIntent, profile: ClusterProfile, nsScope: Construct | undefined,
  waypoint: string, sources: () => ResolvedPeer[],
): void {
  const ns = svc.namespace;
  const labels = waypointPodLabels(waypoint);
  const istiod = istiodEndpoint(profile.mesh);
  if (nsScope) {
    new cilium.CiliumNetworkPolicy(nsScope, 'CiliumWaypointControlPlane', {
      metadata: { name: `${waypoint}-control-plane-egress`, namespace: ns },
      spec: {
        description: 'The Istio waypoint may reach istiod (xDS, certificates).',
        endpointSelector: { matchLabels: labels },
        egress: [{ toEndpoints: [ciliumEndpoint(istiod.namespace, istiod.podLabels)], toPorts: [{ ports: istiod.ports.map(port => ({ port: String(port), protocol: 'TCP' as any })) }] }],
      },
    });
  }
  new cilium.CiliumNetworkPolicy(scope, 'CiliumWaypoint', {
    metadata: { name: ObjectNames.stable([waypoint, 'for', svc.name]), namespace: ns },
    spec: {
      description: `The Istio waypoint accepts ${svc.name}'s callers and forwards to its pods over HBONE.`,
      endpointSelector: { matchLabels: labels },
      ingress: Lazy.any({
        produce: () => {
          const eps = new Map<string, any>();
          for (const s of sources()) {
            if (!s.hbone || !s.namespace) continue;
            eps.set(s.key, s.podLabels ? ciliumEndpoint(s.namespace, s.podLabels) : { matchLabels: { 'k8s:io.kubernetes.pod.namespace': s.namespace } });
          }
          const list = [...eps.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
          return list.length > 0 ? [{ fromEndpoints: list, toPorts: hbone }] : [];
        },
      }),
      egress: [{ toEndpoints: [ciliumEndpoint(ns, svc.podLabels)], toPorts: hbone }],
    },
  });
  new cilium.CiliumNetworkPolicy(scope, 'CiliumFromWaypoint', {
    metadata: { name: ObjectNames.stable([svc.name, 'from', waypoint]), namespace: ns },
    spec: {
      description: `${svc.name} accepts its callers through the Istio waypoint.`,
      endpointSelector: { matchLabels: svc.podLabels },
      ingress: [{ fromEndpoints: [ciliumEndpoint(ns, labels)], toPorts: hbone }],
    },
  });
}
