import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MeshService } from '../src/constructs/mesh-service';
import { ProjectedServiceAccountToken } from '../src/constructs/projected-token';
import { SpiffeWorkload } from '../src/constructs/spiffe-workload';
import { SpireAgent } from '../src/constructs/spire/spire-agent';
import { SpireBundleEndpointProfile, SpireFederation } from '../src/constructs/spire/spire-federation';
import { SpireServer } from '../src/constructs/spire/spire-server';
import { ZeroTrustNamespace } from '../src/constructs/zero-trust-namespace';
import { Exception } from '../src/model/exception';
import { Port } from '../src/model/port';
import { SpiffeId } from '../src/model/spiffe-id';
import { ClusterProfile, IdentityProvider, NetworkPolicyEngine } from '../src/profile/cluster-profile';

export const description = 'SPIRE federation with a partner trust domain (ClusterFederatedTrustDomain, https_spiffe bundle endpoint, egress to it), our own bundle endpoint for the partner, and a workload that accepts partner identities and holds an audience-bound token';

// The partner's current bundle (`spire-server bundle show -format spiffe` on their server): bootstraps trust in their endpoint.
const PARTNER_BUNDLE = JSON.stringify({
  keys: [{ use: 'x509-svid', kty: 'EC', crv: 'P-256', x: 'fK-wKTnKL7KFLM27lqq5DC-bxrVaH6rDV-IcCSEOeL4', y: 'wq-g3TQWxYlV51TCPH030yXsRxvujD4hUUaIQrXk4KI', x5c: ['MIIBjjCCATOgAwIBAgIBADAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJVUzEPMA0GA1UEChMGU1BJRkZF'] }],
  spiffe_refresh_hint: 300,
});

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'prod.example.com',
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
    identityProvider: IdentityProvider.SPIRE,
    apiServer: { cidrs: ['10.0.0.2/32'], port: 6443 },
  });

  const spire = new Chart(app, 'spire');
  const server = new SpireServer(spire, 'server', {
    profile,
    clusterName: 'prod-eu-1',
    nodeCidrs: ['10.0.0.0/16'],
    // Serve our bundle to the partner's server (port 8443), from their egress range only.
    bundleEndpoint: true,
    bundleEndpointClientCidrs: ['198.51.100.0/24'],
  });
  new SpireAgent(spire, 'agent', {
    server,
    podSecurityException: Exception.of({
      reason: 'SPIRE agent needs hostPID/hostNetwork and a hostPath socket dir; the SPIFFE CSI driver needs privileged mount propagation',
      expires: '2027-06-30',
      owner: 'platform-security',
    }),
  });
  // Fetch and keep the partner's bundle; NetworkPolicy cannot name hosts, so their endpoint's addresses are listed.
  new SpireFederation(spire, 'partner', {
    server,
    trustDomain: 'partner.example.com',
    bundleEndpointUrl: 'https://spire.partner.example.com:8443',
    bundleEndpointProfile: SpireBundleEndpointProfile.httpsSpiffe(SpiffeId.of('spiffe://partner.example.com/spire/server')),
    trustDomainBundle: PARTNER_BUNDLE,
    bundleEndpointCidrs: ['192.0.2.10/32'], // TEST-NET-1 (RFC 5737): the isolation test probes 203.0.113.10 as an arbitrary internet host
  });

  // settlement accepts SVIDs of partner.example.com workloads, and calls Vault with a token bound to the `vault` audience.
  const chart = new Chart(app, 'payments');
  const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
  const deployment = new kplus.Deployment(chart, 'settlement', {
    replicas: 2,
    containers: [{
      name: 'app',
      image: 'registry.example.com/payments/settlement:2.0.1',
      portNumber: 8443,
      readiness: kplus.Probe.fromTcpSocket({ port: 8443 }),
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
    }],
  });
  const settlement = new MeshService(payments, 'settlement', { name: 'settlement', ports: [Port.tcp(8443)], workload: deployment });
  new SpiffeWorkload(payments, 'settlement-identity', { service: settlement, federatesWith: ['partner.example.com'] });
  new ProjectedServiceAccountToken(payments, 'vault-token', { service: settlement, audience: 'vault' });
}
