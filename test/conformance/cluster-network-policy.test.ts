// Kubernetes ClusterNetworkPolicy conformance table: what a conformant network plugin does with small
// policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy + networking.k8s.io/v1 NetworkPolicy sets, each row
// citing the upstream source it encodes. Most rows encode the upstream conformance suite
// (kubernetes-sigs/network-policy-api conformance/tests/*.go with conformance/base/**/*.yaml, same topology:
// namespaces network-policy-conformance-<house> labelled `conformance-house: <house>`, one workload each,
// TCP ports 80 (named `web`) and 8080), the rest the API types' field documentation
// (apis/v1alpha2/clusternetworkpolicy_types.go, identical in apis/v1beta1). `Reachability` must agree with
// every row; the policies are written here in our words, not copied.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { examples } from '../../examples/registry';
import { ClusterProfile, NetworkPolicyEngine, ZeroTrustNamespace } from '../../src';
import { Engine, OutsidePeer, Reachability, VerdictStatus } from '../../src/audit';
import { clusterNetworkPolicyNames } from '../../src/backends/cluster-network-policy/namespace';
import { expectValidManifests } from '../util/expect-valid';

const REPO = 'kubernetes-sigs/network-policy-api';
const TYPES = `${REPO} apis/v1alpha2/clusternetworkpolicy_types.go`;
const INTEGRATION = `${REPO} conformance/tests/admin-network-policy-standard-integration.go (base/api_integration/standard-anp-np-banp.yaml)`;
const PRIORITY = `${REPO} conformance/tests/admin-network-policy-standard-priority.go (base/admin_tier/standard-priority-field.yaml)`;
const INGRESS_TCP = `${REPO} conformance/tests/admin-network-policy-standard-ingress-tcp-rules.go (base/admin_tier/standard-ingress-tcp-rules.yaml)`;
const OVERVIEW = `${REPO} site-src/api-overview.md`;
const STORIES = `${REPO} site-src/user-stories.md`;

const HOUSES: Array<[string, string]> = [['gryffindor', 'harry-potter'], ['slytherin', 'draco-malfoy'], ['hufflepuff', 'cedric-diggory'], ['ravenclaw', 'luna-lovegood']];
const nsOf = (house: string) => `network-policy-conformance-${house}`;

function base(): any[] {
  const out: any[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }];
  for (const [house, name] of HOUSES) {
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: nsOf(house), labels: { 'conformance-house': house } } });
    out.push({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: nsOf(house) },
      spec: {
        serviceName: name,
        selector: { matchLabels: { 'conformance-house': house } },
        template: {
          metadata: { labels: { 'conformance-house': house } },
          spec: {
            containers: [
              { name: `${name}-80`, image: 'registry.k8s.io/e2e-test-images/agnhost:2.45', ports: [{ containerPort: 80, protocol: 'TCP', name: 'web' }] },
              { name: `${name}-8080`, image: 'registry.k8s.io/e2e-test-images/agnhost:2.45', ports: [{ containerPort: 8080, protocol: 'TCP' }] },
            ],
          },
        },
      },
    });
  }
  out.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: { containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.1', ports: [{ containerPort: 53, protocol: 'UDP', name: 'dns' }, { containerPort: 53, protocol: 'TCP', name: 'dns-tcp' }] }] },
      },
    },
  });
  return out;
}

