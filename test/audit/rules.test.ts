import * as fs from 'fs';
import * as path from 'path';
import * as s from './scenario';
import { Audit } from '../../src/audit';
import { loadFile } from '../../src/audit/internal/loader';
import { expectValidManifests } from '../util/expect-valid';

const NOW = new Date('2026-11-23T12:00:00Z');

/** Rule ids reported for a manifest set. */
function ids(manifests: any[], opts: { trustDomain?: string } = {}): string[] {
  return Audit.ofManifests(manifests, { now: NOW, ...opts }).findings.map(f => f.ruleId);
}

function messages(manifests: any[], ruleId: string): string[] {
  return Audit.ofManifests(manifests, { now: NOW }).findings.filter(f => f.ruleId === ruleId).map(f => `${f.kind}/${f.name}: ${f.message}`);
}

const exception = (topic: string, expires = '2027-01-31', reason = 'legacy client until BILL-42 ships') => ({
  [`zero-trust.cdk8s.io/exception.${topic}`]: reason,
  [`zero-trust.cdk8s.io/exception.${topic}.expires`]: expires,
});

function pa(name: string, ns: string, spec: any, annotations?: Record<string, string>): any {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) }, spec };
}

/** The clean baseline: workloads + NetworkPolicy default deny/DNS/allow. */
function clean(): any[] {
  return [...s.workloads(), ...s.networkPolicies()];
}

describe('baseline', () => {
  test('the scenario with every engine is valid and has no findings', () => {
    const all = [...clean(), ...s.ciliumPolicies(), ...s.istioPolicies(), ...s.linkerdPolicies()];
    expectValidManifests(all);
    expect(Audit.ofManifests(all, { now: NOW }).findings).toEqual([]);
  });
});

describe('ZT-MTLS-001 PeerAuthentication PERMISSIVE/DISABLE', () => {
  test.each(['PERMISSIVE', 'DISABLE'])('fires on %s (namespace, mesh-wide, workload)', mode => {
    const m = [...clean(), pa('ns', 'payments', { mtls: { mode } }), pa('mesh', 'istio-system', { mtls: { mode } }),
      pa('wl', 'payments', { selector: { matchLabels: { app: 'reporting' } }, mtls: { mode } })];
    const msgs = messages(m, 'ZT-MTLS-001');
    expect(msgs).toHaveLength(3);
    expect(msgs.join('\n')).toContain('the whole mesh');
  });
  test('does not fire on STRICT or with a valid exception', () => {
    expect(ids([...clean(), pa('ns', 'payments', { mtls: { mode: 'STRICT' } })])).not.toContain('ZT-MTLS-001');
    const m = [...clean(), pa('ns', 'payments', { mtls: { mode: 'PERMISSIVE' } }, exception('mtls-permissive'))];
    expectValidManifests(m);
    expect(ids(m)).not.toContain('ZT-MTLS-001');
  });
  test('an expired exception does not suppress and is itself a finding', () => {
    const m = [...clean(), pa('ns', 'payments', { mtls: { mode: 'PERMISSIVE' } }, exception('mtls-permissive', '2026-11-22'))];
    expect(ids(m)).toEqual(expect.arrayContaining(['ZT-MTLS-001', 'ZT-HYG-002']));
  });
  test('an exception without a reason does not suppress', () => {
    const m = [...clean(), pa('ns', 'payments', { mtls: { mode: 'PERMISSIVE' } }, exception('mtls-permissive', '2027-01-01', ' '))];
    expect(ids(m)).toEqual(expect.arrayContaining(['ZT-MTLS-001', 'ZT-HYG-002']));
  });
  test('the expiry day itself is still valid; the injected clock decides', () => {
    const m = [...clean(), pa('ns', 'payments', { mtls: { mode: 'PERMISSIVE' } }, exception('mtls-permissive', '2026-11-23'))];
    expect(ids(m)).not.toContain('ZT-MTLS-001');
    expect(Audit.ofManifests(m, { now: new Date('2026-11-24T00:00:01Z') }).findings.map(f => f.ruleId)).toContain('ZT-MTLS-001');
  });
  test('an exception on the Namespace object covers the namespace', () => {
    const m = [...clean().filter(o => o.kind !== 'Namespace'), s.namespace('payments', exception('mtls-permissive')), pa('ns', 'payments', { mtls: { mode: 'PERMISSIVE' } })];
    expect(ids(m)).not.toContain('ZT-MTLS-001');
  });
});

