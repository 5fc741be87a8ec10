// Linkerd authorization-policy conformance table: default inbound policies, Servers, AuthorizationPolicy targets and
// authentications as the Linkerd policy controller computes them (linkerd/linkerd2 policy-controller), each row citing
// the upstream documentation, source or test it encodes. `Reachability` must agree with every row. (The `audit`
// default policy is left out here.) Topology: namespace emojivoto (meshed) with web, emoji and voting; namespace
// other with client (meshed); namespace legacy with a pod without a proxy.
import { Engine, OutsidePeer, Reachability, VerdictStatus } from '../../src/audit';
import { expectValidManifests } from '../util/expect-valid';

const REF = 'https://linkerd.io/2/reference/authorization-policy/';
const FEAT = 'https://linkerd.io/2/features/server-policy/';
const SRC = 'linkerd/linkerd2 policy-controller';
const DEFAULTS = `${SRC}/k8s/index/src/defaults.rs DefaultPolicy`;
const AUTHZ = `${SRC}/k8s/index/src/inbound/index.rs policy_client_authz`;
const E2E = 'linkerd/linkerd2 policy-test/tests/e2e_authorization_policy.rs';
const TD = 'cluster.local';
const id = (sa: string, ns: string) => `${sa}.${ns}.serviceaccount.identity.linkerd.${TD}`;
const POLICY = 'config.linkerd.io/default-inbound-policy';

function deployment(namespace: string, name: string, opts: { annotations?: Record<string, string>; probe?: boolean } = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
        spec: {
          serviceAccountName: name,
          containers: [{
            name: 'app',
            image: `docker.l5d.io/buoyantio/emojivoto-${name}:v11`,
            ports: [{ name: 'http', containerPort: 8080 }, { name: 'admin', containerPort: 8801 }],
            ...(opts.probe ? { readinessProbe: { httpGet: { path: '/ready', port: 8801 } } } : {}),
          }],
        },
      },
    },
  };
}

function base(nsPolicy?: string, podPolicy?: string): any[] {
  const ns = (name: string, annotations: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations } });
  return [
    ns('emojivoto', { 'linkerd.io/inject': 'enabled', ...(nsPolicy ? { [POLICY]: nsPolicy } : {}) }),
    ns('other', { 'linkerd.io/inject': 'enabled' }),
    ns('legacy', {}),
    deployment('emojivoto', 'web'),
    deployment('emojivoto', 'emoji', { probe: true, annotations: podPolicy ? { [POLICY]: podPolicy } : undefined }),
    deployment('emojivoto', 'voting'),
    deployment('other', 'client'),
    deployment('legacy', 'legacy', { annotations: { 'linkerd.io/inject': 'disabled' } }),
    deployment('legacy', 'unmeshed-api', { annotations: { 'linkerd.io/inject': 'disabled', [POLICY]: 'deny' } }),
  ];
}

const l5d = (kind: string, name: string, spec: any, namespace = 'emojivoto') => ({
  apiVersion: kind === 'Server' || kind === 'HTTPRoute' ? 'policy.linkerd.io/v1beta3' : 'policy.linkerd.io/v1alpha1',
  kind,
  metadata: { name, namespace },
  spec,
});
const server = (name: string, port: number | string, extra: any = {}) => l5d('Server', name, { podSelector: { matchLabels: { app: 'emoji' } }, port, proxyProtocol: 'HTTP/1', ...extra });
const policy = (name: string, target: any, refs: any[]) => l5d('AuthorizationPolicy', name, { targetRef: target, requiredAuthenticationRefs: refs });
const toServer = (name: string) => ({ group: 'policy.linkerd.io', kind: 'Server', name });
const mtlsRef = (name: string, namespace?: string) => ({ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name, ...(namespace ? { namespace } : {}) });
const netRef = (name: string) => ({ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name });
const meshTls = (name: string, spec: any) => l5d('MeshTLSAuthentication', name, spec);
const network = (name: string, networks: any[]) => l5d('NetworkAuthentication', name, { networks });

type Peer = string | OutsidePeer;
interface Row {
  readonly name: string;
  /** Where upstream says so. */
  readonly cite: string;
  readonly objects: any[];
  readonly from: Peer;
  /** default emojivoto/emoji. */
  readonly to?: string;
  /** default 8080. */
  readonly port?: number;
  readonly method?: string;
  readonly path?: string;
  readonly expect: VerdictStatus;
}

