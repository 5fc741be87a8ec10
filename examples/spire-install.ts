import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MeshService } from '../src/constructs/mesh-service';
import { SpiffeWorkload } from '../src/constructs/spiffe-workload';
import { SpireAgent } from '../src/constructs/spire/spire-agent';
import { SpireServer } from '../src/constructs/spire/spire-server';
import { ZeroTrustNamespace } from '../src/constructs/zero-trust-namespace';
import { Exception } from '../src/model/exception';
import { Port } from '../src/model/port';
import { ClusterProfile, IdentityProvider, NetworkPolicyEngine } from '../src/profile/cluster-profile';

export const description = 'SPIRE install (server with persistent datastore and disk keys, agents, CSI driver, controller manager, default-deny network policies) and the seed\'s checkout-service registration';

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'prod.example.com',
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
    identityProvider: IdentityProvider.SPIRE,
    // `kubectl get endpoints kubernetes`: the SPIRE server's API server egress and webhook ingress.
    apiServer: { cidrs: ['10.0.0.2/32', '10.0.0.3/32'], port: 6443 },
  });

  // SPIRE itself: server in `spire-server` (restricted), agents + CSI driver in `spire-system` (privileged, justified).
  const spire = new Chart(app, 'spire');
  const server = new SpireServer(spire, 'server', {
    profile,
    clusterName: 'prod-eu-1',
    jwtIssuer: 'https://oidc.prod.example.com',
    // Agents run with hostNetwork: with NetworkPolicy they reach the server from the node address ranges.
    nodeCidrs: ['10.0.0.0/16'],
  });
  new SpireAgent(spire, 'agent', {
    server,
    podSecurityException: Exception.of({
      reason: 'SPIRE agent needs hostPID/hostNetwork and a hostPath socket dir; the SPIFFE CSI driver needs privileged mount propagation',
      expires: '2027-06-30',
      owner: 'platform-security',
    }),
  });

  // The seed's workload: checkout-service in payments gets spiffe://prod.example.com/ns/payments/sa/checkout-service.
  const chart = new Chart(app, 'payments');
  const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
  const deployment = new kplus.Deployment(chart, 'checkout-service', {
    replicas: 2,
    containers: [{
      name: 'app',
      image: 'registry.example.com/payments/checkout-service:1.4.2',
      portNumber: 8080,
      readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
    }],
  });
  const checkout = new MeshService(payments, 'checkout', {
    name: 'checkout-service',
    ports: [Port.http(8080)],
    workload: deployment,
  });
  new SpiffeWorkload(payments, 'checkout-identity', { service: checkout });
}
