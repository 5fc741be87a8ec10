import { expectValidManifests } from './util/expect-valid';
import { Pod, reachable } from './util/reachability';
import { synthChart } from './util/synth';
import { MeshService } from '../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../src/constructs/zero-trust-namespace';
import { Exception } from '../src/model/exception';
import { HttpMatch, HttpMethod } from '../src/model/http-match';
import { Peer } from '../src/model/peer';
import { Port } from '../src/model/port';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Mesh } from '../src/profile/mesh';

const accept = () => Exception.of({ reason: 'label-based identity until the mesh rollout (PLAT-88)', expires: '2027-03-31' });

const PODS: Pod[] = [
  { name: 'checkout', namespace: 'payments', labels: { 'app.kubernetes.io/name': 'checkout-service' } },
  { name: 'processor', namespace: 'payments', labels: { 'app.kubernetes.io/name': 'payment-processor' } },
  { name: 'ledger', namespace: 'payments', labels: { 'app.kubernetes.io/name': 'ledger' } },
  { name: 'intruder', namespace: 'payments', labels: { app: 'intruder' } },
  { name: 'waypoint', namespace: 'payments', labels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' } },
  { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } },
  { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
  { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
  { name: 'gateway', namespace: 'istio-system', labels: { istio: 'ingressgateway' } },
  { name: 'prometheus', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } },
  { name: 'stranger', namespace: 'other', labels: { app: 'stranger' } },
];
const PORTS = [53, 80, 443, 5432, 8080, 9000, 15008, 15012];
const MANAGED = ['payments', 'shop'];

function app(mesh: Mesh, engines: NetworkPolicyEngine[]) {
  return synthChart(chart => {
    const profile = new ClusterProfile({ mesh, networkPolicy: engines, ingressGateway: { namespaceName: 'istio-system', podLabels: { istio: 'ingressgateway' }, serviceAccount: 'gw' } });
    const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
    const shop = new ZeroTrustNamespace(chart, 'shop', { name: 'shop', profile });
    const l4 = mesh.kind === 'NONE' ? { acceptL4Only: accept() } : {};
    const checkout = new MeshService(payments, 'checkout', { name: 'checkout-service', ports: [Port.http(8080)], selector: { 'app.kubernetes.io/name': 'checkout-service' } });
    const processor = new MeshService(payments, 'processor', { name: 'payment-processor', ports: [Port.http(8080), Port.grpc(9000)], selector: { 'app.kubernetes.io/name': 'payment-processor' } });
    new MeshService(payments, 'ledger', { name: 'ledger', ports: [Port.tcp(5432)], selector: { 'app.kubernetes.io/name': 'ledger' } });
    const web = new MeshService(shop, 'web', { name: 'web', ports: [Port.http(8080)], selector: { 'app.kubernetes.io/name': 'web' } });

    processor.allowFrom(checkout, { ports: [Port.http(8080)], http: [HttpMatch.of({ methods: [HttpMethod.POST], path: '/v1/payments' })], ...l4 });
    checkout.allowFrom(web, { ...l4 });
    web.allowFrom(Peer.ingressGateway(), { ports: [Port.http(8080)] });
  });
}

const DNS = (ns: string, pod: string) => [`${ns}/${pod} -> kube-system/kube-dns:53/TCP`, `${ns}/${pod} -> kube-system/kube-dns:53/UDP`];
const MANAGED_PODS: Array<[string, string]> = [['payments', 'checkout'], ['payments', 'processor'], ['payments', 'ledger'], ['payments', 'intruder'], ['payments', 'waypoint'], ['shop', 'web']];
const ROUTES = [
  'payments/checkout -> payments/processor:8080/TCP',
  'shop/web -> payments/checkout:8080/TCP',
  'istio-system/gateway -> shop/web:8080/TCP',
];

describe('reachability: exactly the declared routes plus DNS (and the mesh control plane)', () => {
  for (const engine of ['kubernetes', 'cilium'] as const) {
    const engines = engine === 'kubernetes' ? [NetworkPolicyEngine.KUBERNETES] : [NetworkPolicyEngine.CILIUM];

    test(`no mesh, ${engine}`, () => {
      const objs = app(Mesh.none(), engines);
      expectValidManifests(objs);
      const expected = [...ROUTES, ...MANAGED_PODS.flatMap(([ns, p]) => DNS(ns, p))].sort();
      expect(reachable(objs, PODS, PORTS, MANAGED, engine)).toEqual(expected);
    });

    test(`Istio sidecar, ${engine}`, () => {
      const objs = app(Mesh.istioSidecar(), engines);
      expectValidManifests(objs);
      const istiod = MANAGED_PODS.map(([ns, p]) => `${ns}/${p} -> istio-system/istiod:15012/TCP`);
      const expected = [...ROUTES, ...istiod, ...MANAGED_PODS.flatMap(([ns, p]) => DNS(ns, p))].sort();
      expect(reachable(objs, PODS, PORTS, MANAGED, engine)).toEqual(expected);
    });

    test(`Istio ambient, ${engine}: the routes' ports plus HBONE between the same pods`, () => {
      const objs = app(Mesh.istioAmbient(), engines);
      expectValidManifests(objs);
      const hbone = ROUTES.map(r => r.replace(/:8080\/TCP$/, ':15008/TCP'));
      // The L7 route into payment-processor runs through the namespace's waypoint.
      const waypoint = [
        'payments/checkout -> payments/waypoint:15008/TCP',
        'payments/waypoint -> payments/processor:15008/TCP',
        'payments/waypoint -> istio-system/istiod:15012/TCP',
      ];
      const expected = [...ROUTES, ...hbone, ...waypoint, ...MANAGED_PODS.flatMap(([ns, p]) => DNS(ns, p))].sort();
      expect(reachable(objs, PODS, PORTS, MANAGED, engine)).toEqual(expected);
    });
  }
});
