import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MeshService, MeshServiceProps } from '../../src/constructs/mesh-service';
import { ZeroTrustNamespace, ZeroTrustNamespaceProps } from '../../src/constructs/zero-trust-namespace';
import { Exception } from '../../src/model/exception';
import { Port } from '../../src/model/port';
import { TrafficPolicy } from '../../src/model/traffic-policy';
import { ClusterProfile, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh } from '../../src/profile/mesh';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

const valid = () => Exception.of({ reason: 'operator reads ConfigMaps through the API (OPS-7)', expires: '2027-03-31' });

function deployment(chart: Chart, id: string, extra: Partial<kplus.DeploymentProps> = {}): kplus.Deployment {
  return new kplus.Deployment(chart, id, {
    containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0', portNumber: 8080, readiness: kplus.Probe.fromHttpGet('/ready') }],
    ...extra,
  });
}

function build(
  mesh: Mesh, engines: NetworkPolicyEngine[], svc: (chart: Chart) => Partial<MeshServiceProps>, nsProps: Partial<ZeroTrustNamespaceProps> = {},
) {
  return (chart: Chart) => {
    const profile = new ClusterProfile({ trustDomain: 'prod.example.com', mesh, networkPolicy: engines });
    const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile, ...nsProps });
    new MeshService(ns, 'processor', { name: 'payment-processor', ports: [Port.http(8080)], ...svc(chart) } as MeshServiceProps);
  };
}

