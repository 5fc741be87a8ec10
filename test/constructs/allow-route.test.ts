import { App, Chart, Testing } from 'cdk8s';
import { AllowRoute, AllowRouteOptions } from '../../src/constructs/allow-route';
import { MeshService } from '../../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../../src/constructs/zero-trust-namespace';
import { Exception } from '../../src/model/exception';
import { HttpMatch, HttpMethod } from '../../src/model/http-match';
import { Peer } from '../../src/model/peer';
import { Port } from '../../src/model/port';
import { ClusterProfile, ClusterProfileProps, IdentityProvider, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh } from '../../src/profile/mesh';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

const POST_PAYMENTS = HttpMatch.of({ methods: [HttpMethod.POST], path: '/v1/payments' });
const accept = () => Exception.of({ reason: 'no mesh until PLAT-88 ships; label-based only', expires: '2027-03-31' });
const NAME = 'allow-checkout-service-to-payment-processor';
const CHECKOUT = { 'app.kubernetes.io/name': 'checkout-service' };
const PROCESSOR = { 'app.kubernetes.io/name': 'payment-processor' };
const npPods = (ns: string, labels: any) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, podSelector: { matchLabels: labels } });

interface World { checkout: MeshService; processor: MeshService; payments: ZeroTrustNamespace; profile: ClusterProfile; chart: Chart }

function world(chart: Chart, profileProps: ClusterProfileProps): World {
  const profile = new ClusterProfile({ trustDomain: 'prod.example.com', apiServer: { cidrs: ['10.0.0.1/32'] }, ...profileProps });
  const paymentsNs = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
  const checkout = new MeshService(paymentsNs, 'checkout', { name: 'checkout-service', ports: [Port.http(8080)], selector: CHECKOUT });
  const processor = new MeshService(paymentsNs, 'processor', {
    name: 'payment-processor',
    ports: [Port.http(8080), Port.tcp(5000)],
    selector: PROCESSOR,
    probes: [{ port: 8080, path: '/healthz' }],
  });
  return { checkout, processor, payments: paymentsNs, profile, chart };
}

function payments(
  profileProps: ClusterProfileProps,
  options: AllowRouteOptions = { ports: [Port.http(8080)], http: [POST_PAYMENTS] },
  more?: (w: World) => void,
) {
  return synthChart(chart => {
    const w = world(chart, profileProps);
    w.processor.allowFrom(w.checkout, options);
    more?.(w);
  });
}

