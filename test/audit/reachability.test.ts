import * as s from './scenario';
import { DifferenceKind, Engine, Equivalence, OutsidePeer, Reachability, ReachabilityGraph, TestPlan, VerdictStatus } from '../../src/audit';
import { expectValidManifests } from '../util/expect-valid';

const { CHECKOUT, PROCESSOR, REPORTING } = s;
const PAY = { method: 'POST', path: '/v1/payments' };

describe('NetworkPolicy', () => {
  const r = Reachability.fromManifests([...s.workloads(), ...s.networkPolicies()]);
  test('default deny + allow: only checkout reaches the processor on 8080', () => {
    expect(r.enginesPresent).toEqual([Engine.NETWORK_POLICY]);
    const v = r.canReachWith(Engine.NETWORK_POLICY, CHECKOUT, PROCESSOR, 8080);
    expect(v.allowed).toBe(true);
    expect(v.reasons).toEqual([
      'egress of payments/checkout-service: allowed by NetworkPolicy payments/checkout-egress-to-processor egress[0]',
      'ingress of payments/payment-processor: allowed by NetworkPolicy payments/allow-checkout-to-processor ingress[0]',
    ]);
    expect(r.canReachWith(Engine.NETWORK_POLICY, REPORTING, PROCESSOR, 8080).status).toBe(VerdictStatus.DENIED);
    expect(r.canReachWith(Engine.NETWORK_POLICY, CHECKOUT, PROCESSOR, 9999).allowed).toBe(false);
    expect(r.canReachWith(Engine.NETWORK_POLICY, PROCESSOR, CHECKOUT, 8080).allowed).toBe(false);
  });
  test('both the source egress and the destination ingress must allow', () => {
    const noEgress = Reachability.fromManifests([...s.workloads(), ...s.networkPolicies().filter(p => p.metadata.name !== 'checkout-egress-to-processor')]);
    const v = noEgress.canReachWith(Engine.NETWORK_POLICY, CHECKOUT, PROCESSOR, 8080);
    expect(v.allowed).toBe(false);
    expect(v.reasons[0]).toContain('egress of payments/checkout-service: selected by NetworkPolicy payments/default-deny-all');
  });
  test('a pod selected by no policy is open in that direction', () => {
    const onlyIngress = Reachability.fromManifests([...s.workloads(), s.networkPolicies()[1]]);
    expect(onlyIngress.canReachWith(Engine.NETWORK_POLICY, PROCESSOR, REPORTING, 9090).allowed).toBe(true);
    expect(onlyIngress.canReachWith(Engine.NETWORK_POLICY, REPORTING, PROCESSOR, 8080).allowed).toBe(false);
  });
  test('engines without objects are NOT_PRESENT, not allow-all', () => {
    const v = r.canReach(REPORTING, PROCESSOR, 8080);
    expect(v.engines.map(e => [e.engine, e.status])).toEqual([
      [Engine.NETWORK_POLICY, VerdictStatus.DENIED],
      [Engine.CILIUM, VerdictStatus.NOT_PRESENT],
      [Engine.ISTIO, VerdictStatus.NOT_PRESENT],
      [Engine.LINKERD, VerdictStatus.NOT_PRESENT],
    ]);
    expect(v.allowed).toBe(false);
  });
});

