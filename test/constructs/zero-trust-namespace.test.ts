import { Chart } from 'cdk8s';
import { ClusterProfile, Exception, IdentityProvider, Mesh, MeshKind, NetworkPolicyEngine, PodSecurityLevel, Port, ZeroTrustNamespace, ZeroTrustNamespaceProps } from '../../src';
import { expectValidManifests } from '../util/expect-valid';
import { appSynthMessage, find, one, synthChart, synthErrors } from '../util/synth';

const MESHES: Array<[string, () => Mesh]> = [
  ['istio-sidecar', () => Mesh.istioSidecar()],
  ['istio-ambient', () => Mesh.istioAmbient()],
  ['linkerd', () => Mesh.linkerd()],
  ['none', () => Mesh.none()],
];
const ENGINES: Array<[string, NetworkPolicyEngine[]]> = [
  ['networkpolicy', [NetworkPolicyEngine.KUBERNETES]],
  ['cilium', [NetworkPolicyEngine.CILIUM]],
  ['both', [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM]],
];
const valid = () => Exception.of({ reason: 'legacy batch client speaks plaintext until PAY-123', expires: '2027-03-31' });

function ns(profile: ClusterProfile, extra: Partial<ZeroTrustNamespaceProps> = {}) {
  return (chart: Chart) => { new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile, ...extra }); };
}

