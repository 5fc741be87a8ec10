// ClusterProfile.clusterNetworkPolicy: the platform tier is opt-in, per managed namespace, withheld in a dry
// run, refused where it would break the cluster (system namespaces, no NetworkPolicy tier to allow routes).
import { ClusterNetworkPolicyProps, ClusterProfile, Enforcement, Exception, NetworkPolicyEngine, ZeroTrustNamespace } from '../../src';
import { expectValidManifests } from '../util/expect-valid';
import { synthChart, synthErrors } from '../util/synth';

const profile = (cnp: ClusterNetworkPolicyProps | undefined, engines = [NetworkPolicyEngine.KUBERNETES]) =>
  new ClusterProfile({ networkPolicy: engines, clusterNetworkPolicy: cnp });
const cnps = (objs: any[]) => objs.filter(o => o.kind === 'ClusterNetworkPolicy');

describe('ClusterProfile.clusterNetworkPolicy', () => {
  test('not rendered unless the profile asks for it', () => {
    expect(cnps(synthChart(c => new ZeroTrustNamespace(c, 'ns', { name: 'shop', profile: profile(undefined) })))).toEqual([]);
  });

  test('priorities are the profile\'s; subjects select the namespace by its immutable name label', () => {
    const objs = synthChart(c => new ZeroTrustNamespace(c, 'ns', { name: 'shop', profile: profile({ adminPriority: 5, baselinePriority: 900 }) }));
    expectValidManifests(objs);
    expect(cnps(objs).map(o => [o.metadata.name, o.spec.tier, o.spec.priority, o.spec.subject])).toEqual([
      ['zero-trust-allow-dns-shop', 'Admin', 5, { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
      ['zero-trust-default-deny-shop', 'Baseline', 900, { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
    ]);
  });

  test('NodeLocal DNSCache: its link-local address is a networks peer of the DNS Accept', () => {
    const p = new ClusterProfile({ clusterNetworkPolicy: {}, dns: { nodeLocalDnsCache: true, nodeLocalAddress: '169.254.20.10' } });
    const dns = cnps(synthChart(c => new ZeroTrustNamespace(c, 'ns', { name: 'shop', profile: p })))[0];
    expect(dns.spec.egress[0].to).toContainEqual({ networks: ['169.254.20.10/32'] });
  });

  test('a dry-run namespace gets none (a Baseline deny would drop what the dry run lets through)', () => {
    const objs = synthChart(c => new ZeroTrustNamespace(c, 'ns', {
      name: 'shop',
      profile: profile({}),
      enforcement: Enforcement.DRY_RUN,
      dryRunException: Exception.of({ reason: 'first rollout (PLAT-120)', expires: '2027-06-30' }),
    }));
    expect(cnps(objs)).toEqual([]);
  });

  test.each<[string, ClusterNetworkPolicyProps, NetworkPolicyEngine[], RegExp]>([
    ['priority above 1000', { baselinePriority: 1001 }, [NetworkPolicyEngine.KUBERNETES], /clusterNetworkPolicy\.baselinePriority 1001 is out of range: ClusterNetworkPolicy priorities are integers 0-1000/],
    ['negative priority', { adminPriority: -1 }, [NetworkPolicyEngine.KUBERNETES], /clusterNetworkPolicy\.adminPriority -1 is out of range/],
    ['without the NetworkPolicy tier', {}, [NetworkPolicyEngine.CILIUM], /clusterNetworkPolicy needs NetworkPolicyEngine\.KUBERNETES/],
  ])('synthesis fails: %s', (_t, cnp, engines, pattern) => {
    const errors = synthErrors(c => new ZeroTrustNamespace(c, 'ns', { name: 'shop', profile: profile(cnp, engines) }));
    expect(errors.join('\n')).toMatch(pattern);
    expect(errors.every(e => e.startsWith('[test/ns] '))).toBe(true);
  });

  test('synthesis fails for a system namespace', () => {
    const errors = synthErrors(c => new ZeroTrustNamespace(c, 'ns', { name: 'kube-system', profile: profile({}) }));
    expect(errors.join('\n')).toMatch(/\[test\/ns\] clusterNetworkPolicy: namespace "kube-system" is a system namespace/);
  });
});