describe('Cilium L7', () => {
  const r = Reachability.fromManifests([...s.workloads(), ...s.ciliumPolicies()]);
  test('checkout → processor only for POST /v1/payments', () => {
    const any = r.canReachWith(Engine.CILIUM, CHECKOUT, PROCESSOR, 8080);
    expect(any.allowed).toBe(true);
    expect(any.l7).toEqual(['POST /v1/payments']);
    expect(r.canReachWith(Engine.CILIUM, CHECKOUT, PROCESSOR, 8080, PAY).allowed).toBe(true);
    expect(r.canReachWith(Engine.CILIUM, CHECKOUT, PROCESSOR, 8080, { method: 'GET', path: '/v1/payments' }).allowed).toBe(false);
    expect(r.canReachWith(Engine.CILIUM, CHECKOUT, PROCESSOR, 8080, { method: 'POST', path: '/admin' }).allowed).toBe(false);
  });
  test('other pairs are denied by the default deny', () => {
    expect(r.canReachWith(Engine.CILIUM, REPORTING, PROCESSOR, 8080).allowed).toBe(false);
    expect(r.canReachWith(Engine.CILIUM, PROCESSOR, CHECKOUT, 8080).reasons[0]).toContain('egress of payments/payment-processor: CiliumNetworkPolicy payments/default-deny, CiliumNetworkPolicy payments/allow-dns enforce(s) egress');
  });
  test('ingressDeny wins over allow', () => {
    const deny = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'deny-checkout', namespace: 'payments' },
      spec: { endpointSelector: { matchLabels: { app: 'payment-processor' } }, ingressDeny: [{ fromEndpoints: [{ matchLabels: { app: 'checkout-service' } }] }] },
    };
    expectValidManifests([deny]);
    const v = Reachability.fromManifests([...s.workloads(), ...s.ciliumPolicies(), deny]).canReachWith(Engine.CILIUM, CHECKOUT, PROCESSOR, 8080, PAY);
    expect(v.allowed).toBe(false);
    expect(v.reasons.join('\n')).toContain('denied by CiliumNetworkPolicy payments/deny-checkout ingressDeny[0]');
  });
  test('fromEndpoints in a namespaced policy only match its namespace unless the namespace label is given', () => {
    const other = s.deployment('checkout-service', { ns: 'shop', sa: 'checkout-service', port: 8080 });
    const r2 = Reachability.fromManifests([...s.workloads(), other, ...s.ciliumPolicies()]);
    expect(r2.canReachWith(Engine.CILIUM, { namespaceName: 'shop', name: 'checkout-service' }, PROCESSOR, 8080).allowed).toBe(false);
  });
});

describe('Istio', () => {
  const r = Reachability.fromManifests([...s.workloads(), ...s.istioPolicies()]);
  test('STRICT + deny-all + allow: checkout may POST /v1/payments', () => {
    expect(r.canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080, PAY).allowed).toBe(true);
    expect(r.canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080).l7).toEqual(['POST /v1/payments']);
    expect(r.canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080, { method: 'DELETE', path: '/v1/payments' }).allowed).toBe(false);
    expect(r.canReachWith(Engine.ISTIO, REPORTING, PROCESSOR, 8080, PAY).allowed).toBe(false);
  });
  test('allow-nothing spec: {} denies the other workloads', () => {
    const v = r.canReachWith(Engine.ISTIO, PROCESSOR, REPORTING, 9090);
    expect(v.allowed).toBe(false);
    expect(v.reasons[1]).toContain('AuthorizationPolicy payments/deny-all apply to payments/reporting (ALLOW, including allow-nothing)');
  });
  test('PERMISSIVE: principals match sidecar clients (auto mTLS), not plaintext ones', () => {
    // https://istio.io/latest/docs/concepts/security/ "Auto mutual TLS": client sidecars send mTLS to workloads with sidecars.
    const pa = (mode: string) => [...s.workloads(), ...s.istioPolicies().map(o => o.kind === 'PeerAuthentication' ? { ...o, spec: { mtls: { mode } } } : o)];
    expect(Reachability.fromManifests(pa('PERMISSIVE')).canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080, PAY).allowed).toBe(true);
    const unmeshed = pa('PERMISSIVE').map(o => o.kind === 'Deployment' && o.metadata.name === 'checkout-service'
      ? { ...o, spec: { ...o.spec, template: { ...o.spec.template, metadata: { ...o.spec.template.metadata, annotations: { 'sidecar.istio.io/inject': 'false' } } } } } : o);
    const v = Reachability.fromManifests(unmeshed).canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080, PAY);
    expect(v.allowed).toBe(false);
    expect(v.reasons[0]).toContain('principals and namespaces cannot match');
    const disabled = Reachability.fromManifests(pa('DISABLE')).canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080, PAY);
    expect(disabled.allowed).toBe(false);
    expect(disabled.reasons[0]).toContain('plaintext to a DISABLE workload');
  });
  test('the trust domain decides the principal', () => {
    const v = Reachability.fromManifests([...s.workloads(), ...s.istioPolicies()], { trustDomain: 'prod.example.com' }).canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080, PAY);
    expect(v.allowed).toBe(false);
    expect(Reachability.fromManifests([...s.workloads(), ...s.istioPolicies('prod.example.com')]).canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080, PAY).allowed).toBe(true);
  });
  test('DENY before ALLOW; root-namespace policies apply mesh-wide; CUSTOM is unknown', () => {
    const deny = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'no-delete', namespace: 'istio-system' },
      spec: { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] },
    };
    const withDeny = Reachability.fromManifests([...s.workloads(), ...s.istioPolicies(), deny]);
    expect(withDeny.canReachWith(Engine.ISTIO, CHECKOUT, PROCESSOR, 8080, PAY).reasons)
      .toContain('denied by AuthorizationPolicy istio-system/no-delete rules[0] (DENY)');
    const custom = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'ext', namespace: 'payments' },
      spec: { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] },
    };
    expectValidManifests([deny, custom]);
    const v = Reachability.fromManifests([...s.workloads(), ...s.istioPolicies(), custom]).canReach(CHECKOUT, PROCESSOR, 8080, PAY);
    expect(v.status).toBe(VerdictStatus.UNKNOWN);
    expect(v.allowed).toBe(false);
  });
  test('no ALLOW policy: allowed', () => {
    const v = Reachability.fromManifests([...s.workloads(), s.istioPolicies()[0]]).canReachWith(Engine.ISTIO, REPORTING, PROCESSOR, 8080);
    expect(v.allowed).toBe(true);
  });
});

