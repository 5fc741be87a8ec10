import { Chart } from 'cdk8s';
import { AllowRouteOptions } from '../../src/constructs/allow-route';
import { MeshService, MeshServiceProps } from '../../src/constructs/mesh-service';
import { SpireServer } from '../../src/constructs/spire/spire-server';
import { ZeroTrustNamespace, ZeroTrustNamespaceProps } from '../../src/constructs/zero-trust-namespace';
import { HttpMatch, HttpMatchProps } from '../../src/model/http-match';
import { IPeer, Peer } from '../../src/model/peer';
import { Port } from '../../src/model/port';
import { ClusterProfile, ClusterProfileProps, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh } from '../../src/profile/mesh';
import { Formats } from '../../src/validation/formats';
import { synthErrors } from '../util/synth';

// Issue 12, defect 6: values the API server or an engine rejects, or that can never match, fail
// synthesis with the construct path, the value and the fix. One test per case.

const SVC = '[test/payments/api]';

interface Case {
  profile?: ClusterProfileProps;
  ns?: Partial<ZeroTrustNamespaceProps>;
  svc?: Partial<MeshServiceProps>;
  to?: IPeer;
  route?: AllowRouteOptions;
}

function errors(opts: Case): string[] {
  return synthErrors((chart: Chart) => {
    const engines = [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM];
    const profile = new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: engines, ...opts.profile });
    const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile, ...opts.ns });
    const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' }, ...opts.svc });
    if (opts.to) api.allowTo(opts.to, opts.route ?? { ports: [Port.tcp(443)] });
    if (opts.route?.http) new MeshService(ns, 'client', { name: 'client', selector: { app: 'client' } }).allowTo(api, opts.route);
  });
}
const egress = (peer: IPeer) => errors({ to: peer });
const one = (list: string[], ...parts: string[]) => {
  expect(list).toHaveLength(1);
  for (const part of parts) expect(list[0]).toContain(part);
};

describe('ipBlock CIDRs (k8s.io/kubernetes pkg/apis/networking/validation ValidateIPBlock; pkg/apis/core/validation/ips.go parseCIDR, strict)', () => {
  // ValidateIPBlock: `!cidrIPNet.Contains(exceptCIDR.IP) || cidrMaskLen >= exceptMaskLen` → "must be a strict subset of `cidr`"
  test('except outside its CIDR', () => {
    one(egress(Peer.cidr('10.0.0.0/8', ['192.168.0.0/16'])), '[test/payments/api/AllowTo-', 'Peer.cidr("10.0.0.0/8"): exclude entry "192.168.0.0/16" is not a strict subset of 10.0.0.0/8', 'list only smaller blocks inside 10.0.0.0/8');
  });
  test('except equal to its CIDR (not a strict subset)', () => {
    one(egress(Peer.cidr('10.0.0.0/8', ['10.0.0.0/8'])), 'exclude entry "10.0.0.0/8" is not a strict subset of 10.0.0.0/8');
  });
  test('except of the other IP family', () => {
    one(egress(Peer.cidr('10.0.0.0/8', ['fd00::/16'])), 'exclude entry "fd00::/16" is not a strict subset of 10.0.0.0/8');
  });
  test('IPv6 except outside its CIDR', () => {
    one(egress(Peer.cidr('2001:db8::/32', ['2001:db9::/48'])), 'exclude entry "2001:db9::/48" is not a strict subset of 2001:db8::/32');
  });
  // parseCIDR strict: "must not have bits set beyond the prefix length"
  test('IPv4 CIDR with host bits set', () => {
    one(egress(Peer.cidr('10.0.0.1/8')), 'Peer.cidr("10.0.0.1/8"): "10.0.0.1/8" has bits set beyond the prefix length', 'write the network 10.0.0.0/8, or 10.0.0.1/32 for the single address');
  });
  test('IPv6 CIDR with host bits set', () => {
    one(egress(Peer.cidr('2001:db8::1/32')), '"2001:db8::1/32" has bits set beyond the prefix length', 'write the network 2001:db8::/32, or 2001:db8::1/128');
  });
  // parseCIDR strict: "must not have leading 0s in IP or prefix length"
  test('leading zeros in the address', () => {
    one(egress(Peer.cidr('010.0.0.0/8')), '"010.0.0.0/8" has leading zeros in the address', 'write 10.0.0.0/8');
  });
  test('leading zeros in the prefix length', () => {
    one(egress(Peer.cidr('10.0.0.0/08')), '"10.0.0.0/08" has leading zeros in the prefix length: write 10.0.0.0/8');
  });
  // parseCIDR strict: "must not have an IPv4-mapped IPv6 address"
  test('IPv4-mapped IPv6 CIDR', () => {
    one(egress(Peer.cidr('::ffff:10.0.0.0/104')), 'is an IPv4-mapped IPv6 address');
  });
  test('an exclude entry and an FQDN cidr are held to the same rules', () => {
    one(egress(Peer.cidr('10.0.0.0/8', ['10.1.0.1/16'])), 'exclude entry "10.1.0.1/16" has bits set beyond the prefix length');
    one(egress(Peer.fqdn('api.example.com', { cidrs: ['203.0.113.7/24'] })), 'cidrs entry "203.0.113.7/24" has bits set beyond the prefix length');
  });
  test('profile apiServer.cidrs are held to the same rules', () => {
    one(errors({ profile: { apiServer: { cidrs: ['10.96.0.1/12'] } } }), '[test/payments] cluster profile: apiServer.cidrs entry "10.96.0.1/12" has bits set beyond the prefix length');
  });
  test('SPIRE nodeCidrs are held to the same rules', () => {
    const errs = synthErrors(chart => {
      new SpireServer(chart, 'server', { profile: new ClusterProfile({ apiServer: { cidrs: ['10.96.0.1/32'] } }), clusterName: 'prod', nodeCidrs: ['10.0.0.1/16'] });
    });
    one(errs, '[test/server] nodeCidrs entry "10.0.0.1/16" has bits set beyond the prefix length');
  });
  test('valid blocks and strict-subset excepts pass (v4 and v6)', () => {
    expect(egress(Peer.cidr('10.0.0.0/8', ['10.1.0.0/16', '10.2.3.4/32']))).toEqual([]);
    expect(egress(Peer.cidr('2001:db8::/32', ['2001:db8:1::/48']))).toEqual([]);
    expect(Formats.ipText(Formats.parseCidr('2001:db8:0:0:1:0:0:1/128')!.ip, 6)).toBe('2001:db8::1:0:0:1');
  });
});

