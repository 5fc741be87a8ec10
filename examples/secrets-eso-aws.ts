import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterProfile, Mesh, NetworkPolicyEngine, Port, ZeroTrustNamespace } from '../src';
import { ExternalSecretSync } from '../src/constructs/external-secret-sync';
import { MeshService } from '../src/constructs/mesh-service';
import { NoSecretsInEnv } from '../src/constructs/no-secrets-in-env';
import { SecretStore, SecretStoreProvider } from '../src/constructs/secret-stores';

export const description = 'External Secrets Operator: the seed\'s db-credentials from AWS Secrets Manager (IRSA), mounted as read-only files';

export function build(app: App): void {
  NoSecretsInEnv.enforce(app);
  const profile = new ClusterProfile({ mesh: Mesh.istioAmbient(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
  const chart = new Chart(app, 'payments');
  const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });

  const store = new SecretStore(payments, 'aws', {
    name: 'aws-secrets-manager',
    provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/payments-secrets-reader' }),
  });

  const deployment = new kplus.Deployment(payments, 'checkout-deployment', {
    securityContext: { fsGroup: 10001 },
    containers: [{ name: 'checkout', image: 'registry.example.com/checkout-service:1.4.2', portNumber: 8080, securityContext: { user: 10001, group: 10001 } }],
  });
  const checkout = new MeshService(payments, 'checkout', { name: 'checkout-service', ports: [Port.http(8080)], workload: deployment });

  new ExternalSecretSync(payments, 'db', {
    store,
    name: 'db-credentials',
    service: checkout,
    data: [{ secretKey: 'DB_PASSWORD', remoteKey: 'prod/payments/db', property: 'password' }],
  });
}
