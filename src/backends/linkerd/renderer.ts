import { renderLinkerdNamespace } from './namespace';
import { renderLinkerdRouteIngress } from './route';
import { renderLinkerdService } from './service';
import { DRY_RUN_NOTE_PREFIX } from '../../profile/enforcement';
import { EngineRenderer } from '../contract';

/** Linkerd `policy.linkerd.io` (identity, L7): the registry entry `LINKERD`. */
const renderer: EngineRenderer = {
  checkNamespace: ({ intent, profile, problem }) => {
    if (intent.monitoringPorts && !profile.monitoring.meshed) {
      problem(`allowMonitoring: Prometheus (${profile.monitoring.namespaceName}) is not in the mesh, so it cannot scrape the Linkerd proxy admin port under STRICT mTLS: mesh Prometheus (monitoring.meshed: true)`);
    }
    if (intent.permissiveMtls) {
      problem('mtls.permissive is not expressible with mesh LINKERD: Linkerd always uses mTLS between meshed pods; authorize unmeshed clients with an AllowRoute from a Peer instead');
    }
  },
  l7Enforcement: () => 'mesh',
  dryRunNotes: () => ({
    [`${DRY_RUN_NOTE_PREFIX}linkerd`]: 'default inbound policy and Server accessPolicy audit: requests no AuthorizationPolicy authorizes are allowed and logged/metered as authz "audit"',
  }),
  renderNamespace: ({ scope, intent, profile, mesh }) => renderLinkerdNamespace(scope, intent, profile, mesh),
  renderService: ({ scope, service, problem }) => {
    for (const m of renderLinkerdService(scope, service)) problem(m);
  },
  renderRouteIngress: ({ scope, route, profile, mesh, firstTime }) => {
    // Once a Server has HTTPRoutes, Linkerd no longer synthesizes its default routes: the first L7 route on a port adds them.
    const first = route.http.length > 0 ? route.ports.filter(p => firstTime(`l7-port:${p.targetPort}`)).map(p => p.targetPort) : [];
    renderLinkerdRouteIngress(scope, route, profile, mesh, first);
  },
};

export default renderer;