describe('ZT-MTLS-002 portLevelMtls', () => {
  const wl = (ann?: Record<string, string>) => pa('processor', 'payments', { selector: { matchLabels: { app: 'payment-processor' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }, ann);
  test('fires on a DISABLE port without exception', () => {
    expect(messages([...clean(), wl()], 'ZT-MTLS-002')).toEqual(['PeerAuthentication/processor: port 8080 has mTLS mode DISABLE (plaintext accepted), with no valid port-mtls exception.']);
  });
  test('does not fire with a port-mtls exception or STRICT ports', () => {
    expectValidManifests([wl(exception('port-mtls'))]);
    expect(ids([...clean(), wl(exception('port-mtls'))])).not.toContain('ZT-MTLS-002');
    expect(ids([...clean(), pa('p', 'payments', { selector: { matchLabels: { app: 'payment-processor' } }, portLevelMtls: { 8080: { mode: 'STRICT' } } })])).not.toContain('ZT-MTLS-002');
  });
});

describe('ZT-MTLS-003 DestinationRule tls', () => {
  const dr = (host: string, mode: string) => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'dr', namespace: 'payments' }, spec: { host, trafficPolicy: { tls: { mode } } } });
  test.each([['payment-processor.payments.svc.cluster.local', 'DISABLE'], ['payment-processor.payments.svc', 'SIMPLE'], ['payment-processor', 'DISABLE']])('fires on %s %s', (host, mode) => {
    expect(ids([...clean(), dr(host, mode)])).toContain('ZT-MTLS-003');
  });
  test('does not fire on ISTIO_MUTUAL or external hosts', () => {
    const m = [...clean(), dr('payment-processor.payments.svc.cluster.local', 'ISTIO_MUTUAL')];
    expectValidManifests(m);
    expect(ids(m)).not.toContain('ZT-MTLS-003');
    expect(ids([...clean(), dr('api.stripe.com', 'SIMPLE')])).not.toContain('ZT-MTLS-003');
  });
  test('checks port-level settings and subsets', () => {
    const d = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'dr', namespace: 'payments' },
      spec: { host: 'reporting', subsets: [{ name: 'v1', labels: { v: '1' }, trafficPolicy: { portLevelSettings: [{ port: { number: 9090 }, tls: { mode: 'DISABLE' } }] } }] },
    };
    expect(messages([...clean(), d], 'ZT-MTLS-003')[0]).toContain('subsets[v1].trafficPolicy.portLevelSettings[port 9090]');
  });
});

describe('ZT-MTLS-004 identity-based AuthorizationPolicy without STRICT', () => {
  const istio = s.istioPolicies();
  test('fires when the PeerAuthentication is missing or PERMISSIVE', () => {
    expect(ids([...clean(), ...istio.slice(1)])).toContain('ZT-MTLS-004');
    const permissive = [pa('default', 'payments', { mtls: { mode: 'PERMISSIVE' } }, exception('mtls-permissive')), ...istio.slice(1)];
    expect(messages([...clean(), ...permissive], 'ZT-MTLS-004')[0]).toContain('Deployment/payment-processor (PERMISSIVE from PeerAuthentication/payments/default)');
  });
  test('does not fire with STRICT', () => {
    expect(ids([...clean(), ...istio])).not.toContain('ZT-MTLS-004');
  });
  test('a workload-level PERMISSIVE overrides the namespace STRICT', () => {
    const m = [...clean(), ...istio, pa('processor', 'payments', { selector: { matchLabels: { app: 'payment-processor' } }, mtls: { mode: 'PERMISSIVE' } }, exception('mtls-permissive'))];
    expect(ids(m)).toContain('ZT-MTLS-004');
  });
});

describe('ZT-NET-001 default deny', () => {
  test('fires for a namespace without default deny, naming the missing direction', () => {
    const noDeny = clean().filter(o => o.metadata.name !== 'default-deny-all');
    expect(messages(noDeny, 'ZT-NET-001')).toEqual(['Namespace/payments: namespace payments has no default-deny ingress and egress policy.']);
    const ingressOnly = [...noDeny, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-in', namespace: 'payments' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } }];
    expect(messages(ingressOnly, 'ZT-NET-001')[0]).toContain('no default-deny egress policy');
  });
  test('fires for namespaces only seen through workloads', () => {
    const m = [...clean(), s.deployment('other', { ns: 'shop', sa: 'other' })];
    expect(messages(m, 'ZT-NET-001')).toEqual(['Deployment/other: namespace shop has no default-deny ingress and egress policy.']);
  });
  test('does not fire with NetworkPolicy or Cilium default deny', () => {
    expect(ids(clean())).not.toContain('ZT-NET-001');
    const cilium = [...s.workloads(), ...s.ciliumPolicies()];
    expect(ids(cilium)).not.toContain('ZT-NET-001');
    const denyForm = [...s.workloads(), ...s.ciliumPolicies().slice(1), {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'deny', namespace: 'payments' },
      spec: { endpointSelector: {}, ingressDeny: [{ fromEntities: ['all'] }], egressDeny: [{ toEntities: ['all'] }] },
    }];
    expect(ids(denyForm)).not.toContain('ZT-NET-001');
    const ccnp = [...s.workloads(), ...s.ciliumPolicies().slice(1), { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'deny' }, spec: { endpointSelector: {}, ingress: [{}], egress: [{}] } }];
    expectValidManifests(ccnp);
    expect(ids(ccnp)).not.toContain('ZT-NET-001');
  });
});

