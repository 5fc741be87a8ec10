import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterProfile, Mesh, NetworkPolicyEngine, ZeroTrustNamespace } from '../src';
import { NoSecretsInEnv } from '../src/constructs/no-secrets-in-env';
import { VaultInjectedSecret, VaultSecretEngine, VaultTemplate } from '../src/constructs/vault-injected-secret';

export const description = 'A database migration Job with dynamic Vault credentials pre-populated by the Vault Agent init container only (the Job terminates)';

export function build(app: App): void {
  NoSecretsInEnv.enforce(app);
  const profile = new ClusterProfile({ mesh: Mesh.linkerd({ cni: true }), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
  const chart = new Chart(app, 'payments-migrations');
  const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });

  const serviceAccount = new kplus.ServiceAccount(payments, 'migrations-sa', {
    metadata: { name: 'payments-migrations', namespace: 'payments' },
    automountToken: false,
  });
  const job = new kplus.Job(payments, 'migrate', {
    metadata: { namespace: 'payments' },
    serviceAccount,
    automountServiceAccountToken: false,
    containers: [{
      name: 'migrate',
      image: 'registry.example.com/payments-migrations:2026.11.1',
      args: ['--dsn-file', '/vault/secrets/db.dsn'],
      securityContext: { user: 10001, group: 10001 },
    }],
  });

  new VaultInjectedSecret(payments, 'db-dsn', {
    workload: job,
    role: 'payments-migrations',
    path: 'database/creds/payments-migrations',
    engine: VaultSecretEngine.DYNAMIC,
    fileName: 'db.dsn',
    template: VaultTemplate.connectionString('postgresql://{{username}}:{{password}}@postgres.payments.svc:5432/payments?sslmode=verify-full'),
    connection: { address: 'https://vault.vault.svc:8200', tlsSecret: 'vault-ca', caCert: '/vault/tls/ca.crt' },
  });
}
