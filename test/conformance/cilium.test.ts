// Cilium conformance table: what Cilium (cilium.io/v2, 1.19+) does with small CiliumNetworkPolicy sets,
// each row citing the upstream source, documentation or test data it encodes. `Reachability` must
// agree with every row; the library's own output is then judged by `Reachability` (last describe).
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Engine, OutsidePeer, Reachability, VerdictStatus } from '../../src/audit';
import { ciliumFqdnMatches } from '../../src/audit/reachability/engines/cilium';
import { MeshService } from '../../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../../src/constructs/zero-trust-namespace';
import { Port } from '../../src/model/port';
import { ClusterProfile, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh } from '../../src/profile/mesh';
import * as s from '../audit/scenario';
import { expectValidManifests } from '../util/expect-valid';

const DOCS = 'https://docs.cilium.io/en/stable/security/policy';
const SRC = 'cilium/cilium';

const CLIENT = { namespaceName: 'app', name: 'client' };
const SERVER = { namespaceName: 'app', name: 'server' };
const OTHER = { namespaceName: 'other', name: 'other' };
const WORLD: OutsidePeer = OutsidePeer.world({ address: '203.0.113.10' });
const HOST: OutsidePeer = OutsidePeer.node();
const REMOTE_NODE: OutsidePeer = OutsidePeer.remoteNode();

function base(): any[] {
  return [
    s.namespace('app'), s.namespace('other'),
    s.deployment('client', { ns: 'app', sa: 'client' }),
    s.deployment('server', { ns: 'app', sa: 'server', port: 8080 }),
    s.deployment('other', { ns: 'other', sa: 'other' }),
  ];
}

const cnp = (name: string, spec: any, ns = 'app') => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: ns }, spec });
const ccnp = (name: string, spec: any) => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name }, spec });
const server = { matchLabels: { app: 'server' } };
const client = { matchLabels: { app: 'client' } };
const tcp = (port: string, extra: any = {}) => ({ ports: [{ port, protocol: 'TCP', ...extra }] });
const dnsAll = { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }] };

type Peer = { namespaceName: string; name: string } | OutsidePeer;
interface Row {
  /** What the row checks. */
  readonly name: string;
  /** Where upstream says so. */
  readonly cite: string;
  readonly policies: any[];
  readonly from: Peer;
  readonly to: Peer;
  readonly port: number;
  readonly method?: string;
  readonly path?: string;
  readonly allowLocalhost?: boolean;
  readonly expect: VerdictStatus;
}

const isExt = (p: Peer): p is OutsidePeer => p instanceof OutsidePeer;

function verdict(row: Row): VerdictStatus {
  const r = Reachability.fromManifests([...base(), ...row.policies], { ciliumAllowLocalhost: row.allowLocalhost });
  const opts = { method: row.method, path: row.path };
  const v = isExt(row.from) ? r.canReachFromOutside(row.from, row.to as any, row.port, opts)
    : isExt(row.to) ? r.canReachOutside(row.from, row.to, row.port, opts)
      : r.canReach(row.from, row.to, row.port, opts);
  return v.engines.find(e => e.engine === Engine.CILIUM)!.status;
}

const A = VerdictStatus.ALLOWED;
const D = VerdictStatus.DENIED;