describe('ZT-NET-002 allow rule open to any peer', () => {
  const np = (name: string, spec: any, ann?: Record<string, string>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'payments', ...(ann ? { annotations: ann } : {}) }, spec });
  test.each([
    ['no from', { podSelector: { matchLabels: { app: 'payment-processor' } }, ingress: [{ ports: [{ port: 8080 }] }] }],
    ['0.0.0.0/0', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] }],
    ['::/0', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '::/0' } }], ports: [{ port: 8080 }] }] }],
    ['namespaceSelector {}', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }] }],
    ['allow all', { podSelector: {}, ingress: [{}] }],
  ])('fires on %s', (_name, spec) => {
    expect(ids([...clean(), np('open', spec)])).toContain('ZT-NET-002');
  });
  test('fires on Cilium world / 0.0.0.0/0 / L4-only', () => {
    const cnp = (rule: any) => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'open', namespace: 'payments' }, spec: { endpointSelector: {}, ...rule } });
    expect(ids([...clean(), cnp({ ingress: [{ fromEntities: ['world'] }] })])).toContain('ZT-NET-002');
    expect(ids([...clean(), cnp({ egress: [{ toCIDR: ['0.0.0.0/0'] }] })])).toContain('ZT-NET-002');
    expect(ids([...clean(), cnp({ ingress: [{ toPorts: [{ ports: [{ port: '8080' }] }] }] })])).toContain('ZT-NET-002');
  });
  test('does not fire on named peers, DNS-only rules, or with an allow-all exception', () => {
    expect(ids(clean())).not.toContain('ZT-NET-002');
    expect(ids([...clean(), np('dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })])).not.toContain('ZT-NET-002');
    const justified = np('public', { podSelector: { matchLabels: { app: 'checkout-service' } }, ingress: [{ ports: [{ port: 8080 }] }] }, exception('allow-all'));
    expectValidManifests([justified]);
    expect(ids([...clean(), justified])).not.toContain('ZT-NET-002');
  });
});

describe('ZT-NET-003 allow rule without ports', () => {
  test('fires on a named peer without ports', () => {
    const m = [...clean(), {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'all-ports', namespace: 'payments' },
      spec: { podSelector: { matchLabels: { app: 'reporting' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'checkout-service' } } }] }] },
    }];
    expect(messages(m, 'ZT-NET-003')).toEqual(['NetworkPolicy/all-ports: ingress[0] allows its peers on every port.']);
    expect(ids(m)).not.toContain('ZT-NET-002');
  });
  test('does not fire when ports are named', () => {
    expect(ids([...clean(), ...s.ciliumPolicies()])).not.toContain('ZT-NET-003');
  });
});

describe('ZT-NET-004 default-deny egress without DNS', () => {
  test('fires per workload when no DNS egress exists', () => {
    const m = clean().filter(o => o.metadata.name !== 'allow-dns-egress');
    expect(messages(m, 'ZT-NET-004')).toHaveLength(3);
  });
  test('fires on a workload not selected by the DNS policy', () => {
    const m = clean().map(o => o.metadata.name === 'allow-dns-egress' ? { ...o, spec: { ...o.spec, podSelector: { matchLabels: { app: 'checkout-service' } } } } : o);
    expect(messages(m, 'ZT-NET-004').map(x => x.split(':')[0]).sort()).toEqual(['Deployment/payment-processor', 'Deployment/reporting']);
  });
  test('does not judge hostNetwork pods nor pods that declare they resolve no names', () => {
    const withTemplate = (o: any, f: (t: any) => void) => { const c = JSON.parse(JSON.stringify(o)); f(c.spec.template); return c; };
    const m = clean().filter(o => o.metadata.name !== 'allow-dns-egress').map(o => {
      if (o.kind !== 'Deployment') return o;
      if (o.metadata.name === 'checkout-service') return withTemplate(o, t => { t.spec.hostNetwork = true; });
      if (o.metadata.name === 'reporting') return withTemplate(o, t => { t.metadata.annotations = { 'zero-trust.cdk8s.io/no-dns': 'talks over a host socket only' }; });
      return o;
    });
    expect(messages(m, 'ZT-NET-004').map(x => x.split(':')[0])).toEqual(['Deployment/payment-processor']);
    // an empty declaration is no declaration
    const empty = m.map(o => o.kind === 'Deployment' && o.metadata.name === 'reporting' ? withTemplate(o, t => { t.metadata.annotations['zero-trust.cdk8s.io/no-dns'] = ' '; }) : o);
    expect(messages(empty, 'ZT-NET-004')).toHaveLength(2);
  });
  test('does not fire with a namespace-wide DNS policy (NetworkPolicy or Cilium)', () => {
    expect(ids(clean())).not.toContain('ZT-NET-004');
    expect(ids([...s.workloads(), ...s.ciliumPolicies()])).not.toContain('ZT-NET-004');
  });
});

describe('ZT-ID-001 default ServiceAccount', () => {
  test('fires on no serviceAccountName and on "default"', () => {
    const m = [...clean(), s.deployment('legacy'), s.deployment('explicit', { sa: 'default' })];
    expect(messages(m, 'ZT-ID-001')).toEqual([
      'Deployment/explicit: runs as the "default" ServiceAccount.',
      'Deployment/legacy: sets no serviceAccountName, so it runs as the "default" ServiceAccount.',
    ]);
  });
  test('does not fire with a dedicated ServiceAccount', () => {
    expect(ids(clean())).not.toContain('ZT-ID-001');
  });
  test('covers every pod-template kind', () => {
    const podSpec = { containers: [{ name: 'c', image: 'x' }], automountServiceAccountToken: false };
    const kinds = [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ss', namespace: 'payments' }, spec: { serviceName: 'ss', selector: { matchLabels: { a: 'ss' } }, template: { metadata: { labels: { a: 'ss' } }, spec: podSpec } } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'payments' }, spec: { selector: { matchLabels: { a: 'ds' } }, template: { metadata: { labels: { a: 'ds' } }, spec: podSpec } } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'job', namespace: 'payments' }, spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cron', namespace: 'payments' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } } } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', namespace: 'payments' }, spec: podSpec },
    ];
    expectValidManifests(kinds);
    expect(messages([...clean(), ...kinds], 'ZT-ID-001').map(x => x.split(':')[0]).sort()).toEqual(['CronJob/cron', 'DaemonSet/ds', 'Job/job', 'Pod/pod', 'StatefulSet/ss']);
  });
});

