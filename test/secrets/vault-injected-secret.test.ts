import { Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { deployment, FakeService, podTemplate } from './helpers';
import { ClusterProfile, Mesh, NetworkPolicyEngine, Port, ZeroTrustNamespace } from '../../src';
import { MeshService } from '../../src/constructs/mesh-service';
import { VaultInjectedSecret, VaultMeshTraversal, VaultSecretEngine, VaultTemplate } from '../../src/constructs/vault-injected-secret';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

const V = 'vault.hashicorp.com/';

function annotationsOf(objs: any[], kind: string, name: string): Record<string, string> {
  return podTemplate(one(objs, kind, name)).metadata.annotations ?? {};
}

describe('VaultInjectedSecret annotations', () => {
  test('every annotation of the seed\'s checkout-service, with a projected login token', () => {
    const objs = synthChart(chart => {
      const d = deployment(chart);
      new VaultInjectedSecret(chart, 'db', {
        workload: d,
        role: 'checkout-service',
        path: 'secret/data/payments/db',
        template: VaultTemplate.keyValue({ keys: { DB_PASSWORD: 'password' } }),
        connection: { address: 'https://vault.vault.svc:8200', caCert: '/vault/tls/ca.crt', tlsSecret: 'vault-ca', tlsServerName: 'vault.vault.svc', authPath: 'auth/k8s-prod', vaultNamespace: 'payments' },
        agentResources: { cpuLimit: '200m', memoryLimit: '96Mi', cpuRequest: '20m', memoryRequest: '32Mi' },
      });
    });
    expectValidManifests(objs);
    const a = annotationsOf(objs, 'Deployment', find(objs, 'Deployment')[0].metadata.name);
    expect(a).toMatchObject({
      [`${V}agent-inject`]: 'true',
      [`${V}role`]: 'checkout-service',
      [`${V}agent-inject-secret-db`]: 'secret/data/payments/db',
      [`${V}agent-inject-file-db`]: 'db',
      [`${V}agent-inject-perms-db`]: '0400',
      [`${V}agent-run-as-same-user`]: 'true',
      [`${V}agent-pre-populate-only`]: 'false',
      [`${V}agent-service-account-token-volume-name`]: 'vault-token',
      [`${V}service`]: 'https://vault.vault.svc:8200',
      [`${V}ca-cert`]: '/vault/tls/ca.crt',
      [`${V}tls-secret`]: 'vault-ca',
      [`${V}tls-server-name`]: 'vault.vault.svc',
      [`${V}tls-skip-verify`]: 'false',
      [`${V}auth-path`]: 'auth/k8s-prod',
      [`${V}namespace`]: 'payments',
      [`${V}agent-limits-cpu`]: '200m',
      [`${V}agent-limits-mem`]: '96Mi',
      [`${V}agent-requests-cpu`]: '20m',
      [`${V}agent-requests-mem`]: '32Mi',
    });
    expect(a[`${V}agent-inject-template-db`]).toBe('{{- with secret "secret/data/payments/db" -}}\nDB_PASSWORD={{ .Data.data.password }}\n{{- end }}\n');
    expect(a[`${V}agent-inject-containers`]).toBeUndefined();
    // no mesh: no bypass annotations
    expect(Object.keys(a).filter(k => k.startsWith('traffic.sidecar') || k.startsWith('config.linkerd'))).toEqual([]);

    const spec = podTemplate(find(objs, 'Deployment')[0]).spec;
    expect(spec.volumes).toEqual([{ name: 'vault-token', projected: { sources: [{ serviceAccountToken: { audience: 'vault', expirationSeconds: 3600, path: 'token' } }] } }]);
    // Pod Security "restricted": the injected agent containers inherit a pod-wide seccomp profile
    expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    // the application containers do not get the token
    expect(spec.containers[0].volumeMounts ?? []).toEqual([]);
  });

  test('defaults: injector address, JSON template, default agent resources', () => {
    const objs = synthChart(chart => {
      new VaultInjectedSecret(chart, 'config', { workload: deployment(chart), role: 'checkout-service', path: 'secret/data/payments/config' });
    });
    expectValidManifests(objs);
    const a = podTemplate(find(objs, 'Deployment')[0]).metadata.annotations;
    expect(a[`${V}agent-inject-template-config`]).toBe('{{- with secret "secret/data/payments/config" -}}\n{{ .Data.data | toJSON }}\n{{- end }}\n');
    expect(a[`${V}service`]).toBeUndefined();
    expect(a).toMatchObject({ [`${V}agent-limits-cpu`]: '500m', [`${V}agent-limits-mem`]: '128Mi', [`${V}agent-requests-cpu`]: '250m', [`${V}agent-requests-mem`]: '64Mi' });
  });

  test('templates: every key, connection string, dynamic secrets, custom', () => {
    const objs = synthChart(chart => {
      const d = deployment(chart);
      new VaultInjectedSecret(chart, 'all', { workload: d, role: 'r', path: 'secret/data/a', template: VaultTemplate.keyValue() });
      new VaultInjectedSecret(chart, 'dsn', {
        workload: d,
        role: 'r',
        path: 'database/creds/checkout',
        engine: VaultSecretEngine.DYNAMIC,
        fileName: 'db.dsn',
        template: VaultTemplate.connectionString('postgresql://{{username}}:{{ password }}@db.payments:5432/payments?x={{db-name}}'),
      });
      new VaultInjectedSecret(chart, 'v1', { workload: d, role: 'r', path: 'kv/payments/api', engine: VaultSecretEngine.KV_V1, template: VaultTemplate.json() });
      new VaultInjectedSecret(chart, 'raw', { workload: d, role: 'r', path: 'pki/issue/checkout', engine: VaultSecretEngine.DYNAMIC, template: VaultTemplate.custom('{{ with secret "pki/issue/checkout" "common_name=checkout" }}{{ .Data.certificate }}{{ end }}') });
    });
    expectValidManifests(objs);
    const a = podTemplate(find(objs, 'Deployment')[0]).metadata.annotations;
    expect(a[`${V}agent-inject-template-all`]).toBe('{{- with secret "secret/data/a" -}}\n{{ range $k, $v := .Data.data }}{{ $k }}={{ $v }}\n{{ end }}{{- end }}\n');
    expect(a[`${V}agent-inject-template-db.dsn`]).toBe('{{- with secret "database/creds/checkout" -}}\npostgresql://{{ .Data.username }}:{{ .Data.password }}@db.payments:5432/payments?x={{ index .Data "db-name" }}\n{{- end }}\n');
    expect(a[`${V}agent-inject-file-db.dsn`]).toBe('db.dsn');
    expect(a[`${V}agent-inject-template-v1`]).toContain('{{ .Data | toJSON }}');
    expect(a[`${V}agent-inject-template-raw`]).toBe('{{ with secret "pki/issue/checkout" "common_name=checkout" }}{{ .Data.certificate }}{{ end }}');
  });

  test('several secrets on one workload merge into one annotation set and one token volume', () => {
    const objs = synthChart(chart => {
      const d = deployment(chart);
      new VaultInjectedSecret(chart, 'db', { workload: d, role: 'checkout-service', path: 'secret/data/payments/db' });
      new VaultInjectedSecret(chart, 'api', { workload: d, role: 'checkout-service', path: 'secret/data/payments/api' });
    });
    expectValidManifests(objs);
    const t = podTemplate(find(objs, 'Deployment')[0]);
    const keys = Object.keys(t.metadata.annotations).filter(k => k.startsWith(`${V}agent-inject-secret-`)).sort();
    expect(keys).toEqual([`${V}agent-inject-secret-api`, `${V}agent-inject-secret-db`]);
    expect(t.metadata.annotations[`${V}role`]).toBe('checkout-service');
    expect(t.spec.volumes.filter((v: any) => v.name === 'vault-token')).toHaveLength(1);
  });

  test('conflicting roles, pod-wide settings and file names fail', () => {
    const errors = synthErrors(chart => {
      const d = deployment(chart);
      new VaultInjectedSecret(chart, 'db', { workload: d, role: 'checkout-service', path: 'secret/data/payments/db' });
      new VaultInjectedSecret(chart, 'api', { workload: d, role: 'other-role', path: 'secret/data/payments/api' });
      new VaultInjectedSecret(chart, 'tls', { workload: d, role: 'checkout-service', path: 'secret/data/payments/tls', agentResources: { cpuLimit: '1' } });
      new VaultInjectedSecret(chart, 'db2', { workload: d, role: 'checkout-service', path: 'secret/data/payments/db2', fileName: 'db' });
    });
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[test\/api\] conflicting Vault roles on test\/checkout: "other-role" here, "checkout-service" in test\/db/),
      expect.stringMatching(/^\[test\/tls\] pod-wide Vault Agent setting vault.hashicorp.com\/agent-limits-cpu is "1" here but "500m" in test\/db/),
      expect.stringMatching(/^\[test\/db2\] secret name "db" is already injected into test\/checkout by test\/db/),
    ]));
    expect(errors).toHaveLength(3);
  });

  test('Jobs and CronJobs get agent-pre-populate-only so they terminate', () => {
    const objs = synthChart(chart => {
      const container = { name: 'migrate', image: 'registry.example.com/migrate:1.0', securityContext: { user: 10001 } };
      const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'migrations');
      const job = new kplus.Job(chart, 'migrate', { metadata: { namespace: 'payments' }, serviceAccount: sa, automountServiceAccountToken: false, containers: [container] });
      const cron = new kplus.CronJob(chart, 'rotate', {
        metadata: { namespace: 'payments' }, serviceAccount: sa, automountServiceAccountToken: false, containers: [container], schedule: Cron.daily(),
      });
      new VaultInjectedSecret(chart, 'job-db', { workload: job, role: 'migrations', path: 'secret/data/payments/db' });
      new VaultInjectedSecret(chart, 'cron-db', { workload: cron, role: 'migrations', path: 'secret/data/payments/db' });
    });
    expectValidManifests(objs);
    for (const kind of ['Job', 'CronJob']) {
      const t = podTemplate(find(objs, kind)[0]);
      expect(t.metadata.annotations[`${V}agent-pre-populate-only`]).toBe('true');
      expect(t.spec.volumes).toEqual([expect.objectContaining({ name: 'vault-token' })]);
      expect(t.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    }
  });

  test('validation: role, path, template, permissions, TLS, token lifetime, resources', () => {
    const errors = synthErrors(chart => {
      new VaultInjectedSecret(chart, 'bad', {
        workload: deployment(chart),
        role: '',
        path: 'secret/payments/db',
        template: VaultTemplate.connectionString('postgresql://db:5432'),
        filePermissions: '0644',
        connection: { address: 'http://vault:8200', caCert: 'ca.crt', port: 70000 },
        tokenExpiration: Duration.minutes(5),
        tokenAudience: '',
        agentResources: { memoryLimit: 'lots' },
      });
    });
    const text = errors.join('\n');
    expect(text).toContain('role is empty');
    expect(text).toContain('use "secret/data/payments/db"');
    expect(text).toContain('has no {{field}} placeholder');
    expect(text).toContain('filePermissions "0644" lets every user');
    expect(text).toContain('must be an https:// URL');
    expect(text).toContain('connection.caCert "ca.crt" must be an absolute path');
    expect(text).toContain('connection.port 70000 is out of range');
    expect(text).toContain('tokenExpiration is 300 seconds');
    expect(text).toContain('tokenAudience is empty');
    expect(text).toContain('agentResources.memoryLimit "lots"');
  });

  test('needs a non-root first container (or explicit permissions) and a dedicated ServiceAccount', () => {
    const errors = synthErrors(chart => {
      new VaultInjectedSecret(chart, 'db', { workload: deployment(chart, 'a', { user: null, sa: false }), role: 'r', path: 'secret/data/x' });
    });
    expect(errors.join('\n')).toMatch(/sets no non-root user/);
    expect(errors.join('\n')).toMatch(/runs as the namespace's shared "default" ServiceAccount/);
    const ok = synthErrors(chart => {
      new VaultInjectedSecret(chart, 'db', { workload: deployment(chart, 'a', { user: null }), role: 'r', path: 'secret/data/x', filePermissions: '0440' });
    });
    expect(ok).toEqual([]);
  });

  test('workload and service: exactly one; a service without pods here fails clearly', () => {
    const errors = synthErrors(chart => {
      const d = deployment(chart);
      const remote = new FakeService(chart, 'remote', { namespace: 'payments', serviceAccount: 'remote' });
      new VaultInjectedSecret(chart, 'both', { workload: d, service: new FakeService(chart, 's', { namespace: 'payments', serviceAccount: 'x', workload: d }), role: 'r', path: 'secret/data/x' });
      new VaultInjectedSecret(chart, 'none', { role: 'r', path: 'secret/data/x' });
      new VaultInjectedSecret(chart, 'remote-db', { service: remote, role: 'r', path: 'secret/data/x' });
    });
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[test\/both\] give exactly one of workload/),
      expect.stringMatching(/^\[test\/none\] give exactly one of workload/),
      expect.stringMatching(/^\[test\/remote-db\] service test\/remote has no pod template in this app/),
    ]));
  });

  test('service: uses its workload and ServiceAccount; vaultRoleCommand documents the matching role', () => {
    let secret!: VaultInjectedSecret;
    const objs = synthChart(chart => {
      const d = deployment(chart, 'checkout', { sa: false });
      const svc = new FakeService(chart, 'svc', { namespace: 'payments', serviceAccount: 'checkout-service', workload: d });
      secret = new VaultInjectedSecret(chart, 'db', { service: svc, role: 'checkout-service', path: 'secret/data/payments/db' });
    });
    expectValidManifests(objs);
    expect(podTemplate(find(objs, 'Deployment')[0]).metadata.annotations[`${V}agent-inject`]).toBe('true');
    expect(secret.vaultRoleCommand()).toBe('vault write auth/kubernetes/role/checkout-service bound_service_account_names=checkout-service bound_service_account_namespaces=payments audience=vault token_policies=checkout-service token_ttl=1h');
    expect(secret.filePath).toBe('/vault/secrets/db');
  });
});

