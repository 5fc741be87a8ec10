import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Exception } from '../../src';
import { NoSecretsInEnv } from '../../src/constructs/no-secrets-in-env';
import { appSynthMessage, synthErrors } from '../util/synth';

function kplusWithSecretEnv(chart: Chart, id = 'legacy'): kplus.Deployment {
  const secret = kplus.Secret.fromSecretName(chart, `${id}-secret`, 'db-secret');
  const d = new kplus.Deployment(chart, id, { containers: [{ name: 'app', image: 'registry.example.com/legacy:1', securityContext: { user: 10001 } }] });
  d.containers[0].env.addVariable('DB_PASSWORD', kplus.EnvValue.fromSecretValue({ secret, key: 'password' }));
  return d;
}

function raw(chart: Chart, id: string, env: any[], envFrom?: any[]): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: id },
    spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'x', env, envFrom }] } } } } },
  } as any);
}

describe('NoSecretsInEnv', () => {
  test('fails synthesis for cdk8s-plus workloads and raw ApiObjects, naming object and fix', () => {
    const msg = appSynthMessage(app => {
      NoSecretsInEnv.enforce(app);
      NoSecretsInEnv.enforce(app); // idempotent
      const chart = new Chart(app, 'c');
      kplusWithSecretEnv(chart);
      d2(chart);
      raw(chart, 'raw-env', [{ name: 'API_TOKEN', value: 'a-long-static-token' }], [{ secretRef: { name: 'all' } }]);
      raw(chart, 'raw-ok', [{ name: 'LOG_LEVEL', value: 'info' }]);
    });
    function d2(chart: Chart) {
      const d = new kplus.Deployment(chart, 'envfrom', { containers: [{ name: 'app', image: 'x', securityContext: { user: 10001 } }] });
      d.containers[0].env.copyFrom(kplus.Env.fromSecret(kplus.Secret.fromSecretName(chart, 'all-secret', 'all-of-it')));
    }
    expect(msg).toContain('Validation failed');
    expect(msg).toContain('c/legacy/Resource: Deployment/c-legacy-c8');
    expect(msg).toMatch(/reads Secret db-secret key password into environment variable DB_PASSWORD/);
    expect(msg).toMatch(/c\/envfrom\/Resource: .*loads every key of Secret all-of-it/);
    expect(msg).toMatch(/c\/raw-env: CronJob\/raw-env container "job" sets environment variable API_TOKEN to a literal/);
    expect(msg).toMatch(/c\/raw-env: CronJob\/raw-env container "job" loads every key of Secret all/);
    expect(msg).not.toContain('raw-ok');
    expect((msg.match(/reads Secret db-secret/g) ?? []).length).toBe(1);
  });

  test('scoped to a chart; other charts are not checked', () => {
    const errors = synthErrors(chart => {
      NoSecretsInEnv.enforce(chart);
      kplusWithSecretEnv(chart);
      const other = new Chart(chart.node.scope as App, 'other');
      kplusWithSecretEnv(other, 'elsewhere');
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[test\] test\/legacy\/Resource: /);
  });

  test('a valid exception on a kplus workload or a raw object lets it pass; an expired one does not', () => {
    const ok = Exception.of({ reason: 'vendor image reads DB_PASSWORD only (VEND-7)', expires: '2027-03-31' });
    const errors = synthErrors(chart => {
      NoSecretsInEnv.enforce(chart);
      NoSecretsInEnv.allowWorkload(kplusWithSecretEnv(chart, 'a'), ok);
      NoSecretsInEnv.allowObject(raw(chart, 'b', [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]), ok);
      NoSecretsInEnv.allowWorkload(kplusWithSecretEnv(chart, 'c'), Exception.of({ reason: 'vendor image reads DB_PASSWORD only (VEND-7)', expires: '2026-11-01' }));
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/test\/c\/Resource: .*expired on 2026-11-01/);
  });

  test('no enforcement, no check', () => {
    expect(synthErrors(chart => { kplusWithSecretEnv(chart); })).toEqual([]);
  });
});