describe('AllowRoute: the payments route on every engine, both directions', () => {
  test('Kubernetes NetworkPolicy: ingress on the processor, egress on checkout (L7 accepted as L4-only)', () => {
    const objs = payments({ networkPolicy: [NetworkPolicyEngine.KUBERNETES] }, {
      ports: [Port.http(8080)], http: [POST_PAYMENTS], acceptL4Only: accept(),
    });
    expectValidManifests(objs);
    const ingress = one(objs, 'NetworkPolicy', `${NAME}-ingress`);
    expect(ingress.spec).toEqual({
      podSelector: { matchLabels: PROCESSOR },
      policyTypes: ['Ingress'],
      ingress: [{ from: [npPods('payments', CHECKOUT)], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
    expect(ingress.metadata.annotations['zero-trust.cdk8s.io/exception.l4-only']).toContain('PLAT-88');
    const egress = one(objs, 'NetworkPolicy', `${NAME}-egress`);
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: CHECKOUT },
      policyTypes: ['Egress'],
      egress: [{ to: [npPods('payments', PROCESSOR)], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
  });

  test('Cilium without a mesh: L7 rules on the ingress side, L4 egress', () => {
    const objs = payments({ networkPolicy: [NetworkPolicyEngine.CILIUM] }, {
      ports: [Port.http(8080)], http: [POST_PAYMENTS], acceptL4Only: accept(),
    });
    expectValidManifests(objs);
    const ingress = one(objs, 'CiliumNetworkPolicy', `${NAME}-ingress`);
    expect(ingress.spec.endpointSelector).toEqual({ matchLabels: PROCESSOR });
    expect(ingress.spec.ingress).toEqual([{
      fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'payments', 'k8s:app.kubernetes.io/name': 'checkout-service' } }],
      // Cilium matches `path` as a full RE2 match on Envoy's `:path`, query included (cilium/cilium pkg/envoy
      // xds_server.go getHTTPRule): the exact path allows an optional query, like Istio and Linkerd.
      toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'POST', path: '/v1/payments(\\?.*)?' }] } }],
    }]);
    const egress = one(objs, 'CiliumNetworkPolicy', `${NAME}-egress`);
    expect(egress.spec.egress).toEqual([{
      toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'payments', 'k8s:app.kubernetes.io/name': 'payment-processor' } }],
      toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
    }]);
  });

  test('Cilium under a mesh: no L7 parsing (the mesh encrypts and enforces L7)', () => {
    const objs = payments({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.CILIUM] });
    expectValidManifests(objs);
    const ingress = one(objs, 'CiliumNetworkPolicy', `${NAME}-ingress`);
    expect(ingress.spec.ingress[0].toPorts).toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }] }]);
  });

  test('Istio sidecar: AuthorizationPolicy ALLOW by principal with the L7 operation', () => {
    const objs = payments({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
    expectValidManifests(objs);
    const authz = one(objs, 'AuthorizationPolicy', NAME);
    expect(authz.metadata.namespace).toBe('payments');
    expect(authz.spec).toEqual({
      selector: { matchLabels: PROCESSOR },
      action: 'ALLOW',
      rules: [{
        from: [{ source: { principals: ['prod.example.com/ns/payments/sa/checkout-service'] } }],
        to: [{ operation: { ports: ['8080'], methods: ['POST'], paths: ['/v1/payments'] } }],
      }],
    });
    expect(one(objs, 'NetworkPolicy', `${NAME}-ingress`).spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('Istio ambient: L4 on ztunnel (HBONE 15008 allowed), L7 through a waypoint with targetRefs', () => {
    const l4 = payments({ mesh: Mesh.istioAmbient(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] }, { ports: [Port.tcp(5000)] });
    expectValidManifests(l4);
    expect(find(l4, 'Gateway')).toHaveLength(0);
    const l4authz = one(l4, 'AuthorizationPolicy', NAME);
    expect(l4authz.spec.selector).toEqual({ matchLabels: PROCESSOR });
    expect(l4authz.spec.rules[0].to).toEqual([{ operation: { ports: ['5000'] } }]);
    expect(one(l4, 'NetworkPolicy', `${NAME}-ingress`).spec.ingress[0].ports.map((p: any) => p.port)).toEqual([5000, 15008]);
    expect(one(l4, 'NetworkPolicy', `${NAME}-egress`).spec.egress[0].ports.map((p: any) => p.port)).toEqual([5000, 15008]);

    const l7 = payments({ mesh: Mesh.istioAmbient(), networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM] });
    expectValidManifests(l7);
    const gw = one(l7, 'Gateway', 'waypoint');
    expect(gw.spec.gatewayClassName).toBe('istio-waypoint');
    expect(one(l7, 'Service', 'payment-processor').metadata.labels['istio.io/use-waypoint']).toBe('waypoint');
    const authz = one(l7, 'AuthorizationPolicy', NAME);
    expect(authz.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'payment-processor' }]);
    expect(authz.spec.selector).toBeUndefined();
    expect(authz.spec.rules[0].to[0].operation).toEqual({ ports: ['8080'], methods: ['POST'], paths: ['/v1/payments'] });
    // The caller may reach the waypoint; the waypoint reaches the pods; ztunnel lets the waypoint identity in.
    const egress = one(l7, 'NetworkPolicy', `${NAME}-egress`);
    expect(egress.spec.egress[1]).toEqual({ to: [npPods('payments', { 'gateway.networking.k8s.io/gateway-name': 'waypoint' })], ports: [{ port: 15008, protocol: 'TCP' }] });
    const wp = one(l7, 'NetworkPolicy', 'waypoint-for-payment-processor');
    expect(wp.spec.ingress).toEqual([{ from: [npPods('payments', CHECKOUT)], ports: [{ port: 15008, protocol: 'TCP' }] }]);
    one(l7, 'CiliumNetworkPolicy', 'waypoint-for-payment-processor');
    one(l7, 'CiliumNetworkPolicy', 'payment-processor-from-waypoint');
    expect(one(l7, 'AuthorizationPolicy', 'payment-processor-from-waypoint').spec.rules[0].from[0].source.principals)
      .toEqual(['prod.example.com/ns/payments/sa/waypoint']);
  });

  test('a namespace on Istio ambient in a sidecar profile: an L4 route declared before the first L7 route moves to the waypoint', () => {
    // The namespace's mesh, not the profile's, decides whether a waypoint can appear later
    // (https://istio.io/latest/docs/ambient/usage/waypoint/): the route's binding and its egress
    // rules wait for synthesis. A caller in the sidecar namespace reaches the waypoint on 15008.
    const objs = synthChart(chart => {
      const profile = new ClusterProfile({ trustDomain: 'prod.example.com', mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM] });
      const shop = new ZeroTrustNamespace(chart, 'shop', { name: 'shop', profile });
      const pay = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile, mesh: Mesh.istioAmbient() });
      const checkout = new MeshService(shop, 'checkout', { name: 'checkout', ports: [Port.http(8080)], selector: CHECKOUT });
      const processor = new MeshService(pay, 'processor', { name: 'processor', ports: [Port.http(8080)], selector: PROCESSOR });
      const refunds = new MeshService(pay, 'refunds', { name: 'refunds', ports: [Port.http(8080)], selector: { app: 'refunds' } });
      processor.allowFrom(checkout, { ports: [Port.http(8080)] });
      processor.allowFrom(refunds, { ports: [Port.http(8080)], http: [HttpMatch.of({ methods: [HttpMethod.GET] })] });
    });
    expectValidManifests(objs);
    const name = 'allow-shop-checkout-to-payments-processor';
    const authz = one(objs, 'AuthorizationPolicy', name);
    expect(authz.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'processor' }]);
    expect(authz.spec.selector).toBeUndefined();
    const toWaypoint = { to: [npPods('payments', { 'gateway.networking.k8s.io/gateway-name': 'waypoint' })], ports: [{ port: 15008, protocol: 'TCP' }] };
    expect(one(objs, 'NetworkPolicy', `${name}-egress`).spec.egress[1]).toEqual(toWaypoint);
    const ciliumEgress = one(objs, 'CiliumNetworkPolicy', `${name}-egress`).spec.egress;
    expect(ciliumEgress).toHaveLength(2);
    expect(ciliumEgress[1].toEndpoints[0].matchLabels['k8s:gateway.networking.k8s.io/gateway-name']).toBe('waypoint');
  });

  test('Istio ambient: an L4 route declared before the first L7 route also moves to the waypoint', () => {
    const objs = payments({ mesh: Mesh.istioAmbient() }, { ports: [Port.tcp(5000)] }, w => {
      const other = new MeshService(w.payments, 'refunds', { name: 'refunds', ports: [Port.http(8080)], selector: { app: 'refunds' } });
      w.processor.allowFrom(other, { ports: [Port.http(8080)], http: [HttpMatch.of({ methods: [HttpMethod.GET] })] });
    });
    expectValidManifests(objs);
    expect(one(objs, 'AuthorizationPolicy', NAME).spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'payment-processor' }]);
    expect(one(objs, 'NetworkPolicy', 'waypoint-for-payment-processor').spec.ingress[0].from).toHaveLength(2);
  });

  test('Linkerd: MeshTLSAuthentication by identity; Server-level (L4) or HTTPRoute (L7) authorization; probes kept', () => {
    const objs = payments({ mesh: Mesh.linkerd() }, { ports: [Port.http(8080)], http: [POST_PAYMENTS] }, w => {
      w.processor.allowFrom(w.checkout, { ports: [Port.tcp(5000)] });
    });
    expectValidManifests(objs);
    expect(one(objs, 'MeshTLSAuthentication', NAME).spec.identities).toEqual(['checkout-service.payments.serviceaccount.identity.linkerd.prod.example.com']);
    const route = one(objs, 'HTTPRoute', `${NAME}-http-8080`);
    expect(route.spec.parentRefs).toEqual([{ group: 'policy.linkerd.io', kind: 'Server', name: 'payment-processor-http-8080' }]);
    expect(route.spec.rules).toEqual([{ matches: [{ method: 'POST', path: { type: 'Exact', value: '/v1/payments' } }] }]);
    expect(one(objs, 'AuthorizationPolicy', `${NAME}-http-8080`).spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: `${NAME}-http-8080` },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: NAME }],
    });
    const probes = one(objs, 'HTTPRoute', 'payment-processor-http-8080-probes');
    expect(probes.spec.rules[0].matches).toEqual([{ method: 'GET', path: { type: 'Exact', value: '/healthz' } }]);
    expect(one(objs, 'AuthorizationPolicy', 'payment-processor-http-8080-probes').spec.requiredAuthenticationRefs[0].kind).toBe('NetworkAuthentication');
    one(objs, 'HTTPRoute', 'payment-processor-http-8080-default');
    // The second route (same pair, other port) is L4: authorized on the Server, with a distinct name.
    const l4 = find(objs, 'AuthorizationPolicy').find(a => a.spec.targetRef?.name === 'payment-processor-tcp-5000');
    expect(l4.metadata.name).toMatch(/^allow-checkout-service-to-payment-processor-[0-9a-f]{8}-tcp-5000$/);
  });
});

