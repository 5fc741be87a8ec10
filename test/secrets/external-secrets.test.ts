import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { FakeService, podTemplate } from './helpers';
import { ClusterProfile, Mesh, NetworkPolicyEngine, Port, ZeroTrustNamespace } from '../../src';
import { ExternalSecretDeletionPolicy, ExternalSecretSync } from '../../src/constructs/external-secret-sync';
import { MeshService } from '../../src/constructs/mesh-service';
import { AwsSecretsService, ClusterSecretStore, SecretStore, SecretStoreProvider, VaultKvVersion } from '../../src/constructs/secret-stores';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

const aws = () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/payments-secrets' });
const gcp = () => SecretStoreProvider.gcpSecretManager({ projectId: 'acme-prod', gcpServiceAccount: 'payments-secrets@acme-prod.iam.gserviceaccount.com', clusterLocation: 'europe-west1', clusterName: 'prod', clusterProjectId: 'acme-prod' });
const vault = () => SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret', role: 'payments-eso' });

function workload(chart: Chart, fsGroup: number | null = 2000): kplus.Deployment {
  return new kplus.Deployment(chart, 'checkout', {
    metadata: { namespace: 'payments' },
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'checkout-service'),
    automountServiceAccountToken: false,
    securityContext: { fsGroup: fsGroup ?? undefined },
    containers: [{ name: 'app', image: 'registry.example.com/checkout:1.0', portNumber: 8080, securityContext: { user: 10001 } }, { name: 'helper', image: 'registry.example.com/helper:1.0', securityContext: { user: 10001 } }],
  });
}

