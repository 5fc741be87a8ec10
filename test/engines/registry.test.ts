import { ApiObject, Chart, Lazy, Testing } from 'cdk8s';
import { EngineEvaluator } from '../../src/audit/reachability/engines/common';
import { Reachability } from '../../src/audit/reachability/reachability';
import { Engine, VerdictStatus } from '../../src/audit/reachability/types';
import { EngineRenderer, RouteRender } from '../../src/backends/contract';
import { AllowRoute } from '../../src/constructs/allow-route';
import { MeshService } from '../../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../../src/constructs/zero-trust-namespace';
import { allEngines, enginesFor, evaluatedEngines, registerEngineForTesting } from '../../src/engines/registry';
import { Exception } from '../../src/model/exception';
import { HttpMatch, HttpMethod } from '../../src/model/http-match';
import { NamespaceIntent } from '../../src/model/intents';
import { Peer } from '../../src/model/peer';
import { Port } from '../../src/model/port';
import { ServiceIntent } from '../../src/model/route-intent';
import { ClusterProfile, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh, MeshKind } from '../../src/profile/mesh';
import { synthChart, validationErrors } from '../util/synth';

/*
 * Which API groups each built-in engine's objects belong to (upstream):
 * - NetworkPolicy: networking.k8s.io/v1 NetworkPolicy, https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 * - Cilium: cilium.io/v2 CiliumNetworkPolicy, https://docs.cilium.io/en/stable/network/kubernetes/policy/
 * - Istio: security.istio.io / networking.istio.io, https://istio.io/latest/docs/reference/config/
 *   (the ambient waypoint is a Gateway API Gateway of class istio-waypoint, https://istio.io/latest/docs/ambient/usage/waypoint/)
 * - Linkerd: policy.linkerd.io, https://linkerd.io/2/reference/authorization-policy/
 */
function engineOf(o: any): string | undefined {
  const group = String(o.apiVersion).split('/')[0];
  if (o.kind === 'NetworkPolicy' && group === 'networking.k8s.io') return 'NETWORK_POLICY';
  if (group === 'cilium.io') return 'CILIUM';
  if (group === 'security.istio.io' || group === 'networking.istio.io' || (o.kind === 'Gateway' && o.spec?.gatewayClassName === 'istio-waypoint')) return 'ISTIO';
  if (group === 'policy.linkerd.io') return 'LINKERD';
  return undefined;
}

/** No mesh and no SPIRE: routes are label-based, which needs an accepted exception. */
const accept = () => Exception.of({ reason: 'registry test: label-based routes', expires: '2027-03-31' });

const KUBE = [NetworkPolicyEngine.KUBERNETES];
const CILIUM = [NetworkPolicyEngine.CILIUM];
const BOTH = [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM];
const meshes: Record<string, () => Mesh> = {
  none: () => Mesh.none(),
  sidecar: () => Mesh.istioSidecar(),
  ambient: () => Mesh.istioAmbient({ waypoints: true }),
  linkerd: () => Mesh.linkerd(),
};

function build(networkPolicy: NetworkPolicyEngine[], mesh: Mesh): any[] {
  return synthChart(chart => {
    const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy, mesh, apiServer: { cidrs: ['10.0.0.1/32'] } });
    const ns = new ZeroTrustNamespace(chart, 'ns', { name: 'shop', profile });
    const web = new MeshService(ns, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
    const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } });
    api.allowFrom(web, { acceptL4Only: mesh.providesIdentity ? undefined : accept() });
  });
}