const ROWS: Row[] = [
  // ---- Enforcement modes ----
  { name: 'no policy selects the endpoint: open', cite: `${DOCS}/intro/ "Endpoint default policy"`, policies: [cnp('unrelated', { endpointSelector: client, ingress: [{}] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'ingress: [{}] enforces ingress and allows nothing', cite: `${SRC} pkg/policy/repository.go computePolicyEnforcementAndRules (len(r.Ingress) > 0); pkg/policy/rule.go mergeIngress (an L3-only entry needs len(fromEndpoints) > 0)`, policies: [cnp('p', { endpointSelector: server, ingress: [{}] })], from: CLIENT, to: SERVER, port: 8080, expect: D },
  { name: 'enableDefaultDeny.ingress: true without an ingress section enforces nothing', cite: `${SRC} pkg/policy/repository.go computePolicyEnforcementAndRules: ingress = true only if len(r.Ingress) > 0 || len(r.IngressDeny) > 0`, policies: [cnp('p', { endpointSelector: server, enableDefaultDeny: { ingress: true, egress: true }, egress: [dnsAll] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'ingress: [] (empty list) enforces nothing', cite: `${SRC} pkg/policy/api/rule.go Sanitize: EnableDefaultDeny.Ingress = len(r.Ingress) > 0 || ...; repository.go as above`, policies: [cnp('p', { endpointSelector: server, ingress: [] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'enableDefaultDeny.ingress: false: allowed unless denied (wildcard allow synthesized)', cite: `${SRC} pkg/policy/repository.go "Only default-allow policies, synthesizing ingress wildcard-allow rule"; ${DOCS}/intro/`, policies: [cnp('p', { endpointSelector: server, enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'nobody' } }] }] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'default deny wins when any selecting policy asks for it', cite: 'CRD cilium.io/v2 CiliumNetworkPolicy spec.enableDefaultDeny: "If multiple policies apply to an endpoint, that endpoint\'s default deny will be enabled if any policy requests it"', policies: [cnp('allowish', { endpointSelector: server, enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'nobody' } }] }] }), cnp('deny', { endpointSelector: {}, ingress: [{}] })], from: CLIENT, to: SERVER, port: 8080, expect: D },
  { name: 'enableDefaultDeny false still honours ingressDeny', cite: `${DOCS}/deny/ (deny policies take precedence); ${SRC} pkg/policy/repository.go (IngressDeny enforces)`, policies: [cnp('p', { endpointSelector: server, enableDefaultDeny: { ingress: false }, ingressDeny: [{ fromEndpoints: [client] }] })], from: CLIENT, to: SERVER, port: 8080, expect: D },
  { name: 'egress: [{}] enforces egress and allows nothing', cite: `${SRC} pkg/policy/repository.go (len(r.Egress) > 0); ${DOCS}/layer3/ "Ingress/Egress Default Deny"`, policies: [cnp('p', { endpointSelector: client, egress: [{}] })], from: CLIENT, to: SERVER, port: 8080, expect: D },
  { name: 'an egress section with only DNS enforces egress: other destinations denied', cite: `${DOCS}/intro/ "Endpoint default policy" (rule has an egress section → default deny at egress)`, policies: [cnp('p', { endpointSelector: client, egress: [dnsAll] })], from: CLIENT, to: SERVER, port: 8080, expect: D },

  // ---- L4 ----
  { name: 'toPorts allows the listed port', cite: `${DOCS}/layer4/ "Limit ingress/egress ports"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [tcp('8080')] }] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'toPorts denies other ports', cite: `${DOCS}/layer4/`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [tcp('8080')] }] })], from: CLIENT, to: SERVER, port: 9090, expect: D },
  { name: 'endPort: the range includes the port', cite: `${DOCS}/layer4/ "Port Ranges"; CRD toPorts.ports.endPort`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [tcp('8000', { endPort: 8100 })] }] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'endPort: outside the range', cite: `${DOCS}/layer4/ "Port Ranges"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [tcp('8000', { endPort: 8079 })] }] })], from: CLIENT, to: SERVER, port: 8080, expect: D },
  { name: 'a UDP-only port does not allow TCP', cite: `${DOCS}/layer4/ (protocol: TCP, UDP, SCTP or ANY)`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [{ ports: [{ port: '8080', protocol: 'UDP' }] }] }] })], from: CLIENT, to: SERVER, port: 8080, expect: D },
  { name: 'named port resolves to the container port of that name', cite: 'CRD toPorts.ports.port: "Port can be an L4 port number, or a name in the form of \\"http\\" or \\"http-8080\\""; ' + `${DOCS}/layer4/ "Named ports"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [tcp('http')] }] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'named port does not match another port', cite: `${DOCS}/layer4/ "Named ports"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [tcp('http')] }] })], from: CLIENT, to: SERVER, port: 9090, expect: D },
  { name: 'an L4-only rule allows any peer on the port (other namespace)', cite: `${SRC} pkg/policy/rule.go mergeIngress: "For L4 Policy, an empty slice of EndpointSelector indicates that the rule allows all at L3"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ toPorts: [tcp('8080')] }] })], from: OTHER, to: SERVER, port: 8080, expect: A },
  { name: 'an L4-only rule allows any peer on the port (world)', cite: `${SRC} pkg/policy/rule.go mergeIngress (WildcardEndpointSelector)`, policies: [cnp('p', { endpointSelector: server, ingress: [{ toPorts: [tcp('8080')] }] })], from: WORLD, to: SERVER, port: 8080, expect: A },

  // ---- Entities ----
  { name: 'fromEntities world selects outside addresses', cite: `${DOCS}/layer3/ "Entities based": world`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEntities: ['world'] }] })], from: WORLD, to: SERVER, port: 8080, expect: A },
  { name: 'fromEntities world does not select pods', cite: `${DOCS}/layer3/ "Entities based": world = endpoints outside of the cluster`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEntities: ['world'] }] })], from: CLIENT, to: SERVER, port: 8080, expect: D },
  { name: 'fromEntities cluster selects pods of other namespaces', cite: `${DOCS}/layer3/ "Entities based": cluster`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEntities: ['cluster'] }] })], from: OTHER, to: SERVER, port: 8080, expect: A },
  { name: 'fromEntities cluster selects remote nodes', cite: `${DOCS}/layer3/ "Entities based": cluster includes host and remote-node`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEntities: ['cluster'] }] })], from: REMOTE_NODE, to: SERVER, port: 8080, expect: A },
  { name: 'fromEntities cluster does not select world', cite: `${DOCS}/layer3/ "Entities based"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEntities: ['cluster'] }] })], from: WORLD, to: SERVER, port: 8080, expect: D },
  { name: 'fromEntities all selects world', cite: `${DOCS}/layer3/ "Entities based": all`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEntities: ['all'] }] })], from: WORLD, to: SERVER, port: 8080, expect: A },
  { name: 'fromEntities host (allow-localhost=policy) selects the local node', cite: `${DOCS}/layer3/ "Access to/from local host"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEntities: ['host'] }] })], from: HOST, to: SERVER, port: 8080, allowLocalhost: false, expect: A },
  { name: 'fromEntities host does not select remote nodes', cite: `${DOCS}/layer3/ "Entities based": host vs remote-node`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEntities: ['host'] }] })], from: REMOTE_NODE, to: SERVER, port: 8080, expect: D },
  { name: 'allow-localhost auto (Kubernetes → always): the local node passes a deny-all ingress', cite: `${SRC} pkg/option/config.go AllowLocalhostAuto "defaults to policy except when running in Kubernetes where it then defaults to always"; ${DOCS}/layer3/ note under "Access to/from local host"`, policies: [cnp('p', { endpointSelector: server, ingress: [{}] })], from: HOST, to: SERVER, port: 8080, expect: A },
  { name: 'allow-localhost=policy: the local node needs a rule', cite: `${SRC} pkg/option/config.go AlwaysAllowLocalhost (policy → false)`, policies: [cnp('p', { endpointSelector: server, ingress: [{}] })], from: HOST, to: SERVER, port: 8080, allowLocalhost: false, expect: D },

  // ---- fromEndpoints and namespaces ----
  { name: 'fromEndpoints [{}] in a namespaced policy selects its own namespace', cite: `${DOCS}/kubernetes/ "Namespaces" (selectors without a namespace label are limited to the policy's namespace); ${SRC} pkg/k8s/apis/cilium.io/utils/utils.go`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [{}] }] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'fromEndpoints [{}] in a namespaced policy does not select other namespaces', cite: `${DOCS}/kubernetes/ "Namespaces"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [{}] }] })], from: OTHER, to: SERVER, port: 8080, expect: D },
  { name: 'fromEndpoints [{}] does not select world', cite: `${DOCS}/layer3/ "Endpoints based" (endpoint selectors select endpoints)`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [{}] }] })], from: WORLD, to: SERVER, port: 8080, expect: D },
  { name: 'fromEndpoints with the namespace label selects that namespace', cite: `${DOCS}/kubernetes/ "Namespaces" (k8s:io.kubernetes.pod.namespace)`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'other', 'app': 'other' } }] }] })], from: OTHER, to: SERVER, port: 8080, expect: A },
  { name: 'fromEndpoints without the namespace label: same labels in another namespace do not match', cite: `${DOCS}/kubernetes/ "Namespaces"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'other' } }] }] })], from: OTHER, to: SERVER, port: 8080, expect: D },
  { name: 'a clusterwide policy selects across namespaces', cite: `${DOCS}/language/ "CiliumClusterwideNetworkPolicy"`, policies: [ccnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'other' } }] }] })], from: OTHER, to: SERVER, port: 8080, expect: A },

  // ---- Deny precedence ----
  { name: 'ingressDeny on the port wins over an allow', cite: `${DOCS}/deny/ table (deny L4 80/TCP → curl server:80 denied)`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client] }], ingressDeny: [{ fromEndpoints: [client], toPorts: [tcp('8080')] }] })], from: CLIENT, to: SERVER, port: 8080, expect: D },
  { name: 'ingressDeny on another port leaves the allow', cite: `${DOCS}/deny/ table (curl server:81 allowed)`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client] }], ingressDeny: [{ fromEndpoints: [client], toPorts: [tcp('9090')] }] })], from: CLIENT, to: SERVER, port: 8080, expect: A },
  { name: 'egressDeny to world wins over an egress allow to world', cite: `${DOCS}/deny/`, policies: [cnp('p', { endpointSelector: client, egress: [{ toEntities: ['world'] }], egressDeny: [{ toEntities: ['world'] }] })], from: CLIENT, to: WORLD, port: 443, expect: D },

  // ---- L7 HTTP (method and path are regular expressions matched against the whole value) ----
  ...[
    ['GET', '/v1/payments', A], ['GET', '/v2/payments', D],
  ].map(([method, path, expect]) => ({ name: `http path "/v1/.*" vs ${method} ${path}`, cite: `CRD toPorts.rules.http.path "an extended POSIX regex matched against the path"; envoy type/matcher/v3/regex.proto "matched against the full string, not as a partial match"; ${DOCS}/layer7/`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [{ ...tcp('8080'), rules: { http: [{ path: '/v1/.*' }] } }] }] })], from: CLIENT, to: SERVER, port: 8080, method: method as string, path: path as string, expect: expect as VerdictStatus })),
  { name: 'http path "/v1" does not match "/v1/payments" (full match, not prefix)', cite: 'envoy type/matcher/v3/regex.proto RegexMatcher.regex: "matched against the full string"', policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [{ ...tcp('8080'), rules: { http: [{ path: '/v1' }] } }] }] })], from: CLIENT, to: SERVER, port: 8080, method: 'GET', path: '/v1/payments', expect: D },
  { name: 'http method regex "GET|HEAD" allows HEAD', cite: `CRD toPorts.rules.http.method "an extended POSIX regex matched against the method"; ${DOCS}/layer7/`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [{ ...tcp('8080'), rules: { http: [{ method: 'GET|HEAD' }] } }] }] })], from: CLIENT, to: SERVER, port: 8080, method: 'HEAD', path: '/', expect: A },
  { name: 'http method regex "GET|HEAD" denies POST', cite: `${DOCS}/layer7/`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [{ ...tcp('8080'), rules: { http: [{ method: 'GET|HEAD' }] } }] }] })], from: CLIENT, to: SERVER, port: 8080, method: 'POST', path: '/', expect: D },
  { name: 'http method regex "GE" does not match GET (full match)', cite: 'envoy type/matcher/v3/regex.proto (full-string match)', policies: [cnp('p', { endpointSelector: server, ingress: [{ fromEndpoints: [client], toPorts: [{ ...tcp('8080'), rules: { http: [{ method: 'GE' }] } }] }] })], from: CLIENT, to: SERVER, port: 8080, method: 'GET', path: '/', expect: D },

  // ---- CIDR ----
  { name: 'fromCIDRSet includes the address', cite: `${DOCS}/layer3/ "CIDR based" (fromCIDRSet with except)`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromCIDRSet: [{ cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] }] }] })], from: WORLD, to: SERVER, port: 8080, expect: A },
  { name: 'fromCIDRSet except removes the address', cite: `${DOCS}/layer3/ "CIDR based"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromCIDRSet: [{ cidr: '203.0.113.0/24', except: ['203.0.113.0/28'] }] }] })], from: WORLD, to: SERVER, port: 8080, expect: D },
  { name: 'CIDR rules do not select pods', cite: `${DOCS}/layer3/ "Services based" note: "CIDR selectors cannot select pods"`, policies: [cnp('p', { endpointSelector: server, ingress: [{ fromCIDR: ['0.0.0.0/0'] }] })], from: CLIENT, to: SERVER, port: 8080, expect: D },

  // ---- toFQDNs (need a DNS rule: the DNS proxy learns the addresses) ----
  ...([
    [{ matchName: 'api.stripe.com' }, 'api.stripe.com', A],
    [{ matchName: 'api.stripe.com' }, 'API.Stripe.com', A],
    [{ matchName: 'api.stripe.com' }, 'evil.com', D],
    [{ matchPattern: '*.x.com' }, 'a.x.com', A],
    [{ matchPattern: '*.x.com' }, 'a.b.x.com', D],
    [{ matchPattern: '*.x.com' }, 'x.com', D],
    [{ matchPattern: 'api*.x.com' }, 'api-eu.x.com', A],
    [{ matchPattern: '**.x.com' }, 'a.b.x.com', A],
    [{ matchPattern: '**.x.com' }, 'a.x.com', A],
    [{ matchPattern: '**.x.com' }, 'x.com', D],
  ] as Array<[any, string, VerdictStatus]>).map(([sel, host, expect]) => ({
    name: `toFQDNs ${JSON.stringify(sel)} vs ${host}`,
    cite: `${SRC} pkg/fqdn/matchpattern/matchpattern.go ToAnchoredRegexp ("*" = [-a-zA-Z0-9_]* within a label; leading "**." = one or more labels, Cilium 1.19+, cilium/cilium#43420); ${DOCS}/language/ "DNS based"`,
    policies: [cnp('p', { endpointSelector: client, egress: [dnsAll, { toFQDNs: [sel], toPorts: [tcp('443')] }] })],
    from: CLIENT,
    to: OutsidePeer.world({ fqdn: host }),
    port: 443,
    expect,
  })),
  { name: 'toFQDNs without a DNS rule allows nothing (the DNS proxy never sees the lookup)', cite: `${DOCS}/layer3/ "DNS based": "DNS information is acquired by routing DNS traffic via DNS Proxy with a separate policy rule"`, policies: [cnp('p', { endpointSelector: client, egress: [{ toFQDNs: [{ matchName: 'api.stripe.com' }], toPorts: [tcp('443')] }] })], from: CLIENT, to: OutsidePeer.world({ fqdn: 'api.stripe.com' }), port: 443, expect: D },
  { name: 'toFQDNs port restriction applies', cite: `${DOCS}/language/ "DNS based" (toFQDNs with toPorts)`, policies: [cnp('p', { endpointSelector: client, egress: [dnsAll, { toFQDNs: [{ matchName: 'api.stripe.com' }], toPorts: [tcp('443')] }] })], from: CLIENT, to: OutsidePeer.world({ fqdn: 'api.stripe.com' }), port: 80, expect: D },
];