describe('ZT-ID-002 shared ServiceAccount', () => {
  test('fires on every workload sharing one', () => {
    const m = [...clean(), s.deployment('checkout-worker', { sa: 'checkout-service' })];
    expect(messages(m, 'ZT-ID-002')).toEqual([
      'Deployment/checkout-service: shares ServiceAccount payments/checkout-service with Deployment/checkout-worker.',
      'Deployment/checkout-worker: shares ServiceAccount payments/checkout-service with Deployment/checkout-service.',
    ]);
  });
  test('the same object read twice (e.g. from two files) is one workload', () => {
    expect(ids([...clean(), ...clean()])).not.toContain('ZT-ID-002');
    const m = [...clean(), s.deployment('checkout-worker', { sa: 'checkout-service' }), s.deployment('checkout-worker', { sa: 'checkout-service' })];
    expect(messages(m, 'ZT-ID-002')).toEqual([
      'Deployment/checkout-service: shares ServiceAccount payments/checkout-service with Deployment/checkout-worker.',
      'Deployment/checkout-worker: shares ServiceAccount payments/checkout-service with Deployment/checkout-service.',
    ]);
  });
  test('does not fire with one SA per workload or with an exception on the workload', () => {
    expect(ids(clean())).not.toContain('ZT-ID-002');
    const a = s.deployment('checkout-worker', { sa: 'checkout-service' });
    a.metadata.annotations = exception('shared-service-account');
    const b = clean().map(o => o.kind === 'Deployment' && o.metadata.name === 'checkout-service' ? { ...o, metadata: { ...o.metadata, annotations: exception('shared-service-account') } } : o);
    expect(ids([...b, a])).not.toContain('ZT-ID-002');
  });
});

describe('ZT-ID-003 token automount', () => {
  test('fires when neither pod nor SA disables it', () => {
    const d = s.deployment('api-client', { sa: 'api-client', automount: true });
    delete d.spec.template.spec.automountServiceAccountToken;
    expect(messages([...clean(), d], 'ZT-ID-003')[0]).toContain('ServiceAccount api-client is not in the manifests');
    expect(messages([...clean(), s.deployment('x', { sa: 'checkout-service', automount: true })], 'ZT-ID-003')[0]).toContain('the pod sets automountServiceAccountToken: true');
  });
  test('does not fire when the pod or its SA disables it, or with an exception on the pod template', () => {
    expect(ids(clean())).not.toContain('ZT-ID-003');
    const d = s.deployment('viaSa', { sa: 'checkout-service' });
    delete d.spec.template.spec.automountServiceAccountToken;
    expect(messages([...clean(), d], 'ZT-ID-003')).toEqual([]);
    const j = s.deployment('operator', { sa: 'operator', automount: true, podAnnotations: exception('automount-token') });
    expectValidManifests([j]);
    expect(messages([...clean(), j], 'ZT-ID-003')).toEqual([]);
  });
});

describe('ZT-ID-004 cluster.local principals in another trust domain', () => {
  test('fires when the trust domain is given or learned', () => {
    const m = [...clean(), ...s.istioPolicies()];
    expect(ids(m, { trustDomain: 'prod.example.com' })).toContain('ZT-ID-004');
    const spiffe = {
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterSPIFFEID',
      metadata: { name: 'default' },
      spec: { spiffeIDTemplate: 'spiffe://prod.example.com/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}', podSelector: {} },
    };
    const f = Audit.ofManifests([...m, spiffe], { now: NOW }).findings.find(x => x.ruleId === 'ZT-ID-004')!;
    expect(f.fix).toBe('Use "prod.example.com/ns/payments/sa/checkout-service".');
    expect(ids([...m, ...s.linkerdPolicies('checkout-service.payments.serviceaccount.identity.linkerd.prod.example.com')])).toContain('ZT-ID-004');
  });
  test('does not fire with matching principals or in cluster.local', () => {
    expect(ids([...clean(), ...s.istioPolicies()])).not.toContain('ZT-ID-004');
    expect(ids([...clean(), ...s.istioPolicies('prod.example.com')], { trustDomain: 'prod.example.com' })).not.toContain('ZT-ID-004');
  });
});

describe('ZT-ID-005 Linkerd AuthorizationPolicy with dangling references', () => {
  test('fires on a missing Server and a missing MeshTLSAuthentication', () => {
    const l = s.linkerdPolicies();
    expect(messages([...clean(), l[1], l[2]], 'ZT-ID-005')).toEqual(['AuthorizationPolicy/checkout-to-processor: targetRef Server/payment-processor is not in the manifests (namespace payments).']);
    expect(messages([...clean(), l[0], l[2]], 'ZT-ID-005')[0]).toContain('requiredAuthenticationRefs MeshTLSAuthentication/checkout-service-authn is not in the manifests');
    const toRoute = { ...l[2], spec: { ...l[2].spec, targetRef: { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: 'payments-route' } } };
    expect(messages([...clean(), l[0], l[1], toRoute], 'ZT-ID-005')[0]).toContain('targetRef HTTPRoute/payments-route');
  });
  test('does not fire when everything exists', () => {
    expect(ids([...clean(), ...s.linkerdPolicies()])).not.toContain('ZT-ID-005');
  });
});

