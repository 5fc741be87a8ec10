// Kubernetes NetworkPolicy conformance table: what a conformant network plugin does with small
// networking.k8s.io/v1 NetworkPolicy sets, each row citing the upstream source it encodes. Most rows are
// the truth tables of the upstream e2e suite (kubernetes/kubernetes test/e2e/network/netpol/network_policy.go,
// same topology: namespaces x, y, z; pods a, b, c labelled `pod: <name>`; container ports 80 and 81
// named serve-80-tcp / serve-81-tcp), the rest the API reference and the concept page. `Reachability`
// must agree with every row.
import { Engine, OutsidePeer, Reachability, VerdictStatus } from '../../src/audit';
import { expectValidManifests } from '../util/expect-valid';

const E2E = 'kubernetes/kubernetes test/e2e/network/netpol/network_policy.go';
const DOCS = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
const API = 'kubernetes/api networking/v1/types.go';
const DEFAULTS = 'kubernetes/kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy';

const PODS: Array<[string, string]> = [['x', 'a'], ['x', 'b'], ['x', 'c'], ['y', 'a'], ['y', 'b'], ['z', 'a'], ['kube-system', 'coredns']];

function base(): any[] {
  const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
  const pod = (namespace: string, name: string) => {
    const labels = name === 'coredns' ? { 'k8s-app': 'kube-dns' } : { pod: name };
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{
              name: 'c',
              image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
              ports: name === 'coredns'
                ? [{ name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'dns', containerPort: 53, protocol: 'UDP' }]
                : [{ name: 'serve-80-tcp', containerPort: 80, protocol: 'TCP' }, { name: 'serve-81-tcp', containerPort: 81, protocol: 'TCP' }],
            }],
          },
        },
      },
    };
  };
  return [ns('x'), ns('y'), ns('z'), ns('kube-system'), ...PODS.map(([n, p]) => pod(n, p))];
}

