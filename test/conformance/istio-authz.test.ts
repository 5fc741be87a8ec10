// Istio AuthorizationPolicy + PeerAuthentication conformance table (sidecar mode): evaluation order, policy scope,
// source matching and mTLS modes as istiod and Envoy apply them, each row citing the upstream documentation,
// source or test data it encodes. `Reachability` must agree with every row. (Dry-run policies are left out here.)
// Topology after the Istio security tasks (https://istio.io/latest/docs/tasks/security/authentication/authn-policy/
// "Setup"): namespaces foo and bar with httpbin and sleep (sidecars injected), legacy with sleep and httpbin without
// sidecars.
import { Engine, OutsidePeer, Reachability, VerdictStatus } from '../../src/audit';
import { expectValidManifests } from '../util/expect-valid';

const REF = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const PA_REF = 'https://istio.io/latest/docs/reference/config/security/peer_authentication/';
const CONCEPT = 'https://istio.io/latest/docs/concepts/security/';
const TESTDATA = 'istio/istio pilot/pkg/security/authz/builder/testdata';

function deployment(namespace: string, name: string, meshed = true): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...(meshed ? {} : { annotations: { 'sidecar.istio.io/inject': 'false' } }) },
        spec: {
          serviceAccountName: name,
          containers: [{ name: 'app', image: `docker.io/kong/${name}:1.0`, ports: name === 'httpbin' ? [{ containerPort: 8000 }, { containerPort: 9000 }] : [] }],
        },
      },
    },
  };
}

function base(): any[] {
  const labels: Record<string, any> = { legacy: {}, amb: { 'istio.io/dataplane-mode': 'ambient' } };
  const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: labels[name] ?? { 'istio-injection': 'enabled' } } });
  return [
    ns('foo'), ns('bar'), ns('legacy'), ns('istio-system'), ns('amb'),
    deployment('amb', 'httpbin'), deployment('amb', 'sleep'),
    deployment('foo', 'httpbin'), deployment('foo', 'sleep'), deployment('bar', 'sleep'),
    deployment('legacy', 'sleep', false), deployment('legacy', 'httpbin', false),
  ];
}

const ap = (name: string, spec: any, namespace = 'foo') => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec });
const pa = (name: string, spec: any, namespace = 'istio-system') => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec });
const httpbin = { matchLabels: { app: 'httpbin' } };
const STRICT = pa('default', { mtls: { mode: 'STRICT' } });
const PERMISSIVE = pa('default', { mtls: { mode: 'PERMISSIVE' } });
const from = (source: any) => ({ from: [{ source }] });
const SLEEP_FOO = 'cluster.local/ns/foo/sa/sleep';

type Peer = string | OutsidePeer;
interface Row {
  readonly name: string;
  /** Where upstream says so. */
  readonly cite: string;
  readonly policies: any[];
  readonly from: Peer;
  /** `ns/name`; default foo/httpbin. */
  readonly to?: string;
  /** default 8000. */
  readonly port?: number;
  readonly method?: string;
  readonly path?: string;
  readonly expect: VerdictStatus;
}

const A = VerdictStatus.ALLOWED;
const D = VerdictStatus.DENIED;
const U = VerdictStatus.UNKNOWN;
const ref = (p: string) => ({ namespaceName: p.split('/')[0], name: p.split('/')[1] });

function verdict(row: Row): VerdictStatus {
  const r = Reachability.fromManifests([...base(), ...row.policies]);
  const to = ref(row.to ?? 'foo/httpbin');
  const opts = { method: row.method, path: row.path };
  if (typeof row.from !== 'string') {
    return r.canReachFromOutside(row.from, to, row.port ?? 8000, opts).engines.find(e => e.engine === Engine.ISTIO)!.status;
  }
  return r.canReachWith(Engine.ISTIO, ref(row.from), to, row.port ?? 8000, opts).status;
}

/** One policy set, several (from, expect[, port]) checks of the same upstream statement. */
function cases(name: string, cite: string, policies: any[], checks: Array<[Peer, VerdictStatus, number?]>, extra: Partial<Row> = {}): Row[] {
  return checks.map(([f, expect, port]) => ({
    name: `${name}: ${typeof f === 'string' ? f : f.description} → ${extra.to ?? 'foo/httpbin'}:${port ?? 8000}`,
    cite,
    policies,
    from: f,
    port,
    expect,
    ...extra,
  }));
}