describe('ZT-ID-006 MeshTLSAuthentication identity matching no ServiceAccount', () => {
  test('fires on a typo', () => {
    const m = [...clean(), ...s.linkerdPolicies('checkout.payments.serviceaccount.identity.linkerd.cluster.local')];
    expect(messages(m, 'ZT-ID-006')).toEqual(['MeshTLSAuthentication/checkout-service-authn: "checkout.payments.serviceaccount.identity.linkerd.cluster.local" (ServiceAccount payments/checkout) match(es) no ServiceAccount in the manifests.']);
  });
  test('does not fire for existing service accounts or wildcards', () => {
    expect(ids([...clean(), ...s.linkerdPolicies()])).not.toContain('ZT-ID-006');
    expect(ids([...clean(), ...s.linkerdPolicies('*.payments.serviceaccount.identity.linkerd.cluster.local')])).not.toContain('ZT-ID-006');
  });
});

describe('ZT-SEC-001 Secret into env', () => {
  test('fires on secretKeyRef and envFrom.secretRef in containers and initContainers', () => {
    const d = s.deployment('db-client', { sa: 'db-client', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-secret', key: 'password' } } }] });
    d.spec.template.spec.initContainers = [{ name: 'migrate', image: 'x', envFrom: [{ secretRef: { name: 'db-secret' } }] }];
    expect(messages([...clean(), d], 'ZT-SEC-001')).toEqual(['Deployment/db-client: reads Secrets into environment variables (container migrate: envFrom Secret db-secret; container app: env DB_PASSWORD from Secret db-secret key password).']);
  });
  test('does not fire on volumes, configmaps, or with a secret-env exception', () => {
    expect(ids(clean())).not.toContain('ZT-SEC-001');
    const d = s.deployment('cfg', { sa: 'cfg', env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'c', key: 'mode' } } }] });
    expect(ids([...clean(), d])).not.toContain('ZT-SEC-001');
    const e = s.deployment('db-client', { sa: 'db-client', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-secret', key: 'password' } } }] });
    e.metadata.annotations = exception('secret-env');
    expect(ids([...clean(), e])).not.toContain('ZT-SEC-001');
  });
});