describe('engine registry: each engine renders for exactly the profiles its predicate selects', () => {
  // Expected engines per (networkPolicy, mesh): written out, not derived from the predicates.
  test.each([
    ['kube', 'none', KUBE, ['NETWORK_POLICY']],
    ['kube', 'sidecar', KUBE, ['NETWORK_POLICY', 'ISTIO']],
    ['kube', 'ambient', KUBE, ['NETWORK_POLICY', 'ISTIO']],
    ['kube', 'linkerd', KUBE, ['NETWORK_POLICY', 'LINKERD']],
    ['cilium', 'none', CILIUM, ['CILIUM']],
    ['cilium', 'sidecar', CILIUM, ['CILIUM', 'ISTIO']],
    ['cilium', 'linkerd', CILIUM, ['CILIUM', 'LINKERD']],
    ['both', 'none', BOTH, ['NETWORK_POLICY', 'CILIUM']],
    ['both', 'ambient', BOTH, ['NETWORK_POLICY', 'CILIUM', 'ISTIO']],
  ] as Array<[string, string, NetworkPolicyEngine[], string[]]>)('network policy %s, mesh %s', (_n, meshName, np, want) => {
    const mesh = meshes[meshName]();
    const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy: np, mesh });
    expect(enginesFor(profile, mesh).map(e => e.id)).toEqual(want);
    const rendered = new Set(build(np, mesh).map(engineOf).filter(x => x !== undefined));
    expect([...rendered].sort()).toEqual([...want].sort());
  });

  test('every engine is registered once, in the audit Engine order, and every built-in engine has an evaluator', () => {
    const ids = allEngines().map(e => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(Object.values(Engine));
    expect(evaluatedEngines().map(e => e.id)).toEqual(Object.values(Engine));
    expect(allEngines().map(e => Reachability.engineName(e.id as Engine))).toEqual(['NetworkPolicy', 'Cilium', 'Istio', 'Linkerd']);
  });
});

interface Call { hook: string; detail: any }

/** A fake engine: records every hook with the intent it received and renders one ConfigMap per call. */
function fakeEngine(calls: Call[], opts: { waypoint?: boolean; forbidPort?: number } = {}): EngineRenderer {
  const cm = (scope: any, id: string, name: string, ns: string | undefined, data: any) =>
    new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data } as any);
  return {
    renderCluster: ctx => {
      calls.push({ hook: 'cluster', detail: ctx.profile });
      cm(ctx.scope, 'FakeCluster', 'fake-cluster', 'fake-system', { namespaces: Lazy.any({ produce: () => ctx.namespaces().map(n => n.name).join(',') }) });
    },
    checkNamespace: ctx => calls.push({ hook: 'checkNamespace', detail: ctx.intent }),
    checkService: ctx => {
      calls.push({ hook: 'checkService', detail: ctx.service });
      if (ctx.service.ports.some(p => p.number === opts.forbidPort)) ctx.problem(`fake engine: service port ${opts.forbidPort} is not allowed`);
    },
    renderNamespace: ctx => {
      calls.push({ hook: 'namespace', detail: ctx.intent });
      cm(ctx.scope, 'FakeNamespace', 'fake-baseline', ctx.intent.name, { mesh: ctx.mesh.kind });
    },
    renderService: ctx => {
      calls.push({ hook: 'service', detail: ctx.service });
      if (opts.waypoint) ctx.useWaypoint();
    },
    checkRoute: ctx => {
      calls.push({ hook: `checkRoute:${ctx.side}`, detail: ctx.route });
      if (ctx.route.ports.some(p => p.number === opts.forbidPort)) ctx.problem(`fake engine: port ${opts.forbidPort} is not allowed`);
    },
    renderRouteIngress: (ctx: RouteRender) => {
      calls.push({ hook: 'ingress', detail: { route: ctx.route, first: ctx.firstTime('k'), again: ctx.firstTime('k') } });
      cm(ctx.scope, `${ctx.route.name}-FakeIngress`, `${ctx.route.name}-fake`, ctx.route.to.namespace, {
        waypoint: Lazy.any({ produce: () => String(ctx.destinationUsesWaypoint()) }),
      });
    },
    renderRouteEgress: ctx => calls.push({ hook: 'egress', detail: ctx.route }),
    renderWaypoint: ctx => calls.push({ hook: 'waypoint', detail: { service: ctx.service.name, first: ctx.namespaceScope !== undefined } }),
  };
}

function withFake<T>(
  renderer: EngineRenderer, appliesTo: (p: ClusterProfile, m: Mesh) => boolean, body: () => T, evaluator?: () => EngineEvaluator,
): T {
  const remove = registerEngineForTesting({
    id: 'FAKE',
    label: 'Fake',
    appliesTo,
    renderer: () => renderer,
    evaluator: evaluator ? () => () => evaluator() : undefined,
  });
  try {
    return body();
  } finally {
    remove();
  }
}