describe('AllowRoute: peers', () => {
  test('ingress gateway, namespace and CIDR sources; kube-apiserver and CIDR destinations', () => {
    const objs = synthChart(chart => {
      const w = world(chart, { mesh: Mesh.linkerd(), networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM] });
      w.checkout.allowFrom(Peer.ingressGateway(), { ports: [Port.http(8080)] });
      w.processor.allowFrom(Peer.podsInNamespace('refunds'), { ports: [Port.tcp(5000)] });
      w.processor.allowFrom(Peer.cidr('192.0.2.0/24', ['192.0.2.128/25']), { ports: [Port.tcp(5000)] });
      w.processor.allowTo(Peer.kubeApiServer());
      w.processor.allowTo(Peer.cidr('198.51.100.0/24'), { ports: [Port.tcp(5432)] });
    });
    expectValidManifests(objs);
    expect(one(objs, 'NetworkPolicy', 'allow-ingress-gateway-to-checkout-service-ingress').spec.ingress[0].from)
      .toEqual([npPods('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' })]);
    expect(one(objs, 'NetworkPolicy', 'allow-ns-refunds-to-payment-processor-ingress').spec.ingress[0].from)
      .toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'refunds' } } }]);
    expect(one(objs, 'MeshTLSAuthentication', 'allow-ns-refunds-to-payment-processor').spec.identities)
      .toEqual(['*.refunds.serviceaccount.identity.linkerd.prod.example.com']);
    const cidrIn = find(objs, 'NetworkPolicy').find(n => n.metadata.name.startsWith('allow-cidr-192-0-2-0-24'));
    expect(cidrIn.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '192.0.2.0/24', except: ['192.0.2.128/25'] } }]);
    expect(find(objs, 'NetworkAuthentication').find(n => n.metadata.name.startsWith('allow-cidr')).spec.networks)
      .toEqual([{ cidr: '192.0.2.0/24', except: ['192.0.2.128/25'] }]);
    const api = one(objs, 'NetworkPolicy', 'allow-payment-processor-to-kube-apiserver-egress');
    expect(api.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    expect(one(objs, 'CiliumNetworkPolicy', 'allow-payment-processor-to-kube-apiserver-egress').spec.egress)
      .toEqual([{ toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }]);
  });

  test('FQDN egress: Cilium toFQDNs with the DNS-proxy rule, Istio ServiceEntry, NetworkPolicy with the given CIDRs', () => {
    const objs = synthChart(chart => {
      const w = world(chart, { mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM] });
      w.processor.allowTo(Peer.fqdn('api.stripe.com', { cidrs: ['203.0.113.0/24'] }), { ports: [Port.tcp(443)] });
      w.checkout.allowTo(Peer.fqdn('api.stripe.com', { cidrs: ['203.0.113.0/24'] }), { ports: [Port.tcp(443)] });
    });
    expectValidManifests(objs);
    const cnp = find(objs, 'CiliumNetworkPolicy').find(c => c.metadata.name.startsWith('allow-payment-processor-to-fqdn'));
    expect(cnp.spec.egress).toEqual([
      {
        toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
        toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchName: 'api.stripe.com' }] } }],
      },
      { toFQDNs: [{ matchName: 'api.stripe.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] },
    ]);
    const np = find(objs, 'NetworkPolicy').find(c => c.metadata.name.startsWith('allow-payment-processor-to-fqdn'));
    expect(np.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    const se = find(objs, 'ServiceEntry');
    expect(se).toHaveLength(1); // one per name and namespace
    expect(se[0].spec).toEqual({
      hosts: ['api.stripe.com'],
      exportTo: ['.'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: 443, name: 'tls-443', protocol: 'TLS' }],
    });
  });

  test('cross-namespace and cross-chart routes land next to the service they protect', () => {
    const app = Testing.app();
    const profile = new ClusterProfile({ trustDomain: 'prod.example.com', mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM] });
    const a = new Chart(app, 'shop');
    const b = new Chart(app, 'pay');
    const shopNs = new ZeroTrustNamespace(a, 'shop', { name: 'shop', profile });
    const payNs = new ZeroTrustNamespace(b, 'pay', { name: 'pay', profile });
    const web = new MeshService(shopNs, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
    const api = new MeshService(payNs, 'api', { name: 'api', ports: [Port.grpc(9000)], selector: { app: 'api' } });
    new AllowRoute(app, 'web-to-api', { source: web, destination: api, http: [HttpMatch.grpc('payments.v1.Payments')] });
    for (const c of app.node.findAll()) expect(c.node.validate()).toEqual([]);
    const shop = a.toJson();
    const pay = b.toJson();
    expectValidManifests([...shop, ...pay]);
    const name = 'allow-shop-web-to-pay-api';
    expect(one(pay, 'AuthorizationPolicy', name).spec.rules[0]).toEqual({
      from: [{ source: { principals: ['prod.example.com/ns/shop/sa/web'] } }],
      to: [{ operation: { ports: ['9000'], methods: ['POST'], paths: ['/payments.v1.Payments', '/payments.v1.Payments/*'] } }],
    });
    expect(one(pay, 'NetworkPolicy', `${name}-ingress`).spec.ingress[0].from).toEqual([npPods('shop', { app: 'web' })]);
    expect(one(shop, 'NetworkPolicy', `${name}-egress`).spec.egress[0].to).toEqual([npPods('pay', { app: 'api' })]);
    one(shop, 'CiliumNetworkPolicy', `${name}-egress`);
    one(pay, 'CiliumNetworkPolicy', `${name}-ingress`);
    expect(find(shop, 'AuthorizationPolicy', name)).toHaveLength(0);
  });

  test('duplicates are merged, not repeated', () => {
    let first: AllowRoute | undefined;
    let second: AllowRoute | undefined;
    let third: AllowRoute | undefined;
    const objs = synthChart(chart => {
      const w = world(chart, { mesh: Mesh.istioSidecar() });
      first = w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [POST_PAYMENTS] });
      second = w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [POST_PAYMENTS] });
      third = new AllowRoute(chart, 'again', { source: w.checkout, destination: w.processor, ports: [Port.http(8080)], http: [POST_PAYMENTS, POST_PAYMENTS] });
    });
    expectValidManifests(objs);
    expect(second).toBe(first);
    expect(third!.duplicateOf).toBe(first);
    expect(find(objs, 'AuthorizationPolicy').filter(a => a.metadata.name.startsWith('allow-checkout'))).toHaveLength(1);
    expect(find(objs, 'NetworkPolicy').filter(a => a.metadata.name.startsWith('allow-checkout'))).toHaveLength(2);
  });

  test('fluent route ids are those of the JSON options key (construct paths do not change with the faster key)', () => {
    // The reference: JSON of [sorted port keys, sorted match keys, 0 | 1], FNV-1a 32-bit, 8 hex digits.
    const fnv = (t: string) => {
      let h = 0x811c9dc5;
      // eslint-disable-next-line no-bitwise
      for (let i = 0; i < t.length; i++) { h ^= t.charCodeAt(i); h = Math.imul(h, 0x01000193); }
      // eslint-disable-next-line no-bitwise
      return (h >>> 0).toString(16).padStart(8, '0');
    };
    const reference = (o: AllowRouteOptions) => fnv(JSON.stringify([
      (o.ports ?? []).map(p => `${p.transport}/${p.number}`).sort(), (o.http ?? []).map(h => h.key).sort(), o.acceptL4Only ? 1 : 0,
    ]));
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const w = world(chart, { mesh: Mesh.istioSidecar() });
    const header = HttpMatch.of({ methods: [HttpMethod.GET, HttpMethod.POST], pathPrefix: '/v1/"quoted"\\', headers: { 'x-tenant': 'a"b' } });
    const cases: AllowRouteOptions[] = [
      {},
      { ports: [Port.http(8080)] },
      { ports: [Port.tcp(5000), Port.http(8080)] },
      { ports: [Port.http(8080)], http: [POST_PAYMENTS, header] },
      { ports: [Port.http(8080)], http: [header], acceptL4Only: accept() },
      // One port or match, hashed part by part (no key text): every part alone and together.
      { ports: [Port.tcp(5000)] },
      { http: [POST_PAYMENTS] },
      { acceptL4Only: accept() },
      { ports: [Port.tcp(5000)], acceptL4Only: accept() },
      { http: [header] },
      // Remembered per transport, number and acceptL4Only: each of them tells ids apart (and an invalid number is not remembered).
      { ports: [Port.udp(8080)] },
      { ports: [Port.udp(8080)], acceptL4Only: accept() },
      { ports: [Port.tcp(70000)] },
      { ports: [Port.tcp(8080.5)] },
    ];
    for (const o of cases) {
      const r = w.processor.allowFrom(w.checkout, o);
      expect(r.node.id).toBe(`AllowFrom-payments-checkout-service-${reference(o)}`);
    }
  });

  test('fluent routes: one construct per end and options, ids AllowFrom-<namespace>-<name>-<8 hex digits of the options>', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const w = world(chart, { mesh: Mesh.istioSidecar() });
    const a = w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)] });
    const b = w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [POST_PAYMENTS] });
    const c = w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [HttpMatch.of({ methods: [HttpMethod.POST], path: '/v1/refunds' })] });
    const d = w.checkout.allowTo(w.processor, { ports: [Port.http(8080)] });
    // Options in another order are the same options: the same route.
    expect(w.processor.allowFrom(w.checkout, { http: [POST_PAYMENTS], ports: [Port.http(8080)] })).toBe(b);
    expect(new Set([a, b, c, d]).size).toBe(4);
    for (const r of [a, b, c]) expect(r.node.id).toMatch(/^AllowFrom-payments-checkout-service-[0-9a-f]{8}$/);
    expect(d.node.id).toMatch(/^AllowTo-payments-payment-processor-[0-9a-f]{8}$/);
    // d declares the route a declared, from the other end: rendered once.
    expect(d.duplicateOf).toBe(a);
    expect(new Set([a.node.id, b.node.id, c.node.id]).size).toBe(3);
  });

  test('SPIRE without a mesh verifies identity: no exception needed', () => {
    const objs = payments({ identityProvider: IdentityProvider.SPIRE, networkPolicy: [NetworkPolicyEngine.CILIUM] });
    expectValidManifests(objs);
    one(objs, 'CiliumNetworkPolicy', `${NAME}-ingress`);
  });
});