describe('Cilium conformance table', () => {
  test('every row is a valid CiliumNetworkPolicy set', () => {
    for (const row of ROWS) expectValidManifests(row.policies);
  });
  test.each(ROWS.map(r => [r.name, r] as const))('%s', (_n, row) => {
    expect(row.cite.length).toBeGreaterThan(10);
    expect(verdict(row)).toBe(row.expect);
  });
});

describe('Cilium matchPattern', () => {
  // cilium/cilium pkg/fqdn/matchpattern/matchpattern_test.go style cases, derived from ToAnchoredRegexp.
  test.each([
    ['*', 'anything.example.com', true],
    ['*.cilium.io', 'www.cilium.io', true],
    ['*.cilium.io', 'cilium.io', false],
    ['*.cilium.io', 'a.b.cilium.io', false],
    ['*cilium.io', 'sub-cilium.io', true],
    ['**.cilium.io', 'a.b.cilium.io', true],
    ['**.cilium.io', 'cilium.io', false],
    ['sub.*.cilium.io', 'sub.x.cilium.io', true],
    ['sub.*.cilium.io', 'sub.x.y.cilium.io', false],
  ] as Array<[string, string, boolean]>)('%s vs %s', (pattern, name, want) => {
    expect(ciliumFqdnMatches({ matchPattern: pattern }, name)).toBe(want);
  });
});

