import { Chart, Duration } from 'cdk8s';
import { deployment, podTemplate } from './helpers';
import { ProjectedServiceAccountToken } from '../../src/constructs/projected-token';
import { SpiffeWorkload } from '../../src/constructs/spiffe-workload';
import { SpireAgent } from '../../src/constructs/spire/spire-agent';
import { SpireServer, SpireServerProps } from '../../src/constructs/spire/spire-server';
import { VaultInjectedSecret } from '../../src/constructs/vault-injected-secret';
import { Exception } from '../../src/model/exception';
import { ClusterProfile } from '../../src/profile/cluster-profile';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

// Issue 12, defect 9: a credential that lives longer than 24 hours (a JWT-SVID: 1 hour) needs an
// Exception. Bounds the API server itself enforces (10 minutes to 2^32 s for projected tokens,
// k8s.io/kubernetes pkg/apis/core/validation ValidateProjectedVolumeSource) are tested in
// projected-token.test.ts; this cap is the library's secure default on top of them.

const exception = () => Exception.of({ reason: 'batch client re-reads its token once a day (BATCH-12)', expires: '2027-03-31' });

const token = (extra: Partial<{ expiration: Duration; longLivedTokenException: Exception }>) => (chart: Chart) => {
  new ProjectedServiceAccountToken(chart, 'token', { workload: deployment(chart), audience: 'vault', ...extra });
};
const vault = (extra: Partial<{ tokenExpiration: Duration; longLivedTokenException: Exception }>) => (chart: Chart) => {
  new VaultInjectedSecret(chart, 'db', { workload: deployment(chart), role: 'checkout-service', path: 'secret/data/payments/db', ...extra });
};
const spire = (extra: Partial<SpireServerProps>) => (chart: Chart) => {
  const profile = new ClusterProfile({ trustDomain: 'prod.example.com', apiServer: { cidrs: ['10.96.0.1/32'] } });
  const server = new SpireServer(chart, 'server', { profile, clusterName: 'prod', nodeCidrs: ['10.0.0.0/16'], ...extra });
  new SpireAgent(chart, 'agent', { server, podSecurityException: Exception.of({ reason: 'SPIRE agent needs hostPID and hostNetwork', expires: '2027-06-30' }) });
};

describe('credential lifetime cap (24h; JWT-SVID 1h)', () => {
  test.each<[string, (c: Chart) => void, string]>([
    ['projected token of 2 days', token({ expiration: Duration.days(2) }),
      '[test/token] expiration is 48h (172800 seconds), above the 24h cap for a projected service account token: a stolen credential stays valid for its whole lifetime, so long-lived ones need a reviewed reason; use at most 24h (shorter is better; rotation is automatic), or justify it with longLivedTokenException: Exception.of({ reason, expires })'],
    ['projected token of 24h and 1s', token({ expiration: Duration.seconds(86401) }),
      '[test/token] expiration is 24h1s (86401 seconds), above the 24h cap'],
    ['Vault login token of 30 days', vault({ tokenExpiration: Duration.days(30) }),
      '[test/db] tokenExpiration is 720h (2592000 seconds), above the 24h cap for the Vault Agent login token'],
    ['SPIRE server default X.509-SVID of 2 days', spire({ caTtl: Duration.days(30), defaultX509SvidTtl: Duration.days(2) }),
      '[test/server] defaultX509SvidTtl is 48h (172800 seconds), above the 24h cap for SVIDs'],
    ['SPIRE server default JWT-SVID of 2 hours', spire({ defaultX509SvidTtl: Duration.hours(3), defaultJwtSvidTtl: Duration.hours(2) }),
      '[test/server] defaultJwtSvidTtl is 2h (7200 seconds), above the 1h cap for SVIDs'],
    ['SpiffeWorkload X.509-SVID of 2 days', chart => {
      new SpiffeWorkload(chart, 'id', { profile: new ClusterProfile(), selector: { namespaceName: 'p', podLabels: { app: 'a' } }, x509SvidTtl: Duration.days(2) });
    }, '[test/id] x509SvidTtl is 48h (172800 seconds), above the 24h cap for SVIDs'],
    ['needless exception on a 1h token', token({ longLivedTokenException: exception() }),
      '[test/token] longLivedTokenException is only accepted with expiration above 24h; remove it'],
    ['needless exception on the Vault login token', vault({ longLivedTokenException: exception() }),
      '[test/db] longLivedTokenException is only accepted with tokenExpiration above 24h; remove it'],
    ['expired exception', token({ expiration: Duration.days(2), longLivedTokenException: Exception.of({ reason: 'batch client re-reads its token once a day', expires: '2026-01-01' }) }),
      '[test/token] longLivedTokenException: the exception for a projected service account token expired on 2026-01-01'],
  ])('%s fails', (_name, build, message) => {
    const errors = synthErrors(build);
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  test('exactly 24h passes without an exception (the cap is inclusive)', () => {
    expect(synthErrors(token({ expiration: Duration.hours(24) }))).toEqual([]);
    expect(synthErrors(vault({ tokenExpiration: Duration.hours(24) }))).toEqual([]);
    expect(synthErrors(spire({ caTtl: Duration.days(7), defaultX509SvidTtl: Duration.hours(24), defaultJwtSvidTtl: Duration.hours(1) }))).toEqual([]);
  });

  test('with an exception: passes, and the exception is recorded on the pods or the server', () => {
    const objs = synthChart(chart => {
      token({ expiration: Duration.days(2), longLivedTokenException: exception() })(chart);
    });
    expectValidManifests(objs);
    const pod = podTemplate(find(objs, 'Deployment')[0]);
    expect(pod.spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds).toBe(172800);
    expect(pod.metadata.annotations).toMatchObject({
      'zero-trust.cdk8s.io/exception.long-lived-token.token-vault': 'batch client re-reads its token once a day (BATCH-12)',
      'zero-trust.cdk8s.io/exception.long-lived-token.token-vault.expires': '2027-03-31',
    });

    const v = synthChart(vault({ tokenExpiration: Duration.days(2), longLivedTokenException: exception() }));
    expect(podTemplate(find(v, 'Deployment')[0]).metadata.annotations).toMatchObject({
      'zero-trust.cdk8s.io/exception.vault-long-lived-token': 'batch client re-reads its token once a day (BATCH-12)',
    });

    const s = synthChart(spire({ caTtl: Duration.days(30), defaultX509SvidTtl: Duration.days(2), longLivedSvidException: exception() }));
    expect(JSON.parse(one(s, 'ConfigMap', 'spire-server').data['server.conf']).server.default_x509_svid_ttl).toBe('48h');
    expect(JSON.stringify(s)).toContain('zero-trust.cdk8s.io/exception.long-lived-svid');
  });
});