describe('a registered engine receives every hook with intent, without any construct change', () => {
  test('cluster once per app and profile, namespace, service, route ingress and egress; its objects are synthesized', () => {
    const calls: Call[] = [];
    const objs = withFake(fakeEngine(calls), (_p, m) => m.kind === MeshKind.NONE, () => synthChart(chart => {
      const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy: KUBE });
      const shop = new ZeroTrustNamespace(chart, 'shop', { name: 'shop', profile });
      const web = new MeshService(shop, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
      const api = new MeshService(shop, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } });
      new AllowRoute(chart, 'r', { source: web, destination: api, ports: [Port.http(8080)], acceptL4Only: accept() });
      // A namespace built after the cluster hook ran is still listed at synthesis.
      new ZeroTrustNamespace(chart, 'later', { name: 'later', profile });
    }));
    expect(calls.filter(c => c.hook === 'cluster')).toHaveLength(1);
    expect(objs.find(o => o.metadata.name === 'fake-cluster').data.namespaces).toBe('shop,later');
    const nsIntents = calls.filter(c => c.hook === 'namespace').map(c => (c.detail as NamespaceIntent).name);
    expect(nsIntents).toEqual(['shop', 'later']);
    expect(calls.filter(c => c.hook === 'checkNamespace')).toHaveLength(2);
    expect(calls.filter(c => c.hook === 'checkService').map(c => (c.detail as ServiceIntent).name)).toEqual(['web', 'api']);
    const services = calls.filter(c => c.hook === 'service').map(c => c.detail as ServiceIntent);
    expect(services.map(s => `${s.namespace}/${s.name}/${s.serviceAccount}`)).toEqual(['shop/web/web', 'shop/api/api']);
    expect(services[1].ports.map(p => p.number)).toEqual([8080]);
    const ingress = calls.filter(c => c.hook === 'ingress');
    expect(ingress).toHaveLength(1);
    expect(ingress[0].detail.route.name).toBe('allow-web-to-api');
    expect(ingress[0].detail.route.from.serviceAccount).toBe('web');
    expect(ingress[0].detail.route.to.podLabels).toEqual({ app: 'api' });
    expect([ingress[0].detail.first, ingress[0].detail.again]).toEqual([true, false]);
    expect(calls.filter(c => c.hook === 'egress').map(c => c.detail.name)).toEqual(['allow-web-to-api']);
    expect(calls.filter(c => c.hook.startsWith('checkRoute')).map(c => c.hook)).toEqual(['checkRoute:ingress', 'checkRoute:egress']);
    // The fake objects land next to the built-in engine's, in the namespace they belong to.
    expect(objs.find(o => o.metadata.name === 'fake-baseline' && o.metadata.namespace === 'shop').data).toEqual({ mesh: 'NONE' });
    expect(objs.find(o => o.metadata.name === 'allow-web-to-api-fake').data).toEqual({ waypoint: 'false' });
    expect(objs.some(o => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-web-to-api-ingress')).toBe(true);
  });

  test('a route added after the service still reaches the engine; the predicate keeps it off other meshes', () => {
    const calls: Call[] = [];
    withFake(fakeEngine(calls), (_p, m) => m.kind === MeshKind.LINKERD, () => synthChart(chart => {
      const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy: KUBE, mesh: Mesh.istioSidecar() });
      const ns = new ZeroTrustNamespace(chart, 'ns', { name: 'shop', profile });
      const web = new MeshService(ns, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
      const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } });
      api.allowFrom(web);
    }));
    expect(calls).toEqual([]);
    const seen: Call[] = [];
    withFake(fakeEngine(seen), (_p, m) => m.kind === MeshKind.LINKERD, () => synthChart(chart => {
      const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy: KUBE, mesh: Mesh.linkerd({ cni: true }) });
      const ns = new ZeroTrustNamespace(chart, 'ns', { name: 'shop', profile });
      const web = new MeshService(ns, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
      const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } });
      api.allowFrom(web);
      new MeshService(ns, 'late', { name: 'late', ports: [Port.http(9090)], selector: { app: 'late' } }).allowTo(api);
    }));
    expect(seen.filter(c => c.hook === 'ingress').map(c => c.detail.route.name)).toEqual(['allow-web-to-api', 'allow-late-to-api']);
  });

  test('problems reported by checkService and checkRoute fail synthesis under the service and the route', () => {
    withFake(fakeEngine([], { forbidPort: 9000 }), (_p, m) => m.kind === MeshKind.NONE, () => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy: KUBE });
      const ns = new ZeroTrustNamespace(chart, 'ns', { name: 'shop', profile });
      const web = new MeshService(ns, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
      const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.tcp(9000)], selector: { app: 'api' } });
      new AllowRoute(chart, 'r', { source: web, destination: api, acceptL4Only: accept() });
      expect(validationErrors(app)).toEqual(expect.arrayContaining([
        '[test/ns/api] fake engine: service port 9000 is not allowed',
        '[test/r] fake engine: port 9000 is not allowed',
      ]));
    });
  });

  test('useWaypoint from an engine renders its own waypoint part first, then the other engines\' (Istio ambient Gateway)', () => {
    const calls: Call[] = [];
    const objs = withFake(fakeEngine(calls, { waypoint: true }), (_p, m) => m.kind === MeshKind.ISTIO_AMBIENT, () => synthChart(chart => {
      const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy: KUBE, mesh: Mesh.istioAmbient({ waypoints: true }) });
      const ns = new ZeroTrustNamespace(chart, 'ns', { name: 'shop', profile });
      new MeshService(ns, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
      new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } });
    }));
    expect(calls.filter(c => c.hook === 'waypoint').map(c => c.detail)).toEqual([{ service: 'web', first: true }, { service: 'api', first: false }]);
    // Istio's waypoint part (https://istio.io/latest/docs/ambient/usage/waypoint/): one Gateway of class istio-waypoint
    // per namespace, and services opt in with the istio.io/use-waypoint label.
    expect(objs.filter(o => o.kind === 'Gateway' && o.spec.gatewayClassName === 'istio-waypoint')).toHaveLength(1);
    expect(objs.filter(o => o.kind === 'Service').map(o => o.metadata.labels['istio.io/use-waypoint'])).toEqual(['waypoint', 'waypoint']);
  });

  test('an HTTP route in ambient mode: the destination uses the waypoint by synthesis time, read lazily by every engine', () => {
    const calls: Call[] = [];
    const objs = withFake(fakeEngine(calls), (_p, m) => m.kind === MeshKind.ISTIO_AMBIENT, () => synthChart(chart => {
      const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy: KUBE, mesh: Mesh.istioAmbient({ waypoints: true }) });
      const ns = new ZeroTrustNamespace(chart, 'ns', { name: 'shop', profile });
      const web = new MeshService(ns, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
      const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } });
      api.allowFrom(web);
      api.allowFrom(Peer.podsInNamespace('other'), { http: [HttpMatch.of({ methods: [HttpMethod.GET], path: '/' })] });
    }));
    // The first route was rendered before the second asked for the waypoint; its lazily read flag is final at synthesis.
    expect(objs.find(o => o.metadata.name === 'allow-web-to-api-fake').data).toEqual({ waypoint: 'true' });
    expect(calls.filter(c => c.hook === 'waypoint').map(c => c.detail)).toEqual([{ service: 'api', first: true }]);
  });
});

