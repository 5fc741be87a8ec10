import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AppProtocol, Port } from '../../model/port';
import { ServiceIntent } from '../../model/route-intent';
import * as k8s from '../shared/plain/k8s';

/** Service `appProtocol` for a port, as the namespace's mesh reads it. */
export function appProtocol(port: Port, meshFamily: string): string | undefined {
  switch (port.protocol) {
    case AppProtocol.HTTP: return 'http';
    case AppProtocol.HTTP2: return meshFamily === 'istio' ? 'http2' : 'kubernetes.io/h2c';
    case AppProtocol.GRPC: return meshFamily === 'istio' ? 'grpc' : 'kubernetes.io/h2c';
    case AppProtocol.OPAQUE: return meshFamily === 'linkerd' ? 'linkerd.io/opaque' : 'tcp';
    case AppProtocol.TCP: return 'tcp';
    default: return undefined;
  }
}

/** Every port a service exposes: its ports plus its metrics port (once). */
export function exposedPorts(intent: ServiceIntent): Port[] {
  const out = [...intent.ports];
  if (intent.metricsPort && !out.some(p => p.number === intent.metricsPort!.number)) out.push(intent.metricsPort);
  return out;
}

/**
 * The dedicated ServiceAccount (token automount off unless justified) and
 * the Service with one port per exposed port, each with its `appProtocol`.
 * A client-only workload (no exposed port) gets no Service: a Service needs
 * at least one port (k8s.io/kubernetes pkg/apis/core/validation
 * ValidateService: "spec.ports: Required value" for ClusterIP services), and
 * Istio no longer requires pods to belong to a Service
 * (https://istio.io/latest/docs/ops/deployment/requirements/).
 */
export function renderCoreService(scope: Construct, intent: ServiceIntent): { serviceAccount: ApiObject; service?: ApiObject } {
  const serviceAccount = new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: {
      name: intent.serviceAccount,
      namespace: intent.namespace,
      labels: intent.podLabels,
      annotations: intent.tokenException ? intent.tokenException.annotations('service-account-token') : undefined,
    },
    automountServiceAccountToken: intent.tokenException !== undefined,
  });
  const ports = exposedPorts(intent);
  if (ports.length === 0) return { serviceAccount };
  const opaque = ports.filter(p => p.protocol === AppProtocol.OPAQUE).map(p => p.number);
  const service = new k8s.KubeService(scope, 'Service', {
    metadata: {
      name: intent.name,
      namespace: intent.namespace,
      labels: intent.podLabels,
      annotations: intent.meshFamily === 'linkerd' && opaque.length > 0 ? { 'config.linkerd.io/opaque-ports': opaque.join(',') } : undefined,
    },
    spec: {
      selector: intent.podLabels,
      ports: ports.map(p => ({
        name: p.name,
        port: p.number,
        targetPort: k8s.IntOrString.fromNumber(p.targetPort),
        protocol: p.transport,
        appProtocol: appProtocol(p, intent.meshFamily),
      })),
    },
  });
  return { serviceAccount, service };
}