describe('ZeroTrustNamespace baseline on every engine combination', () => {
  for (const [meshName, mesh] of MESHES) {
    for (const [engineName, engines] of ENGINES) {
      test(`${meshName} + ${engineName}`, () => {
        const profile = new ClusterProfile({ mesh: mesh(), networkPolicy: engines, apiServer: { cidrs: ['10.0.0.1/32'] } });
        const objs = synthChart(ns(profile, {
          allowMonitoring: { ports: [Port.http(9090, { name: 'metrics' })] },
          allowIngressGateway: { ports: [Port.http(8080)] },
          allowKubeApiServer: true,
        }));
        expectValidManifests(objs);

        // Namespace: restricted PSA pinned, mesh enrollment.
        const namespace = one(objs, 'Namespace', 'payments');
        expect(namespace.metadata.labels).toMatchObject({
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        });
        const kind = profile.mesh.kind;
        expect(namespace.metadata.labels['istio-injection']).toBe(kind === MeshKind.ISTIO_SIDECAR ? 'enabled' : undefined);
        expect(namespace.metadata.labels['istio.io/dataplane-mode']).toBe(kind === MeshKind.ISTIO_AMBIENT ? 'ambient' : undefined);
        expect(namespace.metadata.annotations?.['linkerd.io/inject']).toBe(kind === MeshKind.LINKERD ? 'enabled' : undefined);
        expect(namespace.metadata.annotations?.['config.linkerd.io/default-inbound-policy']).toBe(kind === MeshKind.LINKERD ? 'deny' : undefined);

        // default ServiceAccount never mounts a token.
        expect(one(objs, 'ServiceAccount', 'default').automountServiceAccountToken).toBe(false);

        // Network layer.
        const np = engines.includes(NetworkPolicyEngine.KUBERNETES);
        const cil = engines.includes(NetworkPolicyEngine.CILIUM);
        expect(find(objs, 'NetworkPolicy').length > 0).toBe(np);
        expect(find(objs, 'CiliumNetworkPolicy').length > 0).toBe(cil);
        if (np) {
          const deny = one(objs, 'NetworkPolicy', 'default-deny');
          expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
          const dns = one(objs, 'NetworkPolicy', 'allow-dns-egress');
          expect(dns.spec.egress).toEqual([{
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
          }]);
          const api = one(objs, 'NetworkPolicy', 'allow-kube-apiserver-egress');
          expect(api.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
          const mon = one(objs, 'NetworkPolicy', 'allow-monitoring-ingress');
          const monPorts = mon.spec.ingress[0].ports.map((p: any) => p.port);
          expect(monPorts).toContain(9090);
          if (kind === MeshKind.ISTIO_SIDECAR) expect(monPorts).toEqual(expect.arrayContaining([15020, 15090]));
          if (kind === MeshKind.LINKERD) expect(monPorts).toContain(4191);
          const gw = one(objs, 'NetworkPolicy', 'allow-ingress-gateway-ingress');
          expect(gw.spec.ingress[0].ports.map((p: any) => p.port)).toEqual(kind === MeshKind.ISTIO_AMBIENT ? [8080, 15008] : [8080]);
          expect(find(objs, 'NetworkPolicy', 'allow-mesh-control-plane-egress').length).toBe(kind === MeshKind.ISTIO_SIDECAR || kind === MeshKind.LINKERD ? 1 : 0);
          expect(find(objs, 'NetworkPolicy', 'allow-ambient-kubelet-probes').length).toBe(kind === MeshKind.ISTIO_AMBIENT ? 1 : 0);
        }
        if (cil) {
          const deny = one(objs, 'CiliumNetworkPolicy', 'default-deny');
          expect(deny.spec.endpointSelector).toEqual({});
          expect(deny.spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
          expect(deny.spec.egress[0]).toEqual({
            toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
            toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
          });
          expect(one(objs, 'CiliumNetworkPolicy', 'allow-kube-apiserver-egress').spec.egress)
            .toEqual([{ toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }]);
        }

        // Mesh layer.
        const istio = kind === MeshKind.ISTIO_SIDECAR || kind === MeshKind.ISTIO_AMBIENT;
        expect(find(objs, 'PeerAuthentication').length > 0).toBe(istio);
        expect(find(objs, 'Sidecar').length).toBe(kind === MeshKind.ISTIO_SIDECAR ? 1 : 0);
        if (istio) {
          expect(one(objs, 'PeerAuthentication', 'default').spec).toEqual({ mtls: { mode: 'STRICT' } });
          expect(one(objs, 'AuthorizationPolicy', 'allow-nothing').spec).toEqual({});
          const gw = one(objs, 'AuthorizationPolicy', 'allow-ingress-gateway');
          expect(gw.apiVersion).toBe('security.istio.io/v1');
          expect(gw.spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account']);
          expect(gw.spec.rules[0].to[0].operation.ports).toEqual(['8080']);
        }
        const linkerd = kind === MeshKind.LINKERD;
        expect(find(objs, 'Server').length > 0).toBe(linkerd);
        if (linkerd) {
          const admin = one(objs, 'Server', 'linkerd-admin');
          expect(admin.apiVersion).toBe('policy.linkerd.io/v1beta3');
          expect(admin.spec).toEqual({ podSelector: {}, port: 'linkerd-admin', proxyProtocol: 'HTTP/1' });
          expect(one(objs, 'MeshTLSAuthentication', 'ingress-gateway').spec.identities)
            .toEqual(['ingress-nginx.ingress-nginx.serviceaccount.identity.linkerd.cluster.local']);
          const authz = one(objs, 'AuthorizationPolicy', 'ingress-8080');
          expect(authz.apiVersion).toBe('policy.linkerd.io/v1alpha1');
          expect(authz.spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'Server', name: 'ingress-8080' });
        }
      });
    }
  }
});

describe('options', () => {
  test('no option: only the baseline objects', () => {
    const objs = synthChart(ns(new ClusterProfile({ mesh: Mesh.istioSidecar() })));
    expectValidManifests(objs);
    expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'AuthorizationPolicy/allow-nothing',
      'Namespace/payments',
      'NetworkPolicy/allow-dns-egress',
      'NetworkPolicy/allow-mesh-control-plane-egress',
      'NetworkPolicy/default-deny',
      'PeerAuthentication/default',
      'ServiceAccount/default',
      'Sidecar/default',
    ]);
    expect(one(objs, 'Sidecar', 'default').spec).toEqual({ egress: [{ hosts: ['*/*.svc.cluster.local'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
    const cp = one(objs, 'NetworkPolicy', 'allow-mesh-control-plane-egress');
    expect(cp.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
      ports: [{ port: 15012, protocol: 'TCP' }],
    }]);
  });

  test('trust domain flows into principals and identities', () => {
    const istio = synthChart(ns(new ClusterProfile({ trustDomain: 'prod.example.com', mesh: Mesh.istioSidecar() }), { allowIngressGateway: { ports: [Port.http(8080)] } }));
    expect(one(istio, 'AuthorizationPolicy', 'allow-ingress-gateway').spec.rules[0].from[0].source.principals)
      .toEqual(['prod.example.com/ns/istio-system/sa/istio-ingressgateway-service-account']);
    const l5d = synthChart(ns(new ClusterProfile({ trustDomain: 'prod.example.com', mesh: Mesh.linkerd() }), { allowMonitoring: {} }));
    expectValidManifests(l5d);
    expect(one(l5d, 'MeshTLSAuthentication', 'monitoring').spec.identities).toEqual(['prometheus.monitoring.serviceaccount.identity.linkerd.prod.example.com']);
  });

  test('NodeLocal DNSCache address is allowed alongside kube-dns', () => {
    const profile = new ClusterProfile({ networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM], dns: { nodeLocalDnsCache: true, nodeLocalAddress: '169.254.20.10' } });
    const objs = synthChart(ns(profile));
    expectValidManifests(objs);
    expect(one(objs, 'NetworkPolicy', 'allow-dns-egress').spec.egress[0].to).toContainEqual({ ipBlock: { cidr: '169.254.20.10/32' } });
    expect(one(objs, 'CiliumNetworkPolicy', 'default-deny').spec.egress[1].toCIDR).toEqual(['169.254.20.10/32']);
  });

  test('custom DNS location from the profile', () => {
    const objs = synthChart(ns(new ClusterProfile({ dns: { namespaceName: 'dns', podLabels: { app: 'coredns' } } })));
    expect(one(objs, 'NetworkPolicy', 'allow-dns-egress').spec.egress[0].to[0]).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: { matchLabels: { app: 'coredns' } },
    });
  });

  test('PERMISSIVE mTLS with a valid exception is rendered and annotated', () => {
    const objs = synthChart(ns(new ClusterProfile({ mesh: Mesh.istioSidecar() }), { mtls: { permissive: valid() } }));
    expectValidManifests(objs);
    const pa = one(objs, 'PeerAuthentication', 'default');
    expect(pa.spec.mtls.mode).toBe('PERMISSIVE');
    expect(pa.metadata.annotations).toEqual({
      'zero-trust.cdk8s.io/exception.mtls-permissive': 'legacy batch client speaks plaintext until PAY-123',
      'zero-trust.cdk8s.io/exception.mtls-permissive.expires': '2027-03-31',
    });
    expect(one(objs, 'Namespace', 'payments').metadata.annotations['zero-trust.cdk8s.io/exception.mtls-permissive.expires']).toBe('2027-03-31');
  });

  test('port-level mTLS exception needs and gets a workload selector (Istio)', () => {
    const objs = synthChart(ns(new ClusterProfile({ mesh: Mesh.istioSidecar() }), {
      mtls: { portExceptions: [{ port: 8080, podLabels: { app: 'legacy-api' }, exception: valid() }] },
    }));
    expectValidManifests(objs);
    const pa = find(objs, 'PeerAuthentication').find(o => o.metadata.name !== 'default');
    expect(pa.spec).toEqual({ selector: { matchLabels: { app: 'legacy-api' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } });
    expect(pa.metadata.annotations['zero-trust.cdk8s.io/exception.port-mtls']).toContain('PAY-123');
  });

  test('port-level mTLS exception on Linkerd skips the proxy on that port', () => {
    const objs = synthChart(ns(new ClusterProfile({ mesh: Mesh.linkerd() }), {
      mtls: { portExceptions: [{ port: 9000, podLabels: {}, exception: valid() }] },
    }));
    expect(one(objs, 'Namespace', 'payments').metadata.annotations['config.linkerd.io/skip-inbound-ports']).toBe('9000');
  });

  test('mesh without CNI: privileged enforcement only with an exception', () => {
    const profile = new ClusterProfile({ mesh: Mesh.istioSidecar({ cni: false }) });
    expect(synthErrors(ns(profile)).join('\n')).toMatch(/NET_ADMIN.*install the mesh CNI/);
    const objs = synthChart(ns(profile, { podSecurityException: valid() }));
    const labels = one(objs, 'Namespace', 'payments').metadata.labels;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(labels['pod-security.kubernetes.io/warn']).toBe('restricted');
  });

  test('podSecurity lowered with an exception: enforce says the level, audit and warn stay restricted, the exception is recorded', () => {
    for (const level of [PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED]) {
      const objs = synthChart(ns(new ClusterProfile({ mesh: Mesh.istioAmbient() }), { podSecurity: level, podSecurityException: valid() }));
      const namespace = one(objs, 'Namespace', 'payments');
      expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe(level);
      expect(namespace.metadata.labels['pod-security.kubernetes.io/audit']).toBe('restricted');
      expect(namespace.metadata.labels['pod-security.kubernetes.io/warn']).toBe('restricted');
      expect(namespace.metadata.annotations['zero-trust.cdk8s.io/exception.pod-security']).toBe(valid().reason);
      expect(namespace.metadata.annotations['zero-trust.cdk8s.io/exception.pod-security.expires']).toBe('2027-03-31');
    }
  });

  test('Istio revision label replaces istio-injection', () => {
    const objs = synthChart(ns(new ClusterProfile({ mesh: Mesh.istioSidecar({ revision: 'canary' }) })));
    const labels = one(objs, 'Namespace', 'payments').metadata.labels;
    expect(labels['istio.io/rev']).toBe('canary');
    expect(labels['istio-injection']).toBeUndefined();
  });

  test('namespace-level ambient override of a sidecar profile', () => {
    const objs = synthChart(ns(new ClusterProfile({ mesh: Mesh.istioSidecar() }), { mesh: Mesh.istioAmbient() }));
    expect(one(objs, 'Namespace', 'payments').metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
    expect(find(objs, 'NetworkPolicy', 'allow-mesh-control-plane-egress')).toHaveLength(0);
  });

  test('output is deterministic', () => {
    const profile = new ClusterProfile({ mesh: Mesh.linkerd(), networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM] });
    const build = ns(profile, { allowMonitoring: { ports: [Port.http(9090)] } });
    expect(JSON.stringify(synthChart(build))).toEqual(JSON.stringify(synthChart(build)));
  });
});

describe('errors name the construct path, the problem and the fix', () => {
  const sidecar = () => new ClusterProfile({ mesh: Mesh.istioSidecar() });
  const cases: Array<[string, () => (chart: Chart) => void, RegExp]> = [
    ['invalid DNS-1123 name', () => (c) => { new ZeroTrustNamespace(c, 'payments', { name: 'Payments_NS', profile: sidecar() }); }, /namespace name "Payments_NS" must be a DNS-1123 label: lower-case letters/],
    ['name over 63 characters', () => (c) => { new ZeroTrustNamespace(c, 'payments', { name: 'a'.repeat(64), profile: sidecar() }); }, /must be no more than 63 characters \(is 64\)/],
    ['system namespace', () => ns(sidecar(), { name: 'kube-system' } as any), /managed by Kubernetes/],
    ['exception without reason', () => ns(sidecar(), { mtls: { permissive: Exception.of({ reason: '', expires: '2027-01-01' }) } }), /needs a reason of at least 10 characters/],
    ['exception with past expiry', () => ns(sidecar(), { mtls: { permissive: Exception.of({ reason: 'migration of the batch clients', expires: '2026-11-22' }) } }), /expired on 2026-11-22 \(today is 2026-11-23\)/],
    ['exception with bad date', () => ns(sidecar(), { mtls: { permissive: Exception.of({ reason: 'migration of the batch clients', expires: '2027-02-30' }) } }), /expiry date as YYYY-MM-DD/],
    ['exception too long', () => ns(sidecar(), { mtls: { permissive: Exception.of({ reason: 'migration of the batch clients', expires: '2028-12-31' }) } }), /more than a year from today/],
    ['PERMISSIVE on Linkerd', () => ns(new ClusterProfile({ mesh: Mesh.linkerd() }), { mtls: { permissive: valid() } }), /not expressible with mesh LINKERD/],
    ['PERMISSIVE without mesh', () => ns(new ClusterProfile(), { mtls: { permissive: valid() } }), /no mesh mTLS to relax/],
    ['port exception without selector on Istio', () => ns(sidecar(), { mtls: { portExceptions: [{ port: 8080, podLabels: {}, exception: valid() }] } }), /requires a workload selector for portLevelMtls/],
    ['port exception in ambient', () => ns(new ClusterProfile({ mesh: Mesh.istioAmbient() }), { mtls: { portExceptions: [{ port: 8080, podLabels: { app: 'x' }, exception: valid() }] } }), /not supported in Istio ambient/],
    ['port out of range', () => ns(sidecar(), { allowIngressGateway: { ports: [Port.http(70000)] } }), /port 70000 is out of range: use a whole number from 1 to 65535/],
    ['empty ingress ports', () => ns(sidecar(), { allowIngressGateway: { ports: [] } }), /allowIngressGateway.ports is empty/],
    ['API server egress without CIDRs on NetworkPolicy', () => ns(sidecar(), { allowKubeApiServer: true }), /set apiServer.cidrs in the ClusterProfile/],
    ['Istio and Linkerd together', () => ns(sidecar(), { mesh: Mesh.linkerd() }), /linkerd and istio together are not supported/],
    ['invalid trust domain', () => ns(new ClusterProfile({ trustDomain: 'Prod.Example.com' })), /trust domain "Prod.Example.com" is not a valid SPIFFE trust domain/],
    ['NodeLocal DNS without address', () => ns(new ClusterProfile({ dns: { nodeLocalDnsCache: true } })), /nodeLocalAddress is not set/],
    ['NodeLocal DNS not link-local', () => ns(new ClusterProfile({ dns: { nodeLocalDnsCache: true, nodeLocalAddress: '10.0.0.10' } })), /169.254.0.0\/16/],
    ['no network policy engine', () => ns(new ClusterProfile({ networkPolicy: [] })), /networkPolicy is empty/],
    ['SPIRE with Linkerd', () => ns(new ClusterProfile({ mesh: Mesh.linkerd(), identityProvider: IdentityProvider.SPIRE })), /SPIRE cannot be combined with Linkerd/],
    ['bad API server CIDR', () => ns(new ClusterProfile({ apiServer: { cidrs: ['10.0.0.1'] } })), /"10.0.0.1" is not a CIDR/],
    ['pod security exception without need', () => ns(sidecar(), { podSecurityException: valid() }), /podSecurityException is given but the namespace enforces "restricted".*remove it/],
    ['lowered pod security without exception', () => ns(sidecar(), { podSecurity: PodSecurityLevel.BASELINE }), /podSecurity baseline lowers Pod Security below "restricted": justify it with podSecurityException/],
    ['expired pod security exception', () => ns(sidecar(), { podSecurity: PodSecurityLevel.PRIVILEGED, podSecurityException: Exception.of({ reason: 'node agent needs hostPath', expires: '2026-11-01' }) }), /podSecurityException: the exception for Pod Security "privileged" in namespace payments expired on 2026-11-01/],
    // Istio PSA guide: "the baseline policy does not include NET_ADMIN or NET_RAW in its allowed capabilities"
    // (https://istio.io/latest/docs/setup/additional-setup/pod-security-admission/).
    ['baseline with a sidecar mesh without CNI', () => ns(new ClusterProfile({ mesh: Mesh.linkerd({ cni: false }) }), { podSecurity: PodSecurityLevel.BASELINE, podSecurityException: valid() }), /linkerd-init with NET_ADMIN and NET_RAW, which Pod Security "baseline" rejects/],
  ];
  for (const [title, build, pattern] of cases) {
    test(title, () => {
      const errors = synthErrors(build());
      expect(errors.join('\n')).toMatch(pattern);
      expect(errors.every(e => e.startsWith('[test/payments] '))).toBe(true);
    });
  }

  test('app.synth() fails with every problem at once', () => {
    const msg = appSynthMessage(app => {
      const chart = new Chart(app, 'prod');
      new ZeroTrustNamespace(chart, 'bad', { name: 'Bad!', profile: new ClusterProfile({ trustDomain: 'no spaces' }), allowIngressGateway: { ports: [Port.tcp(0)] } });
    });
    expect(msg).toMatch(/Validation failed/);
    expect(msg).toMatch(/\[prod\/bad\] namespace name "Bad!"/);
    expect(msg).toMatch(/\[prod\/bad\] cluster profile: trust domain "no spaces"/);
    expect(msg).toMatch(/\[prod\/bad\] allowIngressGateway.ports: port 0 is out of range/);
  });
});

describe('unmeshed infrastructure', () => {
  const unmeshedMonitoring = { namespaceName: 'monitoring', podLabels: { app: 'prometheus' }, serviceAccount: 'prometheus', meshed: false };
  test('Istio: unmeshed Prometheus may only use metrics merging', () => {
    const profile = new ClusterProfile({ mesh: Mesh.istioSidecar(), monitoring: unmeshedMonitoring });
    expect(synthErrors(ns(profile, { allowMonitoring: { ports: [Port.http(9090)] } })).join('\n')).toMatch(/rely on Istio metrics merging \(port 15020\)/);
    const objs = synthChart(ns(profile, { allowMonitoring: {} }));
    expect(one(objs, 'NetworkPolicy', 'allow-monitoring-ingress').spec.ingress[0].ports.map((p: any) => p.port)).toEqual([15020, 15090]);
    expect(find(objs, 'AuthorizationPolicy', 'allow-monitoring')).toHaveLength(0);
  });
  test('unmeshed ingress gateway cannot be authorized by identity', () => {
    const profile = new ClusterProfile({ mesh: Mesh.linkerd(), ingressGateway: { namespaceName: 'edge', podLabels: { app: 'gw' }, serviceAccount: 'gw', meshed: false } });
    expect(synthErrors(ns(profile, { allowIngressGateway: { ports: [Port.http(8080)] } })).join('\n')).toMatch(/is not in the mesh/);
  });
});