describe('the audit uses the same registry', () => {
  test('a registered engine with an evaluator is evaluated, reported under its label, and combined', () => {
    const evaluator = (): EngineEvaluator => ({
      engine: 'FAKE',
      enforcesEgress: false,
      nodeReachesItsPods: false,
      enforcesL7: () => false,
      present: () => true,
      evaluate: () => ({ status: VerdictStatus.DENIED, reasons: ['fake policy denies everything'], l7: [] }),
    });
    const manifests = synthChart(chart => {
      const profile = new ClusterProfile({ trustDomain: 'cluster.local', networkPolicy: KUBE });
      const ns = new ZeroTrustNamespace(chart, 'ns', { name: 'shop', profile });
      const web = new MeshService(ns, 'web', { name: 'web', ports: [Port.http(8080)], selector: { app: 'web' } });
      const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } });
      api.allowFrom(web, { acceptL4Only: accept() });
      new ApiObject(chart, 'web-pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { serviceAccountName: 'web', containers: [{ name: 'c', image: 'x' }] } } as any);
      new ApiObject(chart, 'api-pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } }, spec: { serviceAccountName: 'api', containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }] }] } } as any);
    });
    const web = { namespaceName: 'shop', name: 'web' };
    const api = { namespaceName: 'shop', name: 'api' };
    // Without the fake engine, NetworkPolicy allows the declared route.
    expect(Reachability.fromManifests(manifests).canReach(web, api, 8080).status).toBe(VerdictStatus.ALLOWED);
    withFake(fakeEngine([]), () => false, () => {
      const r = Reachability.fromManifests(manifests);
      expect(r.enginesPresent).toEqual(['NETWORK_POLICY', 'FAKE']);
      expect(Reachability.engineName('FAKE' as Engine)).toBe('Fake');
      const v = r.canReach(web, api, 8080);
      expect(v.status).toBe(VerdictStatus.DENIED);
      expect(v.reasons).toContain('Fake: fake policy denies everything');
    }, evaluator);
  });
});