describe('Linkerd', () => {
  const deny = () => [s.namespace('payments', { 'config.linkerd.io/default-inbound-policy': 'deny' }), ...s.workloads().slice(1), ...s.linkerdPolicies()];
  test('Server + MeshTLSAuthentication + AuthorizationPolicy; default deny', () => {
    const r = Reachability.fromManifests(deny());
    expect(r.canReachWith(Engine.LINKERD, CHECKOUT, PROCESSOR, 8080).allowed).toBe(true);
    const v = r.canReachWith(Engine.LINKERD, REPORTING, PROCESSOR, 8080);
    expect(v.allowed).toBe(false);
    expect(v.reasons).toEqual(['Server payments/payment-processor covers payments/payment-processor:8080; no AuthorizationPolicy authorizes reporting.payments.serviceaccount.identity.linkerd.cluster.local']);
    expect(r.canReachWith(Engine.LINKERD, CHECKOUT, REPORTING, 9090).reasons[0]).toContain('default inbound policy "deny" (Namespace payments annotation)');
  });
  test('without the deny annotation the default policy allows', () => {
    const r = Reachability.fromManifests([...s.workloads(), ...s.linkerdPolicies()]);
    expect(r.canReachWith(Engine.LINKERD, CHECKOUT, REPORTING, 9090).allowed).toBe(true);
  });
  test('HTTPRoute restricts the authorization to its matches', () => {
    const l = s.linkerdPolicies();
    const route = {
      apiVersion: 'policy.linkerd.io/v1beta3',
      kind: 'HTTPRoute',
      metadata: { name: 'payments', namespace: 'payments' },
      spec: { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'payment-processor' }], rules: [{ matches: [{ path: { type: 'Exact', value: '/v1/payments' }, method: 'POST' }] }] },
    };
    const ap = { ...l[2], spec: { ...l[2].spec, targetRef: { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'payments' } } };
    const m = [s.namespace('payments', { 'config.linkerd.io/default-inbound-policy': 'deny' }), ...s.workloads().slice(1), l[0], l[1], ap, route];
    expectValidManifests(m);
    const r = Reachability.fromManifests(m);
    expect(r.canReachWith(Engine.LINKERD, CHECKOUT, PROCESSOR, 8080).l7).toEqual(['POST /v1/payments']);
    expect(r.canReachWith(Engine.LINKERD, CHECKOUT, PROCESSOR, 8080, PAY).allowed).toBe(true);
    expect(r.canReachWith(Engine.LINKERD, CHECKOUT, PROCESSOR, 8080, { method: 'GET', path: '/v1/payments' }).allowed).toBe(false);
  });
  test('identity uses the trust domain', () => {
    const r = Reachability.fromManifests(deny(), { trustDomain: 'prod.example.com' });
    expect(r.canReachWith(Engine.LINKERD, CHECKOUT, PROCESSOR, 8080).allowed).toBe(false);
  });
});

