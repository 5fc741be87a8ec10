// Rules and evaluator on shapes this library renders (false positives found by auditing the examples).
import * as s from './scenario';
import { Audit, Engine, Reachability, VerdictStatus } from '../../src/audit';
import { expectValidManifests } from '../util/expect-valid';

const NOW = new Date('2026-11-23T12:00:00Z');

function messages(manifests: any[], ruleId: string): string[] {
  return Audit.ofManifests(manifests, { now: NOW }).findings.filter(f => f.ruleId === ruleId).map(f => `${f.kind}/${f.name}: ${f.message}`);
}

const clean = () => [...s.workloads(), ...s.networkPolicies()];
const withoutNpDefaultDeny = () => clean().filter(o => o.metadata.name !== 'default-deny-all');
const cnp = (name: string, spec: any, ns = 'payments') => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: ns }, spec });
const np = (name: string, spec: any, ns = 'payments') => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
const dnsRule = { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }] };

describe('ZT-NET-001 Cilium enableDefaultDeny', () => {
  // cilium/cilium pkg/policy/repository.go computePolicyEnforcementAndRules: a direction is enforced only by a
  // rule with a non-empty section for it (`len(r.Ingress) > 0 || len(r.IngressDeny) > 0`); enableDefaultDeny
  // only says whether that enforcement is default deny. Documentation/security/policy/intro.rst "Endpoint default policy".
  test('enableDefaultDeny with an empty-rule ingress section and only a DNS egress rule is a default deny', () => {
    const m = [...withoutNpDefaultDeny(), cnp('default-deny', { endpointSelector: {}, enableDefaultDeny: { ingress: true, egress: true }, ingress: [{}], egress: [dnsRule] })];
    expectValidManifests(m);
    expect(messages(m, 'ZT-NET-001')).toEqual([]);
  });
  test('regression: the old baseline (enableDefaultDeny.ingress: true, no ingress section) does not deny ingress', () => {
    const old = [...withoutNpDefaultDeny(), cnp('default-deny', { endpointSelector: {}, enableDefaultDeny: { ingress: true, egress: true }, egress: [dnsRule] })];
    expectValidManifests(old);
    expect(messages(old, 'ZT-NET-001')).toEqual(['Namespace/payments: namespace payments has no default-deny ingress policy.']);
    const emptyList = [...withoutNpDefaultDeny(), cnp('default-deny', { endpointSelector: {}, ingress: [], egress: [dnsRule] })];
    expect(messages(emptyList, 'ZT-NET-001')).toEqual(['Namespace/payments: namespace payments has no default-deny ingress policy.']);
  });
  test('it is not when a rule in the section allows more than DNS, or default deny is turned off', () => {
    const more = [...withoutNpDefaultDeny(), cnp('default-deny', {
      endpointSelector: {},
      enableDefaultDeny: { ingress: true, egress: true },
      ingress: [{}],
      egress: [dnsRule, { toEndpoints: [{}], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }],
    })];
    expectValidManifests(more);
    expect(messages(more, 'ZT-NET-001')).toEqual(['Namespace/payments: namespace payments has no default-deny egress policy.']);
    const egressOff = [...withoutNpDefaultDeny(), cnp('default-deny', { endpointSelector: {}, enableDefaultDeny: { egress: false }, ingress: [{}], egress: [dnsRule] })];
    expect(messages(egressOff, 'ZT-NET-001')).toEqual(['Namespace/payments: namespace payments has no default-deny egress policy.']);
  });
});

describe('ZT-NET-003 Istio ambient kubelet probes', () => {
  test('a rule whose only peer is 169.254.7.127/32 is exempt (NetworkPolicy and Cilium)', () => {
    const m = [...clean(),
      np('allow-ambient-kubelet-probes', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }] }] }),
      cnp('allow-ambient-kubelet-probes', { endpointSelector: {}, ingress: [{ fromCIDR: ['169.254.7.127/32'] }] })];
    expectValidManifests(m);
    expect(messages(m, 'ZT-NET-003')).toEqual([]);
  });
  test('any other peer, a wider block, or an extra peer still fires', () => {
    const m = [...clean(),
      np('wider', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '169.254.0.0/16' } }] }] }),
      np('extra', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }, { podSelector: { matchLabels: { app: 'reporting' } } }] }] }),
      np('egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '169.254.7.127/32' } }] }] }),
      cnp('cilium-extra', { endpointSelector: {}, ingress: [{ fromCIDR: ['169.254.7.127/32'], fromEndpoints: [{ matchLabels: { app: 'reporting' } }] }] })];
    expectValidManifests(m);
    expect(messages(m, 'ZT-NET-003').map(x => x.split(':')[0]).sort()).toEqual(['CiliumNetworkPolicy/cilium-extra', 'NetworkPolicy/egress', 'NetworkPolicy/extra', 'NetworkPolicy/wider']);
  });
});

describe('ZT-ID-006 identities in namespaces outside the manifest set', () => {
  const mtlsAuthn = (identities: string[]) => ({
    apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: 'monitoring', namespace: 'payments' }, spec: { identities },
  });
  test('an identity whose namespace is absent from the set is not judged', () => {
    const m = [...clean(), mtlsAuthn(['prometheus.linkerd-viz.serviceaccount.identity.linkerd.cluster.local'])];
    expectValidManifests(m);
    expect(messages(m, 'ZT-ID-006')).toEqual([]);
  });
  test('it still fires when the namespace is present (Namespace object or any namespaced object) without the ServiceAccount', () => {
    const withNs = [...clean(), s.namespace('monitoring'), mtlsAuthn(['prometheus.monitoring.serviceaccount.identity.linkerd.cluster.local'])];
    expect(messages(withNs, 'ZT-ID-006')).toHaveLength(1);
    const withObject = [...clean(), s.serviceAccount('grafana', 'monitoring'), mtlsAuthn(['prometheus.monitoring.serviceaccount.identity.linkerd.cluster.local'])];
    expect(messages(withObject, 'ZT-ID-006')).toHaveLength(1);
  });
});