describe('ZT-SEC-002 literal credentials', () => {
  test.each([
    ['DB_PASSWORD', 'supersecret'],
    ['STRIPE_API_KEY', 'sk_live_abc'],
    ['SOMETHING', 'AKIAIOSFODNN7EXAMPLE'],
    ['BEARER', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['CERT', '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----'],
  ])('fires on %s', (name, value) => {
    expect(ids([...clean(), s.deployment('leaky', { sa: 'leaky', env: [{ name, value }] })])).toContain('ZT-SEC-002');
  });
  test('does not fire on empty values, file paths or harmless names', () => {
    const env = [{ name: 'DB_PASSWORD', value: '' }, { name: 'DB_PASSWORD_FILE', value: '/vault/secrets/db' }, { name: 'LOG_LEVEL', value: 'info' }, { name: 'TOKEN_AUDIENCE', value: 'vault' }];
    expect(ids([...clean(), s.deployment('ok', { sa: 'ok', env })])).not.toContain('ZT-SEC-002');
  });
});

describe('ZT-SEC-003 / ZT-SEC-004 External Secrets', () => {
  const es = (apiVersion: string, spec: any) => ({
    apiVersion,
    kind: 'ExternalSecret',
    metadata: { name: 'db-secret', namespace: 'payments' },
    spec: { secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' }, target: { name: 'db-credentials' }, data: [{ secretKey: 'password', remoteRef: { key: 'prod/payments/db', property: 'password' } }], ...spec },
  });
  test('v1beta1 fires ZT-SEC-003; v1 does not', () => {
    expect(ids([...clean(), es('external-secrets.io/v1beta1', { refreshInterval: '1h' })])).toContain('ZT-SEC-003');
    const ok = es('external-secrets.io/v1', { refreshInterval: '1h' });
    expectValidManifests([ok]);
    expect(ids([...clean(), ok])).toEqual([]);
  });
  test('missing or zero refreshInterval fires ZT-SEC-004', () => {
    expect(messages([...clean(), es('external-secrets.io/v1', {})], 'ZT-SEC-004')[0]).toContain('has no refreshInterval');
    expect(messages([...clean(), es('external-secrets.io/v1', { refreshInterval: '0' })], 'ZT-SEC-004')[0]).toContain('disables refresh');
  });
});

describe('ZT-HYG-001 selectors matching no pods', () => {
  test('fires for Istio, Linkerd, Cilium and NetworkPolicy selectors with a typo', () => {
    const typo = { matchLabels: { app: 'payment-procesor' } };
    const m = [...clean(),
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ap', namespace: 'payments' }, spec: { selector: typo, rules: [{}] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'sc', namespace: 'payments' }, spec: { workloadSelector: { labels: typo.matchLabels }, egress: [{ hosts: ['./*'] }] } },
      { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'srv', namespace: 'payments' }, spec: { podSelector: typo, port: 8080 } },
      { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'cnp', namespace: 'payments' }, spec: { endpointSelector: typo, ingress: [{}] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'payments' }, spec: { podSelector: typo, policyTypes: ['Ingress'] } }];
    expectValidManifests(m);
    expect(messages(m, 'ZT-HYG-001').map(x => x.split(':')[0]).sort()).toEqual(['AuthorizationPolicy/ap', 'CiliumNetworkPolicy/cnp', 'NetworkPolicy/np', 'Server/srv', 'Sidecar/sc']);
  });
  test('does not fire when selectors match, or when the namespace has no workloads in the set', () => {
    expect(ids([...clean(), ...s.istioPolicies(), ...s.linkerdPolicies(), ...s.ciliumPolicies()])).not.toContain('ZT-HYG-001');
    const elsewhere = { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'srv', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'x' } }, port: 80 } };
    expect(ids([...clean(), elsewhere])).not.toContain('ZT-HYG-001');
  });
});

describe('ZT-HYG-002 expired or malformed exceptions', () => {
  test('fires on expired, undated and badly dated exceptions', () => {
    const d = s.deployment('x', { sa: 'x' });
    d.metadata.annotations = { 'zero-trust.cdk8s.io/exception.secret-env': 'legacy app', 'zero-trust.cdk8s.io/exception.allow-all': 'public', 'zero-trust.cdk8s.io/exception.allow-all.expires': '2026-13-01' };
    expect(messages([...clean(), d], 'ZT-HYG-002')[0]).toBe('Deployment/x: exception "secret-env" has no expiry (zero-trust.cdk8s.io/exception.secret-env.expires: "YYYY-MM-DD"); exception "allow-all" has an invalid expiry "2026-13-01" (expected YYYY-MM-DD).');
  });
  test('does not fire on valid exceptions', () => {
    const d = s.deployment('x', { sa: 'x', podAnnotations: exception('secret-env') });
    expect(ids([...clean(), d])).not.toContain('ZT-HYG-002');
  });
});

describe('ZT-HYG-003 portLevelMtls without selector', () => {
  test('fires on a namespace-wide policy with portLevelMtls', () => {
    expect(ids([...clean(), pa('default', 'payments', { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } })])).toContain('ZT-HYG-003');
  });
  test('does not fire with a selector', () => {
    expect(ids([...clean(), pa('p', 'payments', { selector: { matchLabels: { app: 'payment-processor' } }, portLevelMtls: { 8080: { mode: 'STRICT' } } })])).not.toContain('ZT-HYG-003');
  });
});

// network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go ClusterNetworkPolicySpec.Priority: "If two (or more)
// policies in the same tier with the same priority could match a connection, then the implementation can apply any".
describe('ZT-HYG-004 ClusterNetworkPolicies with the same tier and priority', () => {
  const cnp = (name: string, spec: any) => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name },
    spec: { tier: 'Admin', priority: 10, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } }, ...spec },
  });
  const deny = { ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] };
  const accept = { ingress: [{ action: 'Accept', from: [{ namespaces: {} }] }] };

  test('fires when both select a workload and their actions differ', () => {
    const objs = [...clean(), cnp('a', deny), cnp('b', accept)];
    expectValidManifests(objs);
    expect(messages(objs, 'ZT-HYG-004')).toEqual([
      expect.stringMatching(/^ClusterNetworkPolicy\/b: ingress of payments\/\S+: ClusterNetworkPolicies a \(Deny\) and b \(Accept\) are both Admin-tier priority 10/),
    ]);
  });
  test('does not fire with different priorities, tiers, directions, disjoint subjects or the same action', () => {
    expect(ids([...clean(), cnp('a', deny), cnp('b', { ...accept, priority: 11 })])).not.toContain('ZT-HYG-004');
    expect(ids([...clean(), cnp('a', deny), cnp('b', { ...accept, tier: 'Baseline' })])).not.toContain('ZT-HYG-004');
    expect(ids([...clean(), cnp('a', deny), cnp('b', { egress: [{ action: 'Accept', to: [{ namespaces: {} }] }] })])).not.toContain('ZT-HYG-004');
    expect(ids([...clean(), cnp('a', deny), cnp('b', { ...accept, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } } } })])).not.toContain('ZT-HYG-004');
    expect(ids([...clean(), cnp('a', deny), cnp('b', deny)])).not.toContain('ZT-HYG-004');
  });
});

describe('ZT-PSS-001 / ZT-PSS-002 / ZT-PSS-003 Pod Security Standards (src/pod-security, upstream PSA checks)', () => {
  const nsWith = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } });
  const hardened = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  const dep = (spec: any, name = 'web') => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
  });
  const restrictedSpec = { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'web', image: 'x', securityContext: hardened }] };
  const bare = { containers: [{ name: 'web', image: 'x' }] };
  const only = (m: any[], prefix = 'ZT-PSS') => Audit.ofManifests(m, { now: NOW }).findings.filter(f => f.ruleId.startsWith(prefix)).map(f => `${f.ruleId} ${f.kind}/${f.name}: ${f.message}`);

  test('a hardened pod template passes restricted: nothing reported', () => {
    expect(only([nsWith({ 'pod-security.kubernetes.io/enforce': 'restricted' }), dep(restrictedSpec)])).toEqual([]);
  });
  test('ZT-PSS-001 names each failing check (upstream ids and reasons); a bare Pod is "rejected"', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { ...restrictedSpec, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } } };
    expect(only([nsWith({ 'pod-security.kubernetes.io/enforce': 'restricted' }), pod])).toEqual([
      'ZT-PSS-001 Pod/p: this Pod is rejected by PodSecurity "restricted:latest" enforced on namespace shop: runAsNonRoot: runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true).',
    ]);
  });
  test('an invalid enforce level fails closed to restricted, and the message says so (api/helpers.go ParseLevel)', () => {
    expect(only([nsWith({ 'pod-security.kubernetes.io/enforce': 'strict' }), dep(bare)])[0]).toMatch(
      /^ZT-PSS-001 Deployment\/web: the pods of this Deployment are rejected by PodSecurity "restricted:latest" enforced on namespace shop \(namespace labels invalid: metadata.labels\[pod-security.kubernetes.io\/enforce\]: Invalid value: "strict"/);
  });
  test('ZT-PSS-002 reports warn/audit violations when enforce admits the pod; one finding when warn and audit agree', () => {
    expect(only([nsWith({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' }), dep({ ...restrictedSpec, securityContext: { runAsNonRoot: true } })])).toEqual([
      'ZT-PSS-002 Deployment/web: would violate PodSecurity "restricted:latest" (warn and audit level of namespace shop): seccompProfile_restricted: seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost").',
    ]);
    // not repeated when enforce already rejects
    expect(only([nsWith({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' }), dep(bare)]).map(x => x.split(' ')[0])).toEqual(['ZT-PSS-001']);
  });
  test('without the Namespace object the namespace rules say nothing; without labels the cluster default (privileged) applies', () => {
    expect(only([dep(bare)])).toEqual([]);
    expect(only([nsWith({}), dep(bare)])).toEqual([]);
  });
  test('ZT-PSS-003 reports privileged / host namespaces / hostPath in any namespace, with or without labels', () => {
    const spec = { hostNetwork: true, hostPID: true, containers: [{ name: 'agent', image: 'x', securityContext: { privileged: true } }], volumes: [{ name: 'sock', hostPath: { path: '/run' } }] };
    expect(only([dep(spec, 'agent')])).toEqual([
      'ZT-PSS-003 Deployment/agent: hostNamespaces: host namespaces (hostNetwork=true, hostPID=true); hostPathVolumes: hostPath volumes (volume "sock"); privileged: privileged (container "agent" must not set securityContext.privileged=true).',
    ]);
  });
  test('ZT-PSS-003 is suppressed by a valid host-access exception, not by an expired one', () => {
    const spec = { hostNetwork: true, containers: [{ name: 'agent', image: 'x' }] };
    const withEx = (expires: string) => ({ ...dep(spec, 'agent'), metadata: { name: 'agent', namespace: 'shop', annotations: exception('host-access', expires, 'CNI agent needs the host network') } });
    expect(only([withEx('2027-01-31')])).toEqual([]);
    expect(only([withEx('2026-01-31')])).toHaveLength(1);
  });
});

/** Objects of a regression fixture (test/audit/fixtures/regressions/blind-spots). */
function blindSpot(file: string): any[] {
  const r = loadFile(path.join(__dirname, 'fixtures', 'regressions', 'blind-spots', file));
  expect(r.errors).toEqual([]);
  return r.objects;
}

/** `Kind/name: message` of one rule's findings. */
function ruleFindings(manifests: any[], ruleId: string): string[] {
  return Audit.ofManifests(manifests, { now: NOW }).findings.filter(f => f.ruleId === ruleId).map(f => `${f.kind}/${f.name}: ${f.message}`);
}

describe('ZT-ID-007 / ZT-ID-008 Istio ALLOW rules without a source', () => {
  const fx = () => blindSpot('istio-allow-without-source.yaml');
  test('fixture: rules: [{}] allows everything (ZT-ID-007); a `to` without `from` allows any caller (ZT-ID-008)', () => {
    expectValidManifests(fx());
    const m = [...clean(), ...fx()];
    expect(ruleFindings(m, 'ZT-ID-007')).toEqual(['AuthorizationPolicy/allow-everything: rules[0] has no from, to or when: the policy allows every request to the selected workloads.']);
    expect(ruleFindings(m, 'ZT-ID-008')).toEqual(['AuthorizationPolicy/allow-get-any-caller: rules[0] names no source: any workload with a mesh identity (mTLS is STRICT, but no identity is required).']);
  });
  test('without STRICT mTLS the message says plaintext clients get in; empty sources count as no source', () => {
    const ap = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace: 'payments' }, spec: { rules: [{ from: [{ source: {} }], to: [{ operation: { ports: ['8080'] } }] }] } };
    expect(ruleFindings([...clean(), ap], 'ZT-ID-008')).toEqual(['AuthorizationPolicy/p: rules[0] names no source: any client, plaintext ones included (mTLS mode PERMISSIVE).']);
  });
  test('does not fire on DENY/CUSTOM policies, on deny-all (spec: {}), on rules with sources, or with an allow-all exception', () => {
    const deny = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'd', namespace: 'payments' }, spec: { action: 'DENY', rules: [{}] } };
    const justified = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'public', namespace: 'payments', annotations: exception('allow-all') }, spec: { rules: [{}] } };
    const m = [...clean(), ...s.istioPolicies(), deny, justified];
    expect(ruleFindings(m, 'ZT-ID-007')).toEqual([]);
    expect(ruleFindings(m, 'ZT-ID-008')).toEqual([]);
  });
});

describe('ZT-ID-009 Linkerd unauthenticated clients', () => {
  const fx = () => blindSpot('linkerd-unauthenticated.yaml');
  test('fixture: ServerAuthorization unauthenticated and a 0.0.0.0/0 NetworkAuthentication on a Server fire; the probe route does not', () => {
    expectValidManifests(fx());
    expect(ruleFindings([...clean(), ...fx()], 'ZT-ID-009')).toEqual([
      'AuthorizationPolicy/processor-from-anywhere: admits unauthenticated clients to Server/payment-processor-http: its only authentication is NetworkAuthentication anywhere (0.0.0.0/0, ::/0): any client on any network, without an identity.',
      'ServerAuthorization/legacy-open: client.unauthenticated: true admits clients without a mesh identity from any network.',
    ]);
  });
  test('a route with a path that is not a probe path of the pods is not a probe route', () => {
    const m = fx().map(o => o.kind === 'HTTPRoute' ? JSON.parse(JSON.stringify(o).replace('/ready', '/admin')) : o);
    expect(ruleFindings([...clean(), ...m], 'ZT-ID-009').map(x => x.split(':')[0])).toContain('AuthorizationPolicy/processor-probes');
  });
  test('does not fire when a MeshTLSAuthentication is also required (ALL refs must be satisfied)', () => {
    const m = fx().filter(o => o.kind !== 'ServerAuthorization').map(o => o.metadata.name === 'processor-from-anywhere'
      ? { ...o, spec: { ...o.spec, requiredAuthenticationRefs: [...o.spec.requiredAuthenticationRefs, { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'checkout-service-authn' }] } } : o);
    expect(ruleFindings([...clean(), ...m, s.linkerdPolicies()[1]], 'ZT-ID-009')).toEqual([]);
    expect(ruleFindings([...clean(), ...s.linkerdPolicies()], 'ZT-ID-009')).toEqual([]);
  });
});

describe('ZT-SEC-005 plaintext Secret in the manifests', () => {
  test('fixture: data and stringData fire; an unfilled service-account token Secret and empty data do not', () => {
    const fx = blindSpot('plaintext-secret.yaml');
    expectValidManifests(fx);
    expect(ruleFindings([...clean(), ...fx], 'ZT-SEC-005')).toEqual([
      'Secret/api-key: holds literal values in stringData.key: the secret is in clear in the manifests and their history.',
      'Secret/db-credentials: holds literal values in data.password, data.username (type Opaque): the secret is in clear in the manifests and their history.',
    ]);
  });
});

describe('ZT-NET-005 NetworkPolicy rules in a direction policyTypes omit', () => {
  test('fixture: egress rules with policyTypes [Ingress] and ingress rules with [Egress] fire; defaulted policyTypes do not', () => {
    const fx = blindSpot('netpol-policytypes.yaml');
    expectValidManifests(fx);
    expect(ruleFindings([...clean(), ...fx], 'ZT-NET-005')).toEqual([
      'NetworkPolicy/egress-ignored: has 1 egress rule(s) but policyTypes is [Ingress]: the egress rules are ignored and egress is not restricted by this policy.',
      'NetworkPolicy/ingress-ignored: has 1 ingress rule(s) but policyTypes is [Egress]: the ingress rules are ignored and ingress is not restricted by this policy.',
    ]);
    expect(ruleFindings(clean(), 'ZT-NET-005')).toEqual([]);
  });
});

// A dry run is a step, not a state: Istio `istio.io/dry-run` (https://istio.io/latest/docs/tasks/security/authorization/authz-dry-run/)
// and Linkerd `accessPolicy: audit` / default inbound policy `audit` (https://linkerd.io/2/reference/authorization-policy/)
// enforce nothing, so the namespace needs a dated `dry-run` exception.
describe('ZT-NET-006 namespace left in dry run', () => {
  const withNamespace = (annotations: Record<string, string>, extra: any[]) =>
    [...clean().map(o => o.kind === 'Namespace' && o.metadata.name === 'payments' ? { ...o, metadata: { ...o.metadata, annotations } } : o), ...extra];
  const server = {
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'Server',
    metadata: { name: 'api', namespace: 'payments' },
    spec: { podSelector: {}, port: 8080, proxyProtocol: 'HTTP/1', accessPolicy: 'audit' },
  };
  const ap = (v: string) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: 'payments', annotations: { 'istio.io/dry-run': v } }, spec: {} });
  test('fires on a Linkerd audit Server or an Istio dry-run policy without an exception on the Namespace', () => {
    const m = withNamespace({}, [server, ap('true')]);
    expectValidManifests(m);
    expect(ruleFindings(m, 'ZT-NET-006')).toEqual([
      'Namespace/payments: namespace payments is in dry run (Server api has accessPolicy "audit"; AuthorizationPolicy allow-nothing has istio.io/dry-run) and has no dry-run exception on its Namespace: nothing in it is enforced.',
    ]);
  });
  test('does not fire with a valid dry-run exception, nor on istio.io/dry-run: "false"', () => {
    expect(ruleFindings(withNamespace({ 'zero-trust.cdk8s.io/enforcement': 'dry-run', ...exception('dry-run') }, [server]), 'ZT-NET-006')).toEqual([]);
    expect(ruleFindings(withNamespace({}, [ap('false')]), 'ZT-NET-006')).toEqual([]);
  });
  test('an expired exception fires, with ZT-HYG-002', () => {
    const m = withNamespace({ 'zero-trust.cdk8s.io/enforcement': 'dry-run', ...exception('dry-run', '2026-11-22') }, []);
    expect(ruleFindings(m, 'ZT-NET-006')).toEqual([
      'Namespace/payments: namespace payments is in dry run (annotation zero-trust.cdk8s.io/enforcement: dry-run) and exception "dry-run" expired on 2026-11-22 (today is 2026-11-23): nothing in it is enforced.',
    ]);
    expect(ids(m)).toEqual(expect.arrayContaining(['ZT-NET-006', 'ZT-HYG-002']));
  });
});

test('every rule has a test block in this file', () => {
  const src = fs.readFileSync(__filename, 'utf8');
  for (const r of Audit.rules()) expect(src).toContain(r.id);
});
