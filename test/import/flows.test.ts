// Flows → intent. Fixtures are written for this repository in the upstream export formats:
// - fixtures/bookinfo-hubble.jsonl: `hubble observe -o json` lines ({"flow": ..., "node_name", "time"}) with the
//   field names of cilium/cilium api/v1/flow/flow.proto (Apache-2.0; Endpoint namespace/labels/pod_name/workloads,
//   Layer4 TCP destination_port, Layer7 type REQUEST + http method/url, verdict, is_reply, destination_names),
//   for Istio's Bookinfo call graph (https://istio.io/latest/docs/examples/bookinfo/), pod names and service
//   accounts as istio/istio samples/bookinfo/platform/kube/bookinfo.yaml deploys them;
// - fixtures/payments-istio-access-log.jsonl: Istio sidecar access log in JSON (Istio's default fields,
//   https://istio.io/latest/docs/tasks/observability/logs/access-log/) of the inbound side, with Envoy's
//   %DOWNSTREAM_PEER_URI_SAN% and %DOWNSTREAM_LOCAL_URI_SAN% command operators
//   (https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#command-operators).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { synthGenerated } from './generated-app';
import { examples } from '../../examples/registry';
import { Audit, Equivalence, Reachability } from '../../src/audit';
import { AllowRoute } from '../../src/constructs/allow-route';
import { Importer, ImportFindingKind, ImportTarget } from '../../src/import';
import { pathRule, workloadNameOfPod } from '../../src/import/internal/from-flows';
import { expectValidManifests } from '../util/expect-valid';
import '../util/synth';

const HUBBLE = fs.readFileSync(path.join(__dirname, 'fixtures', 'bookinfo-hubble.jsonl'), 'utf8');
const ENVOY = fs.readFileSync(path.join(__dirname, 'fixtures', 'payments-istio-access-log.jsonl'), 'utf8');

const edge = (r: { source: string; destination: string; ports: number[]; http: string[] }) => `${r.source} → ${r.destination}:${r.ports.join(',')}${r.http.length ? ` ${r.http.join(' | ')}` : ''}`;

describe('flows → intent: Hubble', () => {
  const result = Importer.fromFlows(HUBBLE, { minCount: 2, exceptionExpires: '2027-06-30' });

  test('pod-level flows aggregate to workloads, ports and HTTP method/path prefixes; replies, UDP, drops and node traffic do not', () => {
    expect(result.target).toBe(ImportTarget.CILIUM);
    expect(result.routes.map(edge).sort()).toEqual([
      'bookinfo/productpage-v1 → bookinfo/details-v1:9080 GET /details*',
      'bookinfo/productpage-v1 → bookinfo/reviews-v1:9080 GET /reviews*',
      'bookinfo/productpage-v1 → bookinfo/reviews-v2:9080 GET /reviews*',
      'bookinfo/productpage-v1 → bookinfo/reviews-v3:9080 GET /reviews*',
      'bookinfo/productpage-v1 → fqdn:api.example.com:443',
      'bookinfo/reviews-v2 → bookinfo/ratings-v1:9080 GET /ratings*',
      'bookinfo/reviews-v3 → bookinfo/ratings-v1:9080 GET /ratings*',
    ]);
    expect(result.routes.find(r => r.destination === 'bookinfo/details-v1')!.count).toBe(4); // four requests, not 4 connections + 4 requests
    expect(result.findings.filter(f => f.kind === ImportFindingKind.BELOW_NOISE_FLOOR).map(f => f.subject)).toEqual(['bookinfo/details-v1 → bookinfo/ratings-v1:9080']);
    expect(result.findings.filter(f => f.kind === ImportFindingKind.IGNORED_FLOW).map(f => f.subject)).toEqual(
      ['1 flow with verdict DROPPED (POLICY_DENIED)', '2 flows from host']);
    // the internet client becomes a suggestion, not a route
    const outside = result.findings.find(f => f.kind === ImportFindingKind.NOT_LEAST_PRIVILEGE)!;
    expect(outside.subject).toBe('bookinfo/productpage-v1');
    expect(outside.suggestion).toContain("Peer.cidr('<the callers’ range, e.g. 198.51.100.7/32>')");
  });

  test('a noise floor of 1 keeps the rare flow', () => {
    const all = Importer.fromFlows(HUBBLE, { exceptionExpires: '2027-06-30' });
    expect(all.routes.map(edge)).toContain('bookinfo/details-v1 → bookinfo/ratings-v1:9080');
  });

  test('the generated app synthesizes schema-valid manifests the audit finds clean', () => {
    const { app, objects } = synthGenerated(result.source);
    expectValidManifests(objects);
    expect(Audit.of(app).findings.map(f => `[${f.ruleId}] ${f.kind}/${f.namespaceName ?? ''}/${f.name}: ${f.message}`)).toEqual([]);
    // pod labels from the flows (k8s: source, Cilium's own io.* labels dropped)
    const details = result.services.find(s => s.name === 'details-v1')!;
    expect(details.selector).toEqual({ app: 'details', version: 'v1' });
    expect(details.serviceAccount).toBe('bookinfo-details');
  });

  test('with the cluster\'s manifests, flows map to its workloads and the adopted cluster allows exactly the observed routes', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-flows-'));
    const app = new App({ outdir });
    examples().find(e => e.name === 'bookinfo-cilium')!.build(app);
    const manifests = app.charts.flatMap(c => c.toJson());
    fs.rmSync(outdir, { recursive: true, force: true });
    const withManifests = Importer.fromFlows(HUBBLE, { minCount: 2, manifests, exceptionExpires: '2027-06-30' });
    expect(withManifests.routes.map(edge).filter(x => !x.includes('fqdn')).sort()).toEqual([
      'bookinfo/productpage → bookinfo/details:9080 GET /details*',
      'bookinfo/productpage → bookinfo/reviews-v1:9080 GET /reviews*',
      'bookinfo/productpage → bookinfo/reviews-v2:9080 GET /reviews*',
      'bookinfo/productpage → bookinfo/reviews-v3:9080 GET /reviews*',
      'bookinfo/reviews-v2 → bookinfo/ratings:9080 GET /ratings*',
      'bookinfo/reviews-v3 → bookinfo/ratings:9080 GET /ratings*',
    ]);
    const generated = synthGenerated(withManifests.source);
    expectValidManifests(generated.objects);
    const after = Importer.adopted(manifests, generated.objects, withManifests);
    const report = Equivalence.check(after, AllowRoute.intentsOf(generated.app), { outside: false });
    expect(report.toText()).toBe(`${report.engines.map(Reachability.engineName).join(', ')}: equivalent to the intent.\n`);
    // reviews-v1 was never seen calling ratings: denied now
    const r = Reachability.fromManifests(after);
    expect(r.canReach({ namespaceName: 'bookinfo', name: 'reviews-v1' }, { namespaceName: 'bookinfo', name: 'ratings-v1' }, 9080).allowed).toBe(false);
    expect(r.canReach({ namespaceName: 'bookinfo', name: 'reviews-v2' }, { namespaceName: 'bookinfo', name: 'ratings-v1' }, 9080, { method: 'GET', path: '/ratings/0' }).allowed).toBe(true);
    expect(r.canReach({ namespaceName: 'bookinfo', name: 'reviews-v2' }, { namespaceName: 'bookinfo', name: 'ratings-v1' }, 9080, { method: 'DELETE', path: '/ratings/0' }).allowed).toBe(false);
  });
});