describe('combined', () => {
  const all = [s.namespace('payments', { 'config.linkerd.io/default-inbound-policy': 'deny' }), ...s.workloads().slice(1),
    ...s.networkPolicies(), ...s.ciliumPolicies(), ...s.istioPolicies(), ...s.linkerdPolicies()];
  test('allowed only if every present engine allows; L7 is intersected', () => {
    const r = Reachability.fromManifests(all);
    expect(r.enginesPresent).toEqual([Engine.NETWORK_POLICY, Engine.CILIUM, Engine.ISTIO, Engine.LINKERD]);
    const v = r.canReach(CHECKOUT, PROCESSOR, 8080);
    expect(v.allowed).toBe(true);
    expect(v.l7).toEqual(['POST /v1/payments']);
    expect(r.canReach(CHECKOUT, PROCESSOR, 8080, { method: 'GET', path: '/' }).allowed).toBe(false);
    expect(r.canReach(REPORTING, PROCESSOR, 8080).allowed).toBe(false);
  });
  test('unknown workloads are an error that lists the known ones', () => {
    expect(() => Reachability.fromManifests(all).canReach({ namespaceName: 'payments', name: 'nope' }, PROCESSOR, 8080)).toThrow(/no workload payments\/nope.*Deployment\/payments\/checkout-service/);
  });
});

describe('ReachabilityGraph', () => {
  const all = [s.namespace('payments', { 'config.linkerd.io/default-inbound-policy': 'deny' }), ...s.workloads().slice(1),
    ...s.networkPolicies(), ...s.ciliumPolicies(), ...s.istioPolicies(), ...s.linkerdPolicies()];
  test('mermaid and dot with L7 labels', () => {
    const g = ReachabilityGraph.fromManifests(all);
    expect(g.edges()).toEqual([{ source: 'payments/checkout-service', destination: 'payments/payment-processor', port: 8080, l7: ['POST /v1/payments'], unknown: false }]);
    expect(g.toMermaid()).toBe([
      'flowchart LR',
      '  subgraph ns_payments["payments"]',
      '    payments_checkout_service["checkout-service"]',
      '    payments_payment_processor["payment-processor"]',
      '    payments_reporting["reporting"]',
      '  end',
      '  payments_checkout_service -->|"8080 POST /v1/payments"| payments_payment_processor',
      '',
    ].join('\n'));
    expect(g.toDot()).toContain('"payments/checkout-service" -> "payments/payment-processor" [label="8080 POST /v1/payments"];');
  });
  test('per-engine graphs differ', () => {
    const g = ReachabilityGraph.fromManifests([...s.workloads(), ...s.linkerdPolicies()]);
    expect(g.edges(Engine.LINKERD).length).toBe(5); // 6 pairs minus reporting → processor
    expect(g.toMermaid(Engine.LINKERD)).toContain('payments_reporting -->|"8080"| payments_checkout_service');
  });
});