describe('ZT-ID-003 service accounts with RBAC bindings', () => {
  const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', subject: any) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'api-client', ...(kind === 'RoleBinding' ? { namespace: 'payments' } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [subject],
  });
  test('a workload whose ServiceAccount is bound by a RoleBinding or ClusterRoleBinding is not reported', () => {
    const d = s.deployment('api-client', { sa: 'api-client', automount: true });
    for (const b of [
      binding('ClusterRoleBinding', { kind: 'ServiceAccount', name: 'api-client', namespace: 'payments' }),
      binding('RoleBinding', { kind: 'ServiceAccount', name: 'api-client', namespace: 'payments' }),
      binding('RoleBinding', { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:serviceaccount:payments:api-client' }),
    ]) {
      expectValidManifests([b]);
      expect(messages([...clean(), d, b], 'ZT-ID-003')).toEqual([]);
    }
  });
  test('a workload without a binding (or bound in another namespace) is still reported', () => {
    const d = s.deployment('api-client', { sa: 'api-client', automount: true });
    expect(messages([...clean(), d], 'ZT-ID-003')).toHaveLength(1);
    const elsewhere = binding('ClusterRoleBinding', { kind: 'ServiceAccount', name: 'api-client', namespace: 'shop' });
    expect(messages([...clean(), d, elsewhere], 'ZT-ID-003')).toHaveLength(1);
  });
});

describe('Istio waypoints (Gateway class istio-waypoint) as workloads', () => {
  const waypoint = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'payments', labels: { 'istio.io/waypoint-for': 'service' } }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } };
  const selectsWaypoint = np('waypoint-egress', { podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'payment-processor' } } }], ports: [{ port: 15008, protocol: 'TCP' }] }] });

  test('ZT-HYG-001: a selector for the waypoint pods matches when the Gateway is in the set', () => {
    const m = [...clean(), waypoint, selectsWaypoint];
    expectValidManifests(m);
    expect(messages(m, 'ZT-HYG-001')).toEqual([]);
    expect(messages([...clean(), selectsWaypoint], 'ZT-HYG-001')).toHaveLength(1);
    const otherClass = { ...waypoint, spec: { ...waypoint.spec, gatewayClassName: 'istio' } };
    expect(messages([...clean(), otherClass, selectsWaypoint], 'ZT-HYG-001')).toHaveLength(1);
  });

  test('Istio: service traffic through the waypoint is authorized there (client identity, L7), then at the workload (waypoint identity)', () => {
    const ns = s.namespace('payments', {}, { 'istio.io/dataplane-mode': 'ambient' });
    const svc = s.service('payment-processor', 8080);
    svc.metadata.labels = { 'istio.io/use-waypoint': 'waypoint' };
    const sa = (name: string) => s.serviceAccount(name);
    const m = [ns, sa('checkout-service'), sa('payment-processor'), sa('reporting'),
      s.deployment('checkout-service', { sa: 'checkout-service' }), s.deployment('payment-processor', { sa: 'payment-processor', port: 8080 }),
      s.deployment('reporting', { sa: 'reporting' }), svc, waypoint,
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments' }, spec: { mtls: { mode: 'STRICT' } } },
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: 'payments' }, spec: {} },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'from-waypoint', namespace: 'payments' },
        spec: {
          selector: { matchLabels: { app: 'payment-processor' } },
          rules: [{ from: [{ source: { principals: ['cluster.local/ns/payments/sa/waypoint'] } }], to: [{ operation: { ports: ['8080'] } }] }],
        },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'checkout-to-processor', namespace: 'payments' },
        spec: {
          targetRefs: [{ group: '', kind: 'Service', name: 'payment-processor' }],
          rules: [{ from: [{ source: { principals: ['cluster.local/ns/payments/sa/checkout-service'] } }], to: [{ operation: { ports: ['8080'], methods: ['POST'], paths: ['/v1/payments'] } }] }],
        },
      }];
    expectValidManifests(m);
    const r = Reachability.fromManifests(m);
    const checkout = { namespaceName: 'payments', name: 'checkout-service' };
    const processor = { namespaceName: 'payments', name: 'payment-processor' };
    const post = r.canReachWith(Engine.ISTIO, checkout, processor, 8080, { method: 'POST', path: '/v1/payments' });
    expect(post.status).toBe(VerdictStatus.ALLOWED);
    expect(post.reasons.join('\n')).toContain('uses waypoint payments/waypoint');
    expect(r.canReachWith(Engine.ISTIO, checkout, processor, 8080, { method: 'DELETE', path: '/v1/payments' }).status).toBe(VerdictStatus.DENIED);
    expect(r.canReachWith(Engine.ISTIO, { namespaceName: 'payments', name: 'reporting' }, processor, 8080).status).toBe(VerdictStatus.DENIED);
    // Without the workload-level allow for the waypoint's identity, ztunnel rejects the waypoint.
    const noZtunnelAllow = Reachability.fromManifests(m.filter(o => o.metadata.name !== 'from-waypoint'));
    expect(noZtunnelAllow.canReachWith(Engine.ISTIO, checkout, processor, 8080, { method: 'POST', path: '/v1/payments' }).status).toBe(VerdictStatus.DENIED);
    // Waypoints are not application workloads of the graph.
    expect(r.workloads().map(w => w.name)).not.toContain('waypoint');
  });
});