const A = VerdictStatus.ALLOWED;
const D = VerdictStatus.DENIED;
const ref = (p: string) => ({ namespaceName: p.split('/')[0], name: p.split('/')[1] });
const WORLD = OutsidePeer.world({ address: '203.0.113.10' });
const WORLD_IN_CLUSTER_NET = OutsidePeer.world({ address: '10.1.2.3' });

function verdict(row: Row): VerdictStatus {
  const r = Reachability.fromManifests(row.objects);
  const to = ref(row.to ?? 'emojivoto/emoji');
  const opts = { method: row.method, path: row.path };
  if (typeof row.from !== 'string') {
    return r.canReachFromOutside(row.from, to, row.port ?? 8080, opts).engines.find(e => e.engine === Engine.LINKERD)!.status;
  }
  return r.canReachWith(Engine.LINKERD, ref(row.from), to, row.port ?? 8080, opts).status;
}

function cases(name: string, cite: string, objects: any[], checks: Array<[Peer, VerdictStatus, number?]>, extra: Partial<Row> = {}): Row[] {
  return checks.map(([f, expect, port]) => ({
    name: `${name}: ${typeof f === 'string' ? f : f.description} → ${extra.to ?? 'emojivoto/emoji'}:${port ?? 8080}`,
    cite,
    objects,
    from: f,
    port,
    expect,
    ...extra,
  }));
}

/** Keeps the engine present without covering emoji: a Server for voting. */
const UNRELATED = l5d('Server', 'voting', { podSelector: { matchLabels: { app: 'voting' } }, port: 8080 });
const withPolicy = (nsPolicy?: string, podPolicy?: string, ...objs: any[]) => [...base(nsPolicy, podPolicy), UNRELATED, ...objs];

