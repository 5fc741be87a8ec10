// FQDN egress: per-workload on every layer that can express it (defect 8), and one wildcard semantics on
// every engine (defect 7): `*.example.com` = any name under example.com, at any depth, not example.com itself.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Engine, OutsidePeer, Reachability } from '../../src/audit';
import { ciliumFqdnMatches } from '../../src/audit/reachability/engines/cilium';
import { MeshService } from '../../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../../src/constructs/zero-trust-namespace';
import { Peer } from '../../src/model/peer';
import { Port } from '../../src/model/port';
import { ClusterProfile, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh } from '../../src/profile/mesh';
import { expectValidManifests } from '../util/expect-valid';

const STRIPE_IP = '198.51.100.7';

function render(profile: ClusterProfile, dest: Peer): any[] {
  const app = new App();
  const chart = new Chart(app, 'shop');
  const ns = new ZeroTrustNamespace(chart, 'shop', { name: 'shop', profile });
  const svc = (name: string) => new MeshService(ns, name, {
    name,
    ports: [Port.http(8080)],
    workload: new kplus.Deployment(chart, `${name}-deploy`, { metadata: { name }, containers: [{ image: `registry.example.com/${name}:1.0.0`, portNumber: 8080 }] }),
  });
  const payments = svc('payments');
  svc('catalog');
  payments.allowTo(dest, { ports: [Port.tcp(443)] });
  return app.charts.flatMap(c => c.toJson());
}

const PAYMENTS = { namespaceName: 'shop', name: 'payments' };
const CATALOG = { namespaceName: 'shop', name: 'catalog' };
const labelsOf = (objs: any[], name: string) => objs.find(o => o.kind === 'Deployment' && o.metadata.name === name).spec.template.metadata.labels;

/**
 * Istio sidecar egress, as documented: a Sidecar with a workloadSelector matching the pod replaces the
 * namespace's selector-less one (https://istio.io/latest/docs/reference/config/networking/sidecar/
 * "workloadSelector"); an egress host `ns/name` with `.` = the Sidecar's namespace, `*` = any; names match
 * with Istio's wildcard rules (istio/istio pkg/config/host/name.go: `*.foo.com` matches any name ending
 * in `.foo.com`); a ServiceEntry with exportTo ["."] is visible in its own namespace only.
 */
function istioHostMatches(pattern: string, name: string): boolean {
  return pattern.startsWith('*') ? name.endsWith(pattern.slice(1)) : pattern === name;
}
function istioSidecarAllows(objs: any[], ns: string, labels: Record<string, string>, host: string): boolean {
  const sidecars = objs.filter(o => o.kind === 'Sidecar' && o.metadata.namespace === ns);
  const selected = sidecars.filter(sc => sc.spec.workloadSelector
    && Object.entries(sc.spec.workloadSelector.labels).every(([k, v]) => labels[k] === v));
  const sc = selected[0] ?? sidecars.find(x => !x.spec.workloadSelector);
  if (!sc) return true;
  const registered = objs.some(o => o.kind === 'ServiceEntry' && (o.spec.exportTo ?? ['*']).some((e: string) => e === '*' || (e === '.' && o.metadata.namespace === ns))
    && o.spec.hosts.some((h: string) => istioHostMatches(h, host)));
  if (!registered) return false;
  return sc.spec.egress.some((e: any) => e.hosts.some((h: string) => {
    const [hns, name] = h.split('/');
    return (hns === '*' || hns === '.' || hns === ns) && istioHostMatches(name, host);
  }));
}

