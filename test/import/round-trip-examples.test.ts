// Import round trip on the library's own examples (Istio Bookinfo, from istio/istio
// samples/bookinfo/platform/kube/bookinfo.yaml, and the payments scenario) on every profile:
// synthesize the example → import its manifests → run the generated app → the cluster with the
// generated policies in place of the source's allows exactly the same workload pairs on every port
// range, and the reported non-least-privilege findings are exactly what it closes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { synthGenerated } from './generated-app';
import { examples } from '../../examples/registry';
import { Equivalence, Reachability } from '../../src/audit';
import { AllowRoute } from '../../src/constructs/allow-route';
import { Importer, ImportFindingKind, ImportTarget, ReachabilityDiff } from '../../src/import';
import { expectValidManifests } from '../util/expect-valid';
import '../util/synth';

function synthExample(name: string): any[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-import-src-'));
  try {
    const app = new App({ outdir });
    examples().find(e => e.name === name)!.build(app);
    app.synth();
    return app.charts.flatMap(c => c.toJson());
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const CASES: Array<[string, ImportTarget]> = [
  ['bookinfo-networkpolicy', ImportTarget.NETWORK_POLICY],
  ['bookinfo-cilium', ImportTarget.CILIUM],
  ['bookinfo-istio-sidecar', ImportTarget.ISTIO_SIDECAR],
  ['bookinfo-istio-ambient', ImportTarget.ISTIO_AMBIENT],
  ['bookinfo-linkerd', ImportTarget.LINKERD],
  ['payments-networkpolicy', ImportTarget.NETWORK_POLICY],
  ['payments-istio-sidecar', ImportTarget.ISTIO_SIDECAR],
];

describe('import round trip on the examples', () => {
  for (const [name, target] of CASES) {
    test(`${name}: import → synthesize → same allowed pairs`, () => {
      const source = synthExample(name);
      const result = Importer.fromManifests(source, { exceptionExpires: '2027-06-30' });
      expect(result.target).toBe(target);
      const { app, objects } = synthGenerated(result.source);
      expectValidManifests(objects);
      const after = Importer.adopted(source, objects, result);
      const diff = ReachabilityDiff.between(source, after);
      expect(diff.opened).toEqual([]);
      const reported = result.findings.filter(f => f.kind === ImportFindingKind.NOT_LEAST_PRIVILEGE).map(f => `${f.source} → ${f.destination}`).sort();
      expect([...new Set(diff.closed.map(c => `${c.source} → ${c.destination}`))].sort()).toEqual(reported);
      // And every engine of the adopted cluster allows exactly the generated app's routes.
      const report = Equivalence.check(after, AllowRoute.intentsOf(app), { outside: false });
      expect(report.toText()).toBe(`${report.engines.map(Reachability.engineName).join(', ')}: equivalent to the intent.\n`);
    });
  }
});

describe('the round-trip check fails when the import is wrong', () => {
  const source = synthExample('bookinfo-networkpolicy');
  const result = Importer.fromManifests(source, { exceptionExpires: '2027-06-30' });

  test('Bookinfo: the upstream call graph, one route per workload pair, from the source policies', () => {
    // https://istio.io/latest/docs/examples/bookinfo/: productpage → details, productpage → reviews, reviews → ratings
    expect(result.routes.map(r => `${r.source} → ${r.destination}:${r.ports.join(',')}`).sort()).toEqual([
      'bookinfo/productpage → bookinfo/details:9080',
      'bookinfo/productpage → bookinfo/reviews-v1:9080',
      'bookinfo/productpage → bookinfo/reviews-v2:9080',
      'bookinfo/productpage → bookinfo/reviews-v3:9080',
      'bookinfo/reviews-v1 → bookinfo/ratings:9080',
      'bookinfo/reviews-v2 → bookinfo/ratings:9080',
      'bookinfo/reviews-v3 → bookinfo/ratings:9080',
    ]);
    expect(result.policies.find(p => p.policy === 'NetworkPolicy bookinfo/allow-productpage-to-details-ingress')!.routes)
      .toEqual(['bookinfo/productpage → bookinfo/details:9080']);
    // reviews v1-v3 share one service account upstream: each gets its own.
    expect(result.findings.filter(f => f.kind === ImportFindingKind.IDENTITY_CHANGE).map(f => f.subject))
      .toEqual(['Deployment bookinfo/reviews-v1', 'Deployment bookinfo/reviews-v2', 'Deployment bookinfo/reviews-v3']);
  });

  test('a generated app missing a route closes that pair, and the diff names it', () => {
    const broken = result.source.replace(/^ {2}bookinfoRatings\.allowFrom\(bookinfoReviewsV2,.*$/m, '');
    expect(broken).not.toBe(result.source);
    const { objects } = synthGenerated(broken);
    const diff = ReachabilityDiff.between(source, Importer.adopted(source, objects, result));
    expect(diff.opened).toEqual([]);
    expect(diff.closed.map(c => `${c.source} → ${c.destination}:${c.ports}`)).toEqual(['bookinfo/reviews-v2 → bookinfo/ratings-v1:9080']);
  });

  test('a policy that opens the namespace shows as opened', () => {
    const { objects } = synthGenerated(result.source);
    const openAll = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all', namespace: 'bookinfo' }, spec: { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] } };
    const diff = ReachabilityDiff.between(source, [...Importer.adopted(source, objects, result), openAll]);
    expect(diff.opened.length).toBeGreaterThan(0);
    expect(diff.opened.map(c => `${c.source} → ${c.destination}`)).toContain('world (203.0.113.10) → bookinfo/details-v1');
    expect(diff.toText()).toMatch(/^\d+ opened, 0 closed\.\n\+ /);
  });
});
