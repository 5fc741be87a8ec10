import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MeshService } from '../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../src/constructs/zero-trust-namespace';
import { HttpMatch, HttpMethod } from '../src/model/http-match';
import { Peer } from '../src/model/peer';
import { Port } from '../src/model/port';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Mesh } from '../src/profile/mesh';

export const description = 'Two namespaces in two charts on Istio + Cilium: ingress gateway → storefront → payments, and egress to api.stripe.com';

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'prod.example.com',
    mesh: Mesh.istioSidecar(),
    networkPolicy: [NetworkPolicyEngine.CILIUM],
  });

  const web = new Chart(app, 'storefront');
  const storefrontNs = new ZeroTrustNamespace(web, 'storefront', { name: 'storefront', profile });
  const storefront = new MeshService(storefrontNs, 'storefront', {
    name: 'storefront',
    ports: [Port.http(8080)],
    workload: new kplus.Deployment(web, 'storefront-deploy', {
      containers: [{ name: 'web', image: 'registry.example.com/web/storefront:3.1.0', portNumber: 8080, readiness: kplus.Probe.fromHttpGet('/ready') }],
    }),
  });

  const pay = new Chart(app, 'payments');
  const paymentsNs = new ZeroTrustNamespace(pay, 'payments', { name: 'payments', profile });
  const api = new MeshService(paymentsNs, 'payments-api', {
    name: 'payments-api',
    ports: [Port.grpc(9000)],
    workload: new kplus.Deployment(pay, 'payments-api-deploy', {
      containers: [{ name: 'api', image: 'registry.example.com/payments/api:2.0.1', portNumber: 9000 }],
    }),
  });

  // The ingress gateway reaches the storefront only (not every pod of the namespace).
  storefront.allowFrom(Peer.ingressGateway(), { ports: [Port.http(8080)], http: [HttpMatch.of({ methods: [HttpMethod.GET, HttpMethod.POST], pathPrefix: '/shop/' })] });
  // Cross-namespace, cross-chart: one gRPC method.
  api.allowFrom(storefront, { http: [HttpMatch.grpc('payments.v1.Payments', 'Charge')] });
  // External API by name (Cilium toFQDNs + Istio ServiceEntry).
  api.allowTo(Peer.fqdn('api.stripe.com'), { ports: [Port.tcp(443)] });
}
