import { renderCiliumNamespace } from './namespace';
import { renderCiliumRouteEgress, renderCiliumRouteIngress } from './route';
import { renderCiliumWaypoint } from './service';
import { DRY_RUN_NOTE_PREFIX } from '../../profile/enforcement';
import { EngineRenderer } from '../contract';

/** Cilium `CiliumNetworkPolicy` (L3/L4, and L7 when no mesh terminates the traffic): the registry entry `CILIUM`. */
const renderer: EngineRenderer = {
  // Cilium's L7 rules run in its Envoy proxy (https://docs.cilium.io/en/stable/security/policy/language/#layer-7-examples);
  // with a mesh the mesh enforces L7 and Cilium keeps L3/L4.
  l7Enforcement: () => 'network',
  dryRunNotes: () => ({
    [`${DRY_RUN_NOTE_PREFIX}cilium`]: 'allow rules only (enableDefaultDeny false, no L7 rules, no default-deny policy): Cilium has no per-policy dry run; policy-audit-mode is agent- or endpoint-wide and not set by these manifests',
  }),
  renderNamespace: ({ scope, intent, profile, mesh }) => renderCiliumNamespace(scope, intent, profile, mesh),
  renderRouteIngress: ({ scope, route, profile }) => renderCiliumRouteIngress(scope, route, profile),
  // The waypoint reader is a function of its own (ServiceEngines: one per service, or `never`): passed as it is, not wrapped per route.
  renderRouteEgress: ctx => renderCiliumRouteEgress(ctx.scope, ctx.route, ctx.profile, ctx.destinationUsesWaypoint),
  renderWaypoint: ctx => renderCiliumWaypoint(ctx.scope, ctx.service, ctx.profile, ctx.namespaceScope, ctx.waypoint, () => ctx.routeSources()),
};

export default renderer;
