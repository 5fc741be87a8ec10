import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { buildLibraryApp, ENGINES } from '../../bench/generate';
import { examples } from '../../examples/registry';
import * as k8s from '../../src/backends/shared/plain/k8s';
import { plainJsonStats, setPlainJson } from '../../src/synth/plain-json';
import '../util/synth';

/** Every object's JSON, as text (so key order counts), through cdk8s's own path or the plain one. */
function render(build: (app: App) => void, plain: boolean): { texts: string[]; plain: number; fallback: number } {
  setPlainJson(plain);
  plainJsonStats(true);
  try {
    const app = new App();
    build(app);
    const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    const texts = objects.map(o => JSON.stringify(o.toJson()));
    return { texts, ...plainJsonStats(true) };
  } finally {
    setPlainJson(true);
  }
}

describe('plain-JSON toJson of the generated kinds', () => {
  for (const ex of examples()) {
    test(`${ex.name}: same JSON, same key order as cdk8s's resolver`, () => {
      const fast = render(app => ex.build(app), true);
      const slow = render(app => ex.build(app), false);
      expect(fast.texts).toEqual(slow.texts);
    });
  }

  for (const engine of ENGINES) {
    test(`benchmark app on ${engine}: same JSON, and the renderers' kinds take the plain path`, () => {
      const build = (app: App) => buildLibraryApp(app, 60, engine, 'chart-per-namespace');
      const fast = render(build, true);
      const slow = render(build, false);
      expect(fast.texts).toEqual(slow.texts);
      // Every object of the benchmark app is rendered by the library's renderers: all plain, no fallback.
      expect(fast.fallback).toBe(0);
      expect(fast.plain).toBe(fast.texts.length);
      expect(slow.plain).toBe(0);
    });
  }

  test('tokens, JSON patches and user metadata still go through cdk8s', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const a = new k8s.KubeServiceAccount(chart, 'a', { metadata: { name: Lazy.any({ produce: () => 'lazy-name' }) }, automountServiceAccountToken: Lazy.any({ produce: () => false }) });
    const token = { resolve: () => true };
    const d = new k8s.KubeServiceAccount(chart, 'd', { metadata: { name: 'd' }, automountServiceAccountToken: token as any });
    const b = new k8s.KubeServiceAccount(chart, 'b', { metadata: { name: 'b' }, automountServiceAccountToken: false });
    b.addJsonPatch(JsonPatch.add('/metadata/labels', { patched: 'yes' }));
    const c = new k8s.KubeNetworkPolicy(chart, 'c', { metadata: { name: 'c' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: k8s.IntOrString.fromNumber(80) }] }] } });
    c.metadata.addLabel('team', 'payments');
    plainJsonStats(true);
    expect(a.toJson()).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'lazy-name' }, automountServiceAccountToken: false });
    expect(d.toJson().automountServiceAccountToken).toBe(true);
    expect(b.toJson().metadata.labels).toEqual({ patched: 'yes' });
    expect(c.toJson()).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'c', labels: { team: 'payments' } },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] },
    });
    // a and c are plain (Lazy values are produced); b (patch) and d (implicit token) take cdk8s's path.
    expect(plainJsonStats()).toEqual({ plain: 2, fallback: 2 });
  });
});