describe('stores: every provider, workload identity, namespaced and cluster-wide', () => {
  test('AWS Secrets Manager SecretStore with an IRSA ServiceAccount', () => {
    const objs = synthChart(chart => { new SecretStore(chart, 'aws', { name: 'aws-secrets-manager', namespaceName: 'payments', provider: aws() }); });
    expectValidManifests(objs);
    const store = one(objs, 'SecretStore', 'aws-secrets-manager');
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.metadata.namespace).toBe('payments');
    expect(store.spec).toEqual({ provider: { aws: { service: 'SecretsManager', region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'aws-secrets-manager' } } } } } });
    const sa = one(objs, 'ServiceAccount', 'aws-secrets-manager');
    expect(sa.metadata).toEqual({ name: 'aws-secrets-manager', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/payments-secrets' } });
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test('AWS Parameter Store', () => {
    const objs = synthChart(chart => {
      new SecretStore(chart, 'ssm', { name: 'ssm', namespaceName: 'payments', provider: SecretStoreProvider.awsSecretsManager({ region: 'us-gov-west-1', roleArn: 'arn:aws-us-gov:iam::123456789012:role/x', service: AwsSecretsService.PARAMETER_STORE }) });
    });
    expectValidManifests(objs);
    expect(one(objs, 'SecretStore', 'ssm').spec.provider.aws.service).toBe('ParameterStore');
  });

  test('GCP Secret Manager with Workload Identity', () => {
    const objs = synthChart(chart => { new SecretStore(chart, 'gcp', { name: 'gcp-secret-manager', namespaceName: 'payments', provider: gcp() }); });
    expectValidManifests(objs);
    expect(one(objs, 'SecretStore', 'gcp-secret-manager').spec.provider).toEqual({
      gcpsm: {
        projectID: 'acme-prod',
        auth: { workloadIdentity: { clusterLocation: 'europe-west1', clusterName: 'prod', clusterProjectID: 'acme-prod', serviceAccountRef: { name: 'gcp-secret-manager' } } },
      },
    });
    expect(one(objs, 'ServiceAccount', 'gcp-secret-manager').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'payments-secrets@acme-prod.iam.gserviceaccount.com' });
  });

  test('Vault with Kubernetes auth, an audience-bound token and a CA', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const objs = synthChart(chart => {
      new SecretStore(chart, 'vault', { name: 'vault', namespaceName: 'payments', provider: vault() });
      new SecretStore(chart, 'vault-ca', { name: 'vault-ca', namespaceName: 'payments', provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'kv', version: VaultKvVersion.V1, role: 'r', authMountPath: 'k8s-prod', audience: 'vault.example.com', caBundle: pem, vaultNamespace: 'payments' }) });
      new SecretStore(chart, 'vault-cm', { name: 'vault-cm', namespaceName: 'payments', provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', role: 'r', caConfigMap: { name: 'vault-ca' } }) });
    });
    expectValidManifests(objs);
    expect(one(objs, 'SecretStore', 'vault').spec.provider).toEqual({
      vault: { server: 'https://vault.example.com:8200', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes', role: 'payments-eso', serviceAccountRef: { name: 'vault', audiences: ['vault'] } } } },
    });
    const ca = one(objs, 'SecretStore', 'vault-ca').spec.provider.vault;
    expect(ca).toMatchObject({ version: 'v1', namespace: 'payments', caBundle: Buffer.from(pem).toString('base64'), auth: { kubernetes: { mountPath: 'k8s-prod', serviceAccountRef: { audiences: ['vault.example.com'] } } } });
    expect(one(objs, 'SecretStore', 'vault-cm').spec.provider.vault.caProvider).toEqual({ type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt' });
    expect(one(objs, 'ServiceAccount', 'vault').metadata.annotations).toBeUndefined();
  });

  for (const [name, provider] of [['aws', aws], ['gcp', gcp], ['vault', vault]] as const) {
    test(`ClusterSecretStore (${name}) restricted to named and labelled namespaces`, () => {
      const objs = synthChart(chart => {
        new ClusterSecretStore(chart, 'store', {
          name: `${name}-shared`,
          provider: provider(),
          serviceAccountNamespace: 'external-secrets',
          serviceAccountName: 'eso-shared',
          allowedNamespaces: ['payments', 'orders'],
          allowedNamespaceLabels: { 'secrets.example.com/tier': 'prod' },
        });
      });
      expectValidManifests(objs);
      const store = one(objs, 'ClusterSecretStore', `${name}-shared`);
      expect(store.metadata.namespace).toBeUndefined();
      expect(store.spec.conditions).toEqual([{ namespaces: ['orders', 'payments'] }, { namespaceSelector: { matchLabels: { 'secrets.example.com/tier': 'prod' } } }]);
      const provSpec = Object.values(store.spec.provider)[0] as any;
      const auth = provSpec.auth;
      const ref = auth.jwt?.serviceAccountRef ?? auth.workloadIdentity?.serviceAccountRef ?? auth.kubernetes?.serviceAccountRef;
      expect(ref).toMatchObject({ name: 'eso-shared', namespace: 'external-secrets' });
      expect(one(objs, 'ServiceAccount', 'eso-shared').metadata.namespace).toBe('external-secrets');
    });
  }

  test('store problems: open ClusterSecretStore, bad identities, plain HTTP Vault', () => {
    const errors = synthErrors(chart => {
      new ClusterSecretStore(chart, 'open', { name: 'open', provider: aws(), serviceAccountNamespace: 'external-secrets' });
      new SecretStore(chart, 'bad-aws', { name: 'bad-aws', namespaceName: 'payments', provider: SecretStoreProvider.awsSecretsManager({ region: 'Europe', roleArn: 'AKIAIOSFODNN7EXAMPLE' }) });
      new SecretStore(chart, 'bad-gcp', { name: 'bad-gcp', namespaceName: 'payments', provider: SecretStoreProvider.gcpSecretManager({ projectId: 'X', gcpServiceAccount: 'me@gmail.com' }) });
      new SecretStore(chart, 'bad-vault', { name: 'bad-vault', namespaceName: 'payments', serviceAccountName: 'default', provider: SecretStoreProvider.vault({ server: 'http://vault:8200', path: '/secret/', role: '' }) });
      new SecretStore(chart, 'no-ns', { name: 'no-ns', provider: vault() });
    });
    const text = errors.join('\n');
    expect(text).toContain('[test/open] the ClusterSecretStore is open to every namespace');
    expect(text).toContain('AWS region "Europe"');
    expect(text).toContain('AWS roleArn "AKIAIOSFODNN7EXAMPLE" is not an IAM role ARN');
    expect(text).toContain('GCP projectId "X"');
    expect(text).toContain('gcpServiceAccount "me@gmail.com"');
    expect(text).toContain('Vault server "http://vault:8200" must be an https:// URL');
    expect(text).toContain('Vault path "/secret/"');
    expect(text).toContain('Vault role is empty');
    expect(text).toContain('serviceAccountName "default" is the namespace\'s shared identity');
    expect(text).toContain('[test/no-ns] the store has no namespace');
  });

  test('createServiceAccount: false reuses an existing ServiceAccount', () => {
    const objs = synthChart(chart => { new SecretStore(chart, 'vault', { name: 'vault', namespaceName: 'payments', provider: vault(), serviceAccountName: 'checkout-service', createServiceAccount: false }); });
    expectValidManifests(objs);
    expect(find(objs, 'ServiceAccount')).toEqual([]);
    expect(one(objs, 'SecretStore', 'vault').spec.provider.vault.auth.kubernetes.serviceAccountRef.name).toBe('checkout-service');
  });
});

describe('ExternalSecretSync', () => {
  test('the seed\'s db-credentials: v1, 1h, Owner, explicit deletion, mounted read-only, never env', () => {
    const objs = synthChart(chart => {
      const store = new SecretStore(chart, 'aws', { name: 'aws-secrets-manager', namespaceName: 'payments', provider: aws() });
      new ExternalSecretSync(chart, 'db', {
        store,
        name: 'db-credentials',
        workload: workload(chart),
        data: [{ secretKey: 'DB_PASSWORD', remoteKey: 'prod/payments/db', property: 'password' }],
      });
    });
    expectValidManifests(objs);
    const es = one(objs, 'ExternalSecret', 'db-credentials');
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.metadata.namespace).toBe('payments');
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'aws-secrets-manager', kind: 'SecretStore' },
      target: { name: 'db-credentials', creationPolicy: 'Owner', deletionPolicy: 'Delete' },
      data: [{ secretKey: 'DB_PASSWORD', remoteRef: { key: 'prod/payments/db', property: 'password' } }],
    });
    const spec = podTemplate(find(objs, 'Deployment')[0]).spec;
    expect(spec.volumes).toEqual([{ name: 'secret-db-credentials', secret: { secretName: 'db-credentials', defaultMode: 0o440 } }]);
    for (const c of spec.containers) {
      expect(c.volumeMounts).toEqual([{ name: 'secret-db-credentials', mountPath: '/etc/secrets/db-credentials', readOnly: true }]);
      expect(c.env).toBeUndefined();
      expect(c.envFrom).toBeUndefined();
    }
  });

  test('ClusterSecretStore, dataFrom, template, refresh and deletion policy, selected containers, MeshService', () => {
    const objs = synthChart(chart => {
      const profile = new ClusterProfile({ mesh: Mesh.istioAmbient(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
      const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
      const d = new kplus.Deployment(ns, 'deploy', {
        securityContext: { fsGroup: 2000 },
        containers: [{ name: 'app', image: 'registry.example.com/checkout:1.0', portNumber: 8080, securityContext: { user: 10001 } }, { name: 'helper', image: 'registry.example.com/helper:1.0', securityContext: { user: 10001 } }],
      });
      const svc = new MeshService(ns, 'checkout', { name: 'checkout-service', ports: [Port.http(8080)], workload: d });
      const store = new ClusterSecretStore(chart, 'gcp', { name: 'gcp-shared', provider: gcp(), serviceAccountNamespace: 'external-secrets', allowedNamespaces: ['payments'] });
      new ExternalSecretSync(ns, 'api', {
        store,
        name: 'api-keys',
        service: svc,
        containers: ['app'],
        mountPath: '/run/secrets/api',
        dataFrom: [{ remoteKey: 'payments-api-keys' }, { remoteKey: 'shared', property: 'payments', version: '3' }],
        refreshInterval: Duration.minutes(90),
        deletionPolicy: ExternalSecretDeletionPolicy.RETAIN,
        template: { secretType: 'Opaque', data: { 'config.json': '{"key":"{{ .apikey }}"}' } },
      });
    });
    expectValidManifests(objs);
    const es = one(objs, 'ExternalSecret', 'api-keys');
    expect(es.metadata.namespace).toBe('payments');
    expect(es.spec).toEqual({
      refreshInterval: '1h30m',
      secretStoreRef: { name: 'gcp-shared', kind: 'ClusterSecretStore' },
      target: { name: 'api-keys', creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { engineVersion: 'v2', type: 'Opaque', data: { 'config.json': '{"key":"{{ .apikey }}"}' } } },
      dataFrom: [{ extract: { key: 'payments-api-keys' } }, { extract: { key: 'shared', property: 'payments', version: '3' } }],
    });
    const spec = podTemplate(find(objs, 'Deployment')[0]).spec;
    const [app, helper] = spec.containers;
    expect(app.volumeMounts).toEqual([{ name: 'secret-api-keys', mountPath: '/run/secrets/api', readOnly: true }]);
    expect(helper.volumeMounts).toBeUndefined();
  });

  test('validation: store namespace, nothing to sync, refresh bounds, modes, fsGroup, keys', () => {
    const errors = synthErrors(chart => {
      const other = new SecretStore(chart, 'other', { name: 'other', namespaceName: 'orders', provider: vault() });
      const cluster = new ClusterSecretStore(chart, 'cluster', { name: 'cluster', provider: vault(), serviceAccountNamespace: 'external-secrets', allowedNamespaces: ['orders'] });
      new ExternalSecretSync(chart, 'wrong-ns', { store: other, name: 'a', namespaceName: 'payments', data: [{ secretKey: 'k', remoteKey: 'r' }] });
      new ExternalSecretSync(chart, 'not-allowed', { store: cluster, name: 'b', namespaceName: 'payments', data: [{ secretKey: 'k', remoteKey: 'r' }] });
      new ExternalSecretSync(chart, 'empty', { store: other, name: 'c', namespaceName: 'orders', refreshInterval: Duration.seconds(10) });
      new ExternalSecretSync(chart, 'slow', { store: other, name: 'd', namespaceName: 'orders', refreshInterval: Duration.days(2), data: [{ secretKey: 'k', remoteKey: 'r' }, { secretKey: 'k', remoteKey: 'r2' }, { secretKey: 'bad key', remoteKey: 'x' }] });
      new ExternalSecretSync(chart, 'world', { store: cluster, name: 'e', workload: workload(chart), fileMode: 0o444, namespaceName: 'orders', data: [{ secretKey: 'k', remoteKey: 'r' }] });
    });
    const text = errors.join('\n');
    expect(text).toContain('[test/wrong-ns] store other is a SecretStore in another namespace');
    expect(text).toContain('[test/not-allowed] ClusterSecretStore cluster does not allow namespace "payments"');
    expect(text).toContain('[test/empty] nothing to sync');
    expect(text).toContain('[test/empty] refreshInterval is 10 seconds');
    expect(text).toContain('[test/slow] refreshInterval is 172800 seconds');
    expect(text).toContain('secretKey "k" is listed twice');
    expect(text).toContain('secretKey "bad key" is not a valid Secret key');
    expect(text).toContain('[test/world] namespace "orders" differs from the pods\' namespace "payments"');
    expect(text).toContain('fileMode 0444 lets every user');
    const noFsGroup = synthErrors(chart => {
      const store = new SecretStore(chart, 's', { name: 's', namespaceName: 'payments', provider: vault() });
      new ExternalSecretSync(chart, 'x', { store, name: 'x', workload: workload(chart, null), data: [{ secretKey: 'k', remoteKey: 'r' }] });
      new ExternalSecretSync(chart, 'remote', { store, name: 'y', service: new FakeService(chart, 'svc', { namespace: 'payments', serviceAccount: 'y' }), data: [{ secretKey: 'k', remoteKey: 'r' }] });
    });
    expect(noFsGroup.join('\n')).toContain('sets no pod fsGroup');
    expect(noFsGroup.join('\n')).toContain('[test/remote] service test/svc has no pod template in this app');
  });
});
