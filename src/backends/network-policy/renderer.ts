import { renderNetworkPolicyNamespace } from './namespace';
import { renderNetworkPolicyRouteEgress, renderNetworkPolicyRouteIngress } from './route';
import { renderNetworkPolicyWaypoint } from './service';
import { PeerKind } from '../../model/peer';
import { DRY_RUN_NOTE_PREFIX } from '../../profile/enforcement';
import { EngineRenderer } from '../contract';

/** Kubernetes `networking.k8s.io/v1` NetworkPolicy (L3/L4): the registry entry `NETWORK_POLICY`. */
const renderer: EngineRenderer = {
  checkNamespace: ({ intent, profile, problem }) => {
    if (intent.kubeApiServer && profile.apiServerCidrs.length === 0) {
      problem('allowKubeApiServer needs the API server endpoints for Kubernetes NetworkPolicy, which cannot name the API server: set apiServer.cidrs in the ClusterProfile (kubectl get endpoints kubernetes -n default)');
    }
  },
  checkRoute: ({ side, route, profile, describeDestination, problem }) => {
    if (side !== 'egress') return;
    const to = route.to;
    // NetworkPolicy peers are pods, namespaces and IP blocks only
    // (https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource).
    if (to.kind === PeerKind.FQDN && (to.cidrs ?? []).length === 0) {
      problem(`egress to ${describeDestination}: Kubernetes NetworkPolicy cannot match DNS names, and the profile renders NetworkPolicy: give the addresses (Peer.fqdn('${to.fqdn}', { cidrs: [...] })), or render Cilium only (toFQDNs)`);
    }
    if (to.kind === PeerKind.KUBE_API_SERVER && profile.apiServerCidrs.length === 0) {
      problem('egress to the API server with Kubernetes NetworkPolicy needs its addresses: set apiServer.cidrs in the ClusterProfile (kubectl get endpoints kubernetes -n default)');
    }
  },
  dryRunNotes: () => ({
    [`${DRY_RUN_NOTE_PREFIX}kubernetes-network-policy`]: 'withheld: Kubernetes NetworkPolicy has no dry run and every policy isolates the pods it selects, so no NetworkPolicy is rendered in this namespace until ENFORCE; it observes nothing',
  }),
  renderNamespace: ({ scope, intent, profile, mesh }) => renderNetworkPolicyNamespace(scope, intent, profile, mesh),
  renderRouteIngress: ({ scope, route, profile }) => renderNetworkPolicyRouteIngress(scope, route, profile),
  renderRouteEgress: ctx => renderNetworkPolicyRouteEgress(ctx.scope, ctx.route, ctx.profile, () => ctx.destinationUsesWaypoint()),
  renderWaypoint: ctx => renderNetworkPolicyWaypoint(ctx.scope, ctx.service, ctx.profile, ctx.namespaceScope, ctx.waypoint, () => ctx.routeSources()),
};

export default renderer;