const OTHER_ALLOW = ap('other', { selector: { matchLabels: { app: 'nobody' } } });

const ROWS: Row[] = [
  // ---- Evaluation order: CUSTOM → DENY → ALLOW ----
  ...cases('no ALLOW policy applies to the workload: allowed', `${REF} (evaluation rule 3: "If there are no ALLOW policies for the workload, allow the request")`,
    [OTHER_ALLOW], [['foo/sleep', A], ['legacy/sleep', A]]),
  ...cases('an ALLOW policy applies and no rule matches: denied', `${REF} (rule 5: "Deny the request")`,
    [ap('p', { selector: httpbin, rules: [from({ principals: ['cluster.local/ns/bar/sa/sleep'] })] }), STRICT], [['foo/sleep', D], ['bar/sleep', A]]),
  ...cases('DENY wins over a matching ALLOW', `${REF} (rule 2 before rule 4); https://istio.io/latest/docs/tasks/security/authorization/authz-deny/ ("DENY action has higher priority and will not be bypassed by any ALLOW actions")`,
    [ap('allow', { selector: httpbin, rules: [{}] }), ap('deny', { selector: httpbin, action: 'DENY', rules: [from({ principals: [SLEEP_FOO] })] }), STRICT], [['foo/sleep', D], ['bar/sleep', A]]),
  ...cases('a DENY rule that does not match leaves the request to the ALLOW stage', `${REF} (rule 2 applies only to matching DENY policies)`,
    [ap('deny', { selector: httpbin, action: 'DENY', rules: [{ to: [{ operation: { ports: ['9000'] } }] }] })], [['foo/sleep', A, 8000], ['foo/sleep', D, 9000]]),
  ...cases('allow-nothing: spec {} denies every request to the namespace', `${REF} ("allow-nothing" example: spec: {}); ${TESTDATA}/http/allow-nil-rule-in.yaml → allow-nil-rule-out.yaml (notRule any)`,
    [ap('allow-nothing', {})], [['foo/sleep', D], ['bar/sleep', D], ['legacy/sleep', D]]),
  ...cases('allow-nothing by selector (ALLOW without rules)', `${TESTDATA}/http/allow-nil-rule-in.yaml → allow-nil-rule-out.yaml; ${REF} AuthorizationPolicy.rules ("If not set, the match will never occur. This is equivalent to setting a default of deny for the target workloads if the action is ALLOW")`,
    [ap('allow-none', { selector: httpbin })], [['foo/sleep', D]]),
  ...cases('allow-all: rules [{}] matches every request, plaintext included', `${TESTDATA}/http/allow-empty-rule-in.yaml → allow-empty-rule-out.yaml (any: true); ${REF} ("allow-all" example)`,
    [ap('allow-nothing', {}), ap('allow-all', { selector: httpbin, rules: [{}] })], [['foo/sleep', A], ['legacy/sleep', A], [OutsidePeer.world(), A]]),
  ...cases('deny-all: DENY with rules [{}] denies every request', `${TESTDATA}/http/deny-empty-rule-out.yaml (action DENY, any: true); ${REF} ("deny-all" example)`,
    [ap('deny-all', { action: 'DENY', rules: [{}] }), ap('allow-all', { selector: httpbin, rules: [{}] })], [['foo/sleep', D], ['bar/sleep', D]]),
  ...cases('DENY without rules never matches', `${REF} AuthorizationPolicy.rules ("If not set, the match will never occur")`,
    [ap('deny-nothing', { selector: httpbin, action: 'DENY' })], [['foo/sleep', A]]),
  ...cases('AUDIT policies do not affect the decision', `${REF} ("AUDIT policies do not affect whether requests are allowed or denied to the workload")`,
    [ap('audit', { selector: httpbin, action: 'AUDIT', rules: [{}] })], [['foo/sleep', A]]),
  ...cases('a matching CUSTOM policy delegates the decision (unknown)', `${REF} (rule 1: "If there are any CUSTOM policies that match the request, evaluate and deny the request if the evaluation result is deny")`,
    [ap('ext', { selector: httpbin, action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{ to: [{ operation: { ports: ['8000'] } }] }] })], [['foo/sleep', U, 8000]]),
  ...cases('a CUSTOM policy whose rules do not match the request is not consulted', `${REF} (rule 1 applies to CUSTOM policies "that match the request")`,
    [ap('ext', { selector: httpbin, action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{ to: [{ operation: { ports: ['8000'] } }] }] })], [['foo/sleep', A, 9000]]),
  ...cases('a matching CUSTOM policy cannot rescue a request a DENY policy denies', `${REF} (CUSTOM, then DENY: rule 2 still applies after the external authorizer allows)`,
    [ap('ext', { selector: httpbin, action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{}] }), ap('deny', { selector: httpbin, action: 'DENY', rules: [{}] })], [['foo/sleep', D]]),
  ...cases('a matching CUSTOM policy cannot rescue a request no ALLOW policy matches', `${REF} (CUSTOM, then rules 3-5)`,
    [ap('ext', { selector: httpbin, action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{}] }), ap('allow-none', { selector: httpbin })], [['foo/sleep', D]]),

  // ---- Scope: selector, namespace, root namespace, targetRefs ----
  ...cases('a namespace-wide policy (no selector) applies to every workload of its namespace', `${REF} AuthorizationPolicy.selector ("If not set, the policy will be applied to all workloads in the same namespace as the policy")`,
    [ap('ns-wide', { rules: [from({ namespaces: ['bar'] })] }), STRICT], [['bar/sleep', A], ['foo/sleep', D]]),
  ...cases('a policy in another namespace does not apply', `${REF} ("The policy applies to workloads in the namespace of the policy"; root namespace excepted)`,
    [ap('elsewhere', {}, 'bar')], [['foo/sleep', A]]),
  ...cases('a policy in the root namespace applies to every namespace', `${REF} ("If the policy is in the root namespace, the policy applies to all namespaces in a mesh")`,
    [ap('mesh-allow-nothing', {}, 'istio-system')], [['foo/sleep', D]]),
  ...cases('a root-namespace policy with a selector selects matching workloads of every namespace', `${REF} AuthorizationPolicy.selector; ${CONCEPT} "Authorization policies" (workload selector across the mesh from the root namespace)`,
    [ap('mesh-httpbin', { selector: httpbin, rules: [from({ namespaces: ['bar'] })] }, 'istio-system'), STRICT], [['bar/sleep', A], ['foo/sleep', D]]),
  ...cases('a selector that matches other labels does not apply', `${REF} AuthorizationPolicy.selector ("selects the workloads to which this policy applies")`,
    [ap('p', { selector: { matchLabels: { app: 'httpbin', version: 'v2' } } })], [['foo/sleep', A]]),
  ...cases('a policy with targetRefs does not apply to sidecar workloads', `${REF} AuthorizationPolicy.targetRefs ("Currently, the following resource attachment types are supported: kind: Gateway ... kind: Service ... kind: ServiceEntry ... kind: GatewayClass"); policies with targetRefs are enforced by gateways and waypoints`,
    [ap('wp', { targetRefs: [{ kind: 'Service', group: '', name: 'httpbin' }] })], [['foo/sleep', A]]),
  ...cases('the destination runs no sidecar: nothing enforces its policies', `${CONCEPT} "Authorization architecture" (the Envoy proxy of the workload enforces access control); https://istio.io/latest/docs/tasks/security/authentication/authn-policy/ ("legacy" workloads without sidecars)`,
    [ap('allow-nothing', {}, 'legacy')], [['foo/sleep', A], ['legacy/sleep', A]], { to: 'legacy/httpbin' }),

  // ---- Sources (mTLS) ----
  ...cases('principals: exact', `${REF} Source.principals ("A list of peer identities derived from the peer certificate ... This field requires mTLS enabled")`,
    [ap('p', { selector: httpbin, rules: [from({ principals: [SLEEP_FOO] })] }), STRICT], [['foo/sleep', A], ['bar/sleep', D]]),
  ...cases('principals: prefix match', `${REF} ("Exact match, prefix match, suffix match and presence match" on string fields); istio/istio pilot/pkg/security/authz/matcher/string.go StringMatcherWithPrefix`,
    [ap('p', { selector: httpbin, rules: [from({ principals: ['cluster.local/ns/foo/*'] })] }), STRICT], [['foo/sleep', A], ['bar/sleep', D]]),
  ...cases('principals ["*"]: any mTLS peer, not plaintext', `${REF} ("presence match: * will match when value is not empty"); Source.principals requires mTLS`,
    [ap('p', { selector: httpbin, rules: [from({ principals: ['*'] })] }), PERMISSIVE], [['bar/sleep', A], ['legacy/sleep', D]]),
  ...cases('namespaces: the peer certificate\'s namespace', `${REF} Source.namespaces ("A list of namespaces derived from the peer certificate. This field requires mTLS enabled"); ${TESTDATA}/all-fields-out.yaml (namespace → principal regex .*/ns/<ns>/.*)`,
    [ap('p', { selector: httpbin, rules: [from({ namespaces: ['bar'] })] }), STRICT], [['bar/sleep', A], ['foo/sleep', D]]),
  ...cases('notNamespaces in a DENY policy denies everyone else, plaintext included', `${REF} Source.notNamespaces ("A list of negative match of namespaces"); https://istio.io/latest/docs/tasks/security/authorization/authz-deny/`,
    [ap('deny-other-ns', { selector: httpbin, action: 'DENY', rules: [from({ notNamespaces: ['foo'] })] })], [['foo/sleep', A], ['bar/sleep', D], ['legacy/sleep', D]]),
  ...cases('notPrincipals ["*"] in a DENY policy denies plaintext requests only', `${REF} Source.notPrincipals; https://istio.io/latest/docs/ops/best-practices/security/ ("Use ALLOW-with-positive-matching and DENY-with-negative-match patterns")`,
    [ap('require-mtls', { selector: httpbin, action: 'DENY', rules: [from({ notPrincipals: ['*'] })] })], [['foo/sleep', A], ['legacy/sleep', D]]),
  ...cases('notPrincipals in an ALLOW rule excludes that peer', `${REF} Source.notPrincipals ("A list of negative match of peer identities")`,
    [ap('p', { selector: httpbin, rules: [from({ namespaces: ['foo', 'bar'], notPrincipals: [SLEEP_FOO] })] }), STRICT], [['bar/sleep', A], ['foo/sleep', D]]),
  ...cases('fields of one source are ANDed', `${REF} Rule.From.source ("Source specifies the source of a request"; fields inside are ANDed: "all fields ... must match")`,
    [ap('p', { selector: httpbin, rules: [from({ namespaces: ['bar'], principals: [SLEEP_FOO] })] }), STRICT], [['foo/sleep', D], ['bar/sleep', D]]),
  ...cases('sources of one rule are ORed', `${REF} Rule.from ("If not set, any source is allowed"; a match of any source satisfies from)`,
    [ap('p', { selector: httpbin, rules: [{ from: [{ source: { namespaces: ['bar'] } }, { source: { principals: [SLEEP_FOO] } }] }] }), STRICT], [['foo/sleep', A], ['bar/sleep', A]]),

  // ---- PeerAuthentication ----
  ...cases('STRICT rejects plaintext clients even without authorization policies', `${PA_REF} MutualTls.Mode STRICT ("Connection is an mTLS tunnel (TLS with client cert must be presented)")`,
    [STRICT], [['legacy/sleep', D], ['foo/sleep', A], [OutsidePeer.world(), D]]),
  ...cases('PERMISSIVE (the default) accepts plaintext', `${PA_REF} MutualTls.Mode PERMISSIVE ("Connection can be either plaintext or mTLS tunnel"); UNSET inherits, the mesh default is PERMISSIVE`,
    [PERMISSIVE], [['legacy/sleep', A], [OutsidePeer.world(), A]]),
  ...cases('PERMISSIVE: a sidecar client still sends mTLS (auto mTLS), so principal rules match it', `${CONCEPT} "Auto mutual TLS" (client proxies send mTLS to workloads with proxies; on by default); https://istio.io/latest/docs/tasks/security/authorization/authz-http/ (principals in the default PERMISSIVE mode)`,
    [PERMISSIVE, ap('p', { selector: httpbin, rules: [from({ principals: [SLEEP_FOO] })] })], [['foo/sleep', A], ['bar/sleep', D], ['legacy/sleep', D]]),
  ...cases('PERMISSIVE: namespace rules match sidecar clients, not plaintext ones', `${CONCEPT} "Auto mutual TLS"; ${REF} Source.namespaces requires mTLS`,
    [PERMISSIVE, ap('p', { selector: httpbin, rules: [from({ namespaces: ['foo'] })] })], [['foo/sleep', A], ['legacy/sleep', D]]),
  ...cases('DISABLE: the connection is plaintext, principal rules cannot match', `${PA_REF} MutualTls.Mode DISABLE ("Connection is not tunneled"); ${CONCEPT} "Auto mutual TLS" (plaintext to workloads whose mTLS is disabled)`,
    [pa('off', { selector: httpbin, mtls: { mode: 'DISABLE' } }, 'foo'), ap('p', { selector: httpbin, rules: [from({ principals: [SLEEP_FOO] })] })], [['foo/sleep', D], ['legacy/sleep', D]]),
  ...cases('namespace-wide STRICT overrides mesh-wide PERMISSIVE', `${PA_REF} ("Policies in the root namespace apply mesh-wide ... namespace-wide ... workload-specific"; the narrower one wins)`,
    [PERMISSIVE, pa('default', { mtls: { mode: 'STRICT' } }, 'foo')], [['legacy/sleep', D]]),
  ...cases('workload PERMISSIVE overrides namespace STRICT', `${PA_REF} (workload-specific policy takes precedence over namespace-wide)`,
    [pa('default', { mtls: { mode: 'STRICT' } }, 'foo'), pa('httpbin', { selector: httpbin, mtls: { mode: 'PERMISSIVE' } }, 'foo')], [['legacy/sleep', A]]),
  ...cases('workload mode UNSET inherits the namespace\'s STRICT', `${PA_REF} MutualTls.Mode UNSET ("Inherit from parent, if has one. Otherwise treated as PERMISSIVE")`,
    [pa('default', { mtls: { mode: 'STRICT' } }, 'foo'), pa('httpbin', { selector: httpbin, mtls: { mode: 'UNSET' } }, 'foo')], [['legacy/sleep', D]]),
  ...cases('port-level mTLS overrides the workload mode on that port only', `${PA_REF} PeerAuthentication.portLevelMtls ("Port specific mutual TLS settings"); https://istio.io/latest/docs/tasks/security/authentication/authn-policy/ "Enable mutual TLS per port"`,
    [STRICT, pa('httpbin', { selector: httpbin, mtls: { mode: 'STRICT' }, portLevelMtls: { 9000: { mode: 'PERMISSIVE' } } }, 'foo')], [['legacy/sleep', D, 8000], ['legacy/sleep', A, 9000]]),

  // ---- Operations ----
  ...cases('operation ports', `${REF} Operation.ports ("A list of ports, which matches to the 'destination.port' attribute")`,
    [ap('p', { selector: httpbin, rules: [{ to: [{ operation: { ports: ['8000'] } }] }] })], [['foo/sleep', A, 8000], ['foo/sleep', D, 9000]]),
  ...cases('operation notPorts', `${REF} Operation.notPorts ("A list of negative match of ports")`,
    [ap('p', { selector: httpbin, rules: [{ to: [{ operation: { notPorts: ['9000'] } }] }] })], [['foo/sleep', A, 8000], ['foo/sleep', D, 9000]]),
  ...cases('from and to of one rule are ANDed', `${REF} Rule ("A match occurs when at least one rule matches the request"; within a rule from, to and when must all match)`,
    [ap('p', { selector: httpbin, rules: [{ ...from({ namespaces: ['bar'] }), to: [{ operation: { ports: ['9000'] } }] }] }), STRICT], [['bar/sleep', D, 8000], ['bar/sleep', A, 9000], ['foo/sleep', D, 9000]]),
  ...cases('ipBlocks: the connection\'s source address', `${REF} Source.ipBlocks ("A list of IP blocks, populated from the source address of the IP packet. Single IP (e.g. 203.0.113.4) and CIDR (e.g. 203.0.113.0/24) are supported")`,
    [ap('p', { selector: httpbin, rules: [from({ ipBlocks: ['203.0.113.0/24'] })] })], [[OutsidePeer.world(), A], [OutsidePeer.world({ address: '198.51.100.7' }), D]]),
  ...cases('ipBlocks: a single address', `${REF} Source.ipBlocks (single IP supported)`,
    [ap('p', { selector: httpbin, rules: [from({ ipBlocks: ['203.0.113.10'] })] })], [[OutsidePeer.world(), A], [OutsidePeer.world({ address: '203.0.113.11' }), D]]),
  ...cases('DENY ipBlocks denies those addresses', `${REF} Source.ipBlocks; rule 2 (a matching DENY policy denies)`,
    [ap('deny', { selector: httpbin, action: 'DENY', rules: [from({ ipBlocks: ['203.0.113.0/24'] })] })], [[OutsidePeer.world(), D], [OutsidePeer.world({ address: '198.51.100.7' }), A]]),
  ...cases('notIpBlocks in an ALLOW rule excludes those addresses', `${REF} Source.notIpBlocks ("A list of negative match of IP blocks")`,
    [ap('p', { selector: httpbin, rules: [from({ notIpBlocks: ['203.0.113.0/24'] })] })], [[OutsidePeer.world(), D], [OutsidePeer.world({ address: '198.51.100.7' }), A]]),

  // ---- Conditions (when) ----
  ...cases('when source.namespace', 'https://istio.io/latest/docs/reference/config/security/conditions/ (source.namespace: "Source workload instance namespace", requires mTLS)',
    [ap('p', { selector: httpbin, rules: [{ when: [{ key: 'source.namespace', values: ['bar'] }] }] }), STRICT], [['bar/sleep', A], ['foo/sleep', D]]),
  ...cases('when source.principal notValues', `https://istio.io/latest/docs/reference/config/security/conditions/ (source.principal: "Source workload identity"); ${REF} Condition.notValues`,
    [ap('p', { selector: httpbin, rules: [{ when: [{ key: 'source.principal', notValues: [SLEEP_FOO] }] }] }), STRICT], [['bar/sleep', A], ['foo/sleep', D]]),
  ...cases('when destination.port', 'https://istio.io/latest/docs/reference/config/security/conditions/ (destination.port: "The destination port")',
    [ap('p', { selector: httpbin, rules: [{ when: [{ key: 'destination.port', values: ['9000'] }] }] })], [['foo/sleep', D, 8000], ['foo/sleep', A, 9000]]),

  // ---- Ambient (ztunnel, no waypoint) ----
  ...cases('ambient: an L4 ALLOW policy is enforced by the destination ztunnel', 'https://istio.io/latest/docs/ambient/usage/l4-policy/ "Layer 4 authorization policies" ("same functional behavior in Istio ambient mode as in sidecar mode")',
    [ap('allow-sleep', { selector: httpbin, rules: [from({ principals: ['cluster.local/ns/amb/sa/sleep'] })] }, 'amb')], [['amb/sleep', A], ['foo/sleep', D]], { to: 'amb/httpbin' }),
  ...[['GET', D], ['POST', D]].map(([method, expect]) => ({
    name: `ambient without a waypoint: an ALLOW rule with L7 attributes never matches at ztunnel (${method})`,
    cite: 'https://istio.io/latest/docs/ambient/usage/l4-policy/ "Layer 7 authorization policies without waypoints installed" (methods: ["GET"] example: "causes the ztunnel to deny the connection")',
    policies: [ap('allow-sleep-get', { selector: httpbin, rules: [{ ...from({ principals: ['cluster.local/ns/amb/sa/sleep'] }), to: [{ operation: { methods: ['GET'] } }] }] }, 'amb')],
    from: 'amb/sleep',
    to: 'amb/httpbin',
    method: method as string,
    path: '/ip',
    expect: expect as VerdictStatus,
  })),
  ...cases('ambient: PeerAuthentication DISABLE is ignored (HBONE is always mTLS), principals still match', 'https://istio.io/latest/docs/ambient/usage/l4-policy/ "Peer authentication" ("it is not possible to use the DISABLE mode in a policy. Such policies will be ignored")',
    [pa('off', { mtls: { mode: 'DISABLE' } }, 'amb'), ap('allow-sleep', { selector: httpbin, rules: [from({ principals: ['cluster.local/ns/amb/sa/sleep'] })] }, 'amb')], [['amb/sleep', A]], { to: 'amb/httpbin' }),
];

describe('Istio AuthorizationPolicy / PeerAuthentication conformance table', () => {
  test('every row is a valid Istio object set', () => {
    expectValidManifests(base());
    for (const row of ROWS) expectValidManifests(row.policies);
  });
  test.each(ROWS.map(r => [r.name, r] as const))('%s', (_n, row) => {
    expect(row.cite.length).toBeGreaterThan(10);
    expect(verdict(row)).toBe(row.expect);
  });
  test('methods: a GET-only rule allows GET and denies POST', () => {
    // https://istio.io/latest/docs/reference/config/security/authorization-policy/ Operation.methods
    const r = Reachability.fromManifests([...base(), ap('p', { selector: httpbin, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })]);
    expect(r.canReachWith(Engine.ISTIO, ref('foo/sleep'), ref('foo/httpbin'), 8000, { method: 'GET', path: '/ip' }).status).toBe(A);
    expect(r.canReachWith(Engine.ISTIO, ref('foo/sleep'), ref('foo/httpbin'), 8000, { method: 'POST', path: '/ip' }).status).toBe(D);
  });
});