const np = (name: string, spec: any, namespace = 'x') => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const sel = (labels: Record<string, string>) => ({ matchLabels: labels });
const podA = sel({ pod: 'a' });
const nsIs = (n: string) => sel({ 'kubernetes.io/metadata.name': n });
const notNs = (n: string) => ({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [n] }] });
const denyIngress = np('deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const denyAll = np('deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const tcp = (port: number | string, extra: any = {}) => ({ protocol: 'TCP', port, ...extra });

type Peer = string | OutsidePeer;
interface Row {
  readonly name: string;
  /** Where upstream says so. */
  readonly cite: string;
  readonly policies: any[];
  /** `ns/pod` or an outside peer. */
  readonly from: Peer;
  readonly to: Peer;
  readonly port: number;
  readonly expect: VerdictStatus;
}

const A = VerdictStatus.ALLOWED;
const D = VerdictStatus.DENIED;
const ref = (p: string) => ({ namespaceName: p.split('/')[0], name: p.split('/')[1] });

function verdict(row: Row): VerdictStatus {
  const r = Reachability.fromManifests([...base(), ...row.policies]);
  if (typeof row.from === 'string' && typeof row.to === 'string') {
    return r.canReachWith(Engine.NETWORK_POLICY, ref(row.from), ref(row.to), row.port).status;
  }
  const v = typeof row.from !== 'string' ? r.canReachFromOutside(row.from, ref(row.to as string), row.port)
    : r.canReachOutside(ref(row.from), row.to as OutsidePeer, row.port);
  return v.engines.find(e => e.engine === Engine.NETWORK_POLICY)!.status;
}

/** One policy, several (from, to, port, expect) checks of the same upstream case. */
function cases(name: string, cite: string, policies: any[], checks: Array<[Peer, Peer, number, VerdictStatus]>): Row[] {
  return checks.map(([from, to, port, expect]) => ({
    name: `${name}: ${typeof from === 'string' ? from : from.description} → ${typeof to === 'string' ? to : to.description}:${port}`,
    cite,
    policies,
    from,
    to,
    port,
    expect,
  }));
}

const WORLD = OutsidePeer.world({ address: '203.0.113.10' });

const ROWS: Row[] = [
  // ---- Isolation ----
  ...cases('a policy selecting other pods leaves x/a open', `${DOCS} "The two sorts of pod isolation" (a pod is non-isolated for ingress unless a policy selects it)`,
    [np('other', { podSelector: sel({ pod: 'b' }), policyTypes: ['Ingress'] })], [['y/a', 'x/a', 80, A], ['y/a', 'x/b', 80, D]]),
  ...cases('default-deny-ingress', `${E2E} "should support a 'default-deny-ingress' policy"`,
    [denyIngress], [['x/b', 'x/a', 80, D], ['y/a', 'x/a', 80, D], ['x/a', 'y/a', 80, A], ['y/a', 'y/b', 80, A]]),
  ...cases('default-deny-all', `${E2E} "should support a 'default-deny-all' policy"`,
    [denyAll], [['x/a', 'x/b', 80, D], ['x/a', 'y/a', 80, D], ['y/a', 'x/a', 80, D]]),
  ...cases('a policy in namespace y does not select pods of x with the same labels', `${DOCS} "NetworkPolicy resource" (podSelector selects pods in the policy's namespace)`,
    [np('deny-a', { podSelector: podA, policyTypes: ['Ingress'] }, 'y')], [['y/b', 'x/a', 80, A], ['x/b', 'y/a', 80, D]]),
  ...cases('ingress and egress are controlled independently', `${E2E} "should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector"`,
    [np('allow-egress', { podSelector: podA, egress: [{}] }), np('deny-ingress', { podSelector: podA, policyTypes: ['Ingress'] })],
    [['x/a', 'x/b', 80, A], ['x/b', 'x/a', 80, D]]),

  // ---- policyTypes defaulting and {} vs [] ----
  ...cases('no policyTypes, only ingress rules: egress is not isolated', `${DEFAULTS} (policyTypes defaults to [Ingress], plus Egress only if len(egress) != 0); ${DOCS} "NetworkPolicy resource"`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ podSelector: sel({ pod: 'b' }) }] }] })], [['x/a', 'y/a', 80, A], ['y/a', 'x/a', 80, D]]),
  ...cases('no policyTypes, egress rules present: egress is isolated too', `${DEFAULTS}`,
    [np('p', { podSelector: podA, egress: [{ to: [{ podSelector: sel({ pod: 'b' }) }] }] })], [['x/a', 'y/a', 80, D], ['x/a', 'x/b', 80, A], ['y/a', 'x/a', 80, D]]),
  ...cases('no policyTypes, egress: [] (empty list): egress is not isolated', `${DEFAULTS}: len(obj.Spec.Egress) != 0 is false for an empty list`,
    [np('p', { podSelector: podA, ingress: [{}], egress: [] })], [['x/a', 'y/a', 80, A]]),
  ...cases('policyTypes [Egress] only: its ingress rules are ignored and ingress stays open', `${API} NetworkPolicySpec.policyTypes ("Valid options are Ingress, Egress, or Ingress,Egress"); ${DOCS} "Default deny all egress traffic"`,
    [np('p', { podSelector: podA, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: sel({ pod: 'nobody' }) }] }] })], [['y/a', 'x/a', 80, A], ['x/a', 'y/a', 80, D]]),
  ...cases('policyTypes [Ingress] without an ingress field denies all ingress', `${DOCS} "Default deny all ingress traffic"; ${API} NetworkPolicySpec.ingress ("If this field is empty then this NetworkPolicy does not allow any traffic")`,
    [np('p', { podSelector: podA, policyTypes: ['Ingress'] })], [['x/b', 'x/a', 80, D], [WORLD, 'x/a', 80, D]]),
  ...cases('ingress: [{}] allows all ingress, from every namespace and from outside', `${DOCS} "Allow all ingress traffic"; ${E2E} "should support allow-all policy"`,
    [denyIngress, np('allow-all', { podSelector: {}, ingress: [{}] })], [['y/a', 'x/a', 81, A], ['x/b', 'x/a', 80, A], [WORLD, 'x/a', 80, A], [OutsidePeer.unrelatedNamespace(), 'x/a', 80, A]]),
  ...cases('ingress rule with from: [] matches all sources', `${API} NetworkPolicyIngressRule.from ("If this field is empty or missing, this rule matches all sources")`,
    [np('p', { podSelector: podA, policyTypes: ['Ingress'], ingress: [{ from: [], ports: [tcp(80)] }] })], [['z/a', 'x/a', 80, A], ['z/a', 'x/a', 81, D]]),
  ...cases('ingress rule with ports: [] matches all ports', `${API} NetworkPolicyIngressRule.ports ("If this field is empty or missing, this rule matches all ports")`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ podSelector: sel({ pod: 'b' }) }], ports: [] }] })], [['x/b', 'x/a', 81, A]]),
  ...cases('egress: [{}] allows all egress', `${DOCS} "Allow all egress traffic"; ${E2E} "should enforce multiple egress policies with egress allow-all policy taking precedence"`,
    [denyAll, np('allow-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] })], [['x/a', 'y/a', 81, A], ['x/a', WORLD, 443, A]]),

  // ---- Peers ----
  ...cases('podSelector peer: only that pod of the policy\'s namespace', `${E2E} "should enforce policy to allow traffic from pods within server namespace based on PodSelector"`,
    [np('x-a-allows-x-b', { podSelector: podA, ingress: [{ from: [{ podSelector: sel({ pod: 'b' }) }] }] })], [['x/b', 'x/a', 80, A], ['x/c', 'x/a', 80, D], ['y/b', 'x/a', 80, D]]),
  ...cases('podSelector {} peer: every pod of the policy\'s namespace, no other namespace', `${E2E} "should deny ingress from pods on other namespaces"`,
    [np('deny-empty-policy', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })], [['x/b', 'x/a', 80, A], ['y/a', 'x/a', 80, D], ['z/a', 'x/a', 80, D]]),
  ...cases('namespaceSelector {} peer: pods of every namespace', `${E2E} "should enforce policy to allow ingress traffic from pods in all namespaces"`,
    [np('allow-from-another-ns', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: {} }] }] })], [['z/a', 'x/a', 80, A], ['x/b', 'x/a', 80, A], [OutsidePeer.unrelatedNamespace(), 'x/a', 80, A], [WORLD, 'x/a', 80, D]]),
  ...cases('namespaceSelector peer: only that namespace', `${E2E} "should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector"`,
    [np('allow-ns-y', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: nsIs('y') }] }] })], [['y/a', 'x/a', 80, A], ['x/b', 'x/a', 80, D], ['z/a', 'x/a', 80, D]]),
  ...cases('namespaceSelector and podSelector in one peer: AND', `${E2E} "should enforce policy based on PodSelector and NamespaceSelector"; ${DOCS} "Behavior of to and from selectors"`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: notNs('x'), podSelector: sel({ pod: 'b' }) }] }] })], [['y/b', 'x/a', 80, A], ['y/a', 'x/a', 80, D], ['x/b', 'x/a', 80, D]]),
  ...cases('namespaceSelector and podSelector as two peers: OR', `${E2E} "should enforce policy based on PodSelector or NamespaceSelector"; ${DOCS} "Behavior of to and from selectors"`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: notNs('x') }, { podSelector: sel({ pod: 'b' }) }] }] })], [['x/b', 'x/a', 80, A], ['y/a', 'x/a', 80, A], ['x/c', 'x/a', 80, D]]),
  ...cases('matchExpressions In on pods of other namespaces', `${E2E} "should enforce policy based on Multiple PodSelectors and NamespaceSelectors"`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: notNs('x'), podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] } }] }] })], [['y/b', 'x/a', 80, A], ['y/a', 'x/a', 80, D], ['x/b', 'x/a', 80, D]]),
  ...cases('a pod of an unrelated namespace copying the allowed labels is still not selected by a podSelector-only peer', `${DOCS} "Behavior of to and from selectors" (podSelector: pods in the same namespace as the NetworkPolicy)`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ podSelector: sel({ pod: 'b' }) }] }] })], [[OutsidePeer.unrelatedNamespace({ labels: { pod: 'b' } }), 'x/a', 80, D]]),
  ...cases('the client\'s egress policy denies even when the server allows', `${E2E} "should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)"`,
    [np('allow-to-ns-y-pod-a', { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: nsIs('y'), podSelector: podA }] }] }),
      np('allow-from-xa-on-ya', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: nsIs('x'), podSelector: podA }] }] }, 'y'),
      np('allow-from-xa-on-yb', { podSelector: sel({ pod: 'b' }), ingress: [{ from: [{ namespaceSelector: nsIs('x'), podSelector: podA }] }] }, 'y')],
    [['x/a', 'y/a', 80, A], ['x/a', 'y/b', 80, D], ['x/b', 'y/a', 80, D]]),

  // ---- Ports ----
  ...cases('port 81 from namespace y only', `${E2E} "should enforce policy based on Ports"`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [tcp(81)] }] })], [['y/a', 'x/a', 81, A], ['y/a', 'x/a', 80, D], ['z/a', 'x/a', 81, D]]),
  ...cases('stacked policies are additive', `${E2E} "should enforce multiple, stacked policies with overlapping podSelectors"; ${DOCS} "Policies are additive"`,
    [np('p81', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [tcp(81)] }] }),
      np('p80', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [tcp(80)] }] })], [['y/a', 'x/a', 80, A], ['y/a', 'x/a', 81, A], ['z/a', 'x/a', 80, D]]),
  ...cases('ingress allow-all on any port wins over a port-80-only policy', `${E2E} "should enforce multiple ingress policies with ingress allow-all policy taking precedence"`,
    [np('allow-80', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }), np('allow-all', { podSelector: {}, ingress: [{}] })], [['y/a', 'x/a', 81, A]]),
  ...cases('named port (ingress) is the destination container port of that name', `${E2E} "should allow ingress access on one named port"`,
    [np('p', { podSelector: {}, ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })], [['y/a', 'x/a', 81, A], ['y/a', 'x/a', 80, D]]),
  ...cases('named port with a namespaceSelector', `${E2E} "should allow ingress access from namespace on one named port"`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [tcp('serve-80-tcp')] }] })], [['y/a', 'x/a', 80, A], ['y/a', 'x/a', 81, D], ['x/b', 'x/a', 80, D]]),
  ...cases('named port (egress) resolves on the destination pod', `${E2E} "should allow egress access on one named port"; ${API} NetworkPolicyPort.port ("a named port on a pod")`,
    [np('p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] })], [['x/a', 'y/a', 80, A], ['x/a', 'y/a', 81, D]]),
  ...cases('Ingress and Egress together', `${E2E} "should work with Ingress, Egress specified together"`,
    [np('p', { podSelector: podA, policyTypes: ['Egress', 'Ingress'], ingress: [{ from: [{ podSelector: sel({ pod: 'b' }) }] }], egress: [{ ports: [{ port: 80 }] }] })],
    [['x/b', 'x/a', 80, A], ['x/c', 'x/a', 80, D], ['x/a', 'y/a', 80, A], ['x/a', 'y/a', 81, D]]),
  ...cases('a protocol-only port entry allows every port of that protocol', `${E2E} "should enforce ingress policy allowing any port traffic to a server on a specific protocol"`,
    [np('p', { podSelector: podA, ingress: [{ ports: [{ protocol: 'TCP' }] }] })], [['y/a', 'x/a', 80, A], ['y/a', 'x/a', 81, A]]),
  ...cases('an SCTP-only rule does not allow TCP', `${E2E} "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP"`,
    [denyIngress, np('sctp', { podSelector: podA, ingress: [{ ports: [{ port: 81, protocol: 'SCTP' }] }] })], [['y/a', 'x/a', 81, D]]),
  ...cases('a UDP-only rule does not allow TCP', `${API} NetworkPolicyPort.protocol ("TCP, UDP, or SCTP ... defaults to TCP")`,
    [np('udp', { podSelector: podA, ingress: [{ ports: [{ port: 81, protocol: 'UDP' }] }] })], [['y/a', 'x/a', 81, D]]),
  ...cases('a port without protocol means TCP', `${API} NetworkPolicyPort.protocol (defaults to TCP)`,
    [np('p', { podSelector: podA, ingress: [{ ports: [{ port: 81 }] }] })], [['y/a', 'x/a', 81, A]]),
  ...cases('endPort: the range includes both ends', `${DOCS} "Targeting a range of ports"; ${API} NetworkPolicyPort.endPort`,
    [np('p', { podSelector: podA, ingress: [{ ports: [tcp(80, { endPort: 81 })] }] })], [['y/a', 'x/a', 80, A], ['y/a', 'x/a', 81, A]]),
  ...cases('endPort: a port past the range is denied', `${DOCS} "Targeting a range of ports"`,
    [np('p', { podSelector: podA, ingress: [{ ports: [tcp(79, { endPort: 80 })] }] })], [['y/a', 'x/a', 81, D]]),

  // ---- ipBlock ----
  ...cases('ipBlock admits an outside address it contains', `${DOCS} "Behavior of to and from selectors" (ipBlock: particular IP CIDR ranges)`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] })], [[WORLD, 'x/a', 80, A], [OutsidePeer.world({ address: '198.51.100.7' }), 'x/a', 80, D]]),
  ...cases('ipBlock except removes addresses', `${API} IPBlock.except ("Except values will be rejected if they are outside the cidr range"); ${E2E} "should enforce except clause while egress access to server in CIDR block"`,
    [np('p', { podSelector: podA, ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.0/28'] } }] }] })], [[WORLD, 'x/a', 80, D], [OutsidePeer.world({ address: '203.0.113.200' }), 'x/a', 80, A]]),
  ...cases('an address in one peer\'s except but in another peer\'s cidr is allowed', `${E2E} "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed"`,
    [np('p', { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.10/32'] } }] }, { to: [{ ipBlock: { cidr: '203.0.113.10/32' } }] }] })], [['x/a', WORLD, 443, A]]),
  ...cases('egress ipBlock 0.0.0.0/0 except private ranges reaches the internet', `${DOCS} "Behavior of to and from selectors" (ipBlock with except)`,
    [np('p', { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }] }] })], [['x/a', WORLD, 443, A], ['x/a', OutsidePeer.world({ address: '10.1.2.3' }), 443, D]]),
  ...cases('egress ipBlock 0.0.0.0/0 also covers pod addresses', `${E2E} "should allow egress access to server in CIDR block" (an ipBlock of a pod's IP admits that pod)`,
    [np('p', { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })], [['x/a', 'y/a', 80, A]]),

  // ---- DNS, node, probes ----
  ...cases('default-deny egress blocks DNS unless a rule allows it', `${DOCS} "Default deny all egress traffic" (no egress traffic is allowed, DNS included)`,
    [denyAll], [['x/a', 'kube-system/coredns', 53, D]]),
  ...cases('an explicit DNS egress rule allows DNS and nothing else', `${DOCS} "Behavior of to and from selectors" (namespaceSelector AND podSelector); ${API} NetworkPolicyEgressRule`,
    [denyAll, np('dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: nsIs('kube-system'), podSelector: sel({ 'k8s-app': 'kube-dns' }) }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] })],
    [['x/a', 'kube-system/coredns', 53, A], ['x/a', 'y/a', 80, D]]),
  ...cases('the pod\'s own node always reaches it', `${DOCS} "What you can't do with network policies" ("nor do they have the ability to block access from their resident node"); ${API} NetworkPolicySpec.ingress ("OR if the traffic source is the pod's local node")`,
    [denyAll], [[OutsidePeer.node(), 'x/a', 80, A]]),
  ...cases('another node is an address: a deny-all ingress blocks it', `${API} NetworkPolicySpec.ingress (only the pod's local node is exempt)`,
    [denyAll], [[OutsidePeer.remoteNode(), 'x/a', 80, D]]),
];

describe('Kubernetes NetworkPolicy conformance table', () => {
  test('every row is a valid NetworkPolicy set', () => {
    expectValidManifests(base());
    for (const row of ROWS) expectValidManifests(row.policies);
  });
  test.each(ROWS.map(r => [r.name, r] as const))('%s', (_n, row) => {
    expect(row.cite.length).toBeGreaterThan(10);
    expect(verdict(row)).toBe(row.expect);
  });
  test('the kubelet\'s probes pass a deny-all (traffic from the pod\'s node)', () => {
    // https://kubernetes.io/docs/concepts/services-networking/network-policies/ "What you can't do with network policies"
    const r = Reachability.fromManifests([...base(), denyAll]);
    expect(r.canProbe(ref('x/a'), 80, { method: 'GET', path: '/healthz' }).engines.find(e => e.engine === Engine.NETWORK_POLICY)!.status).toBe(A);
  });
});
