import { Chart } from 'cdk8s';
import { ClusterProfile, NetworkPolicyEngine } from '../../src';
import { SpireBundleEndpointProfile, SpireFederation, SpireFederationProps } from '../../src/constructs/spire/spire-federation';
import { SpireServer } from '../../src/constructs/spire/spire-server';
import { SpiffeId } from '../../src/model/spiffe-id';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

const BUNDLE = JSON.stringify({ keys: [{ use: 'x509-svid', kty: 'EC', crv: 'P-256', x: 'AA', y: 'BB', x5c: ['MIIB'] }], spiffe_refresh_hint: 300 });

const npProfile = () => new ClusterProfile({ trustDomain: 'prod.example.com', apiServer: { cidrs: ['10.96.0.1/32'] } });
const ciliumProfile = () => new ClusterProfile({ trustDomain: 'prod.example.com', networkPolicy: [NetworkPolicyEngine.CILIUM] });

function fed(props: (server: SpireServer) => Omit<SpireFederationProps, 'server'>, profile: ClusterProfile = npProfile()) {
  return (chart: Chart) => {
    const server = new SpireServer(chart, 'server', {
      profile, clusterName: 'c', nodeCidrs: ['10.0.0.0/16'], bundleEndpoint: true, bundleEndpointClientCidrs: ['198.51.100.0/24'],
    });
    new SpireFederation(chart, 'partner', { server, bundleEndpointCidrs: ['203.0.113.10/32'], ...props(server) });
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
    synthChart(chart => { server = new SpireServer(chart, 's', { profile: npProfile(), nodeCidrs: ['10.0.0.0/16'], clusterName: 'c' }); });
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
    ['bad cidr', { trustDomain: 'p.example', bundleEndpointUrl: 'https://x', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb(), bundleEndpointCidrs: ['203.0.113.10'] }, /\[test\/partner\] bundleEndpointCidrs entry "203.0.113.10" is not a CIDR/],
    ['no cidrs with NetworkPolicy', { trustDomain: 'p.example', bundleEndpointUrl: 'https://x', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb(), bundleEndpointCidrs: [] },
      /\[test\/partner\] bundleEndpointCidrs is required with Kubernetes NetworkPolicy: the SPIRE server namespace "spire-server" is default deny .* set bundleEndpointCidrs to the peer endpoint's addresses/],
  ])('%s', (_n, props, msg) => {
    expect(synthErrors(fed(() => props)).join('\n')).toMatch(msg);
  });
});

describe('SpireFederation egress', () => {
  const web = { trustDomain: 'web.example.org', bundleEndpointUrl: 'https://bundle.web.example.org/', bundleEndpointProfile: SpireBundleEndpointProfile.httpsWeb() };

  test('NetworkPolicy: egress from the server pods to the peer endpoint addresses and port', () => {
    const objs = synthChart(fed(() => ({ ...web, bundleEndpointUrl: 'https://spire.partner.example.com:8443' })));
    expectValidManifests(objs);
    const np = one(objs, 'NetworkPolicy', 'spire-federation-web-example-org-egress');
    expect(np.metadata.namespace).toBe('spire-server');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'spire-server', 'app.kubernetes.io/instance': 'spire-server-spire-server' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '203.0.113.10/32' } }], ports: [{ port: 8443, protocol: 'TCP' }] }],
    });
    expect(find(objs, 'CiliumNetworkPolicy')).toEqual([]);
  });

  test('Cilium: toFQDNs of the URL host (DNS allowed through the proxy), no CIDRs needed', () => {
    const objs = synthChart(fed(() => ({ ...web, bundleEndpointCidrs: undefined }), ciliumProfile()));
    expectValidManifests(objs);
    const cnp = one(objs, 'CiliumNetworkPolicy', 'spire-federation-web-example-org-egress');
    expect(cnp.spec.endpointSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'spire-server', 'app.kubernetes.io/instance': 'spire-server-spire-server' } });
    expect(cnp.spec.egress).toEqual([{ toFQDNs: [{ matchName: 'bundle.web.example.org' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }]);
    expect(one(objs, 'CiliumNetworkPolicy', 'spire-allow-dns-egress').spec.egress[0].toPorts[0].rules).toEqual({ dns: [{ matchPattern: '*' }] });
    expect(find(objs, 'NetworkPolicy')).toEqual([]);
  });

  test('Cilium: an IP literal host is allowed by the given CIDRs only', () => {
    const objs = synthChart(fed(() => ({ ...web, bundleEndpointUrl: 'https://203.0.113.10:8443' }), ciliumProfile()));
    expectValidManifests(objs);
    expect(one(objs, 'CiliumNetworkPolicy', 'spire-federation-web-example-org-egress').spec.egress)
      .toEqual([{ toCIDR: ['203.0.113.10/32'], toPorts: [{ ports: [{ port: '8443', protocol: 'TCP' }] }] }]);
  });
});