describe('AllowRoute: invalid routes fail with path, problem and fix', () => {
  const errors = (profileProps: ClusterProfileProps, make: (w: World) => void) =>
    synthErrors(chart => make(world(chart, profileProps))).join('\n');
  const istio = { mesh: Mesh.istioSidecar() };

  test('port not exposed by the target', () => {
    expect(errors(istio, w => w.processor.allowFrom(w.checkout, { ports: [Port.http(9999)] })))
      .toMatch(/\[test\/payments\/processor\/AllowFrom-[^\]]+\] port 9999 is not exposed by payment-processor \(it exposes 8080\/HTTP, 5000\/TCP\)/);
  });
  test('L7 match on a TCP port', () => {
    expect(errors(istio, w => w.processor.allowFrom(w.checkout, { ports: [Port.tcp(5000)], http: [POST_PAYMENTS] })))
      .toMatch(/http conditions on payment-processor port 5000, which is TCP/);
  });
  test('FQDN as an ingress source', () => {
    expect(errors(istio, w => w.processor.allowFrom(Peer.fqdn('evil.example.com'), { ports: [Port.http(8080)] })))
      .toMatch(/Peer.fqdn\(evil.example.com\) cannot be a route source/);
  });
  test('FQDN egress on plain NetworkPolicy without CIDRs', () => {
    expect(errors(istio, w => w.processor.allowTo(Peer.fqdn('api.stripe.com'), { ports: [Port.tcp(443)] })))
      .toMatch(/Kubernetes NetworkPolicy cannot match DNS names.*cidrs/);
  });
  test('a route to itself', () => {
    expect(errors(istio, w => w.processor.allowFrom(w.processor))).toMatch(/a route from payment-processor to itself/);
  });
  test('L7 that no engine can enforce, unless accepted', () => {
    expect(errors({}, w => w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [POST_PAYMENTS] })))
      .toMatch(/http conditions into payment-processor cannot be enforced/);
    expect(errors({}, w => w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [POST_PAYMENTS], acceptL4Only: accept() }))).toBe('');
  });
  test('one acceptL4Only exception shared by routes is checked against the date of each route (its checks are remembered per date)', () => {
    const shared = Exception.of({ reason: 'no mesh until PLAT-88 ships; label-based only', expires: '2026-12-31' });
    const before = process.env.ZERO_TRUST_TODAY;
    try {
      process.env.ZERO_TRUST_TODAY = '2026-12-01';
      expect(errors({}, w => w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], acceptL4Only: shared }))).toBe('');
      process.env.ZERO_TRUST_TODAY = '2027-01-05';
      expect(errors({}, w => w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], acceptL4Only: shared })))
        .toMatch(/acceptL4Only: the exception for an L3\/L4-only route expired on 2026-12-31 \(today is 2027-01-05\)/);
    } finally {
      if (before === undefined) delete process.env.ZERO_TRUST_TODAY;
      else process.env.ZERO_TRUST_TODAY = before;
    }
  });
  test('identity cannot be verified without mesh or SPIRE, unless accepted', () => {
    expect(errors({ networkPolicy: [NetworkPolicyEngine.CILIUM] }, w => w.processor.allowFrom(w.checkout)))
      .toMatch(/cannot verify the caller's identity.*acceptL4Only/);
  });
  test('ambient L7 when the profile forbids waypoints', () => {
    expect(errors({ mesh: Mesh.istioAmbient({ waypoints: false }) },
      w => w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [POST_PAYMENTS] })))
      .toMatch(/need an Istio waypoint in ambient mode, but the mesh forbids waypoints/);
  });
  test('peer routes need ports; kube-apiserver needs CIDRs with NetworkPolicy; no route between two peers', () => {
    expect(errors(istio, w => w.processor.allowTo(Peer.cidr('198.51.100.0/24')))).toMatch(/needs ports: least privilege names them/);
    const app = new App();
    const chart = new Chart(app, 'x');
    const profile = new ClusterProfile({ mesh: Mesh.istioSidecar() });
    const ns = new ZeroTrustNamespace(chart, 'ns', { name: 'payments', profile });
    const svc = new MeshService(ns, 's', { name: 's', ports: [Port.http(80)], selector: { app: 's' } });
    svc.allowTo(Peer.kubeApiServer());
    new AllowRoute(chart, 'peers', { source: Peer.podsInNamespace('a'), destination: Peer.cidr('10.0.0.0/8'), ports: [Port.tcp(1)] });
    const msgs = app.node.findAll().flatMap(c => c.node.validate()).join('\n');
    expect(msgs).toMatch(/egress to the API server with Kubernetes NetworkPolicy needs its addresses/);
    expect(msgs).toMatch(/a route needs a MeshService at one end at least/);
  });
  test('unmeshed callers and CIDRs cannot reach a STRICT mTLS service', () => {
    expect(errors({ mesh: Mesh.istioSidecar(), ingressGateway: { namespaceName: 'gw', podLabels: { app: 'gw' }, serviceAccount: 'gw', meshed: false } },
      w => w.processor.allowFrom(Peer.ingressGateway(), { ports: [Port.http(8080)] }))).toMatch(/the ingress gateway is not in the mesh/);
    expect(errors(istio, w => w.processor.allowFrom(Peer.cidr('192.0.2.0/24'), { ports: [Port.http(8080)] }))).toMatch(/has no mesh identity, so under STRICT mTLS/);
  });
  test('invalid values: HTTP match, CIDR, FQDN, gRPC on an HTTP port', () => {
    expect(errors(istio, w => w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [HttpMatch.of({ path: 'v1' })] }))).toMatch(/must start with "\/"/);
    expect(errors(istio, w => w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [HttpMatch.of({})] }))).toMatch(/matches every request/);
    expect(errors(istio, w => w.processor.allowFrom(w.checkout, { ports: [Port.http(8080)], http: [HttpMatch.grpc('a.B', 'C')] }))).toMatch(/gRPC match a.B on a non-gRPC port/);
    expect(errors(istio, w => w.processor.allowTo(Peer.cidr('300.1.1.1/8'), { ports: [Port.tcp(1)] }))).toMatch(/Peer.cidr\("300.1.1.1\/8"\): "300.1.1.1\/8" is not a CIDR/);
    expect(errors(istio, w => w.processor.allowTo(Peer.cidr('0.0.0.0/0'), { ports: [Port.tcp(1)] }))).toMatch(/whole internet/);
    expect(errors({ networkPolicy: [NetworkPolicyEngine.CILIUM] }, w => w.processor.allowTo(Peer.fqdn('not a name'), { ports: [Port.tcp(1)] }))).toMatch(/not a fully qualified DNS name/);
  });
});