const ROWS: Row[] = [
  // ---- Default inbound policies (no Server covers the port) ----
  ...cases('cluster default all-unauthenticated admits everyone', `${REF} "Default policies" (all-unauthenticated: allow all traffic; the install default); ${DEFAULTS} (0.0.0.0/0, ::/0, unauthenticated)`,
    withPolicy(), [['emojivoto/web', A], ['legacy/legacy', A], [WORLD, A]]),
  ...cases('namespace annotation deny', `${REF} "Default policies" (deny: all traffic is denied; annotation config.linkerd.io/default-inbound-policy on the namespace)`,
    withPolicy('deny'), [['emojivoto/web', D], ['legacy/legacy', D]]),
  ...cases('the pod annotation overrides the namespace annotation', `${REF} "Default policies" ("can be overridden ... on either a pod spec or its namespace"); ${SRC}/k8s/index/src/inbound/pod.rs (pod annotation first)`,
    withPolicy('deny', 'all-unauthenticated'), [['emojivoto/web', A]]),
  ...cases('all-authenticated: meshed clients only', `${REF} "Default policies" (all-authenticated: meshed clients in the same or a different cluster); ${DEFAULTS} (TlsAuthenticated, any identity, all networks)`,
    withPolicy('all-authenticated'), [['emojivoto/web', A], ['other/client', A], ['legacy/legacy', D], [WORLD, D]]),
  ...cases('cluster-authenticated: meshed clients of the cluster networks', `${REF} "Default policies" (cluster-authenticated); ${DEFAULTS} (TlsAuthenticated, clusterNetworks)`,
    withPolicy('cluster-authenticated'), [['emojivoto/web', A], ['legacy/legacy', D], [WORLD, D]]),
  ...cases('cluster-unauthenticated: any client from the cluster networks', `${REF} "Default policies" (cluster-unauthenticated: meshed and non-meshed clients in the same cluster); ${DEFAULTS} (Unauthenticated, clusterNetworks); linkerd/linkerd2 charts/linkerd-control-plane/values.yaml clusterNetworks "10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8"`,
    withPolicy('cluster-unauthenticated'), [['legacy/legacy', A], ['emojivoto/web', A], [WORLD, D], [WORLD_IN_CLUSTER_NET, A]]),
  ...cases('the destination has no proxy: Linkerd enforces nothing', `${FEAT} ("Linkerd can only enforce policy on meshed pods, i.e. pods where the Linkerd proxy has been injected")`,
    withPolicy(), [['emojivoto/web', A], [WORLD, A]], { to: 'legacy/unmeshed-api' }),

  // ---- Servers ----
  ...cases('a Server makes its port deny-by-default', `${REF} "Server" ("Once a Server is configured for a pod & port, its default behavior is to deny traffic"); CRD Server spec.accessPolicy default "deny"`,
    withPolicy(undefined, undefined, server('emoji-http', 8080)), [['emojivoto/web', D], ['legacy/legacy', D]]),
  ...cases('ports a Server does not select keep the default policy', `${REF} "Server" (a Server selects a port on a set of pods)`,
    withPolicy(undefined, undefined, server('emoji-http', 8080)), [['emojivoto/web', A, 8801]]),
  ...cases('a Server port by name selects that container port', `${REF} "Server" (port: "a port name or number"); CRD Server spec.port`,
    withPolicy(undefined, undefined, server('emoji-http', 'http')), [['emojivoto/web', D, 8080], ['emojivoto/web', A, 8801]]),
  ...cases('a Server whose podSelector does not match leaves the default policy', `${REF} "Server" (podSelector)`,
    withPolicy('all-unauthenticated', undefined, l5d('Server', 's', { podSelector: { matchLabels: { app: 'nobody' } }, port: 8080 })), [['emojivoto/web', A]]),
  ...cases('Server accessPolicy all-unauthenticated admits everyone', `CRD Server spec.accessPolicy ("Default access policy to apply when the traffic doesn't match any of the policy rules"); ${SRC}/k8s/index/src/inbound/index.rs client_authzs (access_policy.default_authzs)`,
    withPolicy('deny', undefined, server('emoji-http', 8080, { accessPolicy: 'all-unauthenticated' })), [['emojivoto/web', A], ['legacy/legacy', A]]),
  ...cases('Server accessPolicy all-authenticated admits meshed clients only', `${SRC}/k8s/index/src/inbound/index.rs client_authzs; ${DEFAULTS}`,
    withPolicy('deny', undefined, server('emoji-http', 8080, { accessPolicy: 'all-authenticated' })), [['emojivoto/web', A], ['legacy/legacy', D], [WORLD, D]]),

  // ---- AuthorizationPolicy targets and MeshTLSAuthentication ----
  ...cases('AuthorizationPolicy on the Server with MeshTLSAuthentication identities', `${REF} "AuthorizationPolicy", "MeshTLSAuthentication"; ${SRC}/k8s/index/src/inbound/tests/authorization_policy.rs links_authorization_policy_with_mtls_name`,
    withPolicy('deny', undefined, server('emoji-http', 8080), meshTls('web', { identities: [id('web', 'emojivoto')] }), policy('p', toServer('emoji-http'), [mtlsRef('web')])),
    [['emojivoto/web', A], ['emojivoto/voting', D], ['legacy/legacy', D]]),
  ...cases('identities ["*"] admits every meshed client', `${E2E} meshtls (all_authenticated: identities ["*"]; injected curl succeeds, uninjected fails); CRD MeshTLSAuthentication spec.identities; ${SRC}/core/src/identity_match.rs`,
    withPolicy('deny', undefined, server('emoji-http', 8080), meshTls('any', { identities: ['*'] }), policy('p', toServer('emoji-http'), [mtlsRef('any')])),
    [['emojivoto/web', A], ['other/client', A], ['legacy/legacy', D]]),
  ...cases('identities "*.<ns>.serviceaccount..." admits the namespace\'s service accounts', `CRD MeshTLSAuthentication spec.identities ("The * prefix can be used to match all identities in a domain"); ${SRC}/core/src/identity_match.rs (a "*." prefix is a suffix match)`,
    withPolicy('deny', undefined, server('emoji-http', 8080), meshTls('ns', { identities: [`*.emojivoto.serviceaccount.identity.linkerd.${TD}`] }), policy('p', toServer('emoji-http'), [mtlsRef('ns')])),
    [['emojivoto/web', A], ['other/client', D]]),
  ...cases('a "*" that is not a leading "*." is an exact identity, not a glob', `${SRC}/core/src/identity_match.rs IdentityMatch::from_str (only "*" and a "*." prefix are patterns; anything else is Exact)`,
    withPolicy('deny', undefined, server('emoji-http', 8080), meshTls('prefix', { identities: ['web.emojivoto.serviceaccount.identity.linkerd.*', `*web.emojivoto.serviceaccount.identity.linkerd.${TD}`] }), policy('p', toServer('emoji-http'), [mtlsRef('prefix')])),
    [['emojivoto/web', D]]),
  ...cases('identityRefs ServiceAccount', `${SRC}/k8s/index/src/inbound/meshtls_authentication.rs (ServiceAccount → exact identity <sa>.<ns>.serviceaccount.identity.<control-plane-ns>.<domain>)`,
    withPolicy('deny', undefined, server('emoji-http', 8080), meshTls('web', { identityRefs: [{ kind: 'ServiceAccount', name: 'web' }] }), policy('p', toServer('emoji-http'), [mtlsRef('web')])),
    [['emojivoto/web', A], ['emojivoto/voting', D]]),
  ...cases('identityRefs Namespace', `${E2E} meshtls_namespace (uninjected curl fails); ${SRC}/k8s/index/src/inbound/meshtls_authentication.rs (Namespace → "*.<ns>.serviceaccount.identity..." suffix); ${SRC}/k8s/index/src/cluster_info.rs namespace_identity`,
    withPolicy('deny', undefined, server('emoji-http', 8080), meshTls('other', { identityRefs: [{ kind: 'Namespace', name: 'other' }] }), policy('p', toServer('emoji-http'), [mtlsRef('other')])),
    [['other/client', A], ['emojivoto/web', D]]),
  ...cases('requiredAuthenticationRefs with a ServiceAccount directly', `${SRC}/k8s/index/src/inbound/tests/authorization_policy.rs links_authorization_policy_with_service_account; ${AUTHZ}`,
    withPolicy('deny', undefined, server('emoji-http', 8080), policy('p', toServer('emoji-http'), [{ kind: 'ServiceAccount', name: 'web' }])),
    [['emojivoto/web', A], ['emojivoto/voting', D], ['legacy/legacy', D]]),
  ...cases('targetRef Namespace applies to every Server of the namespace', `${SRC}/k8s/index/src/inbound/tests/authorization_policy.rs authorization_targets_namespace; index.rs client_authzs (Target::Namespace)`,
    withPolicy('deny', undefined, server('emoji-http', 8080), server('emoji-admin', 8801), meshTls('web', { identities: [id('web', 'emojivoto')] }), policy('p', { kind: 'Namespace', name: 'emojivoto' }, [mtlsRef('web')])),
    [['emojivoto/web', A, 8080], ['emojivoto/web', A, 8801], ['emojivoto/voting', D, 8801]]),
  ...cases('an AuthorizationPolicy on another Server does not apply', `${SRC}/k8s/index/src/inbound/index.rs client_authzs ("AuthorizationPolicy does not target server")`,
    withPolicy('deny', undefined, server('emoji-http', 8080), server('emoji-admin', 8801), meshTls('web', { identities: [id('web', 'emojivoto')] }), policy('p', toServer('emoji-admin'), [mtlsRef('web')])),
    [['emojivoto/web', D, 8080], ['emojivoto/web', A, 8801]]),
  ...cases('a missing MeshTLSAuthentication makes the policy ignored', `CRD AuthorizationPolicy requiredAuthenticationRefs ("If any of the referred objects cannot be found, the authorization will be ignored"); ${AUTHZ} (bail on a missing authentication)`,
    withPolicy('deny', undefined, server('emoji-http', 8080), policy('p', toServer('emoji-http'), [mtlsRef('nowhere')])), [['emojivoto/web', D]]),
  ...cases('a MeshTLSAuthentication in another namespace', `${SRC}/k8s/index/src/inbound/tests/authorization_policy.rs links_authorization_policy_with_mtls_name (MeshTLSAuthentication in ns-1)`,
    withPolicy('deny', undefined, server('emoji-http', 8080), meshTls('client', { identities: [id('client', 'other')] }), { ...meshTls('client', { identities: [id('client', 'other')] }), metadata: { name: 'client', namespace: 'other' } }, policy('p', toServer('emoji-http'), [mtlsRef('client', 'other')])),
    [['other/client', A], ['emojivoto/web', D]]),

  // ---- NetworkAuthentication ----
  ...cases('NetworkAuthentication alone admits unauthenticated clients from its networks', `${AUTHZ} ("If MTLS identities are configured, use them. Otherwise, do not require authentication"); ${REF} "NetworkAuthentication"`,
    withPolicy('deny', undefined, server('emoji-http', 8080), network('all', [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }]), policy('p', toServer('emoji-http'), [netRef('all')])),
    [['legacy/legacy', A], [WORLD, A], ['emojivoto/web', A]]),
  ...cases('NetworkAuthentication: an address outside its networks is denied', `${E2E} network (the "cursed" pod outside the allowed IPs fails); ${REF} "NetworkAuthentication" (networks: cidr); ${SRC}/k8s/index/src/inbound/tests/network_authentication.rs`,
    withPolicy('deny', undefined, server('emoji-http', 8080), network('private', [{ cidr: '10.0.0.0/8' }]), policy('p', toServer('emoji-http'), [netRef('private')])),
    [[WORLD, D], [WORLD_IN_CLUSTER_NET, A]]),
  ...cases('two AuthorizationPolicies on one Server: either admits', `${E2E} either (web-from-ip with a NetworkAuthentication, web-from-id with MeshTLS "*": the blessed uninjected and any injected pod succeed)`,
    withPolicy('deny', undefined, server('emoji-http', 8080), network('blessed', [{ cidr: '203.0.113.10/32' }]), meshTls('any', { identities: ['*'] }),
      policy('web-from-ip', toServer('emoji-http'), [netRef('blessed')]), policy('web-from-id', toServer('emoji-http'), [mtlsRef('any')])),
    [[WORLD, A], ['emojivoto/web', A], ['legacy/legacy', D], [WORLD_IN_CLUSTER_NET, D]]),
  ...cases('NetworkAuthentication except removes addresses', 'CRD NetworkAuthentication spec.networks[].except',
    withPolicy('deny', undefined, server('emoji-http', 8080), network('private', [{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }]), policy('p', toServer('emoji-http'), [netRef('private')])),
    [[WORLD_IN_CLUSTER_NET, D]]),
  ...cases('NetworkAuthentication and MeshTLSAuthentication together: both required', `${E2E} both ("blessed uninjected curl pod must NOT succeed"); CRD AuthorizationPolicy requiredAuthenticationRefs ("ALL authentications must be satisfied for the authorization to apply"); ${SRC}/k8s/index/src/inbound/tests/authorization_policy.rs links_authorization_policy_with_mtls_name`,
    withPolicy('deny', undefined, server('emoji-http', 8080), network('all', [{ cidr: '0.0.0.0/0' }]), meshTls('web', { identities: [id('web', 'emojivoto')] }), policy('p', toServer('emoji-http'), [netRef('all'), mtlsRef('web')])),
    [['emojivoto/web', A], ['legacy/legacy', D], [WORLD, D]]),
  ...cases('no requiredAuthenticationRefs: unauthenticated clients from every network', `${E2E} empty_authentications (injected and uninjected curl both succeed); ${AUTHZ} (no identities → Unauthenticated; no networks → 0.0.0.0/0 and ::/0)`,
    withPolicy('deny', undefined, server('emoji-http', 8080), policy('p', toServer('emoji-http'), [])), [['legacy/legacy', A], [WORLD, A]]),

  // ---- HTTPRoute targets ----
  ...[['/api/list', A], ['/admin', D]].map(([path, expect]) => ({
    name: `AuthorizationPolicy on an HTTPRoute authorizes that route only: GET ${path}`,
    cite: `${REF} "AuthorizationPolicy" (targetRef HTTPRoute: "authorizes the route"); ${SRC}/k8s/index/src/inbound/index.rs route_client_authzs; Server routes replace the default route once any HTTPRoute attaches (index.rs http_routes)`,
    objects: withPolicy('deny', undefined, server('emoji-http', 8080),
      l5d('HTTPRoute', 'api', { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'emoji-http' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }] }] }),
      meshTls('web', { identities: [id('web', 'emojivoto')] }),
      policy('p', { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'api' }, [mtlsRef('web')])),
    from: 'emojivoto/web',
    method: 'GET',
    path: path as string,
    expect: expect as VerdictStatus,
  })),

  // linkerd/linkerd2 policy-test/tests/e2e_authorization_policy.rs targets_route: Exact routes "/" (authorized for
  // MeshTLS "*") and "/roux" (no authorization) on one Server; then an AuthorizationPolicy on the Server.
  ...([
    ['emojivoto/web', '/', false, A], ['emojivoto/web', '/noroute', false, D], ['legacy/legacy', '/', false, D],
    ['emojivoto/web', '/roux', false, D], ['emojivoto/web', '/roux', true, A], ['legacy/legacy', '/roux', true, D],
  ] as Array<[string, string, boolean, VerdictStatus]>).map(([from, path, serverAuthz, expect]) => {
    const route = (name: string, value: string) => l5d('HTTPRoute', name, {
      parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'web' }], rules: [{ matches: [{ path: { type: 'Exact', value } }] }],
    });
    return {
      name: `targets_route: ${from} GET ${path}${serverAuthz ? ' (with a Server-level AuthorizationPolicy)' : ''}`,
      cite: `${E2E} targets_route ("curl which does not match route must not contact web", "curl to route with no authorizations must not contact web", "curl to route with no authorizations on server with authorizations must contact web")`,
      objects: withPolicy(undefined, undefined, server('web', 8080), route('root', '/'), route('roux', '/roux'), meshTls('all', { identities: ['*'] }),
        policy('root-authz', { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'root' }, [mtlsRef('all')]),
        ...(serverAuthz ? [policy('server-authz', toServer('web'), [mtlsRef('all')])] : [])),
      from,
      method: 'GET',
      path,
      expect,
    };
  }),
];

