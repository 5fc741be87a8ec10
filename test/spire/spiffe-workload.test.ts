import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClusterProfile, Exception, IdentityProvider, Mesh, ZeroTrustNamespace } from '../../src';
import { SpiffeWorkload, SpiffeWorkloadProps } from '../../src/constructs/spiffe-workload';
import { IWorkloadIdentity } from '../../src/model/workload';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

/** A tiny IWorkloadIdentity test double around a kplus Deployment. */
class FakeService extends Construct implements IWorkloadIdentity {
  public readonly namespaceName: string;
  public readonly serviceAccountName: string;
  public readonly podLabels: { [key: string]: string };
  public readonly workload?: kplus.Workload;
  constructor(scope: Construct, id: string, ns: string, sa: string, withWorkload = true) {
    super(scope, id);
    this.namespaceName = ns;
    this.serviceAccountName = sa;
    this.podLabels = { 'app.kubernetes.io/name': sa };
    if (withWorkload) {
      const d = new kplus.Deployment(this, 'Deployment', {
        metadata: { namespace: ns },
        podMetadata: { labels: this.podLabels },
        select: false,
        containers: [{ name: 'app', image: 'registry.example.com/checkout:1.0.0', portNumber: 8080, securityContext: { user: 1000, group: 1000 } }],
      });
      d.select(kplus.LabelSelector.of({ labels: this.podLabels }));
      this.workload = d;
    }
  }
}

const profile = (extra: any = {}) => new ClusterProfile({ trustDomain: 'prod.example.com', ...extra });

function build(props: (scope: Construct) => SpiffeWorkloadProps) {
  return (chart: Chart) => { new SpiffeWorkload(chart, 'checkout-id', props(chart)); };
}

