import { Chart, Testing } from 'cdk8s';
import { Audit } from '../../src/audit';
import { SpireAgent } from '../../src/constructs/spire/spire-agent';
import { SpireDatastore, SpireKeyManager } from '../../src/constructs/spire/spire-options';
import { SpireServer, SpireServerProps } from '../../src/constructs/spire/spire-server';
import { Exception } from '../../src/model/exception';
import { ClusterProfile, ClusterProfileProps, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

const API = { cidrs: ['10.96.0.1/32', '172.20.0.10/32'], port: 6443 };
const NODES = ['10.0.0.0/16', '10.1.0.0/16'];
const SERVER_PODS = { matchLabels: { 'app.kubernetes.io/name': 'spire-server', 'app.kubernetes.io/instance': 'spire-server-spire-server' } };
const psa = () => Exception.of({ reason: 'SPIRE agent needs hostPID, hostNetwork and a hostPath socket dir', expires: '2027-06-30' });

const npProfile = (extra: ClusterProfileProps = {}) => new ClusterProfile({ trustDomain: 'prod.example.com', apiServer: API, ...extra });
const ciliumProfile = (extra: ClusterProfileProps = {}) => new ClusterProfile({ trustDomain: 'prod.example.com', networkPolicy: [NetworkPolicyEngine.CILIUM], ...extra });
const bothProfile = () => new ClusterProfile({
  trustDomain: 'prod.example.com', apiServer: API, networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM],
});

function install(profile: ClusterProfile, extra: Partial<SpireServerProps> = {}) {
  return (chart: Chart) => {
    const server = new SpireServer(chart, 'server', { profile, clusterName: 'prod-eu-1', ...extra });
    new SpireAgent(chart, 'agent', { server, podSecurityException: psa() });
  };
}

const policies = (objs: any[], kind: string, ns: string) =>
  find(objs, kind).filter(o => o.metadata.namespace === ns).map(o => o.metadata.name).sort();
const port = (p: number, protocol = 'TCP') => ({ port: p, protocol });
const cports = (p: number, protocol = 'TCP') => [{ ports: [{ port: String(p), protocol }] }];