describe('ports the mesh proxy owns (Istio "Ports used by Istio"; Linkerd proxy.ports)', () => {
  // https://istio.io/latest/docs/ops/deployment/requirements/#ports-used-by-istio
  test('Istio sidecar: 15020 (merged telemetry) and 15090 (Envoy Prometheus)', () => {
    one(errors({ svc: { ports: [Port.http(15020)] } }), SVC, 'port http-15020: container port 15020 is used by the Istio proxy in every pod of this mesh (ISTIO_SIDECAR: merged Prometheus telemetry)', 'move the application to another port');
    one(errors({ svc: { ports: [Port.http(8080, { targetPort: 15090 })] } }), SVC, 'container port 15090 is used by the Istio proxy');
  });
  test('Istio sidecar: 15001, 15006, 15000, 15021 too', () => {
    for (const port of [15000, 15001, 15004, 15006, 15008, 15009, 15021, 15053]) one(errors({ svc: { ports: [Port.tcp(port)] } }), `container port ${port} is used by the Istio proxy`);
  });
  // https://istio.io/latest/docs/ambient/architecture/traffic-redirection/: ztunnel listens on 15008, 15006, 15001 in the pod
  test('Istio ambient: ztunnel in-pod ports', () => {
    one(errors({ profile: { mesh: Mesh.istioAmbient() }, svc: { ports: [Port.tcp(15008)] } }), 'container port 15008 is used by the Istio proxy in every pod of this mesh (ISTIO_AMBIENT: ztunnel inbound HBONE)');
    expect(errors({ profile: { mesh: Mesh.istioAmbient() }, svc: { ports: [Port.http(15090)] } })).toEqual([]);
  });
  // linkerd/linkerd2 charts/linkerd-control-plane/values.yaml: proxy.ports admin 4191, control 4190, inbound 4143, outbound 4140
  test('Linkerd: 4143 inbound, 4191 admin, 4190 control, 4140 outbound', () => {
    for (const port of [4140, 4143, 4190, 4191]) one(errors({ profile: { mesh: Mesh.linkerd() }, svc: { ports: [Port.tcp(port)] } }), `container port ${port} is used by the Linkerd proxy`);
  });
  test('only the profile\'s mesh counts', () => {
    expect(errors({ profile: { mesh: Mesh.linkerd() }, svc: { ports: [Port.http(15020)] } })).toEqual([]);
    expect(errors({ svc: { ports: [Port.tcp(4143)] } })).toEqual([]);
    expect(errors({ profile: { mesh: Mesh.none() }, svc: { ports: [Port.http(15020)] } })).toEqual([]);
  });
});