describe('MeshService', () => {
  test('dedicated ServiceAccount, Service with appProtocol, workload bound (Istio sidecar)', () => {
    const objs = synthChart(build(Mesh.istioSidecar(), [NetworkPolicyEngine.KUBERNETES], chart => ({
      ports: [Port.http(8080), Port.grpc(9000), Port.opaque(5432, { name: 'pg' })],
      workload: deployment(chart, 'deploy'),
    })));
    expectValidManifests(objs);
    const sa = one(objs, 'ServiceAccount', 'payment-processor');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.namespace).toBe('payments');
    const svc = one(objs, 'Service', 'payment-processor');
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/name': 'payment-processor' });
    expect(svc.spec.ports).toEqual([
      { name: 'http-8080', port: 8080, targetPort: 8080, protocol: 'TCP', appProtocol: 'http' },
      { name: 'grpc-9000', port: 9000, targetPort: 9000, protocol: 'TCP', appProtocol: 'grpc' },
      { name: 'pg', port: 5432, targetPort: 5432, protocol: 'TCP', appProtocol: 'tcp' },
    ]);
    const dep = find(objs, 'Deployment')[0];
    expect(dep.metadata.namespace).toBe('payments');
    expect(dep.spec.template.spec.serviceAccountName).toBe('payment-processor');
    expect(dep.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(dep.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('payment-processor');
    const dr = one(objs, 'DestinationRule', 'payment-processor');
    expect(dr.spec).toEqual({ host: 'payment-processor.payments.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    expect(find(objs, 'VirtualService')).toHaveLength(0);
  });

  test('selector binding for pods deployed elsewhere', () => {
    const objs = synthChart(build(Mesh.none(), [NetworkPolicyEngine.KUBERNETES], () => ({ selector: { app: 'legacy-processor' } })));
    expectValidManifests(objs);
    expect(one(objs, 'Service', 'payment-processor').spec.selector).toEqual({ app: 'legacy-processor' });
    expect(find(objs, 'DestinationRule')).toHaveLength(0);
    expect(find(objs, 'Server')).toHaveLength(0);
  });

  test('token automount only with a justified exception, recorded as annotations', () => {
    const objs = synthChart(build(Mesh.none(), [NetworkPolicyEngine.KUBERNETES], chart => ({
      workload: deployment(chart, 'deploy'), serviceAccountToken: valid(),
    })));
    expectValidManifests(objs);
    const sa = one(objs, 'ServiceAccount', 'payment-processor');
    expect(sa.automountServiceAccountToken).toBe(true);
    expect(sa.metadata.annotations['zero-trust.cdk8s.io/exception.service-account-token']).toContain('OPS-7');
    expect(find(objs, 'Deployment')[0].spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('Linkerd: one Server per port with its proxyProtocol; opaque ports annotated', () => {
    const objs = synthChart(build(Mesh.linkerd(), [NetworkPolicyEngine.KUBERNETES], chart => ({
      ports: [Port.http(8080), Port.http2(8081), Port.grpc(9000), Port.opaque(5432, { name: 'pg' }), Port.tcp(7000)],
      metricsPort: Port.http(9102, { name: 'metrics' }),
      workload: deployment(chart, 'deploy'),
    }), { allowMonitoring: {} }));
    expectValidManifests(objs);
    const servers = find(objs, 'Server').filter(s => s.spec.podSelector.matchLabels);
    expect(servers.map(s => [s.metadata.name, s.spec.port, s.spec.proxyProtocol])).toEqual([
      ['payment-processor-http-8080', 8080, 'HTTP/1'],
      ['payment-processor-http2-8081', 8081, 'HTTP/2'],
      ['payment-processor-grpc-9000', 9000, 'gRPC'],
      ['payment-processor-pg', 5432, 'opaque'],
      ['payment-processor-tcp-7000', 7000, 'unknown'],
      ['payment-processor-metrics', 9102, 'HTTP/1'],
    ]);
    for (const s of servers) expect(s.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'payment-processor' });
    const svc = one(objs, 'Service', 'payment-processor');
    expect(svc.metadata.annotations['config.linkerd.io/opaque-ports']).toBe('5432');
    expect(svc.spec.ports.find((p: any) => p.name === 'pg').appProtocol).toBe('linkerd.io/opaque');
    // The metrics port is authorized for Prometheus by identity.
    const authz = one(objs, 'AuthorizationPolicy', 'allow-monitoring-to-payment-processor-metrics');
    expect(authz.spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'Server', name: 'payment-processor-metrics' });
    expect(one(objs, 'MeshTLSAuthentication', 'allow-monitoring-to-payment-processor').spec.identities)
      .toEqual(['prometheus.monitoring.serviceaccount.identity.linkerd.prod.example.com']);
  });

  test('metrics port: per-service Prometheus allowance on every engine unless the namespace covers it', () => {
    for (const mesh of [Mesh.istioSidecar(), Mesh.istioAmbient(), Mesh.none()]) {
      const objs = synthChart(build(mesh, [NetworkPolicyEngine.KUBERNETES, NetworkPolicyEngine.CILIUM], chart => ({
        metricsPort: Port.http(9102, { name: 'metrics' }), workload: deployment(chart, 'deploy'),
      })));
      expectValidManifests(objs);
      const np = one(objs, 'NetworkPolicy', 'allow-monitoring-to-payment-processor-ingress');
      expect(np.spec.ingress[0].from[0]).toEqual({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      });
      expect(np.spec.ingress[0].ports.map((p: any) => p.port)).toEqual(mesh.kind === 'ISTIO_AMBIENT' ? [9102, 15008] : [9102]);
      one(objs, 'CiliumNetworkPolicy', 'allow-monitoring-to-payment-processor-ingress');
      expect(find(objs, 'AuthorizationPolicy', 'allow-monitoring-to-payment-processor')).toHaveLength(mesh.isIstio ? 1 : 0);
    }
    const covered = synthChart(build(Mesh.istioSidecar(), [NetworkPolicyEngine.KUBERNETES], chart => ({
      metricsPort: Port.http(9102, { name: 'metrics' }), workload: deployment(chart, 'deploy'),
    }), { allowMonitoring: { ports: [Port.http(9102, { name: 'metrics' })] } }));
    expect(find(covered, 'NetworkPolicy', 'allow-monitoring-to-payment-processor-ingress')).toHaveLength(0);
  });

  test('Istio traffic policy: the seed preset and pool/outlier limits', () => {
    const objs = synthChart(build(Mesh.istioSidecar(), [NetworkPolicyEngine.KUBERNETES], chart => ({
      workload: deployment(chart, 'deploy'),
      traffic: TrafficPolicy.of({
        ...TrafficPolicy.resilient(),
        timeout: Duration.seconds(10),
        retries: { attempts: 3, perTryTimeout: Duration.seconds(2) },
        connectionPool: { maxConnections: 100, maxPendingRequests: 50, connectTimeout: Duration.millis(500) },
        outlierDetection: { consecutive5xxErrors: 3 },
      }),
    })));
    expectValidManifests(objs);
    const vs = one(objs, 'VirtualService', 'payment-processor');
    // Idempotent methods (RFC 9110 section 9.2.2) retry on every condition; the others only on connect-failure,
    // which fails before the server saw the request (Envoy router filter docs, x-envoy-retry-on).
    expect(vs.spec.http).toEqual([{
      name: 'idempotent',
      match: [{ method: { regex: 'GET|HEAD|OPTIONS|TRACE|PUT|DELETE' } }],
      route: [{ destination: { host: 'payment-processor.payments.svc.cluster.local' } }],
      timeout: '10s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,retriable-4xx' },
    }, {
      name: 'non-idempotent',
      route: [{ destination: { host: 'payment-processor.payments.svc.cluster.local' } }],
      timeout: '10s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'connect-failure' },
    }]);
    const dr = one(objs, 'DestinationRule', 'payment-processor');
    expect(dr.spec.trafficPolicy).toEqual({
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: { tcp: { maxConnections: 100, connectTimeout: '500ms' }, http: { http1MaxPendingRequests: 50 } },
      outlierDetection: { consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
    });
  });

  test('ambient: timeouts and retries run in a waypoint', () => {
    const objs = synthChart(build(Mesh.istioAmbient(), [NetworkPolicyEngine.KUBERNETES], chart => ({
      workload: deployment(chart, 'deploy'), traffic: TrafficPolicy.resilient(),
    })));
    expectValidManifests(objs);
    const gw = one(objs, 'Gateway', 'waypoint');
    expect(gw.spec).toEqual({ gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
    expect(one(objs, 'Service', 'payment-processor').metadata.labels['istio.io/use-waypoint']).toBe('waypoint');
    const fromWp = one(objs, 'AuthorizationPolicy', 'payment-processor-from-waypoint');
    expect(fromWp.spec.rules[0].from[0].source.principals).toEqual(['prod.example.com/ns/payments/sa/waypoint']);
    one(objs, 'NetworkPolicy', 'payment-processor-from-waypoint');
    one(objs, 'NetworkPolicy', 'waypoint-control-plane-egress');
  });

  test('invalid services fail with path, problem and fix', () => {
    const errs = (mesh: Mesh, svc: (chart: Chart) => Partial<MeshServiceProps>, ns: Partial<ZeroTrustNamespaceProps> = {}) =>
      synthErrors(build(mesh, [NetworkPolicyEngine.KUBERNETES], svc, ns)).join('\n');
    expect(errs(Mesh.none(), () => ({}))).toMatch(/\[test\/payments\/processor\] give exactly one of workload .* and selector/);
    expect(errs(Mesh.none(), chart => ({ workload: deployment(chart, 'd'), selector: { app: 'x' } }))).toMatch(/exactly one of workload/);
    expect(errs(Mesh.none(), () => ({ name: 'Payment_Processor', selector: { app: 'x' } }))).toMatch(/service name "Payment_Processor" must be a DNS-1035 label/);
    expect(errs(Mesh.none(), () => ({ name: 'default', selector: { app: 'x' } }))).toMatch(/default ServiceAccount/);
    expect(errs(Mesh.none(), () => ({ selector: {} }))).toMatch(/selector is empty/);
    // no ports: a client-only workload, valid (issue 12, defect 10; test/constructs/client-only.test.ts)
    expect(errs(Mesh.none(), () => ({ ports: [], selector: { app: 'x' } }))).toBe('');
    expect(errs(Mesh.none(), () => ({ ports: [Port.http(8080), Port.tcp(8080)], selector: { app: 'x' } }))).toMatch(/port 8080 is listed twice/);
    expect(errs(Mesh.none(), chart => ({ workload: deployment(chart, 'd', { automountServiceAccountToken: true }) }))).toMatch(/mounts the service account token/);
    expect(errs(Mesh.none(), chart => ({
      workload: deployment(chart, 'd', { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'shared') }),
    }))).toMatch(/has its own serviceAccount "shared"/);
    expect(errs(Mesh.none(), () => ({ selector: { app: 'x' }, serviceAccountToken: Exception.of({ reason: 'short', expires: '2020-01-01' }) })))
      .toMatch(/serviceAccountToken: .*reason of at least 10/);
    expect(errs(Mesh.istioSidecar(), () => ({
      selector: { app: 'x' }, traffic: TrafficPolicy.of({ timeout: Duration.seconds(1), retries: { attempts: 3, perTryTimeout: Duration.seconds(2) } }),
    }))).toMatch(/perTryTimeout \(2000ms\) is above the total timeout \(1000ms\)/);
    expect(errs(Mesh.linkerd(), () => ({ selector: { app: 'x' }, traffic: TrafficPolicy.resilient() }))).toMatch(/traffic is rendered for Istio only/);
    expect(errs(Mesh.istioSidecar(), () => ({ selector: { app: 'x' }, ports: [Port.tcp(5432)], traffic: TrafficPolicy.resilient() }))).toMatch(/need an HTTP, HTTP\/2 or gRPC port/);
    expect(errs(Mesh.istioAmbient({ waypoints: false }), () => ({ selector: { app: 'x' }, traffic: TrafficPolicy.resilient() }))).toMatch(/forbids waypoints/);
    // Linkerd: a namespace-wide Server already covers the port.
    expect(errs(Mesh.linkerd(), () => ({ selector: { app: 'x' } }), { allowIngressGateway: { ports: [Port.http(8080)] } }))
      .toMatch(/port 8080 of payment-processor is also covered by the namespace-wide Linkerd Server ingress-8080/);
  });

  test('two services with the same name in a namespace fail', () => {
    const errs = synthErrors(chart => {
      const profile = new ClusterProfile();
      const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
      new MeshService(ns, 'a', { name: 'api', ports: [Port.http(8080)], selector: { app: 'a' } });
      new MeshService(ns, 'b', { name: 'api', ports: [Port.http(8080)], selector: { app: 'b' } });
    });
    expect(errs.join('\n')).toMatch(/\[test\/payments\/b\] a MeshService named "api" already exists/);
  });

  test('a MeshService outside a ZeroTrustNamespace is rejected', () => {
    expect(() => synthChart(chart => { new MeshService(chart, 'x', { name: 'x', ports: [Port.http(80)], selector: { app: 'x' } }); }))
      .toThrow(/must be created inside a ZeroTrustNamespace/);
  });
});
