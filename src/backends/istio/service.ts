import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ObjectNames } from '../../model/names';
import { IDEMPOTENT_METHODS, RETRY_ON_BEFORE_REQUEST } from '../../model/retry-conditions';
import { ServiceIntent } from '../../model/route-intent';
import { TrafficPolicy } from '../../model/traffic-policy';
import { ClusterProfile } from '../../profile/cluster-profile';
import { HBONE_PORT } from '../../profile/mesh-facts';
import * as net from '../shared/plain/istio-networking';
import * as sec from '../shared/plain/istio-security';
// The Gateway API kinds load with the first waypoint (Istio ambient only).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gateway = (): typeof import('../shared/plain/gateway') => require('../shared/plain/gateway');

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

const DEFAULT_RETRY_ON = ['gateway-error', 'connect-failure', 'retriable-4xx'];

/**
 * VirtualService `http` routes for a traffic policy. Retries are safe for
 * idempotent methods only (RFC 9110 section 9.2.2): a POST that timed out
 * with a 504 may have been processed. Unless the policy declares every
 * request idempotent, the first route (method regex, RE2 full match on
 * `:method`) retries GET, HEAD, OPTIONS, TRACE, PUT and DELETE on all the
 * conditions; the catch-all route after it (Istio takes the first matching
 * route) retries other methods only on conditions that fail before the
 * server saw the request, or not at all (`attempts: 0`, which istiod
 * requires to carry no other retry field: pkg/config/validation/agent/
 * validation.go `ValidateHTTPRetry`; and which is not Istio's default
 * policy, itself retrying 503s: pilot/pkg/networking/core/route/retry).
 */
export function istioHttpRoutes(t: TrafficPolicy, host: string): any[] {
  const base = (): any => {
    const r: any = { route: [{ destination: { host } }] };
    if (t.timeout) r.timeout = istioDuration(t.timeout);
    return r;
  };
  const r = t.retries;
  if (!r) return [base()];
  const retryOn = r.retryOn ?? DEFAULT_RETRY_ON;
  const retries = (on: string[]) => on.length === 0 ? { attempts: 0 } : {
    attempts: r.attempts,
    perTryTimeout: r.perTryTimeout ? istioDuration(r.perTryTimeout) : undefined,
    retryOn: on.join(','),
  };
  if (r.idempotent) return [{ ...base(), retries: retries(retryOn) }];
  const safe = retryOn.filter(c => RETRY_ON_BEFORE_REQUEST.includes(c));
  if (safe.length === retryOn.length) return [{ ...base(), retries: retries(retryOn) }];
  return [
    { name: 'idempotent', match: [{ method: { regex: IDEMPOTENT_METHODS.join('|') } }], ...base(), retries: retries(retryOn) },
    { name: 'non-idempotent', ...base(), retries: retries(safe) },
  ];
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
    new net.VirtualService(scope, 'IstioVirtualService', {
      metadata: { name: svc.name, namespace: svc.namespace },
      spec: { hosts: [host], http: istioHttpRoutes(t, host) },
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
    new (gateway().Gateway)(nsScope, 'IstioWaypoint', {
      metadata: { name: waypoint, namespace: svc.namespace, labels: { 'istio.io/waypoint-for': 'service' } },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE' }],
      },
    });
  }
  const ports = [...new Set(exposed(svc).map(p => p.targetPort))].sort((a, b) => a - b).map(String);
  new sec.AuthorizationPolicy(scope, 'IstioFromWaypoint', {
    metadata: { name: ObjectNames.stable([svc.name, 'from', waypoint]), namespace: svc.namespace },
    spec: {
      selector: { matchLabels: svc.podLabels },
      action: sec.AuthorizationPolicySpecAction.ALLOW,
      rules: [{
        from: [{ source: { principals: [profile.istioPrincipal(svc.namespace, waypoint)] } }],
        to: [{ operation: { ports } }],
      }],
    },
  });
}
