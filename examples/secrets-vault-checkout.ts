import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterProfile, Mesh, NetworkPolicyEngine, Port, ZeroTrustNamespace } from '../src';
import { MeshService } from '../src/constructs/mesh-service';
import { NoSecretsInEnv } from '../src/constructs/no-secrets-in-env';
import { VaultInjectedSecret, VaultTemplate } from '../src/constructs/vault-injected-secret';
import { Peer } from '../src/model/peer';

export const description = 'The seed\'s checkout-service on Istio (sidecars) with its database credential injected by Vault Agent as a file, never an env var';

export function build(app: App): void {
  NoSecretsInEnv.enforce(app);
  const profile = new ClusterProfile({
    trustDomain: 'prod.example.com',
    mesh: Mesh.istioSidecar({ cni: true }),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
  });
  const chart = new Chart(app, 'payments');
  const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });

  const deployment = new kplus.Deployment(payments, 'checkout-deployment', {
    securityContext: { fsGroup: 10001 },
    containers: [{
      name: 'checkout',
      image: 'registry.example.com/checkout-service:1.4.2',
      portNumber: 8080,
      securityContext: { user: 10001, group: 10001 },
      // the application reads DB_PASSWORD from this file, not from its environment
      envVariables: { DB_CREDENTIALS_FILE: kplus.EnvValue.fromValue('/vault/secrets/db') },
    }],
  });
  const checkout = new MeshService(payments, 'checkout', { name: 'checkout-service', ports: [Port.http(8080)], workload: deployment });

  new VaultInjectedSecret(payments, 'db', {
    service: checkout,
    role: 'checkout-service',
    path: 'secret/data/payments/db',
    template: VaultTemplate.keyValue({ keys: { DB_PASSWORD: 'password' } }),
    connection: { address: 'https://vault.example.com:8200', tlsSecret: 'vault-ca', caCert: '/vault/tls/ca.crt' },
  });

  // Vault lives outside the cluster: let the pods (and the agent) reach it, and nothing else.
  checkout.allowTo(Peer.cidr('10.20.0.10/32'), { ports: [Port.tcp(8200, { name: 'vault' })] });
}
