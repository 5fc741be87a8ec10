import { Chart } from 'cdk8s';
import { ClusterProfile } from '../../src';
import { SpireBundleEndpointProfile, SpireFederation, SpireFederationProps } from '../../src/constructs/spire/spire-federation';
import { SpireServer } from '../../src/constructs/spire/spire-server';
import { SpiffeId } from '../../src/model/spiffe-id';
import { expectValidManifests } from '../util/expect-valid';
import { one, synthChart, synthErrors } from '../util/synth';

const BUNDLE = JSON.stringify({ keys: [{ use: 'x509-svid', kty: 'EC', crv: 'P-256', x: 'AA', y: 'BB', x5c: ['MIIB'] }], spiffe_refresh_hint: 300 });

function fed(props: (server: SpireServer) => Omit<SpireFederationProps, 'server'>) {
  return (chart: Chart) => {
    const server = new SpireServer(chart, 'server', { profile: new ClusterProfile({ trustDomain: 'prod.example.com' }), clusterName: 'c', bundleEndpoint: true });
    new SpireFederation(chart, 'partner', { server, ...props(server) });
  };
}

describe('SpireFederation', () => {
  test('https_spiffe peer', () => {
    const objs = synthChart(fed(() => ({
      trustDomain: 'partner.example.com',
      bundleEndpointUrl: 'https://spire.partner.example.com:8443',
      bundleEndpointProfile: SpireBundleEndpointProfile.httpsSpiffe(SpiffeId.of('spiffe://partner.example.com/spire/server')),
      trustDomainBundle: BUNDLE,
    })));
    expectValidManifests(objs);
    const ftd = one(objs, 'ClusterFederatedTrustDomain', 'partner-example-com');
    expect(ftd.spec).toEqual({
      trustDomain: 'partner.example.com',
      bundleEndpointURL: 'https://spire.partner.example.com:8443',
      bundleEndpointProfile: { type: 'https_spiffe', endpointSPIFFEID: 'spiffe://partner.example.com/spire/server' },
      trustDomainBundle: BUNDLE,
    });
  });

  test('https_web peer needs no initial bundle', () => {
    const objs = synthChart(fed(() => ({
      trustDomain: 'web.example.org', bundleEndpointUrl: 'https://bundle.web.example.org/', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb(),
    })));
    expectValidManifests(objs);
    expect(one(objs, 'ClusterFederatedTrustDomain', 'web-example-org').spec.bundleEndpointProfile).toEqual({ type: 'https_web' });
  });

  test('the local bundle endpoint SPIFFE ID', () => {
    let server!: SpireServer;
    synthChart(chart => { server = new SpireServer(chart, 's', { profile: new ClusterProfile({ trustDomain: 'prod.example.com' }), clusterName: 'c' }); });
    expect(server.bundleEndpointSpiffeId.uri).toBe('spiffe://prod.example.com/spire/server');
  });

  test.each<[string, Omit<SpireFederationProps, 'server'>, RegExp]>([
    ['own trust domain', { trustDomain: 'prod.example.com', bundleEndpointUrl: 'https://x', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb() }, /is the local trust domain/],
    ['bad trust domain', { trustDomain: 'Partner', bundleEndpointUrl: 'https://x', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb() }, /trustDomain: trust domain "Partner"/],
    ['http url', { trustDomain: 'p.example', bundleEndpointUrl: 'http://x', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb() }, /bundleEndpointUrl "http:\/\/x" must be an https URL/],
    ['userinfo url', { trustDomain: 'p.example', bundleEndpointUrl: 'https://u:p@x', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb() }, /without user info/],
    ['https_spiffe without bundle', { trustDomain: 'p.example', bundleEndpointUrl: 'https://x', bundleEndpointProfile: SpireBundleEndpointProfile.httpsSpiffe(SpiffeId.of('spiffe://p.example/spire/server')) }, /trustDomainBundle is required with the https_spiffe profile/],
    ['endpoint ID in another domain', { trustDomain: 'p.example', bundleEndpointUrl: 'https://x', trustDomainBundle: BUNDLE, bundleEndpointProfile: SpireBundleEndpointProfile.httpsSpiffe(SpiffeId.of('spiffe://q.example/spire/server')) }, /not in the peer trust domain "p.example"/],
    ['invalid endpoint ID', { trustDomain: 'p.example', bundleEndpointUrl: 'https://x', trustDomainBundle: BUNDLE, bundleEndpointProfile: SpireBundleEndpointProfile.httpsSpiffe(SpiffeId.of('spiffe://p.example/a/')) }, /bundleEndpointProfile: .*trailing slash/],
    ['bad bundle', { trustDomain: 'p.example', bundleEndpointUrl: 'https://x', trustDomainBundle: '-----BEGIN CERTIFICATE-----', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb() }, /trustDomainBundle is not a SPIFFE bundle/],
  ])('%s', (_n, props, msg) => {
    expect(synthErrors(fed(() => props)).join('\n')).toMatch(msg);
  });
});