describe('SPIRE network policies: Kubernetes NetworkPolicy', () => {
  const objs = synthChart(install(npProfile({ dns: { nodeLocalDnsCache: true, nodeLocalAddress: '169.254.20.10' } }), { nodeCidrs: NODES }));

  test('valid, and only NetworkPolicy objects', () => {
    expectValidManifests(objs);
    expect(find(objs, 'CiliumNetworkPolicy')).toEqual([]);
    expect(policies(objs, 'NetworkPolicy', 'spire-server')).toEqual([
      'spire-allow-dns-egress',
      'spire-default-deny',
      'spire-server-allow-agent-ingress',
      'spire-server-allow-kube-apiserver-egress',
      'spire-server-allow-webhook-ingress',
    ]);
  });

  test('default deny of ingress and egress in both namespaces; nothing else for the CSI driver', () => {
    for (const ns of ['spire-server', 'spire-system']) {
      const dd = find(objs, 'NetworkPolicy', 'spire-default-deny').find(o => o.metadata.namespace === ns);
      expect(dd.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    }
    expect(policies(objs, 'NetworkPolicy', 'spire-system')).toEqual(['spire-default-deny']);
  });

  test('DNS egress to the profile\'s DNS pods and NodeLocal DNSCache', () => {
    const dns = one(objs, 'NetworkPolicy', 'spire-allow-dns-egress');
    expect(dns.metadata.namespace).toBe('spire-server');
    expect(dns.spec).toEqual({
      podSelector: SERVER_PODS,
      policyTypes: ['Egress'],
      egress: [{
        to: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
          { ipBlock: { cidr: '169.254.20.10/32' } },
        ],
        ports: [port(53, 'UDP'), port(53)],
      }],
    });
  });

  test('agents (hostNetwork) reach gRPC 8081 from the node CIDRs', () => {
    expect(one(objs, 'NetworkPolicy', 'spire-server-allow-agent-ingress').spec).toEqual({
      podSelector: SERVER_PODS,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16' } }, { ipBlock: { cidr: '10.1.0.0/16' } }], ports: [port(8081)] }],
    });
  });

  test('the API server reaches the webhook (9443) and the server reaches the API server', () => {
    const apiPeers = [{ ipBlock: { cidr: '10.96.0.1/32' } }, { ipBlock: { cidr: '172.20.0.10/32' } }];
    expect(one(objs, 'NetworkPolicy', 'spire-server-allow-webhook-ingress').spec).toEqual({
      podSelector: SERVER_PODS, policyTypes: ['Ingress'], ingress: [{ from: apiPeers, ports: [port(9443)] }],
    });
    expect(one(objs, 'NetworkPolicy', 'spire-server-allow-kube-apiserver-egress').spec).toEqual({
      podSelector: SERVER_PODS, policyTypes: ['Egress'], egress: [{ to: apiPeers, ports: [port(6443)] }],
    });
  });

  test('the audit finds no namespace without default deny', () => {
    const report = Audit.ofManifests(objs, { trustDomain: 'prod.example.com' });
    expect(report.findings.filter(f => f.ruleId === 'ZT-NET-001')).toEqual([]);
  });

  test('bundle endpoint, postgres datastore and AWS KMS flows', () => {
    const o = synthChart(install(npProfile(), {
      nodeCidrs: NODES,
      bundleEndpoint: true,
      bundleEndpointClientCidrs: ['198.51.100.0/24'],
      datastore: SpireDatastore.postgres({ secretName: 'spire-db', cidrs: ['10.20.0.15/32'], port: 6432 }),
      keyManager: SpireKeyManager.awsKms({ region: 'eu-west-1' }),
      kmsCidrs: ['10.30.0.0/28'],
    }));
    expectValidManifests(o);
    expect(one(o, 'NetworkPolicy', 'spire-server-allow-bundle-endpoint-ingress').spec).toEqual({
      podSelector: SERVER_PODS, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [port(8443)] }],
    });
    expect(one(o, 'NetworkPolicy', 'spire-server-allow-datastore-egress').spec).toEqual({
      podSelector: SERVER_PODS, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.20.0.15/32' } }], ports: [port(6432)] }],
    });
    expect(one(o, 'NetworkPolicy', 'spire-server-allow-kms-egress').spec).toEqual({
      podSelector: SERVER_PODS,
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '10.30.0.0/28' } }], ports: [port(443)] },
        // EKS Pod Identity agent; never the instance metadata service
        { to: [{ ipBlock: { cidr: '169.254.170.23/32' } }], ports: [port(80)] },
      ],
    });
    expect(JSON.stringify(o)).not.toContain('169.254.169.254');
  });

  test('GCP KMS: the GKE metadata server for Workload Identity', () => {
    const o = synthChart(install(npProfile(), {
      nodeCidrs: NODES, keyManager: SpireKeyManager.gcpKms({ keyRing: 'projects/p/locations/europe-west1/keyRings/spire' }), kmsCidrs: ['199.36.153.8/30'],
    }));
    expectValidManifests(o);
    expect(one(o, 'NetworkPolicy', 'spire-server-allow-kms-egress').spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '199.36.153.8/30' } }], ports: [port(443)] },
      { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [port(80)] },
      { to: [{ ipBlock: { cidr: '169.254.169.252/32' } }], ports: [port(988)] },
    ]);
  });

  test('policies are rendered when the namespaces are created elsewhere', () => {
    const o = synthChart(chart => {
      const server = new SpireServer(chart, 'server', { profile: npProfile(), clusterName: 'c', nodeCidrs: NODES, createNamespace: false });
      new SpireAgent(chart, 'agent', { server, podSecurityException: psa(), createNamespace: false });
    });
    expect(find(o, 'Namespace')).toEqual([]);
    expect(policies(o, 'NetworkPolicy', 'spire-system')).toEqual(['spire-default-deny']);
    expect(policies(o, 'NetworkPolicy', 'spire-server')).toContain('spire-default-deny');
  });
});

