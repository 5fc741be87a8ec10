import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterProfile, Mesh, NetworkPolicyEngine, Port, ZeroTrustNamespace } from '../src';
import { ExternalSecretSync } from '../src/constructs/external-secret-sync';
import { MeshService } from '../src/constructs/mesh-service';
import { NoSecretsInEnv } from '../src/constructs/no-secrets-in-env';
import { ClusterSecretStore, SecretStoreProvider } from '../src/constructs/secret-stores';

export const description = 'External Secrets Operator: a Vault ClusterSecretStore (Kubernetes auth) restricted to two namespaces';

export function build(app: App): void {
  NoSecretsInEnv.enforce(app);
  const profile = new ClusterProfile({ mesh: Mesh.linkerd({ cni: true }), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
  const platform = new Chart(app, 'platform');
  new ClusterSecretStore(platform, 'vault', {
    name: 'vault-kv',
    provider: SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'external-secrets', caConfigMap: { name: 'vault-ca' } }),
    serviceAccountNamespace: 'external-secrets',
    serviceAccountName: 'vault-kv-reader',
    allowedNamespaces: ['payments', 'orders'],
  });

  const chart = new Chart(app, 'payments');
  const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
  const deployment = new kplus.Deployment(payments, 'checkout-deployment', {
    securityContext: { fsGroup: 10001 },
    containers: [{ name: 'checkout', image: 'registry.example.com/checkout-service:1.4.2', portNumber: 8080, securityContext: { user: 10001, group: 10001 } }],
  });
  const checkout = new MeshService(payments, 'checkout', { name: 'checkout-service', ports: [Port.http(8080)], workload: deployment });
  const store = platform.node.findChild('vault') as ClusterSecretStore;
  new ExternalSecretSync(payments, 'db', {
    store,
    name: 'db-credentials',
    service: checkout,
    data: [
      { secretKey: 'username', remoteKey: 'payments/db', property: 'username' },
      { secretKey: 'password', remoteKey: 'payments/db', property: 'password' },
    ],
  });
}
