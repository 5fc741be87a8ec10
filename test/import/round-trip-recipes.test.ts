// Import round trip on real upstream NetworkPolicies: ahmetb/kubernetes-network-policy-recipes
// (Apache-2.0, https://github.com/ahmetb/kubernetes-network-policy-recipes). Each policy below is the
// recipe's manifest as published; the pods are the ones its "Example"/"Try it out" steps create with
// `kubectl run` (labels and ports as given there), each recipe in its own namespace so the recipes do
// not select each other's pods (the recipes all use `default`).
import { synthGenerated } from './generated-app';
import { Importer, ImportFindingKind, ImportTarget, ReachabilityDiff } from '../../src/import';
import { expectValidManifests } from '../util/expect-valid';
import '../util/synth';

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const pod = (namespace: string, name: string, labels: Record<string, string>, ports: number[] = []) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name, image: 'nginx', ports: ports.map(p => ({ containerPort: p })) }] },
});

const SOURCE = [
  ns('recipe-02'), ns('recipe-09'), ns('recipe-14'), ns('secondary'),
  // 02-limit-traffic-to-an-application.md: apiserver (app=bookstore,role=api, --port 80), a frontend with app=bookstore.
  pod('recipe-02', 'apiserver', { app: 'bookstore', role: 'api' }, [80]),
  pod('recipe-02', 'frontend', { app: 'bookstore', role: 'frontend' }),
  {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    metadata: { name: 'api-allow', namespace: 'recipe-02' },
    spec: { podSelector: { matchLabels: { app: 'bookstore', role: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'bookstore' } } }] }] },
  },
  // 05-allow-traffic-from-all-namespaces.md: web (app=web, port 80) in namespace secondary.
  pod('secondary', 'web', { app: 'web' }, [80]),
  {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    metadata: { namespace: 'secondary', name: 'web-allow-all-namespaces' },
    spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] },
  },
  // 09-allow-traffic-only-to-a-port.md: apiserver (app=apiserver) on 8000 and 5000, a monitoring pod (role=monitoring).
  pod('recipe-09', 'apiserver', { app: 'apiserver' }, [8000, 5000]),
  pod('recipe-09', 'monitoring', { role: 'monitoring' }),
  {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    metadata: { name: 'api-allow-5000', namespace: 'recipe-09' },
    spec: { podSelector: { matchLabels: { app: 'apiserver' } }, ingress: [{ ports: [{ port: 5000 }], from: [{ podSelector: { matchLabels: { role: 'monitoring' } } }] }] },
  },
  // 14-deny-external-egress-traffic.md: foo (app=foo) may reach DNS and pods of every namespace only; web (app=web, port 80).
  pod('recipe-14', 'foo', { app: 'foo' }),
  pod('recipe-14', 'web', { app: 'web' }, [80]),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'foo-deny-external-egress', namespace: 'recipe-14' },
    spec: {
      podSelector: { matchLabels: { app: 'foo' } },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }, { to: [{ namespaceSelector: {} }] }],
    },
  },
];

