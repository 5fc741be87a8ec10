import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Engine, Equivalence, Reachability, VerdictStatus } from '../../src/audit';
import { AllowRoute } from '../../src/constructs/allow-route';
import { MeshService } from '../../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../../src/constructs/zero-trust-namespace';
import { Exception } from '../../src/model/exception';
import { Port } from '../../src/model/port';
import { ClusterProfile, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh } from '../../src/profile/mesh';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

// Issue 12, defect 10: client-only workloads (a load generator, a cron client) have no ports.
// - A ClusterIP Service needs at least one port (k8s.io/kubernetes pkg/apis/core/validation
//   ValidateService: spec.ports is required), so none is rendered.
// - Istio no longer requires a pod to belong to a Service (the "Service association" requirement
//   was dropped from https://istio.io/latest/docs/ops/deployment/requirements/); a DestinationRule
//   names a Service host, so none is rendered.
// - Linkerd Servers select the pod ports a workload serves (policy.linkerd.io Server
//   spec.port, /work/shared/crds/linkerd/server.yaml): none without ports; with the namespace's
//   default inbound policy `deny` nothing may connect to the client.

const accept = () => Exception.of({ reason: 'label-based identity until the mesh rollout (PLAT-88)', expires: '2027-03-31' });

const PROFILES: Array<[string, Mesh, NetworkPolicyEngine[], Engine[]]> = [
  ['no mesh, NetworkPolicy', Mesh.none(), [NetworkPolicyEngine.KUBERNETES], [Engine.NETWORK_POLICY]],
  ['no mesh, Cilium', Mesh.none(), [NetworkPolicyEngine.CILIUM], [Engine.CILIUM]],
  ['Istio sidecar, NetworkPolicy', Mesh.istioSidecar(), [NetworkPolicyEngine.KUBERNETES], [Engine.NETWORK_POLICY, Engine.ISTIO]],
  ['Istio ambient, NetworkPolicy', Mesh.istioAmbient(), [NetworkPolicyEngine.KUBERNETES], [Engine.NETWORK_POLICY, Engine.ISTIO]],
  ['Istio sidecar, Cilium', Mesh.istioSidecar(), [NetworkPolicyEngine.CILIUM], [Engine.CILIUM, Engine.ISTIO]],
  ['Linkerd, NetworkPolicy', Mesh.linkerd(), [NetworkPolicyEngine.KUBERNETES], [Engine.NETWORK_POLICY, Engine.LINKERD]],
];

function deployment(chart: Chart, name: string, port?: number): kplus.Deployment {
  return new kplus.Deployment(chart, name, {
    metadata: { name },
    containers: [{ name: 'app', image: `registry.example.com/${name}:1.0.0`, portNumber: port, securityContext: { user: 10001 } }],
  });
}

function build(mesh: Mesh, engines: NetworkPolicyEngine[]) {
  return (chart: Chart) => {
    const profile = new ClusterProfile({ mesh, networkPolicy: engines });
    const ns = new ZeroTrustNamespace(chart, 'load', { name: 'load', profile });
    const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], workload: deployment(chart, 'api', 8080) });
    const loadgen = new MeshService(ns, 'loadgen', { name: 'loadgen', serviceAccountName: 'load-generator', workload: deployment(chart, 'loadgen') });
    new MeshService(ns, 'other', { name: 'other', ports: [Port.http(8080)], workload: deployment(chart, 'other', 8080) });
    loadgen.allowTo(api, mesh.kind === 'NONE' ? { acceptL4Only: accept() } : {});
  };
}