describe('flows → intent: Istio access logs', () => {
  const result = Importer.fromFlows(ENVOY, { minCount: 2, exceptionExpires: '2027-06-30' });

  test('inbound entries with both identities become routes by service account; ids become prefixes; denied and client-side entries do not', () => {
    expect(result.target).toBe(ImportTarget.ISTIO_SIDECAR);
    expect(result.routes.map(edge)).toEqual(['payments/checkout-service → payments/payment-processor:8080 GET /v1/payments* | POST /v1/payments']);
    expect(result.findings.filter(f => f.kind === ImportFindingKind.BELOW_NOISE_FLOOR)).toEqual([]);
    expect(result.findings.filter(f => f.kind === ImportFindingKind.IGNORED_FLOW).map(f => f.subject)).toEqual(
      ['1 access-log entry', '1 flow with verdict RBAC denied (access log)']);
  });

  test('the generated app synthesizes valid manifests, audited clean, allowing exactly the observed requests', () => {
    const { app, objects } = synthGenerated(result.source);
    expectValidManifests(objects);
    expect(Audit.of(app).findings.map(f => `[${f.ruleId}] ${f.kind}/${f.namespaceName ?? ''}/${f.name}: ${f.message}`)).toEqual([]);
    const base = { fromNamespace: 'payments', fromServiceAccount: 'checkout-service', toNamespace: 'payments', toServiceAccount: 'payment-processor', port: 8080 };
    expect(AllowRoute.intentsOf(app)).toEqual([
      { ...base, methods: ['GET'], paths: ['/v1/payments*'] },
      { ...base, methods: ['POST'], paths: ['/v1/payments'] },
    ]);
  });
});

describe('flow helpers', () => {
  test.each([
    ['productpage-v1-5d9b4c9849-x7kfn', 'productpage-v1'], // Deployment: <name>-<pod-template-hash>-<5>
    ['web-0', 'web'], // StatefulSet ordinal
    ['fluentd-8qz2x', 'fluentd'], // DaemonSet
  ])('pod %s belongs to workload %s', (pod, workload) => expect(workloadNameOfPod(pod)).toBe(workload));

  test.each([
    ['/v1/payments', { path: '/v1/payments' }],
    ['/v1/payments/4711', { prefix: '/v1/payments' }],
    ['/orders/3f2b8c1e-9a7d-4c2b-8e1f-0a9b8c7d6e5f/items', { path: '/orders/3f2b8c1e-9a7d-4c2b-8e1f-0a9b8c7d6e5f/items' }],
    ['/objects/deadbeef42', { prefix: '/objects' }],
    ['/123', { prefix: '/' }],
  ])('path %s → %j', (p, rule) => expect(pathRule(p)).toEqual(rule));
});