describe('VaultInjectedSecret in a mesh', () => {
  const meshes: Array<[string, () => Mesh, string | undefined]> = [
    ['istio-sidecar', () => Mesh.istioSidecar({ cni: true }), 'traffic.sidecar.istio.io/excludeOutboundPorts'],
    ['linkerd', () => Mesh.linkerd({ cni: true }), 'config.linkerd.io/skip-outbound-ports'],
    ['istio-ambient', () => Mesh.istioAmbient(), undefined],
  ];
  for (const [name, mesh, bypass] of meshes) {
    test(`${name}: MeshService workload, Vault port ${bypass ? 'bypasses the proxy' : 'needs nothing'}`, () => {
      const objs = synthChart(chart => {
        const profile = new ClusterProfile({ mesh: mesh(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
        const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
        const d = new kplus.Deployment(ns, 'deploy', { containers: [{ name: 'app', image: 'registry.example.com/checkout:1.0', portNumber: 8080, securityContext: { user: 10001 } }] });
        const svc = new MeshService(ns, 'checkout', { name: 'checkout-service', ports: [Port.http(8080)], workload: d });
        new VaultInjectedSecret(ns, 'db', { service: svc, role: 'checkout-service', path: 'secret/data/payments/db', connection: { address: 'https://vault.example.com:8443' } });
      });
      expectValidManifests(objs);
      const t = podTemplate(find(objs, 'Deployment')[0]);
      if (bypass) expect(t.metadata.annotations[bypass]).toBe('8443');
      expect(Object.keys(t.metadata.annotations).filter(k => k.startsWith('traffic.sidecar') || k.startsWith('config.linkerd'))).toEqual(bypass ? [bypass] : []);
      expect(t.spec.serviceAccountName).toBe('checkout-service');
      expect(t.spec.automountServiceAccountToken).toBe(false);
      expect(t.spec.volumes).toEqual([expect.objectContaining({ name: 'vault-token' })]);
      expect(t.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    });
  }

  test('NATIVE_SIDECAR adds no bypass; an existing exclusion list is merged', () => {
    const objs = synthChart(chart => {
      const a = deployment(chart, 'a');
      const b = deployment(chart, 'b');
      b.podMetadata.addAnnotation('traffic.sidecar.istio.io/excludeOutboundPorts', '9000,5432');
      new VaultInjectedSecret(chart, 'a-db', { workload: a, role: 'a', path: 'secret/data/a', mesh: Mesh.istioSidecar(), meshTraversal: VaultMeshTraversal.NATIVE_SIDECAR });
      new VaultInjectedSecret(chart, 'b-db', { workload: b, role: 'b', path: 'secret/data/b', mesh: Mesh.istioSidecar() });
    });
    expectValidManifests(objs);
    const [a, b] = find(objs, 'Deployment').map(podTemplate);
    expect(a.metadata.annotations['traffic.sidecar.istio.io/excludeOutboundPorts']).toBeUndefined();
    expect(b.metadata.annotations['traffic.sidecar.istio.io/excludeOutboundPorts']).toBe('5432,8200,9000');
  });
});