describe('SpiffeWorkload', () => {
  test('ClusterSPIFFEID scoped to exactly the workload, short TTLs, CSI mount and socket env', () => {
    let w!: SpiffeWorkload;
    const objs = synthChart(chart => {
      const svc = new FakeService(chart, 'checkout', 'payments', 'checkout-service');
      w = new SpiffeWorkload(chart, 'checkout-id', { service: svc, profile: profile() });
    });
    expectValidManifests(objs);
    const reg = one(objs, 'ClusterSPIFFEID', 'payments-checkout-service');
    expect(reg.apiVersion).toBe('spire.spiffe.io/v1alpha1');
    expect(reg.spec).toEqual({
      spiffeIDTemplate: 'spiffe://prod.example.com/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'checkout-service' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } },
      ttl: '1h',
      jwtTtl: '5m',
      admin: false,
      downstream: false,
    });
    expect(w.spiffeId!.uri).toBe('spiffe://prod.example.com/ns/payments/sa/checkout-service');
    expect(w.endpointSocket).toBe('unix:///spiffe-workload-api/spire-agent.sock');

    const dep = one(objs, 'Deployment', find(objs, 'Deployment')[0].metadata.name);
    const pod = dep.spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'spiffe-workload-api', csi: { driver: 'csi.spiffe.io', readOnly: true } }]);
    expect(pod.volumes.some((v: any) => v.hostPath)).toBe(false);
    const app = pod.containers[0];
    expect(app.volumeMounts).toEqual([{ name: 'spiffe-workload-api', mountPath: '/spiffe-workload-api', readOnly: true }]);
    expect(app.env).toEqual([{ name: 'SPIFFE_ENDPOINT_SOCKET', value: 'unix:///spiffe-workload-api/spire-agent.sock' }]);
  });

  test('template per trust domain, selector form, options', () => {
    const objs = synthChart(chart => {
      new SpiffeWorkload(chart, 'batch', {
        selector: { namespaceName: 'jobs', podLabels: { app: 'batch' } },
        profile: profile({ trustDomain: 'staging.example.com' }),
        pathTemplate: 'workload/{{ .PodMeta.Namespace }}/{{ .PodMeta.Name }}',
        x509SvidTtl: Duration.minutes(30),
        jwtSvidTtl: Duration.minutes(2),
        dnsNameTemplates: ['{{ .PodMeta.Name }}.jobs.svc'],
        federatesWith: ['partner.example.com'],
        jwtAudiences: ['spiffe://staging.example.com/ns/api/sa/gateway'],
        name: 'jobs-batch',
      });
    });
    expectValidManifests(objs);
    const reg = one(objs, 'ClusterSPIFFEID', 'jobs-batch');
    expect(reg.spec).toMatchObject({
      spiffeIDTemplate: 'spiffe://staging.example.com/workload/{{ .PodMeta.Namespace }}/{{ .PodMeta.Name }}',
      podSelector: { matchLabels: { app: 'batch' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } },
      ttl: '30m',
      jwtTtl: '2m',
      dnsNameTemplates: ['{{ .PodMeta.Name }}.jobs.svc'],
      federatesWith: ['partner.example.com'],
      admin: false,
      downstream: false,
    });
    expect(reg.metadata.annotations).toEqual({ 'zero-trust.cdk8s.io/jwt-audiences': 'spiffe://staging.example.com/ns/api/sa/gateway' });
  });

  test('profile from the enclosing ZeroTrustNamespace; JWT audiences reach the containers', () => {
    const objs = synthChart(chart => {
      const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile: profile({ trustDomain: 'td.example' }) });
      const svc = new FakeService(ns, 'checkout', 'payments', 'checkout');
      new SpiffeWorkload(ns, 'id', { service: svc, jwtAudiences: ['payments-api', 'ledger'] });
    });
    expectValidManifests(objs);
    expect(one(objs, 'ClusterSPIFFEID', 'payments-checkout').spec.spiffeIDTemplate).toMatch(/^spiffe:\/\/td\.example\//);
    const env = find(objs, 'Deployment')[0].spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([{ name: 'SPIFFE_JWT_AUDIENCES', value: 'payments-api,ledger' }]));
  });

  test('Istio sidecar + SPIRE: the CSI volume is the workload-socket the proxy reads', () => {
    const p = profile({ mesh: Mesh.istioSidecar(), identityProvider: IdentityProvider.SPIRE });
    let w!: SpiffeWorkload;
    const objs = synthChart(chart => {
      const svc = new FakeService(chart, 'checkout', 'payments', 'checkout');
      w = new SpiffeWorkload(chart, 'id', { service: svc, profile: p });
    });
    expectValidManifests(objs);
    const pod = find(objs, 'Deployment')[0].spec.template;
    expect(pod.spec.volumes).toEqual([{ name: 'workload-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } }]);
    expect(pod.metadata.labels['spiffe.io/spire-managed-identity']).toBe('true');
    expect(w.endpointSocket).toBe('unix:///spiffe-workload-api/socket');
  });

  test('long-lived SVIDs need an exception', () => {
    const objs = synthChart(build(() => ({
      selector: { namespaceName: 'legacy', podLabels: { app: 'legacy' } },
      profile: profile(),
      x509SvidTtl: Duration.hours(48),
      jwtSvidTtl: Duration.hours(2),
      longLivedSvidException: Exception.of({ reason: 'legacy client cannot reload certs until LEG-7', expires: '2027-03-01' }),
    })));
    expectValidManifests(objs);
    expect(one(objs, 'ClusterSPIFFEID', 'legacy-checkout-id').metadata.annotations).toMatchObject({
      'zero-trust.cdk8s.io/exception.long-lived-svid': 'legacy client cannot reload certs until LEG-7',
    });
  });
});

describe('SpiffeWorkload errors', () => {
  const sel = { namespaceName: 'payments', podLabels: { app: 'checkout' } };
  const errs = (props: (scope: Construct) => SpiffeWorkloadProps) => synthErrors(build(props)).join('\n');

  test.each<[string, (s: Construct) => SpiffeWorkloadProps, RegExp]>([
    ['neither service nor selector', () => ({ profile: profile() }), /\[test\/checkout-id\] give exactly one of service .* and selector/],
    ['both', s => ({ profile: profile(), selector: sel, service: new FakeService(s, 'svc', 'payments', 'checkout') }), /give exactly one of/],
    ['no profile', () => ({ selector: sel }), /no cluster profile: pass profile, or create the SpiffeWorkload .* inside a ZeroTrustNamespace/],
    ['empty labels', () => ({ profile: profile(), selector: { namespaceName: 'payments', podLabels: {} } }), /podLabels is empty: the registration would give this identity to every pod/],
    ['bad namespace', () => ({ profile: profile(), selector: { namespaceName: 'Payments', podLabels: { app: 'x' } } }), /namespace "Payments"/],
    ['bad label value', () => ({ profile: profile(), selector: { namespaceName: 'p', podLabels: { app: 'a b' } } }), /pod label app="a b"/],
    ['JWT longer than X.509', () => ({ profile: profile(), selector: sel, x509SvidTtl: Duration.minutes(10), jwtSvidTtl: Duration.minutes(30) }), /jwtSvidTtl 30m is longer than x509SvidTtl 10m/],
    ['long X.509 without exception', () => ({ profile: profile(), selector: sel, x509SvidTtl: Duration.hours(25) }), /x509SvidTtl is 25h \(90000 seconds\), above the 24h cap for SVIDs: .* justify it with longLivedSvidException: Exception.of/],
    ['long JWT without exception', () => ({ profile: profile(), selector: sel, x509SvidTtl: Duration.hours(3), jwtSvidTtl: Duration.hours(2) }), /jwtSvidTtl is 2h \(7200 seconds\), above the 1h cap for SVIDs/],
    ['needless exception', () => ({ profile: profile(), selector: sel, longLivedSvidException: Exception.of({ reason: 'not needed at all here', expires: '2027-01-01' }) }), /longLivedSvidException is only accepted with x509SvidTtl above 24h or jwtSvidTtl above 1h; remove it/],
    ['sub-second TTL', () => ({ profile: profile(), selector: sel, jwtSvidTtl: Duration.millis(10) }), /jwtSvidTtl .* is not a positive whole number of seconds/],
    ['bad path template', () => ({ profile: profile(), selector: sel, pathTemplate: 'ns//{{ .PodMeta.Name }}' }), /pathTemplate "ns\/\/\{\{ .PodMeta.Name \}\}": .*empty path segment/],
    ['unknown template value', () => ({ profile: profile(), selector: sel, pathTemplate: 'x/{{ .Secret }}' }), /"\{\{ .Secret \}\}" is not a spire-controller-manager template value/],
    ['unbalanced template', () => ({ profile: profile(), selector: sel, pathTemplate: 'x/{{ .PodMeta.Name' }), /unbalanced/],
    ['bad DNS template', () => ({ profile: profile(), selector: sel, dnsNameTemplates: ['{{ .PodMeta.Name }}_x'] }), /is not a DNS name template/],
    ['Istio needs the ns/sa form', () => ({ profile: profile({ mesh: Mesh.istioSidecar(), identityProvider: IdentityProvider.SPIRE }), selector: sel, pathTemplate: 'app/x' }), /Istio .* only accepts IDs of the form/],
    ['federate with self', () => ({ profile: profile(), selector: sel, federatesWith: ['prod.example.com'] }), /federatesWith "prod.example.com" is the workload's own trust domain/],
    ['federate bad td', () => ({ profile: profile(), selector: sel, federatesWith: ['Partner'] }), /federatesWith: trust domain "Partner"/],
    ['federate twice', () => ({ profile: profile(), selector: sel, federatesWith: ['a.example', 'a.example'] }), /federatesWith lists a trust domain twice/],
    ['empty audiences', () => ({ profile: profile(), selector: sel, jwtAudiences: [] }), /jwtAudiences is empty/],
    ['bad audience', () => ({ profile: profile(), selector: sel, jwtAudiences: ['a b'] }), /jwtAudiences entry "a b"/],
    ['duplicate audience', () => ({ profile: profile(), selector: sel, jwtAudiences: ['a', 'a'] }), /jwtAudiences lists an audience twice/],
    ['bad name', () => ({ profile: profile(), selector: sel, name: 'Bad_Name' }), /name "Bad_Name"/],
    ['bad service account', s => ({ profile: profile(), service: new FakeService(s, 'svc', 'payments', 'Bad SA', false) }), /SPIFFE ID of service account "Bad SA"/],
    ['bad exception', () => ({ profile: profile(), selector: sel, x509SvidTtl: Duration.hours(48), longLivedSvidException: Exception.of({ reason: 'x', expires: '2027-01-01' }) }), /longLivedSvidException: the exception for SVIDs needs a reason/],
  ])('%s', (_n, props, msg) => {
    expect(errs(props)).toMatch(msg);
  });

  test('containers added after the SpiffeWorkload are reported', () => {
    const e = synthErrors(chart => {
      const svc = new FakeService(chart, 'svc', 'payments', 'checkout');
      new SpiffeWorkload(chart, 'id', { service: svc, profile: profile() });
      svc.workload!.addContainer({ name: 'late', image: 'registry.example.com/late:1.0.0' });
    }).join('\n');
    expect(e).toMatch(/container "late" was added to .* after the SpiffeWorkload was created/);
  });
});