describe('the library\'s Cilium output isolates a client-only workload', () => {
  // Namespace `jobs` (Cilium, no mesh) with one MeshService that no route targets; a plain Deployment in an
  // unrelated namespace. Judged by the conformance-checked evaluator above.
  function render(): any[] {
    const app = new App();
    const chart = new Chart(app, 'c');
    const profile = new ClusterProfile({ mesh: Mesh.none(), networkPolicy: [NetworkPolicyEngine.CILIUM] });
    const ns = new ZeroTrustNamespace(chart, 'jobs', { name: 'jobs', profile });
    new MeshService(ns, 'worker', {
      name: 'worker',
      ports: [Port.http(8080)],
      workload: new kplus.Deployment(chart, 'worker-deploy', { metadata: { name: 'worker' }, containers: [{ image: 'registry.example.com/worker:1.0.0', portNumber: 8080 }] }),
    });
    const other = new Chart(app, 'other', { namespace: 'other' });
    new kplus.Deployment(other, 'other', { metadata: { name: 'other' }, containers: [{ image: 'registry.example.com/other:1.0.0', portNumber: 8080 }] });
    return app.charts.flatMap(c => c.toJson());
  }
  const WORKER = { namespaceName: 'jobs', name: 'worker' };
  const PORTS = [1, 22, 53, 80, 443, 2379, 6443, 8080, 9090, 10250, 15008, 65535];
  const objects = render();
  const otherPod = () => {
    const w = Reachability.fromManifests(objects).workloads().find(x => x.namespaceName === 'other');
    return { namespaceName: 'other', name: w!.name };
  };
  const outsiders: OutsidePeer[] = [
    OutsidePeer.world({ address: '203.0.113.10' }),
    OutsidePeer.world(),
    OutsidePeer.remoteNode(),
    OutsidePeer.kubeApiServer(),
  ];
  const allowedFrom = (m: any[], opts: { ciliumAllowLocalhost?: boolean } = {}) => {
    const r = Reachability.fromManifests(m, opts);
    const out: string[] = [];
    for (const port of PORTS) {
      if (r.canReach(otherPod(), WORKER, port).allowed) out.push(`other → worker:${port}`);
      for (const p of [...outsiders, ...(opts.ciliumAllowLocalhost === false ? [HOST] : [])]) {
        if (r.canReachFromOutside(p, WORKER, port).allowed) out.push(`${p.kind} → worker:${port}`);
      }
    }
    return out;
  };
  const allowedTo = (m: any[]) => {
    const r = Reachability.fromManifests(m);
    const out: string[] = [];
    for (const port of PORTS) {
      if (r.canReach(WORKER, otherPod(), port).allowed) out.push(`worker → other:${port}`);
      for (const p of [...outsiders, HOST, OutsidePeer.world({ fqdn: 'api.stripe.com' })]) {
        if (r.canReachOutside(WORKER, p, port).allowed) out.push(`worker → ${p.kind}${p.fqdn ? `(${p.fqdn})` : ''}:${port}`);
      }
    }
    return out;
  };

  test('only Cilium judges (profile renders Cilium only)', () => {
    expectValidManifests(objects);
    expect(Reachability.fromManifests(objects).enginesPresent).toEqual([Engine.CILIUM]);
  });
  test('world, a pod in an unrelated namespace, remote nodes and the API server cannot reach it on any port', () => {
    expect(allowedFrom(objects)).toEqual([]);
  });
  test('with allow-localhost=policy the local node cannot either; with the Kubernetes default it always can (upstream behaviour)', () => {
    expect(allowedFrom(objects, { ciliumAllowLocalhost: false })).toEqual([]);
    const r = Reachability.fromManifests(objects);
    expect(r.canReachFromOutside(HOST, WORKER, 8080).allowed).toBe(true);
  });
  test('it cannot reach them', () => {
    expect(allowedTo(objects)).toEqual([]);
  });
  test('regression: the old baseline (enableDefaultDeny without an ingress section) let everyone in', () => {
    const old = objects.map(o => o.kind === 'CiliumNetworkPolicy' && o.metadata.name === 'default-deny'
      ? { ...o, spec: Object.fromEntries(Object.entries(o.spec).filter(([k]) => k !== 'ingress')) } : o);
    expect(old.find(o => o.metadata?.name === 'default-deny').spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
    const open = allowedFrom(old);
    expect(open).toContain('other → worker:8080');
    expect(open).toContain('WORLD → worker:443');
    expect(open).toHaveLength(PORTS.length * (1 + outsiders.length));
  });
  test('the default-deny object: both sections present', () => {
    const dd = objects.find(o => o.kind === 'CiliumNetworkPolicy' && o.metadata.name === 'default-deny');
    expect(dd.spec.endpointSelector).toEqual({});
    expect(dd.spec.ingress).toEqual([{}]);
    expect(dd.spec.egress.length).toBeGreaterThan(0);
    expect(dd.spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
  });
});