describe('SPIRE network policies: Cilium', () => {
  const objs = synthChart(install(ciliumProfile({ apiServer: { port: 6443 } })));

  test('valid, only CiliumNetworkPolicy, and no CIDRs needed', () => {
    expectValidManifests(objs);
    expect(find(objs, 'NetworkPolicy')).toEqual([]);
    expect(policies(objs, 'CiliumNetworkPolicy', 'spire-server')).toEqual([
      'spire-allow-dns-egress',
      'spire-default-deny',
      'spire-server-allow-agent-ingress',
      'spire-server-allow-kube-apiserver-egress',
      'spire-server-allow-webhook-ingress',
    ]);
    expect(policies(objs, 'CiliumNetworkPolicy', 'spire-system')).toEqual(['spire-default-deny']);
  });

  test('default deny: enableDefaultDeny and the deny-all idiom, in both namespaces', () => {
    for (const ns of ['spire-server', 'spire-system']) {
      const dd = find(objs, 'CiliumNetworkPolicy', 'spire-default-deny').find(o => o.metadata.namespace === ns);
      expect(dd.spec).toEqual({
        description: expect.stringContaining('Default deny of ingress and egress'),
        endpointSelector: {},
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [{}],
        egress: [{}],
      });
    }
  });

  test('DNS through the DNS proxy; agents from host/remote-node; kube-apiserver entity both ways', () => {
    expect(one(objs, 'CiliumNetworkPolicy', 'spire-allow-dns-egress').spec.egress).toEqual([{
      toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
      toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
    }]);
    const agents = one(objs, 'CiliumNetworkPolicy', 'spire-server-allow-agent-ingress');
    expect(agents.spec.endpointSelector).toEqual(SERVER_PODS);
    expect(agents.spec.ingress).toEqual([{ fromEntities: ['host', 'remote-node'], toPorts: cports(8081) }]);
    expect(one(objs, 'CiliumNetworkPolicy', 'spire-server-allow-webhook-ingress').spec.ingress)
      .toEqual([{ fromEntities: ['kube-apiserver'], toPorts: cports(9443) }]);
    expect(one(objs, 'CiliumNetworkPolicy', 'spire-server-allow-kube-apiserver-egress').spec.egress)
      .toEqual([{ toEntities: ['kube-apiserver'], toPorts: cports(6443) }]);
  });

  test('the audit finds no namespace without default deny', () => {
    const report = Audit.ofManifests(objs, { trustDomain: 'prod.example.com' });
    expect(report.findings.filter(f => f.ruleId === 'ZT-NET-001')).toEqual([]);
  });

  test('KMS by FQDN (no kmsCidrs needed), bundle endpoint and datastore by CIDR', () => {
    const o = synthChart(install(ciliumProfile(), {
      bundleEndpoint: true,
      bundleEndpointClientCidrs: ['198.51.100.0/24'],
      datastore: SpireDatastore.postgres({ secretName: 'spire-db', cidrs: ['10.20.0.15/32'] }),
      keyManager: SpireKeyManager.awsKms({ region: 'eu-west-1' }),
    }));
    expectValidManifests(o);
    expect(one(o, 'CiliumNetworkPolicy', 'spire-server-allow-kms-egress').spec.egress).toEqual([
      { toFQDNs: [{ matchName: 'kms.eu-west-1.amazonaws.com' }, { matchName: 'sts.eu-west-1.amazonaws.com' }], toPorts: cports(443) },
      { toCIDR: ['169.254.170.23/32'], toPorts: cports(80) },
    ]);
    expect(one(o, 'CiliumNetworkPolicy', 'spire-server-allow-bundle-endpoint-ingress').spec.ingress)
      .toEqual([{ fromCIDR: ['198.51.100.0/24'], toPorts: cports(8443) }]);
    expect(one(o, 'CiliumNetworkPolicy', 'spire-server-allow-datastore-egress').spec.egress)
      .toEqual([{ toCIDR: ['10.20.0.15/32'], toPorts: cports(5432) }]);
  });

  test('GCP KMS by FQDN plus given CIDRs', () => {
    const o = synthChart(install(ciliumProfile(), {
      keyManager: SpireKeyManager.gcpKms({ keyRing: 'projects/p/locations/europe-west1/keyRings/spire' }), kmsCidrs: ['199.36.153.8/30'],
    }));
    expectValidManifests(o);
    expect(one(o, 'CiliumNetworkPolicy', 'spire-server-allow-kms-egress').spec.egress).toEqual([
      { toFQDNs: [{ matchName: 'cloudkms.googleapis.com' }], toPorts: cports(443) },
      { toCIDR: ['199.36.153.8/30'], toPorts: cports(443) },
      { toCIDR: ['169.254.169.254/32'], toPorts: cports(80) },
      { toCIDR: ['169.254.169.252/32'], toPorts: cports(988) },
    ]);
  });
});

describe('SPIRE network policies: both engines', () => {
  test('each policy rendered once per engine, same names; deterministic', () => {
    const build = install(bothProfile(), { nodeCidrs: NODES });
    const objs = synthChart(build);
    expectValidManifests(objs);
    for (const ns of ['spire-server', 'spire-system']) {
      expect(policies(objs, 'NetworkPolicy', ns)).toEqual(policies(objs, 'CiliumNetworkPolicy', ns));
    }
    expect(JSON.stringify(synthChart(build))).toBe(JSON.stringify(objs));
  });
});