const house = (h: string) => ({ matchLabels: { 'conformance-house': h } });
const nsName = (h: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': nsOf(h) } });
const cnp = (name: string, tier: 'Admin' | 'Baseline', priority: number, spec: any) => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec: { tier, priority, ...spec },
});
const rule = (action: string, peers: any[], extra: any = {}) => ({ action, ...extra, from: peers });
const erule = (action: string, peers: any[], extra: any = {}) => ({ action, ...extra, to: peers });
const tcp = (port: number) => ({ tcp: { destinationPort: { number: port } } });
const np = (name: string, namespace: string, spec: any) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
/** base/api_integration/standard-anp-np-banp.yaml's NetworkPolicy: gryffindor allows slytherin both ways. */
const npGryffindorSlytherin = np('allow-gress-from-to-slytherin-to-gryffindor', nsOf('gryffindor'), {
  podSelector: {},
  policyTypes: ['Ingress', 'Egress'],
  ingress: [{ from: [{ namespaceSelector: house('slytherin') }] }],
  egress: [{ to: [{ namespaceSelector: house('slytherin') }] }],
});
/** The integration test's Admin policy with both rules set to `action` (the test patches Deny to Pass). */
const adminGryffindorVsSlytherin = (action: string) => cnp('pass-example', 'Admin', 10, {
  subject: { namespaces: house('gryffindor') },
  ingress: [rule(action, [{ namespaces: house('slytherin') }])],
  egress: [erule(action, [{ namespaces: house('slytherin') }])],
});
const baselineGryffindorVsSlytherin = (action: string) => cnp('default', 'Baseline', 10, {
  subject: { namespaces: house('gryffindor') },
  ingress: [rule(action, [{ namespaces: house('slytherin') }])],
  egress: [erule(action, [{ namespaces: house('slytherin') }])],
});
/** base/admin_tier/standard-ingress-tcp-rules.yaml, first rules (gryffindor's ingress from ravenclaw, slytherin, hufflepuff). */
const ingressTcp = (first: string, second: string) => cnp('ingress-tcp', 'Admin', 3, {
  subject: { namespaces: nsName('gryffindor') },
  ingress: [
    rule(first, [{ namespaces: nsName('ravenclaw') }]),
    rule(second, [{ namespaces: nsName('ravenclaw') }]),
    rule('Deny', [{ namespaces: nsName('slytherin') }], { protocols: [tcp(80)] }),
    rule('Accept', [{ namespaces: nsName('hufflepuff') }], { protocols: [tcp(80)] }),
    rule('Deny', [{ namespaces: nsName('hufflepuff') }]),
  ],
});
/** The shape of the library's rendered baseline: Baseline-tier deny of all pod ingress and all egress for gryffindor. */
const baselineDenyAll = cnp('zero-trust-default-deny', 'Baseline', 1000, {
  subject: { namespaces: nsName('gryffindor') },
  ingress: [rule('Deny', [{ namespaces: {} }])],
  egress: [erule('Deny', [{ networks: ['0.0.0.0/0', '::/0'] }])],
});
const adminDns = cnp('zero-trust-allow-dns', 'Admin', 1000, {
  subject: { namespaces: nsName('gryffindor') },
  egress: [erule('Accept', [{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } }],
    { protocols: [{ udp: { destinationPort: { number: 53 } } }, tcp(53)] })],
});
const npDenyAll = np('default-deny', nsOf('gryffindor'), { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

type Peer = string | OutsidePeer;
interface Row {
  readonly name: string;
  readonly cite: string;
  readonly policies: any[];
  readonly checks: Array<[Peer, Peer, number, VerdictStatus]>;
  /** Uses experimental-channel (or unknown) fields: not valid against the standard-channel schema the library validates with. */
  readonly experimental?: boolean;
}
const A = VerdictStatus.ALLOWED;
const D = VerdictStatus.DENIED;
const U = VerdictStatus.UNKNOWN;
const G = 'gryffindor/harry-potter';
const S = 'slytherin/draco-malfoy';
const H = 'hufflepuff/cedric-diggory';
const R = 'ravenclaw/luna-lovegood';
const DNS = 'kube-system/coredns';
const WORLD = OutsidePeer.world({ address: '203.0.113.10' });

const ROWS: Row[] = [
  // --- tiers -------------------------------------------------------------------------------------------------
  {
    name: 'Admin Deny beats a NetworkPolicy allow, both directions',
    cite: `${INTEGRATION} "Should Deny traffic from/to slytherin ... respecting admin CNP"`,
    policies: [adminGryffindorVsSlytherin('Deny'), npGryffindorSlytherin, baselineGryffindorVsSlytherin('Deny')],
    checks: [[S, G, 80, D], [S, G, 8080, D], [G, S, 80, D]],
  },
  {
    name: 'Admin Pass defers to the NetworkPolicy that selects the pod',
    cite: `${INTEGRATION} "Should support a 'pass-ingress'/'pass-egress' policy for admin CNP and respect the match for network policy"`,
    policies: [adminGryffindorVsSlytherin('Pass'), npGryffindorSlytherin, baselineGryffindorVsSlytherin('Deny')],
    checks: [[S, G, 80, A], [S, G, 8080, A], [G, S, 80, A]],
  },
  {
    name: 'Admin Pass with no NetworkPolicy: the Baseline Deny decides',
    cite: `${INTEGRATION} "... respect the match for baseline cluster network policy" (NetworkPolicy deleted)`,
    policies: [adminGryffindorVsSlytherin('Pass'), baselineGryffindorVsSlytherin('Deny')],
    checks: [[S, G, 80, D], [S, G, 8080, D], [G, S, 80, D]],
  },
  {
    name: 'Admin Accept beats a NetworkPolicy deny (no further NetworkPolicy rules are processed)',
    cite: `${TYPES} ClusterNetworkPolicyIngressRule.Action "Accept: ... No further ingress ClusterNetworkPolicy or NetworkPolicy rules will be processed"; ${STORIES} story 2`,
    policies: [cnp('allow-ravenclaw', 'Admin', 30, { subject: { namespaces: {} }, ingress: [rule('Accept', [{ namespaces: house('ravenclaw') }])] }), npDenyAll],
    checks: [[R, G, 80, A], [S, G, 80, D]],
  },
  {
    name: 'egress Accept does not bypass ingress rules at the destination',
    cite: `${TYPES} ClusterNetworkPolicyEgressRule.Action "Accept: ... but any ingress rules at the destination do apply"`,
    policies: [cnp('egress-accept', 'Admin', 5, { subject: { namespaces: house('slytherin') }, egress: [erule('Accept', [{ namespaces: {} }])] }), npDenyAll],
    checks: [[S, G, 80, D]],
  },
  {
    name: 'Baseline Deny applies only to pods no NetworkPolicy selects',
    cite: `${TYPES} ClusterNetworkPolicySpec.Tier "v1.NetworkPolicy always makes a final decision for selected pods. Further evaluation only happens for Pods not selected"; ${INTEGRATION}`,
    policies: [baselineGryffindorVsSlytherin('Deny'), npGryffindorSlytherin],
    checks: [[S, G, 80, A], [G, S, 8080, A]],
  },
  {
    name: 'Baseline Deny without NetworkPolicy denies; unmatched traffic stays open',
    cite: `${TYPES} ClusterNetworkPolicySpec.Tier "If a given connection wasn't allowed or denied by any of the tiers ... all pods can communicate"`,
    policies: [baselineGryffindorVsSlytherin('Deny')],
    checks: [[S, G, 80, D], [H, G, 80, A], [G, H, 80, A]],
  },
  {
    name: 'a ClusterNetworkPolicy with ingress rules only leaves egress alone (no implicit isolation)',
    cite: `${TYPES} ClusterNetworkPolicySpec.Egress "CNPs with no egress rules do not affect egress traffic"; ${REPO} PR #386 "conformance: verify CNP ingress/egress directional isolation"; ${OVERVIEW} "there will not be any implicit isolation effects"`,
    policies: [cnp('ingress-only', 'Baseline', 10, { subject: { namespaces: house('gryffindor') }, ingress: [rule('Deny', [{ namespaces: {} }])] })],
    checks: [[S, G, 80, D], [G, H, 80, A], [G, S, 8080, A]],
  },
  {
    name: 'the NetworkPolicy tier decides per direction: a pod isolated for egress only is still under the Baseline for ingress',
    cite: `https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation (isolation for ingress and for egress are independent); ${TYPES} ClusterNetworkPolicySpec.Tier "Further evaluation only happens for Pods not selected by a v1.NetworkPolicy"`,
    policies: [baselineGryffindorVsSlytherin('Deny'), np('egress-only', nsOf('gryffindor'), { podSelector: {}, policyTypes: ['Egress'], egress: [{}] })],
    checks: [[S, G, 80, D], [G, S, 80, A]],
  },
  // --- priorities and rule order ------------------------------------------------------------------------------
  {
    name: 'lower priority value first: Deny at 50 beats Pass at 60',
    cite: `${PRIORITY} "Should Deny traffic ... respecting admin CNP" (priority-50-example before old-priority-60)`,
    policies: [
      cnp('priority-50-example', 'Admin', 50, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Deny', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
      cnp('old-priority-60-new-priority-40-example', 'Admin', 60, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Pass', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
      cnp('default', 'Baseline', 10, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Accept', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
    ],
    checks: [[S, G, 80, D], [S, G, 8080, D]],
  },
  {
    name: 'priority changed to 40: the Pass comes first and the Baseline Accept decides',
    cite: `${PRIORITY} "Should respect admin CNP priority field; thus passing both ingress and egress traffic over to baseline CNP"`,
    policies: [
      cnp('priority-50-example', 'Admin', 50, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Deny', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
      cnp('old-priority-60-new-priority-40-example', 'Admin', 40, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Pass', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
      cnp('default', 'Baseline', 10, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Accept', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
      npDenyAll,
    ],
    // With the NetworkPolicy deny in between, the Pass lands on it: denied (Baseline is not reached for selected pods).
    checks: [[S, G, 80, D]],
  },
  {
    name: 'priority 40 Pass with no NetworkPolicy: Baseline Accept',
    cite: `${PRIORITY} "... passing both ingress and egress traffic over to baseline CNP"`,
    policies: [
      cnp('priority-50-example', 'Admin', 50, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Deny', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
      cnp('old-priority-60-new-priority-40-example', 'Admin', 40, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Pass', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
      cnp('default', 'Baseline', 10, { subject: { pods: { namespaceSelector: house('gryffindor'), podSelector: house('gryffindor') } }, ingress: [rule('Accept', [{ pods: { namespaceSelector: house('slytherin'), podSelector: house('slytherin') } }])] }),
    ],
    checks: [[S, G, 80, A], [S, G, 8080, A]],
  },
  {
    name: 'rule order within a policy: Accept listed first wins',
    cite: `${INGRESS_TCP} "Should support an 'allow-ingress' policy for TCP protocol; ensure rule ordering is respected"`,
    policies: [ingressTcp('Accept', 'Deny')],
    checks: [[R, G, 80, A], [R, G, 8080, A]],
  },
  {
    name: 'rule order within a policy: Deny listed first wins',
    cite: `${INGRESS_TCP} "Should support an 'deny-ingress' policy for TCP protocol; ensure rule ordering is respected"`,
    policies: [ingressTcp('Deny', 'Accept')],
    checks: [[R, G, 80, D], [R, G, 8080, D]],
  },
  {
    name: 'same priority, different actions: the implementation may apply either',
    cite: `${TYPES} ClusterNetworkPolicySpec.Priority "If two (or more) policies in the same tier with the same priority could match ... the implementation can apply any"`,
    policies: [
      cnp('a', 'Admin', 7, { subject: { namespaces: {} }, ingress: [rule('Accept', [{ namespaces: house('slytherin') }])] }),
      cnp('b', 'Admin', 7, { subject: { namespaces: {} }, ingress: [rule('Deny', [{ namespaces: house('slytherin') }])] }),
    ],
    checks: [[S, G, 80, U], [H, G, 80, A]],
  },
  {
    name: 'a peer with no known field fails closed: Deny/Pass rules deny all, Accept rules match nothing',
    cite: `${TYPES} ClusterNetworkPolicyIngressPeer "If an implementation sees no fields are set ... it should fail closed. For Accept rules ... matching no traffic. For Deny and Pass rules ... a 'Deny all' rule"`,
    experimental: true,
    policies: [
      cnp('future-pass', 'Admin', 1, { subject: { namespaces: house('gryffindor') }, ingress: [rule('Pass', [{ serviceAccounts: { name: 'x' } }])] }),
      cnp('future-accept', 'Admin', 1, { subject: { namespaces: house('slytherin') }, ingress: [rule('Accept', [{ serviceAccounts: { name: 'x' } }])] }),
      np('allow-all', nsOf('gryffindor'), { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] }),
      np('deny-all', nsOf('slytherin'), { podSelector: {}, policyTypes: ['Ingress'] }),
    ],
    checks: [[H, G, 80, D], [H, S, 80, D]],
  },
  // --- ports and protocols ----------------------------------------------------------------------------------
  {
    name: 'a tcp destinationPort restricts the rule to that port',
    cite: `${INGRESS_TCP} "Should support a 'deny-ingress' policy for TCP protocol at the specified port" and "'allow-ingress' ... at the specified port"`,
    policies: [ingressTcp('Accept', 'Deny')],
    checks: [[S, G, 80, D], [S, G, 8080, A], [H, G, 80, A], [H, G, 8080, D]],
  },
  {
    name: 'a port range is inclusive',
    cite: `${TYPES} PortRange "an inclusive range of ports from the assigned Start value to End value"`,
    policies: [cnp('range', 'Admin', 1, { subject: { namespaces: {} }, ingress: [rule('Deny', [{ namespaces: {} }], { protocols: [{ tcp: { destinationPort: { range: { start: 80, end: 8079 } } } }] })] })],
    checks: [[S, G, 80, D], [S, G, 8080, A]],
  },
  {
    name: 'udp/sctp entries do not match TCP traffic',
    cite: `${TYPES} ClusterNetworkPolicyProtocol (TCP, UDP, SCTP specific matches)`,
    policies: [cnp('udp', 'Admin', 1, { subject: { namespaces: {} }, ingress: [rule('Deny', [{ namespaces: {} }], { protocols: [{ udp: { destinationPort: { number: 80 } } }, { sctp: { destinationPort: { number: 80 } } }] })] })],
    checks: [[S, G, 80, A]],
  },
  {
    name: 'destinationNamedPort (experimental) matches the destination container port by name',
    cite: `${TYPES} ClusterNetworkPolicyProtocol.DestinationNamedPort "selects a destination port on a pod based on the ContainerPort name"`,
    policies: [cnp('named', 'Admin', 1, { subject: { namespaces: {} }, ingress: [rule('Deny', [{ namespaces: {} }], { protocols: [{ destinationNamedPort: 'web' }] })] })],
    experimental: true,
    checks: [[S, G, 80, D], [S, G, 8080, A]],
  },
  // --- the library's baseline: DNS and outside peers --------------------------------------------------------
  {
    name: 'Admin DNS Accept: DNS reachable although the namespace NetworkPolicy denies all egress',
    cite: `${STORIES} story 2 (egress to kube-dns Accept); ${OVERVIEW} "the Accept rules can be used to call out traffic ... (egress to CoreDNS for example). This traffic should not be blocked when developers apply NetworkPolicy"`,
    policies: [adminDns, npDenyAll, baselineDenyAll],
    checks: [[G, DNS, 53, A], [G, DNS, 54, D], [G, S, 80, D]],
  },
  {
    name: 'Baseline deny: pods in other namespaces (also unrelated ones) are denied ingress',
    cite: `${STORIES} story 5 "all intra-cluster traffic ... is blocked by default"; ${TYPES} ClusterNetworkPolicyIngressPeer.Namespaces "select all pods within a set of Namespaces"`,
    policies: [baselineDenyAll],
    checks: [[S, G, 80, D], [OutsidePeer.unrelatedNamespace(), G, 80, D], [H, S, 80, A]],
  },
  {
    name: 'Baseline deny cannot stop sources that are not pods (ingress peers are pods only)',
    cite: `${TYPES} ClusterNetworkPolicyIngressPeer (namespaces, pods only; "host-networked pods are not included")`,
    policies: [baselineDenyAll],
    checks: [[WORLD, G, 80, A], [OutsidePeer.node(), G, 80, A], [OutsidePeer.remoteNode(), G, 80, A]],
  },
  {
    name: 'Baseline deny: egress to every address (networks 0.0.0.0/0 and ::/0) including pods',
    cite: `${TYPES} ClusterNetworkPolicyEgressPeer.Networks "if you Accept or Deny traffic to 0.0.0.0/0, that will allow or deny all IPv4 pod-to-pod traffic as well"`,
    policies: [baselineDenyAll],
    checks: [[G, WORLD, 443, D], [G, S, 80, D], [G, OutsidePeer.kubeApiServer({ address: '10.96.0.1' }), 443, D], [G, OutsidePeer.node(), 10250, D]],
  },
  {
    name: 'networks peer: an address in the CIDR matches, one outside does not',
    cite: `${TYPES} ClusterNetworkPolicyEgressPeer.Networks "select peers via CIDR blocks"`,
    policies: [cnp('cidr', 'Admin', 1, { subject: { namespaces: {} }, egress: [erule('Accept', [{ networks: ['203.0.113.0/24'] }])] }), npDenyAll],
    checks: [[G, WORLD, 443, A], [G, OutsidePeer.world({ address: '198.51.100.7' }), 443, D]],
  },
  {
    name: 'domainNames (experimental): exact names and *. subdomains',
    cite: `${TYPES} DomainName ("*.kubernetes.io" matches www.kubernetes.io, not kubernetes.io)`,
    policies: [cnp('fqdn', 'Admin', 1, { subject: { namespaces: {} }, egress: [erule('Accept', [{ domainNames: ['*.kubernetes.io'] }])] }), npDenyAll],
    experimental: true,
    checks: [[G, OutsidePeer.world({ address: '203.0.113.10', fqdn: 'blog.kubernetes.io' }), 443, A], [G, OutsidePeer.world({ address: '203.0.113.10', fqdn: 'kubernetes.io' }), 443, D]],
  },
  {
    name: 'nodes peer (experimental) selects nodes; with labels the manifests cannot tell',
    cite: `${TYPES} ClusterNetworkPolicyEgressPeer.Nodes "if present but empty, it selects all Nodes"`,
    policies: [cnp('nodes', 'Admin', 1, { subject: { namespaces: house('gryffindor') }, egress: [erule('Deny', [{ nodes: {} }])] }), cnp('nodes-labelled', 'Admin', 1, { subject: { namespaces: house('slytherin') }, egress: [erule('Deny', [{ nodes: { matchLabels: { role: 'db' } } }])] })],
    experimental: true,
    checks: [[G, OutsidePeer.node(), 10250, D], [S, OutsidePeer.node(), 10250, U], [G, WORLD, 443, A]],
  },
];

function ref(p: string) {
  const [h, name] = p.split('/');
  return { namespaceName: h === 'kube-system' ? h : nsOf(h), name };
}

function verdict(r: Reachability, from: Peer, to: Peer, port: number): VerdictStatus {
  const v = typeof from !== 'string' ? r.canReachFromOutside(from, ref(to as string), port)
    : typeof to !== 'string' ? r.canReachOutside(ref(from), to, port) : r.canReach(ref(from), ref(to), port);
  return v.engines.find(e => e.engine === Engine.NETWORK_POLICY)!.status;
}

describe('Kubernetes ClusterNetworkPolicy conformance table', () => {
  test.each(ROWS.map(r => [r.name, r] as const))('%s', (_n, row) => {
    expect(row.cite.length).toBeGreaterThan(10);
    const manifests = [...base(), ...row.policies];
    if (!row.experimental) expectValidManifests(manifests);
    const r = Reachability.fromManifests(manifests);
    const got = row.checks.map(([f, t, p]) => [String(typeof f === 'string' ? f : f.kind), String(typeof t === 'string' ? t : t.kind), p, verdict(r, f, t, p)]);
    expect(got).toEqual(row.checks.map(([f, t, p, e]) => [String(typeof f === 'string' ? f : f.kind), String(typeof t === 'string' ? t : t.kind), p, e]));
  });

  test('the kubelet probes through a Baseline deny (no ingress peer selects the node)', () => {
    const r = Reachability.fromManifests([...base(), baselineDenyAll]);
    expect(r.canProbe(ref(G), 80).engines.find(e => e.engine === Engine.NETWORK_POLICY)!.status).toBe(A);
  });

  test('ClusterNetworkPolicies alone make the NetworkPolicy layer present', () => {
    expect(Reachability.fromManifests([...base(), baselineDenyAll]).enginesPresent).toEqual([Engine.NETWORK_POLICY]);
  });
});

describe('the rendered platform tier (ClusterProfile.clusterNetworkPolicy)', () => {
  function synth(): any[] {
    const app = new App();
    const chart = new Chart(app, 'c');
    const profile = new ClusterProfile({ networkPolicy: [NetworkPolicyEngine.KUBERNETES], clusterNetworkPolicy: {} });
    new ZeroTrustNamespace(chart, 'g', { name: nsOf('gryffindor'), profile });
    new ZeroTrustNamespace(chart, 's', { name: nsOf('slytherin'), profile });
    return chart.toJson();
  }

  test('one Admin DNS Accept and one Baseline deny per namespace, valid against the schema', () => {
    const objs = synth();
    const cnps = objs.filter(o => o.kind === 'ClusterNetworkPolicy');
    expect(cnps.map(o => `${o.spec.tier}:${o.metadata.name}`).sort()).toEqual([
      `Admin:${clusterNetworkPolicyNames(nsOf('gryffindor')).dns}`, `Admin:${clusterNetworkPolicyNames(nsOf('slytherin')).dns}`,
      `Baseline:${clusterNetworkPolicyNames(nsOf('gryffindor')).baseline}`, `Baseline:${clusterNetworkPolicyNames(nsOf('slytherin')).baseline}`,
    ].sort());
    expectValidManifests(objs);
  });

  test('deleting the namespace NetworkPolicies falls back to deny, and DNS stays reachable', () => {
    const objs = synth().filter(o => o.kind !== 'NetworkPolicy');
    const r = Reachability.fromManifests([...base().filter(o => o.kind !== 'Namespace' || o.metadata.name === 'kube-system'), ...objs]);
    expect(verdict(r, S, G, 80)).toBe(D);
    expect(verdict(r, G, DNS, 53)).toBe(A);
    expect(verdict(r, G, WORLD, 443)).toBe(D);
    // Unmanaged namespaces are not subjects: hufflepuff keeps Kubernetes' default (open) both ways.
    expect(verdict(r, H, R, 80)).toBe(A);
  });
});

describe('Bookinfo under the platform tier (examples/bookinfo-networkpolicy.ts)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-cnp-bookinfo-'));
  const app = new App({ outdir });
  examples().find(e => e.name === 'bookinfo-networkpolicy')!.build(app);
  const objects = app.charts.flatMap(c => c.toJson());
  fs.rmSync(outdir, { recursive: true, force: true });
  const coredns = base().find(o => o.metadata.name === 'coredns');
  const bi = (name: string) => ({ namespaceName: 'bookinfo', name });
  const status = (r: Reachability, from: string, to: string, port: number) =>
    r.canReachWith(Engine.NETWORK_POLICY, bi(from), to === 'coredns' ? { namespaceName: 'kube-system', name: 'coredns' } : bi(to), port).status;

  test('a namespace owner who deletes every NetworkPolicy gets the Baseline deny, not allow-all; DNS stays', () => {
    const r = Reachability.fromManifests([...objects.filter(o => o.kind !== 'NetworkPolicy'), coredns]);
    expect(status(r, 'productpage-v1', 'details-v1', 9080)).toBe(D);
    expect(status(r, 'reviews-v1', 'ratings-v1', 9080)).toBe(D);
    expect(status(r, 'details-v1', 'coredns', 53)).toBe(A);
    expect(r.canReachOutside(bi('details-v1'), WORLD, 443).engines.find(e => e.engine === Engine.NETWORK_POLICY)!.status).toBe(D);
  });

  test('a namespace owner who replaces the DNS NetworkPolicy with an egress deny still resolves names', () => {
    const denyEgress = np('deny-egress', 'bookinfo', { podSelector: {}, policyTypes: ['Egress'] });
    const r = Reachability.fromManifests([...objects.filter(o => !(o.kind === 'NetworkPolicy' && /dns/.test(o.metadata.name))), denyEgress, coredns]);
    expect(status(r, 'details-v1', 'coredns', 53)).toBe(A);
    // Without the platform tier the same change cuts DNS off.
    const without = Reachability.fromManifests([...objects.filter(o => o.kind !== 'ClusterNetworkPolicy' && !(o.kind === 'NetworkPolicy' && /dns/.test(o.metadata.name))), denyEgress, coredns]);
    expect(status(without, 'details-v1', 'coredns', 53)).toBe(D);
  });

  test('a namespace owner can still open the namespace (Baseline is below NetworkPolicy by design)', () => {
    const allowAll = np('allow-all', 'bookinfo', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] });
    const r = Reachability.fromManifests([...objects, allowAll, coredns]);
    expect(status(r, 'details-v1', 'ratings-v1', 9080)).toBe(A);
  });
});
