// Istio's Bookinfo (examples/bookinfo/topology.ts, from istio/istio samples/bookinfo/platform/kube/bookinfo.yaml
// at 0c9b9a335743b2f363acd7ab4354639c1f1e946f) on all five profiles: on every engine, evaluated by Reachability
// on the synthesized manifests, the allowed workload pairs equal the upstream call graph
// (https://istio.io/latest/docs/examples/bookinfo/: productpage → details, productpage → reviews, reviews → ratings),
// no more and no less, on every port range, and nothing outside the app reaches it or is reached from it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { BOOKINFO_PORT, CALL_GRAPH } from '../../examples/bookinfo/topology';
import { examples } from '../../examples/registry';
import { Engine, Equivalence, OutsidePeer, Reachability } from '../../src/audit';
import { AllowRoute } from '../../src/constructs/allow-route';
import '../util/synth';

function synth(name: string): { objects: any[]; app: App } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-bookinfo-'));
  try {
    const app = new App({ outdir });
    examples().find(e => e.name === name)!.build(app);
    app.synth();
    return { objects: app.charts.flatMap(c => c.toJson()), app };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const PROFILES: Array<[string, Engine[]]> = [
  ['bookinfo-networkpolicy', [Engine.NETWORK_POLICY]],
  ['bookinfo-cilium', [Engine.CILIUM]],
  ['bookinfo-istio-sidecar', [Engine.NETWORK_POLICY, Engine.ISTIO]],
  ['bookinfo-istio-ambient', [Engine.NETWORK_POLICY, Engine.ISTIO]],
  ['bookinfo-linkerd', [Engine.NETWORK_POLICY, Engine.LINKERD]],
];

// The upstream workloads (Deployments) and which service each belongs to.
const WORKLOADS: Record<string, string> = {
  'details-v1': 'details', 'ratings-v1': 'ratings', 'reviews-v1': 'reviews', 'reviews-v2': 'reviews', 'reviews-v3': 'reviews', 'productpage-v1': 'productpage',
};
// Every allowed workload pair: the call graph expanded to the workloads of each service (reviews v1/v2/v3 share one identity).
const EXPECTED = Object.keys(WORKLOADS).flatMap(a => Object.keys(WORKLOADS).filter(b => a !== b
  && CALL_GRAPH.some(([f, t]) => WORKLOADS[a] === f && WORKLOADS[b] === t)).map(b => `${a} → ${b}:${BOOKINFO_PORT}`)).sort();

describe('Bookinfo on every profile', () => {
  test('the expected pairs are the upstream call graph', () => {
    expect(EXPECTED).toEqual([
      'productpage-v1 → details-v1:9080',
      'productpage-v1 → reviews-v1:9080', 'productpage-v1 → reviews-v2:9080', 'productpage-v1 → reviews-v3:9080',
      'reviews-v1 → ratings-v1:9080', 'reviews-v2 → ratings-v1:9080', 'reviews-v3 → ratings-v1:9080',
    ]);
  });

  for (const [name, engines] of PROFILES) {
    const { objects, app } = synth(name);
    const r = Reachability.fromManifests(objects);

    test(`${name}: the engines present are ${engines.map(Reachability.engineName).join(', ')}`, () => {
      expect(r.enginesPresent).toEqual(engines);
      expect(r.workloads().map(w => w.name).sort()).toEqual(Object.keys(WORKLOADS).sort());
    });

    for (const engine of engines) {
      test(`${name} on ${Reachability.engineName(engine)}: allowed workload pairs, over every port range, are exactly the call graph`, () => {
        const allowed: string[] = [];
        const ranges = r._portClasses();
        for (const a of r.workloads()) {
          for (const b of r.workloads()) {
            if (a === b) continue;
            for (const c of ranges) {
              if (c.from === 53) continue; // DNS: not an edge between workloads
              if (r.canReachWith(engine, a, b, c.from).allowed) allowed.push(`${a.name} → ${b.name}:${c.from === c.to ? c.from : `${c.from}-${c.to}`}`);
            }
          }
        }
        // Istio ambient: ztunnel tunnels each connection to the destination's HBONE port 15008, so an L3/L4 engine
        // must allow each call-graph pair on it too (https://istio.io/latest/docs/ambient/architecture/hbone/).
        const hbone = name.endsWith('ambient') && engine === Engine.NETWORK_POLICY ? EXPECTED.map(x => x.replace(/:9080$/, ':15008')) : [];
        expect(allowed.sort()).toEqual([...EXPECTED, ...hbone].sort());
      });
    }

    test(`${name}: the combined verdict allows exactly the call graph, and no outside peer reaches a workload on 9080 or a high port`, () => {
      for (const a of r.workloads()) {
        for (const b of r.workloads()) {
          if (a === b) continue;
          const expected = EXPECTED.includes(`${a.name} → ${b.name}:${BOOKINFO_PORT}`);
          expect([a.name, b.name, r.canReach(a, b, BOOKINFO_PORT).allowed]).toEqual([a.name, b.name, expected]);
        }
      }
    });

    // On Cilium this failed before the default-deny got `ingress: [{}]` (issue 12 defect 1): productpage has
    // no route into it, so no ingress rule selected it (https://docs.cilium.io/en/stable/security/policy/intro/).
    test(`${name}: nothing outside the app (world, node, unrelated namespace) reaches it, on any port, on any engine`, () => {
      for (const b of r.workloads()) {
        for (const peer of [OutsidePeer.world(), OutsidePeer.unrelatedNamespace(), OutsidePeer.unrelatedNamespace({ meshed: false })]) {
          for (const port of [BOOKINFO_PORT, 47823]) {
            const v = r.canReachFromOutside(peer, b, port);
            for (const e of v.engines.filter(x => engines.includes(x.engine))) {
              expect([peer.description, b.name, port, e.engine, e.allowed]).toEqual([peer.description, b.name, port, e.engine, false]);
            }
          }
        }
      }
      const report = Equivalence.check(objects, AllowRoute.intentsOf(app));
      expect(report.toText()).toBe(`${engines.map(Reachability.engineName).join(', ')}: equivalent to the intent.\n`);
    });

    test(`${name}: no workload reaches outside the app (combined), on 9080 or a high port`, () => {
      for (const a of r.workloads()) {
        for (const peer of [OutsidePeer.world(), OutsidePeer.node(), OutsidePeer.unrelatedNamespace()]) {
          for (const port of [BOOKINFO_PORT, 47823]) {
            expect([a.name, peer.description, port, r.canReachOutside(a, peer, port).allowed]).toEqual([a.name, peer.description, port, false]);
          }
        }
      }
    });
  }
});
