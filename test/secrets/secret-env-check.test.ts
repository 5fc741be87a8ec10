import { SecretEnvCheck, SecretEnvViolation } from '../../src/model/secret-env-check';
import '../util/synth';

function deployment(env: any[], extra: any = {}, annotations?: any, envFrom?: any[]): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'legacy', namespace: 'payments', ...extra },
    spec: { template: { metadata: { annotations }, spec: { containers: [{ name: 'app', image: 'x', env, envFrom }] } } },
  };
}

describe('SecretEnvCheck (pure, plain manifests)', () => {
  test('secretKeyRef and envFrom.secretRef', () => {
    const f = SecretEnvCheck.check([deployment([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-secret', key: 'password' } } }, { name: 'CONFIG', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } }], {}, undefined, [{ secretRef: { name: 'all' } }, { configMapRef: { name: 'c' } }])]);
    expect(f.map(x => [x.violation, x.variable, x.path])).toEqual([
      [SecretEnvViolation.SECRET_KEY_REF, 'DB_PASSWORD', '/spec/template/spec/containers/0/env/0'],
      [SecretEnvViolation.SECRET_ENV_FROM, 'envFrom[0]', '/spec/template/spec/containers/0/envFrom/0'],
    ]);
    expect(f[0]).toMatchObject({ kind: 'Deployment', name: 'legacy', namespaceName: 'payments', container: 'app' });
    expect(f[0].message).toContain('reads Secret db-secret key password into environment variable DB_PASSWORD');
    expect(f[0].message).toContain('VaultInjectedSecret');
  });

  test('literal credentials: by name and by value; harmless values pass', () => {
    const env = [
      { name: 'DB_PASSWORD', value: 'supersecret' },
      { name: 'GITHUB_TOKEN', value: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
      { name: 'CONFIG', value: 'AKIAIOSFODNN7EXAMPLE' },
      { name: 'DATABASE_URL', value: 'postgres://app:hunter22@db:5432/app' },
      { name: 'TLS_KEY', value: '-----BEGIN RSA PRIVATE KEY-----\nabc' },
      { name: 'API_KEY', value: 'k-123456' },
      // harmless
      { name: 'DB_PASSWORD_FILE', value: '/vault/secrets/db' },
      { name: 'TOKEN_AUDIENCE', value: 'vault' },
      { name: 'SECRET_NAME', value: 'db-credentials' },
      { name: 'VAULT_TOKEN_PATH', value: '/var/run/secrets/tokens/vault/token' },
      { name: 'TOKEN_TTL', value: '30m' },
      { name: 'SECRETS_DIR', value: '/etc/secrets' },
      { name: 'AUTH_ENABLED', value: 'true' },
      { name: 'PASSWORD', value: '' },
      { name: 'DB_DSN', value: 'postgres://db:5432/app' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'PASSWORD', value: '$(OTHER)' },
    ];
    const f = SecretEnvCheck.check([deployment(env)]);
    expect(f.map(x => x.variable)).toEqual(['DB_PASSWORD', 'GITHUB_TOKEN', 'CONFIG', 'DATABASE_URL', 'TLS_KEY', 'API_KEY']);
    expect(f.every(x => x.violation === SecretEnvViolation.LITERAL_CREDENTIAL)).toBe(true);
    expect(f[2].message).toContain('an AWS access key id');
    expect(f[3].message).toContain('a URL with an embedded password');
  });

  test('every pod-bearing kind and container group; other objects are skipped', () => {
    const c = (name: string) => ({ name, image: 'x', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] });
    const objs = [
      { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [c('a')], initContainers: [c('init')], ephemeralContainers: [c('debug')] } },
      { kind: 'CronJob', metadata: { name: 'cj' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [c('a')] } } } } } },
      { kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [c('a')] } } } },
      { kind: 'StatefulSet', metadata: { name: 's' }, spec: { template: { spec: { containers: [c('a')] } } } },
      { kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: { spec: { containers: [c('a')] } } } },
      { kind: 'Rollout', apiVersion: 'argoproj.io/v1alpha1', metadata: { name: 'r' }, spec: { template: { spec: { containers: [c('a')] } } } },
      { kind: 'ConfigMap', metadata: { name: 'cm' }, data: { DB_PASSWORD: 'x' } },
      null, 'garbage',
    ];
    const f = SecretEnvCheck.check(objs);
    expect(f.map(x => `${x.kind}/${x.name}/${x.container}`)).toEqual(['Pod/p/init', 'Pod/p/a', 'Pod/p/debug', 'CronJob/cj/a', 'Job/j/a', 'StatefulSet/s/a', 'DaemonSet/d/a', 'Rollout/r/a']);
    expect(f[3].path).toBe('/spec/jobTemplate/spec/template/spec/containers/0/env/0');
  });

  test('exceptions on the object or the pod template; invalid or expired ones are reported', () => {
    const env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'p' } } }];
    const valid = { [SecretEnvCheck.EXCEPTION_ANNOTATION]: 'vendor image reads DB_PASSWORD only (VEND-7)', [SecretEnvCheck.EXCEPTION_EXPIRES_ANNOTATION]: '2027-03-31' };
    expect(SecretEnvCheck.check([deployment(env, { annotations: valid })])).toEqual([]);
    expect(SecretEnvCheck.check([deployment(env, {}, valid)])).toEqual([]);
    expect(SecretEnvCheck.check([deployment(env, {}, valid)], { ignoreExceptions: true })).toHaveLength(1);
    const expired = SecretEnvCheck.check([deployment(env, {}, { ...valid, [SecretEnvCheck.EXCEPTION_EXPIRES_ANNOTATION]: '2026-01-01' })]);
    expect(expired).toHaveLength(1);
    expect(expired[0].message).toContain('does not apply: the exception for secrets in environment variables expired on 2026-01-01');
    const noReason = SecretEnvCheck.check([deployment(env, {}, { [SecretEnvCheck.EXCEPTION_EXPIRES_ANNOTATION]: '2027-01-01' })]);
    expect(noReason[0].message).toContain('needs a reason');
    expect(SecretEnvCheck.EXCEPTION_ANNOTATION).toBe('zero-trust.cdk8s.io/exception.secret-env');
  });
});
