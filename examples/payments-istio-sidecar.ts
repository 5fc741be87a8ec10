import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AllowRouteOptions } from '../src/constructs/allow-route';
import { MeshService } from '../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../src/constructs/zero-trust-namespace';
import { Exception } from '../src/model/exception';
import { HttpMatch, HttpMethod } from '../src/model/http-match';
import { Port } from '../src/model/port';
import { TrafficPolicy } from '../src/model/traffic-policy';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Enforcement } from '../src/profile/enforcement';
import { Mesh } from '../src/profile/mesh';

export const description = 'Payments on Istio sidecars: checkout-service → payment-processor, POST /v1/payments on 8080, with probes and metrics';

/** Options of the shared payments scenario. */
export interface PaymentsOptions {
  /** Extra route options (e.g. acceptL4Only where L7 or identity cannot be enforced). */
  readonly route?: AllowRouteOptions;
  /** Istio traffic policy on payment-processor. */
  readonly traffic?: TrafficPolicy;
  /** Enforcement of the payments namespace (the profile's by default). */
  readonly enforcement?: Enforcement;
  /** The exception a dry run needs. */
  readonly dryRunException?: Exception;
}

/** The seed's payments scenario on any profile: two Deployments with probes and a metrics port, one route. */
export function buildPayments(app: App, profile: ClusterProfile, options: PaymentsOptions = {}): void {
  const chart = new Chart(app, 'payments');
  const payments = new ZeroTrustNamespace(chart, 'payments', {
    name: 'payments',
    profile,
    allowMonitoring: { ports: [Port.http(9090, { name: 'metrics' })] },
    enforcement: options.enforcement,
    dryRunException: options.dryRunException,
  });

  const deployment = (id: string) => new kplus.Deployment(chart, id, {
    replicas: 2,
    containers: [{
      name: 'app',
      image: `registry.example.com/payments/${id}:1.4.2`,
      portNumber: 8080,
      ports: [{ number: 9090, name: 'metrics' }],
      readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
      liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
    }],
  });

  const checkout = new MeshService(payments, 'checkout', {
    name: 'checkout-service',
    ports: [Port.http(8080)],
    metricsPort: Port.http(9090, { name: 'metrics' }),
    workload: deployment('checkout-service'),
  });
  const processor = new MeshService(payments, 'processor', {
    name: 'payment-processor',
    ports: [Port.http(8080)],
    metricsPort: Port.http(9090, { name: 'metrics' }),
    workload: deployment('payment-processor'),
    traffic: options.traffic,
  });

  processor.allowFrom(checkout, {
    ports: [Port.http(8080)],
    http: [HttpMatch.of({ methods: [HttpMethod.POST], path: '/v1/payments' })],
    ...options.route,
  });
}

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'prod.example.com',
    mesh: Mesh.istioSidecar(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
  });
  buildPayments(app, profile, { traffic: TrafficPolicy.resilient() });
}