describe('FQDN egress is per workload (defect 8)', () => {
  const ciliumIstio = render(new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.CILIUM] }), Peer.fqdn('api.stripe.com'));
  const npIstio = render(new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] }), Peer.fqdn('api.stripe.com', { cidrs: [`${STRIPE_IP}/32`] }));

  test('valid manifests', () => {
    expectValidManifests(ciliumIstio);
    expectValidManifests(npIstio);
  });

  test('Istio: the namespace Sidecar lists cluster Services only; payments has its own Sidecar with the name', () => {
    const sidecars = ciliumIstio.filter(o => o.kind === 'Sidecar').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(sidecars.map(o => [o.metadata.name, o.spec])).toEqual([
      ['default', { egress: [{ hosts: ['*/*.svc.cluster.local'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }],
      ['payments-egress', {
        workloadSelector: { labels: { 'app.kubernetes.io/name': 'payments' } },
        egress: [{ hosts: ['*/*.svc.cluster.local', './api.stripe.com'] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      }],
    ]);
    const se = ciliumIstio.filter(o => o.kind === 'ServiceEntry');
    expect(se.map(o => [o.metadata.namespace, o.spec.hosts, o.spec.exportTo])).toEqual([['shop', ['api.stripe.com'], ['.']]]);
    expect(istioSidecarAllows(ciliumIstio, 'shop', labelsOf(ciliumIstio, 'payments'), 'api.stripe.com')).toBe(true);
    expect(istioSidecarAllows(ciliumIstio, 'shop', labelsOf(ciliumIstio, 'catalog'), 'api.stripe.com')).toBe(false);
    // The workload Sidecar keeps the in-cluster services reachable at the mesh layer.
    expect(istioSidecarAllows([...ciliumIstio, { kind: 'ServiceEntry', metadata: { namespace: 'shop' }, spec: { hosts: ['catalog.shop.svc.cluster.local'] } }],
      'shop', labelsOf(ciliumIstio, 'payments'), 'catalog.shop.svc.cluster.local')).toBe(true);
  });

  test('regression: the old namespace Sidecar (hosts */*) let every workload reach the name', () => {
    const old = ciliumIstio.filter(o => !(o.kind === 'Sidecar' && o.spec.workloadSelector))
      .map(o => o.kind === 'Sidecar' ? { ...o, spec: { ...o.spec, egress: [{ hosts: ['*/*'] }] } } : o);
    expect(istioSidecarAllows(old, 'shop', labelsOf(old, 'catalog'), 'api.stripe.com')).toBe(true);
  });

  test('Cilium: toFQDNs only in the policy selecting payments; reachability agrees', () => {
    const fqdnPolicies = ciliumIstio.filter(o => o.kind === 'CiliumNetworkPolicy' && JSON.stringify(o.spec).includes('api.stripe.com'));
    expect(fqdnPolicies.map(o => o.spec.endpointSelector)).toEqual([{ matchLabels: { 'app.kubernetes.io/name': 'payments' } }]);
    const r = Reachability.fromManifests(ciliumIstio);
    const stripe = OutsidePeer.world({ fqdn: 'api.stripe.com' });
    const cil = (from: any) => r.canReachOutside(from, stripe, 443).engines.find(e => e.engine === Engine.CILIUM)!;
    expect(cil(PAYMENTS).allowed).toBe(true);
    expect(cil(CATALOG).allowed).toBe(false);
    expect(cil(PAYMENTS).allowed && r.canReachOutside(PAYMENTS, stripe, 80).engines.find(e => e.engine === Engine.CILIUM)!.allowed).toBe(false);
  });

  test('NetworkPolicy: the ipBlock only in the policy selecting payments; reachability agrees', () => {
    const withIp = npIstio.filter(o => o.kind === 'NetworkPolicy' && JSON.stringify(o.spec).includes(STRIPE_IP));
    expect(withIp.map(o => o.spec.podSelector)).toEqual([{ matchLabels: { 'app.kubernetes.io/name': 'payments' } }]);
    const r = Reachability.fromManifests(npIstio);
    const stripe = OutsidePeer.world({ address: STRIPE_IP });
    const np = (from: any) => r.canReachOutside(from, stripe, 443).engines.find(e => e.engine === Engine.NETWORK_POLICY)!;
    expect(np(PAYMENTS).allowed).toBe(true);
    expect(np(CATALOG).allowed).toBe(false);
  });
});

describe('FQDN wildcard semantics are the same on every engine (defect 7)', () => {
  const objs = render(new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.CILIUM] }), Peer.fqdn('*.example.com'));
  const labels = labelsOf(objs, 'payments');
  const r = Reachability.fromManifests(objs);
  const cnpSelectors = objs.filter(o => o.kind === 'CiliumNetworkPolicy').flatMap(o => (o.spec.egress ?? []).flatMap((e: any) => e.toFQDNs ?? []));
  // The library's semantics: any name under example.com (one or more labels), never example.com itself.
  test.each([
    ['api.example.com', true],
    ['a.b.example.com', true],
    ['x.y.z.example.com', true],
    ['example.com', false],
    ['badexample.com', false],
    ['example.com.evil.net', false],
  ] as Array<[string, boolean]>)('%s → %s on Cilium and Istio', (host, want) => {
    expectValidManifests(objs);
    expect(cnpSelectors).toEqual([{ matchPattern: '**.example.com' }]);
    const cilium = r.canReachOutside({ namespaceName: 'shop', name: 'payments' }, OutsidePeer.world({ fqdn: host }), 443).engines.find(e => e.engine === Engine.CILIUM)!.allowed;
    expect(cilium).toBe(want);
    expect(cnpSelectors.some((sel: any) => ciliumFqdnMatches(sel, host))).toBe(want);
    expect(istioSidecarAllows(objs, 'shop', labels, host)).toBe(want);
  });
  test('regression: the old Cilium rendering (*.example.com) matched one label only', () => {
    expect(ciliumFqdnMatches({ matchPattern: '*.example.com' }, 'a.b.example.com')).toBe(false);
    expect(istioHostMatches('*.example.com', 'a.b.example.com')).toBe(true);
  });
});
