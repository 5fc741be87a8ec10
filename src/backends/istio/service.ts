import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Names } from '../../model/names';
import { ServiceIntent } from '../../model/route-intent';
import { ClusterProfile } from '../../profile/cluster-profile';
import { HBONE_PORT } from '../../profile/mesh-facts';
import * as gw from '../shared/plain/gateway';
import * as net from '../shared/plain/istio-networking';
import * as sec from '../shared/plain/istio-security';

/** An Istio duration string (`10s`, `250ms`). */
export function istioDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function exposed(svc: ServiceIntent) {
  const out = [...svc.ports];
  if (svc.metricsPort && !out.some(p => p.number === svc.metricsPort!.number)) out.push(svc.metricsPort);
  return out;
}

/**
 * DestinationRule with ISTIO_MUTUAL (plus connection pool and outlier
 * detection), and a VirtualService carrying timeouts and retries.
 */
export function renderIstioService(scope: Construct, svc: ServiceIntent, profile: ClusterProfile): void {
  const host = profile.serviceFqdn(svc.namespace, svc.name);
  const t = svc.traffic;
  const cp = t?.connectionPool;
  const od = t?.outlierDetection;
  const trafficPolicy: any = { tls: { mode: 'ISTIO_MUTUAL' } };
  if (cp) {
    const tcp: any = {};
    if (cp.maxConnections !== undefined) tcp.maxConnections = cp.maxConnections;
    if (cp.connectTimeout !== undefined) tcp.connectTimeout = istioDuration(cp.connectTimeout);
    const http: any = {};
    if (cp.maxPendingRequests !== undefined) http.http1MaxPendingRequests = cp.maxPendingRequests;
    if (cp.maxRequests !== undefined) http.http2MaxRequests = cp.maxRequests;
    if (cp.maxRequestsPerConnection !== undefined) http.maxRequestsPerConnection = cp.maxRequestsPerConnection;
    trafficPolicy.connectionPool = {
      tcp: Object.keys(tcp).length > 0 ? tcp : undefined,
      http: Object.keys(http).length > 0 ? http : undefined,
    };
  }
  if (od) {
    trafficPolicy.outlierDetection = {
      consecutive5XxErrors: od.consecutive5xxErrors ?? 5,
      interval: istioDuration(od.interval ?? Duration.seconds(10)),
      baseEjectionTime: istioDuration(od.baseEjectionTime ?? Duration.seconds(30)),
      maxEjectionPercent: od.maxEjectionPercent ?? 50,
    };
  }
  new net.DestinationRule(scope, 'IstioDestinationRule', {
    metadata: { name: svc.name, namespace: svc.namespace },
    spec: { host, trafficPolicy },
  });

  if (t && t.needsL7) {
    const route: any = { route: [{ destination: { host } }] };
    if (t.timeout) route.timeout = istioDuration(t.timeout);
    if (t.retries) {
      route.retries = {
        attempts: t.retries.attempts,
        perTryTimeout: t.retries.perTryTimeout ? istioDuration(t.retries.perTryTimeout) : undefined,
        retryOn: (t.retries.retryOn ?? ['gateway-error', 'connect-failure', 'retriable-4xx']).join(','),
      };
    }
    new net.VirtualService(scope, 'IstioVirtualService', {
      metadata: { name: svc.name, namespace: svc.namespace },
      spec: { hosts: [host], http: [route] },
    });
  }
}

/**
 * Istio ambient waypoint: once per namespace the Gateway API `Gateway` of
 * class `istio-waypoint`; per service an L4 AuthorizationPolicy that lets
 * the waypoint's identity reach the pods through ztunnel (the namespace's
 * allow-nothing policy denies it otherwise).
 */
export function renderIstioWaypoint(
  scope: Construct, svc: ServiceIntent, profile: ClusterProfile, nsScope: Construct | undefined, waypoint: string,
): void {
  if (nsScope) {
    new gw.Gateway(nsScope, 'IstioWaypoint', {
      metadata: { name: waypoint, namespace: svc.namespace, labels: { 'istio.io/waypoint-for': 'service' } },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE' }],
      },
    });
  }
  const ports = [...new Set(exposed(svc).map(p => p.targetPort))].sort((a, b) => a - b).map(String);
  new sec.AuthorizationPolicy(scope, 'IstioFromWaypoint', {
    metadata: { name: Names.stable([svc.name, 'from', waypoint]), namespace: svc.namespace },
    spec: {
      selector: { matchLabels: { ...svc.podLabels } },
      action: sec.AuthorizationPolicySpecAction.ALLOW,
      rules: [{
        from: [{ source: { principals: [profile.istioPrincipal(svc.namespace, waypoint)] } }],
        to: [{ operation: { ports } }],
      }],
    },
  });
}