describe('Equivalence', () => {
  test('engines matching the intent are equivalent', () => {
    const m = [s.namespace('payments', { 'config.linkerd.io/default-inbound-policy': 'deny' }), ...s.workloads().slice(1), ...s.networkPolicies(), ...s.ciliumPolicies(), ...s.istioPolicies()];
    const report = Equivalence.check(m, s.INTENT);
    expect(report.engines).toEqual([Engine.NETWORK_POLICY, Engine.CILIUM, Engine.ISTIO]);
    expect(report.differences).toEqual([]);
    expect(report.equivalent).toBe(true);
  });
  test('reports a deliberately wrong policy in each direction', () => {
    // NetworkPolicy: the allow selects reporting instead of checkout; Istio allows any method.
    const nps = s.networkPolicies().map(p => p.metadata.name === 'allow-checkout-to-processor'
      ? { ...p, spec: { ...p.spec, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'reporting' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }] } } : p);
    const reportingEgress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'reporting-egress', namespace: 'payments' },
      spec: { podSelector: { matchLabels: { app: 'reporting' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'payment-processor' } } }], ports: [{ port: 8080 }] }] },
    };
    const istio = s.istioPolicies().map(p => p.metadata.name === 'allow-checkout-to-processor'
      ? { ...p, spec: { ...p.spec, rules: [{ from: p.spec.rules[0].from, to: [{ operation: { ports: ['8080'] } }] }] } } : p);
    const report = Equivalence.check([...s.workloads(), ...nps, reportingEgress, ...istio], s.INTENT);
    expect(report.toText()).toBe([
      'engine NetworkPolicy allows payments/reporting → payments/payment-processor:8080 that the intent does not',
      'engine NetworkPolicy denies payments/checkout-service → payments/payment-processor:8080 that the intent declares',
      'engine Istio allows payments/checkout-service → payments/payment-processor:8080 DELETE /v1/payments that the intent does not',
      'engine Istio allows payments/checkout-service → payments/payment-processor:8080 POST /zero-trust-undeclared-path that the intent does not',
      '',
    ].join('\n'));
    expect(report.differences.map(d => d.kind)).toEqual([DifferenceKind.EXTRA, DifferenceKind.MISSING, DifferenceKind.EXTRA, DifferenceKind.EXTRA]);
  });
  test('an intent naming an unknown service account is UNRESOLVED', () => {
    const report = Equivalence.check([...s.workloads(), ...s.networkPolicies()], [{ ...s.INTENT[0], fromServiceAccount: 'checkout' }]);
    expect(report.differences[0]).toMatchObject({ kind: DifferenceKind.UNRESOLVED, message: 'intent payments/checkout → payments/payment-processor:8080: no workload runs as payments/checkout in the manifests' });
  });
});

describe('TestPlan', () => {
  test('a positive probe per route, negative probes for the rest, deterministic', () => {
    const m = [...s.workloads(), ...s.networkPolicies()];
    const plan = TestPlan.fromIntent(m, s.INTENT);
    expect(plan.probes.map(p => `${p.expectAllowed ? '+' : '-'} ${p.source} -> ${p.destination}:${p.port} ${p.method} ${p.path}`)).toEqual([
      '+ payments/checkout-service -> payments/payment-processor:8080 POST /v1/payments',
      '- payments/checkout-service -> payments/payment-processor:8080 DELETE /v1/payments',
      '- payments/checkout-service -> payments/reporting:9090 GET /',
      '- payments/payment-processor -> payments/checkout-service:8080 GET /',
      '- payments/payment-processor -> payments/reporting:9090 GET /',
      '- payments/reporting -> payments/checkout-service:8080 GET /',
      '- payments/reporting -> payments/payment-processor:8080 GET /',
    ]);
    const script = plan.toScript();
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toContain("probe allow 'payments/checkout-service -> payments/payment-processor:8080 POST /v1/payments' kubectl exec -n payments deploy/checkout-service -- curl -s -o /dev/null -w '%{http_code}' --max-time 3 -X POST http://payment-processor.payments:8080/v1/payments");
    expect(TestPlan.fromIntent(m, s.INTENT).toScript()).toBe(script);
  });
  test('falls back to the pod IP without a Service and skips CronJobs', () => {
    const m = [s.deployment('a', { sa: 'a' }), s.deployment('b', { sa: 'b', port: 7000 }),
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'payments' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { serviceAccountName: 'c', containers: [{ name: 'c', image: 'x' }] } } } } } }];
    const plan = TestPlan.fromIntent(m, []);
    expect(plan.probes[0].command).toContain("http://$(kubectl get pod -n payments -l app=b -o jsonpath='{.items[0].status.podIP}'):7000/");
    expect(plan.skipped).toEqual(['CronJob/payments/c: cannot kubectl exec into a CronJob; no probes from it']);
  });
});

