import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterProfile, Mesh, NetworkPolicyEngine, Port, ZeroTrustNamespace } from '../src';
import { ExternalSecretSync } from '../src/constructs/external-secret-sync';
import { MeshService } from '../src/constructs/mesh-service';
import { NoSecretsInEnv } from '../src/constructs/no-secrets-in-env';
import { SecretStore, SecretStoreProvider } from '../src/constructs/secret-stores';

export const description = 'External Secrets Operator: API keys from GCP Secret Manager (GKE Workload Identity), templated into one file';

export function build(app: App): void {
  NoSecretsInEnv.enforce(app);
  const profile = new ClusterProfile({ mesh: Mesh.istioSidecar({ cni: true }), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
  const chart = new Chart(app, 'payments');
  const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });

  const store = new SecretStore(payments, 'gcp', {
    name: 'gcp-secret-manager',
    provider: SecretStoreProvider.gcpSecretManager({
      projectId: 'acme-payments-prod',
      gcpServiceAccount: 'payments-secrets@acme-payments-prod.iam.gserviceaccount.com',
      clusterProjectId: 'acme-platform-prod',
      clusterLocation: 'europe-west1',
      clusterName: 'prod',
    }),
  });

  const deployment = new kplus.Deployment(payments, 'processor-deployment', {
    securityContext: { fsGroup: 10001 },
    containers: [{ name: 'processor', image: 'registry.example.com/payment-processor:3.1.0', portNumber: 8080, securityContext: { user: 10001, group: 10001 } }],
  });
  const processor = new MeshService(payments, 'processor', { name: 'payment-processor', ports: [Port.http(8080)], workload: deployment });

  new ExternalSecretSync(payments, 'psp', {
    store,
    name: 'psp-api',
    service: processor,
    dataFrom: [{ remoteKey: 'psp-api-credentials' }],
    template: { data: { 'psp.json': '{"merchant":"{{ .merchant_id }}","key":"{{ .api_key }}"}' } },
  });
}