describe('names, labels and annotations (k8s.io/apimachinery pkg/util/validation)', () => {
  // ValidateServiceName = NameIsDNS1035Label
  test('a Service name that is not a DNS-1035 label', () => {
    one(errors({ svc: { name: '1api' } }), SVC, 'service name "1api" must be a DNS-1035 label', 'starting with a letter');
  });
  // ValidateLabels: IsQualifiedName(key), IsValidLabelValue(value)
  test('namespace label key that is not a qualified name', () => {
    one(errors({ ns: { labels: { 'team name': 'payments' } } }), '[test/payments] labels: label key "team name": name part must consist of alphanumeric characters');
  });
  test('namespace label value that is not a label value', () => {
    one(errors({ ns: { labels: { team: 'payments & billing' } } }), '[test/payments] labels: label value "payments & billing"');
  });
  // ValidateAnnotations: IsQualifiedName(lower(key)); total size ≤ TotalAnnotationSizeLimitB (256 KiB)
  test('namespace annotation key that is not a qualified name', () => {
    one(errors({ ns: { annotations: { 'example.com/a/b': 'x' } } }), '[test/payments] annotations: annotation key "example.com/a/b"');
  });
  test('namespace annotations over 256 KiB in total', () => {
    one(errors({ ns: { annotations: { 'example.com/blob': 'x'.repeat(256 * 1024) } } }), '[test/payments] annotations: annotations may not be larger than 256KiB in total (are 262160 bytes)');
  });
  test('selector label key that is not a qualified name', () => {
    one(errors({ svc: { selector: { 'app name': 'api' } } }), SVC, 'selector: label key "app name"', 'can never match a pod');
  });
  test('profile dns.namespace that is not a namespace name', () => {
    one(errors({ profile: { dns: { namespaceName: 'Kube_System' } } }), '[test/payments] cluster profile: dns.namespace "Kube_System" is not a valid namespace name');
  });
  test('profile DNS pod labels that are not labels, or empty', () => {
    one(errors({ profile: { dns: { podLabels: { 'k8s-app': 'kube dns' } } } }), 'cluster profile: dns.podLabels: label value "kube dns"', 'can never match the DNS pods');
    one(errors({ profile: { dns: { podLabels: {} } } }), 'cluster profile: dns.podLabels is empty');
  });
  // ValidateServiceAccountName = NameIsDNSSubdomain; an Istio principal / Linkerd identity with any other name never matches
  test('a ServiceAccount name that is not a DNS-1123 subdomain', () => {
    one(errors({ svc: { serviceAccountName: 'Bad SA' } }), SVC, 'serviceAccountName "Bad SA" must be a DNS-1123 subdomain', 'no mesh principal naming it can ever match');
    one(errors({ profile: { monitoring: { namespaceName: 'monitoring', podLabels: { app: 'prometheus' }, serviceAccount: 'Bad SA' } } }), 'cluster profile: monitoring.serviceAccount "Bad SA" must be a DNS-1123 subdomain');
  });
});

describe('HTTP paths that never match (Gateway API HTTPPathMatch validations; RFC 3986 normalization)', () => {
  const path = (props: HttpMatchProps) => errors({ route: { http: [HttpMatch.of(props)] } });
  test('a query', () => one(path({ path: '/v1/pay?id=1' }), '[test/payments/client/AllowTo-', 'HTTP path "/v1/pay?id=1" contains a query ("?id=1")', 'drop the query'));
  test('a fragment', () => one(path({ path: '/v1/pay#top' }), 'HTTP path "/v1/pay#top" contains a fragment'));
  test('a ".." segment', () => one(path({ path: '/a/../b' }), 'HTTP path "/a/../b" contains a "." or ".." segment', 'write the resolved path'));
  test('a "." segment', () => one(path({ pathPrefix: '/./a' }), 'HTTP path "/./a" contains a "." or ".." segment'));
  test('a trailing ".." segment', () => one(path({ pathPrefix: '/v1/..' }), 'contains a "." or ".." segment'));
  test('"//"', () => one(path({ path: '/a//b' }), 'HTTP path "/a//b" contains "//"'));
  test('an encoded "/"', () => one(path({ path: '/a%2Fb' }), 'contains an encoded "/" (%2F)'));
  test('ordinary paths, dotted gRPC names and prefixes pass', () => {
    expect(path({ path: '/v1/payments' })).toEqual([]);
    expect(path({ pathPrefix: '/v1/' })).toEqual([]);
    expect(path({ path: '/payments.v1.Payments/Charge' })).toEqual([]);
  });
});

describe('FQDN lengths (RFC 1035: labels ≤ 63, names ≤ 253 characters)', () => {
  test('a label over 63 characters', () => {
    one(egress(Peer.fqdn(`${'a'.repeat(64)}.example.com`)), `Peer.fqdn("${'a'.repeat(64)}.example.com"): label "aaaaaaaaaaaaaaaaaaaa..." is 64 characters long; DNS labels have at most 63`);
  });
  test('a name over 253 characters', () => {
    const name = `${Array(5).fill('a'.repeat(60)).join('.')}.com`;
    one(egress(Peer.fqdn(name)), `the name is ${name.length} characters long; DNS names have at most 253`);
  });
  test('63 and 253 pass', () => {
    expect(egress(Peer.fqdn(`${'a'.repeat(63)}.example.com`, { cidrs: ['203.0.113.0/24'] }))).toEqual([]);
  });
});