describe('outside peers and port ranges', () => {
  const np = (ingressFrom: any[]) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'world-in', namespace: 'payments' },
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: ingressFrom, ports: [{ protocol: 'TCP', port: 8080 }] }] },
  });
  test('NetworkPolicy: the world matches an ipBlock only when the CIDR contains 203.0.113.10 and no except does', () => {
    // ipBlock semantics: https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
    const at = (from: any[]) =>
      Reachability.fromManifests([...s.workloads(), np(from)]).canReachFromOutside(OutsidePeer.world(), PROCESSOR, 8080).allowed;
    expect(at([{ ipBlock: { cidr: '203.0.113.0/24' } }])).toBe(true);
    expect(at([{ ipBlock: { cidr: '0.0.0.0/0', except: ['203.0.113.0/24'] } }])).toBe(false);
    expect(at([{ ipBlock: { cidr: '10.0.0.0/8' } }])).toBe(false);
    // A namespaceSelector {} selects every namespace's pods, never an address outside the cluster.
    expect(at([{ namespaceSelector: {} }])).toBe(false);
    expect(Reachability.fromManifests([...s.workloads(), np([{ namespaceSelector: {} }])])
      .canReachFromOutside(OutsidePeer.unrelatedNamespace(), PROCESSOR, 8080).allowed).toBe(true);
  });
  test('a node reaches its pods on NetworkPolicy whatever the policies (upstream limitation), not through STRICT mTLS', () => {
    const r = Reachability.fromManifests([...s.workloads(), ...s.networkPolicies(), ...s.istioPolicies()]);
    const v = r.canReachFromOutside(OutsidePeer.node(), PROCESSOR, 8080);
    expect(v.engines.find(e => e.engine === Engine.NETWORK_POLICY)!.reasons[0]).toContain('Kubernetes NetworkPolicy cannot block a pod\'s resident node');
    expect(v.engines.find(e => e.engine === Engine.ISTIO)!.allowed).toBe(false);
    expect(v.allowed).toBe(false);
  });
  test('Istio authorizes at the destination: it cannot stop a pod reaching the world; NetworkPolicy egress does', () => {
    const r = Reachability.fromManifests([...s.workloads(), ...s.networkPolicies(), ...s.istioPolicies()]);
    const v = r.canReachOutside(CHECKOUT, OutsidePeer.world(), 443);
    expect(v.engines.find(e => e.engine === Engine.ISTIO)!.status).toBe(VerdictStatus.ALLOWED);
    expect(v.engines.find(e => e.engine === Engine.NETWORK_POLICY)!.status).toBe(VerdictStatus.DENIED);
    expect(v.allowed).toBe(false);
  });
  test('port ranges split 1-65535 at every port the manifests mention, endPort inclusive, plus a high port', () => {
    const ranged = { ...np([]), spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 9000, endPort: 9100 }] }] } };
    const r = Reachability.fromManifests([...s.workloads(), ranged]);
    expect(r.portRanges()).toEqual(['1-8079', '8080', '8081-8999', '9000-9089', '9090', '9091-9100', '9101-47822', '47823', '47824-65535']);
    expect(r.canReachFromOutside(OutsidePeer.unrelatedNamespace(), PROCESSOR, 8999).allowed).toBe(false);
    // An undeclared port inside the range is allowed by that rule; the representative of each range answers for all of it.
    expect(r.canReachFromOutside(OutsidePeer.unrelatedNamespace(), PROCESSOR, 9050).allowed).toBe(true);
    expect(r.canReachFromOutside(OutsidePeer.unrelatedNamespace(), PROCESSOR, 9101).allowed).toBe(false);
  });
  test('Equivalence reports an outside source on a port range', () => {
    const open = { ...np([]), spec: { podSelector: { matchLabels: { app: 'payment-processor' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 9000, endPort: 9100 }] }] } };
    const l4 = [{ ...s.INTENT[0], methods: undefined, paths: undefined }];
    const report = Equivalence.check([...s.workloads(), ...s.networkPolicies(), open], l4);
    expect(report.toText()).toContain('engine NetworkPolicy allows world (203.0.113.10) → payments/payment-processor:9000-9100 that the intent does not');
    expect(report.differences.find(d => d.source.startsWith('world'))).toEqual(expect.objectContaining({ port: 9000, ports: '9000-9100' }));
    expect(Equivalence.check([...s.workloads(), ...s.networkPolicies()], l4).toText()).toBe('NetworkPolicy: equivalent to the intent.\n');
  });
});