describe('SPIRE network policy errors', () => {
  const errs = (p: ClusterProfile, extra: Partial<SpireServerProps> = {}) => synthErrors(install(p, extra)).join('\n');

  test('nodeCidrs is required with NetworkPolicy', () => {
    expect(errs(npProfile())).toMatch(/\[test\/server\] nodeCidrs is required with Kubernetes NetworkPolicy: .*agents run with hostNetwork.*set nodeCidrs to your nodes' address ranges/);
  });
  test('the profile\'s API server CIDRs are required with NetworkPolicy', () => {
    expect(errs(new ClusterProfile({ trustDomain: 'prod.example.com' }), { nodeCidrs: NODES }))
      .toMatch(/\[test\/server\] cluster profile apiServer.cidrs is empty: .*set apiServer: \{ cidrs: \[\.\.\.\] \} in the ClusterProfile/);
  });
  test('kmsCidrs is required with a KMS and NetworkPolicy', () => {
    expect(errs(npProfile(), { nodeCidrs: NODES, keyManager: SpireKeyManager.awsKms({ region: 'eu-west-1' }) }))
      .toMatch(/kmsCidrs is required with the aws_kms key manager and Kubernetes NetworkPolicy/);
    expect(errs(npProfile(), { nodeCidrs: NODES, keyManager: SpireKeyManager.gcpKms({ keyRing: 'projects/p/locations/l/keyRings/r' }) }))
      .toMatch(/kmsCidrs is required with the gcp_kms key manager/);
  });
  test('bundleEndpointClientCidrs is required with bundleEndpoint on every engine, and only with it', () => {
    expect(errs(npProfile(), { nodeCidrs: NODES, bundleEndpoint: true })).toMatch(/bundleEndpointClientCidrs is required with bundleEndpoint/);
    expect(errs(ciliumProfile(), { bundleEndpoint: true })).toMatch(/bundleEndpointClientCidrs is required with bundleEndpoint/);
    expect(errs(ciliumProfile(), { bundleEndpointClientCidrs: ['0.0.0.0/0'] })).toMatch(/bundleEndpointClientCidrs is set but bundleEndpoint is false/);
  });
  test('postgres needs the database CIDRs, valid CIDRs and port', () => {
    expect(errs(ciliumProfile(), { datastore: SpireDatastore.postgres({ secretName: 'db' }) }))
      .toMatch(/datastore: postgres cidrs is required: .*cidrs: \['10.20.0.15\/32'\]/);
    expect(errs(ciliumProfile(), { datastore: SpireDatastore.postgres({ secretName: 'db', cidrs: ['db.example.com'], port: 0 }) }))
      .toMatch(/datastore: postgres cidrs entry "db.example.com" is not a CIDR[\s\S]*datastore: postgres port 0 is out of range/);
  });
  test('CIDRs are validated', () => {
    const e = errs(npProfile(), { nodeCidrs: ['10.0.0.0'], bundleEndpoint: true, bundleEndpointClientCidrs: ['10.0.0.0/33'], kmsCidrs: ['kms'] });
    expect(e).toMatch(/nodeCidrs entry "10.0.0.0" is not a CIDR/);
    expect(e).toMatch(/bundleEndpointClientCidrs entry "10.0.0.0\/33" is not a CIDR/);
    expect(e).toMatch(/kmsCidrs entry "kms" is not a CIDR/);
  });
  test('Cilium needs none of the NetworkPolicy CIDRs', () => {
    expect(errs(ciliumProfile(), { keyManager: SpireKeyManager.awsKms({ region: 'eu-west-1' }) })).toBe('');
  });
});

describe('SPIRE examples', () => {
  test.each(['spire-install', 'istio-spire'])('%s: the SPIRE namespaces have default deny (no ZT-NET-001)', (name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(`../../examples/${name}`);
    const app = Testing.app();
    example.build(app);
    const objs = app.charts.flatMap(c => c.toJson());
    const net001 = Audit.ofManifests(objs, { trustDomain: 'prod.example.com' }).findings.filter(f => f.ruleId === 'ZT-NET-001');
    expect(net001.map(f => f.message).filter(m => /spire-(server|system)/.test(m))).toEqual([]);
  });
});