describe('import round trip: kubernetes-network-policy-recipes', () => {
  const result = Importer.fromManifests(SOURCE, { exceptionExpires: '2027-06-30' });
  const route = (x: string) => result.routes.some(r => `${r.source} → ${r.destination}:${r.ports.join(',')}` === x);
  const finding = (kind: ImportFindingKind, source: string, destination: string) =>
    result.findings.some(f => f.kind === kind && f.source === source && f.destination === destination);

  test('recipe 02: only app=bookstore pods reach the API, on the port it serves', () => {
    expect(route('recipe-02/frontend → recipe-02/apiserver:80')).toBe(true);
    expect(result.routes.filter(r => r.destination === 'recipe-02/apiserver').map(r => r.source)).toEqual(['recipe-02/frontend']);
    expect(result.policies.find(p => p.policy === 'NetworkPolicy recipe-02/api-allow')!.routes).toEqual(['recipe-02/frontend → recipe-02/apiserver:80']);
    // the rule names no port: every other port is allowed too, and reported
    expect(finding(ImportFindingKind.NOT_LEAST_PRIVILEGE, 'recipe-02/frontend', 'recipe-02/apiserver')).toBe(true);
  });

  test('recipe 05: namespaceSelector: {} is reported, the callers in the app become routes', () => {
    expect(finding(ImportFindingKind.NOT_LEAST_PRIVILEGE, 'any namespace', 'secondary/web')).toBe(true);
    const f = result.findings.find(x => x.source === 'any namespace' && x.destination === 'secondary/web')!;
    expect(f.message).toContain('NetworkPolicy secondary/web-allow-all-namespaces');
    expect(route('recipe-14/foo → secondary/web:80')).toBe(true);
  });

  test('recipe 09: the monitoring pod reaches 5000 only', () => {
    expect(result.routes.filter(r => r.destination === 'recipe-09/apiserver').map(r => `${r.source}:${r.ports.join(',')}`)).toEqual(['recipe-09/monitoring:5000']);
  });

  test('recipe 14: foo reaches pods of any namespace (reported) and no address outside the cluster', () => {
    expect(finding(ImportFindingKind.NOT_LEAST_PRIVILEGE, 'recipe-14/foo', 'any namespace')).toBe(true);
    expect(finding(ImportFindingKind.NOT_LEAST_PRIVILEGE, 'recipe-14/foo', 'world (203.0.113.10)')).toBe(false);
    // pods no policy selects are open, and listed
    expect(result.findings.filter(x => x.kind === ImportFindingKind.NO_POLICY).map(x => x.subject)).toEqual(
      ['Pod recipe-02/frontend', 'Pod recipe-09/monitoring', 'Pod recipe-14/web']);
  });

  test('the generated app synthesizes valid manifests, and the adopted cluster closes exactly the reported rules', () => {
    expect(result.target).toBe(ImportTarget.NETWORK_POLICY);
    const { objects } = synthGenerated(result.source);
    expectValidManifests(objects);
    const diff = ReachabilityDiff.between(SOURCE, Importer.adopted(SOURCE, objects, result));
    expect(diff.opened).toEqual([]);
    const reported = result.findings.filter(f => f.kind === ImportFindingKind.NOT_LEAST_PRIVILEGE).map(f => `${f.source} → ${f.destination}`).sort();
    expect([...new Set(diff.closed.map(c => `${c.source} → ${c.destination}`))].sort()).toEqual(reported);
  });
});

describe('import of a cluster with no policy at all', () => {
  // Kubernetes: "By default, a pod is non-isolated for ingress/egress; all inbound/outbound connections are allowed"
  // (https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation).
  const source = [ns('shop'), pod('shop', 'web', { app: 'web' }, [8080]), pod('shop', 'db', { app: 'db' }, [5432])];
  const result = Importer.fromManifests(source, { exceptionExpires: '2027-06-30' });

  test('every pair on the served ports becomes a route; both workloads are listed as having no policy', () => {
    expect(result.routes.map(r => `${r.source} → ${r.destination}:${r.ports.join(',')}`).sort()).toEqual(['shop/db → shop/web:8080', 'shop/web → shop/db:5432']);
    expect(result.findings.filter(f => f.kind === ImportFindingKind.NO_POLICY).map(f => f.subject)).toEqual(['Pod shop/db', 'Pod shop/web']);
    expect(result.report).toContain('Workloads with no policy at all:');
    expect(result.source).toContain('// open today: no policy restricts this pair');
  });

  test('the adopted cluster closes only what the report lists', () => {
    const { objects } = synthGenerated(result.source);
    const diff = ReachabilityDiff.between(source, Importer.adopted(source, objects, result));
    expect(diff.opened).toEqual([]);
    const reported = result.findings.filter(f => f.kind === ImportFindingKind.NOT_LEAST_PRIVILEGE).map(f => `${f.source} → ${f.destination}`).sort();
    expect(reported).toContain('world (203.0.113.10) → shop/db');
    expect(reported).toContain('shop/web → world (203.0.113.10)');
    expect([...new Set(diff.closed.map(c => `${c.source} → ${c.destination}`))].sort()).toEqual(reported);
  });
});
