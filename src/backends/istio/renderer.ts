import { renderIstioNamespace } from './namespace';
import { renderIstioRouteEgress, renderIstioRouteIngress } from './route';
import { renderIstioService, renderIstioWaypoint } from './service';
import { PeerKind } from '../../model/peer';
import { DRY_RUN_NOTE_PREFIX } from '../../profile/enforcement';
import { Mesh, MeshKind } from '../../profile/mesh';
import { EngineRenderer, ServiceRender } from '../contract';

/**
 * In ambient mode L7 policy and traffic rules need a waypoint
 * (https://istio.io/latest/docs/ambient/usage/waypoint/): asks for it, or
 * reports that the mesh forbids waypoints.
 */
function waypointFor(ctx: ServiceRender, why: string): void {
  if (!ctx.mesh.waypointsAllowed) {
    ctx.problem(`${why} on ${ctx.service.name} need an Istio waypoint in ambient mode, but the mesh forbids waypoints: allow them (Mesh.istioAmbient({ waypoints: true })), or drop the L7 part (acceptL4Only on the route)`);
    return;
  }
  ctx.useWaypoint();
}

function ambient(mesh: Mesh): boolean {
  return mesh.kind === MeshKind.ISTIO_AMBIENT;
}

/** Istio, sidecar or ambient (`security.istio.io`, `networking.istio.io`, Gateway API waypoints): the registry entry `ISTIO`. */
const renderer: EngineRenderer = {
  rendersTrafficPolicy: true, // DestinationRule and VirtualService (renderIstioService)
  checkNamespace: ({ intent, profile, mesh, problem }) => {
    const appMetrics = intent.monitoringPorts ?? [];
    if (appMetrics.length > 0 && !profile.monitoring.meshed) {
      problem(`allowMonitoring: Prometheus (${profile.monitoring.namespaceName}) is not in the mesh, so it cannot scrape application ports under STRICT mTLS: mesh Prometheus (monitoring.meshed: true), or rely on Istio metrics merging (port 15020) and drop allowMonitoring.ports`);
    }
    for (const pe of intent.portMtlsExceptions) {
      if (ambient(mesh)) problem(`mtls.portExceptions: port ${pe.port}: port-level mTLS exceptions are not supported in Istio ambient mode (ztunnel applies one mode per workload)`);
      if (Object.keys(pe.podLabels).length === 0) problem(`mtls.portExceptions: port ${pe.port}: podLabels is empty; Istio requires a workload selector for portLevelMtls`);
    }
    if (intent.dryRun && ambient(mesh)) {
      problem('enforcement DRY_RUN is not supported with mesh ISTIO_AMBIENT: without istiod\'s experimental AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY=true, istiod does not send istio.io/dry-run AuthorizationPolicies to ztunnel (istio/istio pilot/pkg/serviceregistry/ambient/authorization.go), so nothing is observed; with it, a ztunnel older than 1.29 enforces them: roll out with Enforcement.ENFORCE per namespace after checking the reachability report, or use sidecars for the dry run');
    }
  },
  checkRoute: ctx => {
    if (ctx.side !== 'ingress') return;
    const { route, mesh } = ctx;
    if (route.http.length > 0 && ambient(mesh) && !mesh.waypointsAllowed) {
      if (ctx.l4OnlyAccepted) ctx.dropL7();
      else ctx.problem(`http conditions into ${route.to.name} need an Istio waypoint in ambient mode, but the mesh forbids waypoints: allow them (Mesh.istioAmbient({ waypoints: true })), or accept L4-only enforcement (acceptL4Only: Exception.of(...)) and drop the guarantee`);
    }
    // Under STRICT PeerAuthentication a plaintext client is rejected (https://istio.io/latest/docs/reference/config/security/peer_authentication/).
    if (route.from.kind === PeerKind.CIDR && !ctx.namespace.permissiveMtls) {
      ctx.problem(`${ctx.describeSource} has no mesh identity, so under STRICT mTLS it cannot reach ${route.to.name}: route it through the ingress gateway (Peer.ingressGateway()), or make the namespace PERMISSIVE with a justified exception`);
    }
  },
  l7Enforcement: () => 'mesh',
  dryRunNotes: ({ mesh }): { [key: string]: string } => mesh.kind === MeshKind.ISTIO_SIDECAR ? {
    [`${DRY_RUN_NOTE_PREFIX}istio`]: 'AuthorizationPolicies carry istio.io/dry-run: shadow rules, not enforced; Sidecar egress ALLOW_ANY (unregistered hosts go to PassthroughCluster); PeerAuthentication stays STRICT',
  } : {},
  renderNamespace: ({ scope, intent, profile, mesh }) => renderIstioNamespace(scope, intent, profile, mesh),
  renderService: ctx => {
    if (!ctx.serviceObject) return; // a client-only workload: no Service to route to
    renderIstioService(ctx.scope, ctx.service, ctx.profile);
    if (ctx.service.traffic?.needsL7 && ambient(ctx.mesh)) waypointFor(ctx, 'traffic (timeouts and retries)');
  },
  planRouteIngress: ctx => {
    if (ctx.route.http.length > 0 && ambient(ctx.mesh)) waypointFor(ctx, 'L7 rules (http)');
  },
  renderRouteIngress: ctx => renderIstioRouteIngress(ctx.scope, ctx.route, ctx.profile, () => ctx.destinationUsesWaypoint()),
  renderRouteEgress: ({ scope, route, profile }) => renderIstioRouteEgress(scope, route, profile),
  renderWaypoint: ({ scope, service, serviceObject, profile, namespaceScope, waypoint }) => {
    // Services opt into the namespace's waypoint with this label (https://istio.io/latest/docs/ambient/usage/waypoint/#configure-a-service-to-use-a-specific-waypoint).
    serviceObject?.metadata.addLabel('istio.io/use-waypoint', waypoint);
    renderIstioWaypoint(scope, service, profile, namespaceScope, waypoint);
  },
};

export default renderer;