describe('Linkerd authorization policy conformance table', () => {
  test('every row is a valid Linkerd object set', () => {
    for (const row of ROWS) expectValidManifests(row.objects);
  });
  test.each(ROWS.map(r => [r.name, r] as const))('%s', (_n, row) => {
    expect(row.cite.length).toBeGreaterThan(10);
    expect(verdict(row)).toBe(row.expect);
  });

  // The kubelet is an unauthenticated client: default policies that require authentication deny its probes except the
  // pod's own HTTP GET probe paths, which the policy controller authorizes from the probe networks
  // (linkerd/linkerd2 policy-controller/k8s/index/src/inbound/index.rs default_inbound_http_routes, "Probes are authorized
  // on the configured probe networks only"; workload.rs pod_http_probes).
  const probe = (nsPolicy: string | undefined, path: string, extra: any[] = []) => Reachability
    .fromManifests(withPolicy(nsPolicy, undefined, ...extra))
    .canProbe(ref('emojivoto/emoji'), 8801, { method: 'GET', path }).engines.find(e => e.engine === Engine.LINKERD)!.status;
  test.each([
    ['all-authenticated', '/ready', A], ['all-authenticated', '/metrics', D],
    ['cluster-authenticated', '/ready', A], ['deny', '/ready', A], ['deny', '/metrics', D],
    ['cluster-unauthenticated', '/metrics', A], [undefined, '/metrics', A],
  ] as Array<[string | undefined, string, VerdictStatus]>)('kubelet probe with default policy %s: GET %s → %s', (p, path, want) => {
    expect(probe(p, path)).toBe(want);
  });
  test('cluster-unauthenticated: a kubelet outside the cluster networks gets the probe paths only', () => {
    // defaults.rs (cluster-unauthenticated: clusterNetworks only) + index.rs default_inbound_http_routes (probe routes
    // authorized from the probe networks, 0.0.0.0/0 and ::/0 by default).
    const r = Reachability.fromManifests(withPolicy('cluster-unauthenticated'));
    const v = (path: string) => r.canProbe(ref('emojivoto/emoji'), 8801, { method: 'GET', path, sourceAddress: '203.0.113.5' })
      .engines.find(e => e.engine === Engine.LINKERD)!.status;
    expect(v('/ready')).toBe(A);
    expect(v('/metrics')).toBe(D);
    expect(r.canProbe(ref('emojivoto/emoji'), 8801, { method: 'GET', path: '/metrics', sourceAddress: '10.0.0.5' })
      .engines.find(e => e.engine === Engine.LINKERD)!.status).toBe(A);
  });
  test('a Server without HTTPRoutes on the probe port still authorizes the pod\'s probe paths, nothing else', () => {
    expect(probe('deny', '/ready', [server('emoji-admin', 8801)])).toBe(A);
    expect(probe('deny', '/metrics', [server('emoji-admin', 8801)])).toBe(D);
  });
});