describe('client-only MeshService (no ports)', () => {
  for (const [label, mesh, engines, present] of PROFILES) {
    test(`${label}: no Service, DestinationRule or Server for the client; it reaches the server and nothing reaches it`, () => {
      const objs = synthChart(build(mesh, engines));
      expectValidManifests(objs);
      // identity: its own ServiceAccount, bound to its pods
      expect(one(objs, 'ServiceAccount', 'load-generator').automountServiceAccountToken).toBe(false);
      expect(one(objs, 'Deployment', 'loadgen').spec.template.spec.serviceAccountName).toBe('load-generator');
      // nothing that needs a port
      expect(find(objs, 'Service').map(s => s.metadata.name).sort()).toEqual(['api', 'other']);
      expect(find(objs, 'DestinationRule').map(s => s.metadata.name).sort()).toEqual(mesh.isIstio ? ['api', 'other'] : []);
      expect(find(objs, 'Server').filter(s => JSON.stringify(s).includes('loadgen'))).toEqual([]);

      // Reachability agrees on every engine present
      const r = Reachability.fromManifests(objs);
      expect(r.enginesPresent).toEqual(present);
      const LOADGEN = { namespaceName: 'load', name: 'loadgen' };
      const API = { namespaceName: 'load', name: 'api' };
      const OTHER = { namespaceName: 'load', name: 'other' };
      for (const e of present) {
        expect([e, r.canReachWith(e, LOADGEN, API, 8080).status]).toEqual([e, VerdictStatus.ALLOWED]);
        expect([e, r.canReachWith(e, LOADGEN, OTHER, 8080).allowed]).toEqual([e, false]);
        expect([e, r.canReachWith(e, API, LOADGEN, 8080).allowed]).toEqual([e, false]);
        expect([e, r.canReachWith(e, OTHER, API, 8080).allowed]).toEqual([e, false]);
      }
      expect(r.canReach(LOADGEN, API, 8080).allowed).toBe(true);
    });
  }

  test('the declared route is the whole allowed graph (Equivalence), Istio sidecar', () => {
    const app = new App();
    const chart = new Chart(app, 'test');
    build(Mesh.istioSidecar(), [NetworkPolicyEngine.KUBERNETES])(chart);
    const intent = AllowRoute.intentsOf(app);
    expect(intent).toEqual([{ fromNamespace: 'load', fromServiceAccount: 'load-generator', toNamespace: 'load', toServiceAccount: 'api', port: 8080 }]);
    const report = Equivalence.check(chart.toJson(), intent);
    expect(report.equivalent).toBe(true);
  });

  test('a route to a client-only workload fails with a clear error', () => {
    const errors = synthErrors(chart => {
      const profile = new ClusterProfile({ mesh: Mesh.linkerd() });
      const ns = new ZeroTrustNamespace(chart, 'load', { name: 'load', profile });
      const api = new MeshService(ns, 'api', { name: 'api', ports: [Port.http(8080)], selector: { app: 'api' } });
      const loadgen = new MeshService(ns, 'loadgen', { name: 'loadgen', selector: { app: 'loadgen' } });
      loadgen.allowFrom(api);
    });
    expect(errors).toEqual([expect.stringMatching(/^\[test\/load\/loadgen\/AllowFrom-load-api-[0-9a-f]+\] loadgen is a client-only workload \(its MeshService has no ports\), so nothing can be routed to it: give the MeshService the ports it serves/)]);
  });

  test('serviceAccountName is validated (DNS-1123 subdomain, not "default")', () => {
    const errs = (sa: string) => synthErrors(chart => {
      const ns = new ZeroTrustNamespace(chart, 'load', { name: 'load', profile: new ClusterProfile({ mesh: Mesh.istioSidecar() }) });
      new MeshService(ns, 'loadgen', { name: 'loadgen', serviceAccountName: sa, selector: { app: 'loadgen' } });
    });
    expect(errs('Bad SA')).toEqual([expect.stringContaining('[test/load/loadgen] serviceAccountName "Bad SA" must be a DNS-1123 subdomain')]);
    expect(errs('default')).toEqual([expect.stringContaining('serviceAccountName "default" would reuse the namespace\'s default ServiceAccount')]);
    expect(errs('batch.clients')).toEqual([]);
  });
});
