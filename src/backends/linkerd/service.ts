import { Construct } from 'constructs';
import { linkerdAccessPolicy, linkerdProxyProtocol } from './protocol';
import { ObjectNames } from '../../model/names';
import { Port } from '../../model/port';
import { ServiceIntent } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { isDryRun } from '../../profile/enforcement';
import * as l5d from '../shared/plain/linkerd';

/** Name of the Linkerd `Server` of one port of a service. */
export function linkerdServerName(svc: ServiceIntent, port: Port): string {
  return ObjectNames.stable([svc.name, port.name]);
}

/** Whether the namespace baseline already has a namespace-wide Server on a port (monitoring or ingress gateway). */
export function namespaceServerFor(svc: ServiceIntent, port: Port): string | undefined {
  if ((svc.namespaceIngressGatewayPorts ?? []).some(p => p.targetPort === port.targetPort)) return `ingress-${port.targetPort} (allowIngressGateway)`;
  if ((svc.namespaceMonitoringPorts ?? []).some(p => p.targetPort === port.targetPort)) return `metrics-${port.targetPort} (allowMonitoring)`;
  return undefined;
}

/**
 * One Linkerd `Server` per exposed port, selecting exactly the service's
 * pods, with the port's `proxyProtocol`. Returns problems: a port that a
 * namespace-wide Server of the baseline already covers (Linkerd does not
 * allow two Servers on the same pod and port).
 */
export function renderLinkerdService(scope: Construct, svc: ServiceIntent): string[] {
  const problems: string[] = [];
  for (const port of svc.ports) {
    const ns = namespaceServerFor(svc, port);
    if (ns) {
      problems.push(`port ${port.targetPort} of ${svc.name} is also covered by the namespace-wide Linkerd Server ${ns}: Linkerd cannot have two Servers on the same pod and port; remove the port from the namespace option and allow it per service (AllowRoute from Peer.ingressGateway() / Peer.monitoring())`);
      continue;
    }
    server(scope, svc, port);
  }
  const mp = svc.metricsPort;
  if (mp && !svc.ports.some(p => p.number === mp.number) && !namespaceServerFor(svc, mp)) server(scope, svc, mp);
  return problems;
}

function server(scope: Construct, svc: ServiceIntent, port: Port): void {
  new l5d.Server(scope, `LinkerdServer-${port.name}`, {
    metadata: { name: linkerdServerName(svc, port), namespace: svc.namespace },
    spec: {
      accessPolicy: linkerdAccessPolicy(isDryRun(scope, svc.namespace)),
      podSelector: { matchLabels: svc.podLabels },
      port: l5d.ServerSpecPort.fromNumber(port.targetPort),
      proxyProtocol: linkerdProxyProtocol(port) as any,
    },
  });
}

/** The kubelet's gRPC health call (kubernetes/kubernetes pkg/probe/grpc/grpc.go: `grpc_health_v1.HealthClient.Check`). */
export const GRPC_HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';

/**
 * HTTPRoute matches for the kubelet's probes on a port: `GET` + `Exact`
 * path for each HTTP probe, and `POST` + `Exact`
 * `/grpc.health.v1.Health/Check` for gRPC probes (gRPC calls are HTTP/2
 * POSTs to `/<service>/<method>`: grpc/grpc doc/PROTOCOL-HTTP2.md).
 */
export function linkerdProbeMatches(svc: ServiceIntent, port: Port): any[] {
  const paths = [...new Set(svc.probes.filter(p => p.port === port.targetPort).map(p => p.path))].sort();
  const out: any[] = paths.map(path => ({ path: { type: 'Exact', value: path }, method: 'GET' }));
  if (svc.grpcProbes.some(p => p.port === port.targetPort)) out.push({ path: { type: 'Exact', value: GRPC_HEALTH_CHECK_PATH }, method: 'POST' });
  return out;
}

/**
 * Once a Server has HTTPRoutes, Linkerd stops synthesizing its default
 * routes: requests that match no route get 404, and the kubelet's probes
 * are no longer authorized implicitly. For the first L7 route on a port:
 * a catch-all route (authorized by the Server-level policies of L4 routes
 * only) and a probe route authorized from the profile's
 * `kubeletProbeCidrs` only (the kubelet has no mesh identity), like
 * Linkerd's default probe authorization (linkerd/linkerd2
 * policy-controller/k8s/index/src/inbound/index.rs
 * `default_inbound_http_routes`: GET + `Exact` path per HTTP probe,
 * networks `probeNetworks`). Unlike Linkerd's default, gRPC probes are
 * authorized too (linkerd/linkerd2 issue 9595).
 */
export function renderLinkerdL7Defaults(scope: Construct, svc: ServiceIntent, port: Port, profile: ClusterProfile): void {
  const serverName = linkerdServerName(svc, port);
  const parentRefs = [{ group: 'policy.linkerd.io', kind: 'Server', name: serverName }];
  new l5d.HttpRoute(scope, `LinkerdDefaultRoute-${port.name}`, {
    metadata: { name: ObjectNames.stable([serverName, 'default']), namespace: svc.namespace },
    spec: { parentRefs, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }] } as any,
  });
  const matches = linkerdProbeMatches(svc, port);
  if (matches.length === 0) return;
  const probeRoute = ObjectNames.stable([serverName, 'probes']);
  new l5d.HttpRoute(scope, `LinkerdProbeRoute-${port.name}`, {
    metadata: { name: probeRoute, namespace: svc.namespace },
    spec: { parentRefs, rules: [{ matches }] } as any,
  });
  const authn = ObjectNames.stable([svc.name, 'kubelet-probes']);
  if (!scope.node.tryFindChild('LinkerdProbeAuthn')) {
    new l5d.NetworkAuthentication(scope, 'LinkerdProbeAuthn', {
      metadata: { name: authn, namespace: svc.namespace },
      spec: { networks: profile.kubeletProbeCidrs.map(cidr => ({ cidr })) },
    });
  }
  new l5d.AuthorizationPolicy(scope, `LinkerdProbeAuthz-${port.name}`, {
    metadata: { name: probeRoute, namespace: svc.namespace },
    spec: {
      targetRef: { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: probeRoute },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: authn }],
    },
  });
}
