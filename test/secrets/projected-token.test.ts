import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { deployment, FakeService, podTemplate } from './helpers';
import { ProjectedServiceAccountToken } from '../../src/constructs/projected-token';
import { expectValidManifests } from '../util/expect-valid';
import { find, synthChart, synthErrors } from '../util/synth';

describe('ProjectedServiceAccountToken', () => {
  test('audience-bound, 1h by default, read-only in every container', () => {
    let token!: ProjectedServiceAccountToken;
    const objs = synthChart(chart => {
      const d = deployment(chart);
      d.addContainer({ name: 'sidecar', image: 'registry.example.com/s:1', securityContext: { user: 10001 } });
      token = new ProjectedServiceAccountToken(chart, 'vault-token', { workload: d, audience: 'vault' });
    });
    expectValidManifests(objs);
    const spec = podTemplate(find(objs, 'Deployment')[0]).spec;
    expect(spec.volumes).toEqual([{ name: 'token-vault', projected: { sources: [{ serviceAccountToken: { audience: 'vault', expirationSeconds: 3600, path: 'token' } }] } }]);
    for (const c of spec.containers) expect(c.volumeMounts).toEqual([{ name: 'token-vault', mountPath: '/var/run/secrets/tokens/vault', readOnly: true }]);
    expect(token.tokenPath).toBe('/var/run/secrets/tokens/vault/token');
    expect(token.expirationSeconds).toBe(3600);
  });

  test('custom lifetime, path, volume name, containers; service with its workload; Job and CronJob', () => {
    const objs = synthChart(chart => {
      const d = deployment(chart);
      d.addContainer({ name: 'sidecar', image: 'registry.example.com/s:1', securityContext: { user: 10001 } });
      const svc = new FakeService(chart, 'svc', { namespace: 'payments', serviceAccount: 'checkout-service', workload: d });
      new ProjectedServiceAccountToken(chart, 'sts', { service: svc, audience: 'sts.amazonaws.com', expiration: Duration.minutes(10), mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount', volumeName: 'aws-iam-token', containers: ['app'] });
      const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'jsa', 'batch');
      const job = new kplus.Job(chart, 'job', { serviceAccount: sa, containers: [{ name: 'j', image: 'registry.example.com/j:1', securityContext: { user: 10001 } }] });
      new ProjectedServiceAccountToken(chart, 'job-token', { workload: job, audience: 'https://vault.example.com', expiration: Duration.hours(24) });
    });
    expectValidManifests(objs);
    const d = podTemplate(find(objs, 'Deployment')[0]).spec;
    expect(d.volumes).toEqual([{ name: 'aws-iam-token', projected: { sources: [{ serviceAccountToken: { audience: 'sts.amazonaws.com', expirationSeconds: 600, path: 'token' } }] } }]);
    expect(d.containers[0].volumeMounts).toEqual([{ name: 'aws-iam-token', mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount', readOnly: true }]);
    expect(d.containers[1].volumeMounts).toBeUndefined();
    const j = podTemplate(find(objs, 'Job')[0]).spec;
    expect(j.volumes[0].projected.sources[0].serviceAccountToken).toEqual({ audience: 'https://vault.example.com', expirationSeconds: 86400, path: 'token' });
    expect(j.volumes[0].name).toMatch(/^token-https-vault-example-com-[0-9a-f]{8}$/);
  });

  test('expiry bounds: below 600 seconds fails like the API server; 600 passes', () => {
    const below = synthErrors(chart => { new ProjectedServiceAccountToken(chart, 't', { workload: deployment(chart), audience: 'vault', expiration: Duration.seconds(599) }); });
    expect(below).toEqual([expect.stringMatching(/^\[test\/t\] expiration is 599 seconds; the API server rejects projected service account tokens that live less than 600 seconds/)]);
    const above = synthErrors(chart => { new ProjectedServiceAccountToken(chart, 't', { workload: deployment(chart), audience: 'vault', expiration: Duration.seconds(2 ** 32 + 1) }); });
    expect(above.join('\n')).toContain('at most 2^32 seconds');
    expect(synthErrors(chart => { new ProjectedServiceAccountToken(chart, 't', { workload: deployment(chart), audience: 'vault', expiration: Duration.seconds(600) }); })).toEqual([]);
  });

  test('problems: empty audience, unknown container, shared default ServiceAccount, remote service', () => {
    const errors = synthErrors(chart => {
      new ProjectedServiceAccountToken(chart, 'a', { workload: deployment(chart, 'x'), audience: ' ' });
      new ProjectedServiceAccountToken(chart, 'b', { workload: deployment(chart, 'y'), audience: 'vault', containers: ['nope'] });
      new ProjectedServiceAccountToken(chart, 'c', { workload: deployment(chart, 'z', { sa: false }), audience: 'vault' });
      new ProjectedServiceAccountToken(chart, 'd', { service: new FakeService(chart, 'remote', { namespace: 'p', serviceAccount: 'r' }), audience: 'vault' });
    });
    const text = errors.join('\n');
    expect(text).toContain('[test/a] audience is empty');
    expect(text).toContain('[test/b] container "nope" does not exist in workload test/y (containers: app)');
    expect(text).toContain('[test/c] workload test/z runs as the namespace\'s shared "default" ServiceAccount');
    expect(text).toContain('[test/d] service test/remote has no pod template in this app');
  });
});
