// Import round trip on a real upstream Istio policy set: Istio's "HTTP Traffic" authorization task
// (https://istio.io/latest/docs/tasks/security/authorization/authz-http/): allow-nothing, productpage-viewer
// (GET from anyone), details-viewer and reviews-viewer (GET from cluster.local/ns/bookinfo/sa/bookinfo-productpage),
// ratings-viewer (GET from cluster.local/ns/bookinfo/sa/bookinfo-reviews), on Bookinfo in namespace `default` as
// istio/istio samples/bookinfo/platform/kube/bookinfo.yaml deploys it (Services details/ratings/reviews/productpage on
// 9080 named `http`; Deployments <app>-v<n> labelled app/version, service accounts bookinfo-<app>, containerPort 9080),
// with sidecar injection on the namespace (https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/)
// and mesh-wide mutual TLS, as the task's "Before you begin" requires (a mesh-wide PeerAuthentication STRICT in the
// root namespace, https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/).
// One deviation: the namespace is `bookinfo`, not `default` (the library manages no Kubernetes-owned namespace;
// the importer reports workloads there, tested below); the principals name it accordingly.
import { synthGenerated } from './generated-app';
import { Reachability } from '../../src/audit';
import { Importer, ImportFindingKind, ImportTarget, ReachabilityDiff } from '../../src/import';
import { expectValidManifests } from '../util/expect-valid';
import '../util/synth';

const NS = 'bookinfo';
const deployment = (app: string, version: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `${app}-${version}`, namespace: NS, labels: { app, version } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app, version } },
    template: { metadata: { labels: { app, version } }, spec: { serviceAccountName: `bookinfo-${app}`, containers: [{ name: app, image: `docker.io/istio/examples-bookinfo-${app}-${version}:1.20.1`, ports: [{ containerPort: 9080 }] }] } },
  },
});
const service = (app: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: app, namespace: NS, labels: { app, service: app } }, spec: { ports: [{ port: 9080, name: 'http' }], selector: { app } } });
const sa = (app: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `bookinfo-${app}`, namespace: NS } });
const viewer = (name: string, app: string, from?: string) => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name, namespace: NS },
  spec: { selector: { matchLabels: { app } }, action: 'ALLOW', rules: [{ ...(from ? { from: [{ source: { principals: [from] } }] } : {}), to: [{ operation: { methods: ['GET'] } }] }] },
});

const source = (ns: string) => [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } },
  { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } },
  ...['details', 'ratings', 'reviews', 'productpage'].flatMap(a => [service(a), sa(a)]),
  deployment('details', 'v1'), deployment('ratings', 'v1'), deployment('reviews', 'v1'), deployment('reviews', 'v2'), deployment('reviews', 'v3'), deployment('productpage', 'v1'),
  { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: NS }, spec: {} },
  viewer('productpage-viewer', 'productpage'),
  viewer('details-viewer', 'details', `cluster.local/ns/${ns}/sa/bookinfo-productpage`),
  viewer('reviews-viewer', 'reviews', `cluster.local/ns/${ns}/sa/bookinfo-productpage`),
  viewer('ratings-viewer', 'ratings', `cluster.local/ns/${ns}/sa/bookinfo-reviews`),
].map(o => (o.metadata && (o.metadata as any).namespace === NS ? { ...o, metadata: { ...o.metadata, namespace: ns } } : o));
const SOURCE = source(NS);

describe('import round trip: Istio authorization task on Bookinfo', () => {
  const result = Importer.fromManifests(SOURCE, { exceptionExpires: '2027-06-30' });
  const edges = result.routes.map(r => `${r.source} → ${r.destination}:${r.ports.join(',')} ${r.http.join(' | ')}`).sort();

  test('the principals become routes with GET only; productpage-viewer (any source) is reported', () => {
    expect(result.target).toBe(ImportTarget.ISTIO_SIDECAR);
    // productpage-viewer lets every workload GET productpage: reproduced for the workloads of the app ...
    expect(edges).toEqual([
      'bookinfo/details → bookinfo/productpage:9080 GET *',
      'bookinfo/productpage → bookinfo/details:9080 GET *',
      'bookinfo/productpage → bookinfo/reviews-v1:9080 GET *',
      'bookinfo/productpage → bookinfo/reviews-v2:9080 GET *',
      'bookinfo/productpage → bookinfo/reviews-v3:9080 GET *',
      'bookinfo/ratings → bookinfo/productpage:9080 GET *',
      'bookinfo/reviews-v1 → bookinfo/productpage:9080 GET *',
      'bookinfo/reviews-v1 → bookinfo/ratings:9080 GET *',
      'bookinfo/reviews-v2 → bookinfo/productpage:9080 GET *',
      'bookinfo/reviews-v2 → bookinfo/ratings:9080 GET *',
      'bookinfo/reviews-v3 → bookinfo/productpage:9080 GET *',
      'bookinfo/reviews-v3 → bookinfo/ratings:9080 GET *',
    ]);
    // ... and for everyone else (any meshed pod of any namespace; plaintext is refused by STRICT mTLS) it is not
    // least privilege, nor is GET on every port (the rule names none) for the app's own workloads
    const open = result.findings.filter(f => f.kind === ImportFindingKind.NOT_LEAST_PRIVILEGE && f.destination === 'bookinfo/productpage-v1');
    expect(open.map(f => f.source).sort()).toEqual(['any namespace', 'bookinfo/details-v1', 'bookinfo/ratings-v1', 'bookinfo/reviews-v1', 'bookinfo/reviews-v2', 'bookinfo/reviews-v3']);
    for (const f of open) expect(f.message).toContain('AuthorizationPolicy bookinfo/productpage-viewer');
    expect(result.policies.find(p => p.policy === 'AuthorizationPolicy bookinfo/ratings-viewer')!.routes).toEqual([
      'bookinfo/reviews-v1 → bookinfo/ratings:9080', 'bookinfo/reviews-v2 → bookinfo/ratings:9080', 'bookinfo/reviews-v3 → bookinfo/ratings:9080',
    ]);
  });

  test('import → synthesize → the same allowed pairs, except exactly the reported findings', () => {
    const { objects } = synthGenerated(result.source);
    expectValidManifests(objects);
    const after = Importer.adopted(SOURCE, objects, result);
    const diff = ReachabilityDiff.between(SOURCE, after);
    expect(diff.opened).toEqual([]);
    const reported = result.findings.filter(f => f.kind === ImportFindingKind.NOT_LEAST_PRIVILEGE).map(f => `${f.source} → ${f.destination}`).sort();
    expect([...new Set(diff.closed.map(c => `${c.source} → ${c.destination}`))].sort()).toEqual(reported);
    // GET only, as upstream
    const r = Reachability.fromManifests(after);
    const pp = { namespaceName: NS, name: 'productpage-v1' };
    const details = { namespaceName: NS, name: 'details-v1' };
    expect(r.canReach(pp, details, 9080, { method: 'GET', path: '/details/0' }).allowed).toBe(true);
    expect(r.canReach(pp, details, 9080, { method: 'POST', path: '/details/0' }).allowed).toBe(false);
  });

  test('upstream\'s own namespace, default: reported, and the generated app says why it does not synthesize', () => {
    const inDefault = Importer.fromManifests(source('default'), { exceptionExpires: '2027-06-30' });
    const f = inDefault.findings.find(x => x.kind === ImportFindingKind.NOT_EXPRESSIBLE && x.subject === 'namespace default')!;
    expect(f.message).toContain('Deployment productpage-v1');
    expect(() => synthGenerated(inDefault.source)).toThrow(/namespace "default" is managed by Kubernetes/);
  });
});
