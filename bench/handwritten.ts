/**
 * The benchmark's baseline: a hand-written cdk8s app that builds, in the
 * timed process, the same objects as `buildLibraryApp` (bench/generate.ts)
 * as plain `ApiObject`s from object literals in loops — what a team writes
 * without the library. Its files are byte-identical to the library's (checked
 * by bench/run.ts on the first repetition of every row, and by
 * test/bench/handwritten.test.ts).
 *
 * Engines: Kubernetes NetworkPolicy without a mesh, Istio sidecar with
 * NetworkPolicy, and Cilium without a mesh. (Istio ambient and Linkerd are
 * measured against the saved manifests only: see docs/bench.md.)
 *
 * Objects are grouped as the library's construct tree orders them: per
 * namespace its own objects, then per service its objects in the order the
 * routes created them (a route's egress policy belongs to its source service).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Engine, Layout, namespaceCount, SERVICES_PER_NAMESPACE } from './generate';

/** The engines with a hand-written baseline. */
export const HANDWRITTEN_ENGINES: readonly Engine[] = ['none-networkpolicy', 'istio-sidecar', 'none-cilium'];

const TRUST_DOMAIN = 'bench.example.com';
const EXPIRES = '2027-05-31';
const L4_ONLY_REASON = 'benchmark cluster without a mesh: pods matched by labels only';
const PSA = {
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/audit-version': 'v1.28',
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.28',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'v1.28',
};

const nsName = (k: number) => `team-${String(k).padStart(4, '0')}`;
const svcName = (k: number, j: number) => `svc-${String(k).padStart(4, '0')}-${String(j).padStart(2, '0')}`;

interface Svc {
  readonly ns: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  /** This service's objects, in creation order. */
  readonly objects: any[];
}

/** What a route allows: one port, optionally L7 (HTTP methods + path prefix, or one gRPC method). */
interface Route {
  readonly port: number;
  readonly http?: { methods: string[]; prefix: string };
  readonly grpc?: { service: string; method: string };
}

/** The source of a route: another service, or the ingress gateway. */
type Source = Svc | 'ingress-gateway';

export function buildHandWrittenApp(app: App, services: number, engine: Engine, layout: Layout): number {
  const mesh = engine === 'istio-sidecar';
  const cilium = engine === 'none-cilium';
  if (!(HANDWRITTEN_ENGINES as readonly string[]).includes(engine)) throw new Error(`no hand-written app for ${engine}`);
  const l4OnlyAnnotations = mesh ? undefined : {
    'zero-trust.cdk8s.io/exception.l4-only': L4_ONLY_REASON,
    'zero-trust.cdk8s.io/exception.l4-only.expires': EXPIRES,
  };
  const nsCount = namespaceCount(services);
  const sizeOf = (k: number) => Math.min(SERVICES_PER_NAMESPACE, services - k * SERVICES_PER_NAMESPACE);

  const nsObjects: any[][] = [];
  const all: Svc[][] = [];
  for (let k = 0; k < nsCount; k++) {
    const ns = nsName(k);
    nsObjects.push(namespaceObjects(ns, engine));
    const list: Svc[] = [];
    for (let j = 0; j < sizeOf(k); j++) {
      const name = svcName(k, j);
      const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': ns };
      const ports: any[] = [{ appProtocol: 'http', name: 'http-8080', port: 8080, protocol: 'TCP', targetPort: 8080 }];
      if (j % 4 === 0) ports.push({ appProtocol: mesh ? 'grpc' : 'kubernetes.io/h2c', name: 'grpc-9000', port: 9000, protocol: 'TCP', targetPort: 9000 });
      if (j % 3 === 0) ports.push({ appProtocol: 'http', name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 });
      const objects: any[] = [
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { labels, name, namespace: ns }, automountServiceAccountToken: false },
        { apiVersion: 'v1', kind: 'Service', metadata: { labels, name, namespace: ns }, spec: { ports, selector: labels } },
      ];
      if (mesh) {
        objects.push({
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name, namespace: ns },
          spec: { host: `${name}.${ns}.svc.cluster.local`, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
        });
      }
      list.push({ ns, name, labels, objects });
    }
    all.push(list);
  }

  const allow = (from: Source, to: Svc, route: Route) => {
    const gateway = from === 'ingress-gateway';
    const cross = !gateway && from.ns !== to.ns;
    const base = gateway ? `allow-ingress-gateway-to-${to.name}`
      : cross ? `allow-${from.ns}-${from.name}-to-${to.ns}-${to.name}` : `allow-${from.name}-to-${to.name}`;
    const annotations = gateway ? undefined : l4OnlyAnnotations;
    const metadata = (name: string, ns: string) => (annotations ? { annotations, name, namespace: ns } : { name, namespace: ns });
    const l7 = route.http !== undefined || route.grpc !== undefined;
    // Ingress, in the destination's namespace.
    if (cilium) {
      const fromLabels = gateway
        ? { 'k8s:app.kubernetes.io/name': 'ingress-nginx', 'k8s:io.kubernetes.pod.namespace': 'ingress-nginx' }
        : { 'k8s:app.kubernetes.io/name': from.name, 'k8s:app.kubernetes.io/part-of': from.ns, 'k8s:io.kubernetes.pod.namespace': from.ns };
      const toPort: any = { ports: [{ port: String(route.port), protocol: 'TCP' }] };
      if (route.http) {
        const path = `${route.http.prefix.replace(/\/$/, '')}([/?].*)?`;
        toPort.rules = { http: route.http.methods.map(method => ({ method, path })) };
      } else if (route.grpc) {
        toPort.rules = { http: [{ method: 'POST', path: `/${route.grpc.service.replace(/\./g, '\\.')}/${route.grpc.method}(\\?.*)?` }] };
      }
      to.objects.push({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNetworkPolicy',
        metadata: metadata(`${base}-ingress`, to.ns),
        spec: {
          description: `Allow ${gateway ? 'ingress-gateway' : from.name} to reach ${to.name}${l7 ? ' (L7 rules)' : ''}.`,
          endpointSelector: { matchLabels: to.labels },
          ingress: [{ fromEndpoints: [{ matchLabels: fromLabels }], toPorts: [toPort] }],
        },
      });
    } else {
      const peer = gateway
        ? mesh
          ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } }
          : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }
        : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from.ns } }, podSelector: { matchLabels: from.labels } };
      to.objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata(`${base}-ingress`, to.ns),
        spec: {
          ingress: [{ from: [peer], ports: [{ port: route.port, protocol: 'TCP' }] }],
          podSelector: { matchLabels: to.labels },
          policyTypes: ['Ingress'],
        },
      });
    }
    if (mesh) {
      const principal = gateway ? `${TRUST_DOMAIN}/ns/istio-system/sa/istio-ingressgateway-service-account` : `${TRUST_DOMAIN}/ns/${from.ns}/sa/${from.name}`;
      const operation: any = route.http
        ? { methods: route.http.methods, paths: [route.http.prefix.replace(/\/$/, ''), `${route.http.prefix}*`], ports: [String(route.port)] }
        : route.grpc
          ? { methods: ['POST'], paths: [`/${route.grpc.service}/${route.grpc.method}`], ports: [String(route.port)] }
          : { ports: [String(route.port)] };
      to.objects.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: base, namespace: to.ns },
        spec: {
          action: 'ALLOW',
          rules: [{ from: [{ source: { principals: [principal] } }], to: [{ operation }] }],
          selector: { matchLabels: to.labels },
        },
      });
    }
    // Egress, in the source's namespace.
    if (gateway) return;
    if (cilium) {
      from.objects.push({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNetworkPolicy',
        metadata: metadata(`${base}-egress`, from.ns),
        spec: {
          description: `Allow ${from.name} to reach ${to.name}.`,
          egress: [{
            toEndpoints: [{ matchLabels: { 'k8s:app.kubernetes.io/name': to.name, 'k8s:app.kubernetes.io/part-of': to.ns, 'k8s:io.kubernetes.pod.namespace': to.ns } }],
            toPorts: [{ ports: [{ port: String(route.port), protocol: 'TCP' }] }],
          }],
          endpointSelector: { matchLabels: from.labels },
        },
      });
    } else {
      from.objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata(`${base}-egress`, from.ns),
        spec: {
          egress: [{
            ports: [{ port: route.port, protocol: 'TCP' }],
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': to.ns } }, podSelector: { matchLabels: to.labels } }],
          }],
          podSelector: { matchLabels: from.labels },
          policyTypes: ['Egress'],
        },
      });
    }
  };

  // The same routes as buildLibraryApp.
  for (let k = 0; k < nsCount; k++) {
    const list = all[k];
    const n = list.length;
    for (let j = 0; j < n; j++) {
      const to = list[j];
      if (n > 1) {
        allow(list[(j + 1) % n], to, j % 4 === 0 ? { port: 8080, http: { methods: ['GET', 'POST'], prefix: `/api/${to.name}/` } } : { port: 8080 });
      }
      if (j % 5 === 0 && nsCount > 1) {
        const other = all[(k + 1) % nsCount];
        allow(other[j % other.length], to, { port: 8080 });
      } else if (j % 5 === 1) {
        allow('ingress-gateway', to, { port: 8080 });
      } else if (n > 3) {
        allow(list[(j + 3) % n], to, j % 4 === 0 ? { port: 9000, grpc: { service: 'bench.v1.Api', method: 'Get' } } : { port: 8080 });
      }
    }
  }

  // The app: one chart, or one per namespace; objects in tree order.
  let objects = 0;
  const single = layout === 'single-chart' ? new Chart(app, 'cluster') : undefined;
  for (let k = 0; k < nsCount; k++) {
    const chart = single ?? new Chart(app, nsName(k));
    const prefix = `${nsName(k)}-`;
    let i = 0;
    for (const o of nsObjects[k]) new ApiObject(chart, `${prefix}${i++}`, o);
    for (const s of all[k]) for (const o of s.objects) new ApiObject(chart, `${prefix}${i++}`, o);
    objects += i;
  }
  return objects;
}

/** The namespace's own objects: Namespace, default ServiceAccount, default deny, DNS, mesh control plane, monitoring. */
function namespaceObjects(ns: string, engine: Engine): any[] {
  const mesh = engine === 'istio-sidecar';
  const labels: Record<string, string> = mesh
    ? { 'istio-injection': 'enabled', 'kubernetes.io/metadata.name': ns, ...PSA }
    : { 'kubernetes.io/metadata.name': ns, ...PSA };
  const out: any[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { labels, name: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns }, automountServiceAccountToken: false },
  ];
  if (engine === 'none-cilium') {
    out.push({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'default-deny', namespace: ns },
      spec: {
        description: 'Default deny of ingress and egress for every pod in the namespace; DNS egress to cluster DNS through the DNS proxy.',
        egress: [{
          toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
          toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
        }],
        enableDefaultDeny: { egress: true, ingress: true },
        endpointSelector: {},
        ingress: [{}],
      },
    }, {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'allow-monitoring-ingress', namespace: ns },
      spec: {
        description: 'Prometheus may scrape metrics ports.',
        endpointSelector: {},
        ingress: [{
          fromEndpoints: [{ matchLabels: { 'k8s:app.kubernetes.io/name': 'prometheus', 'k8s:io.kubernetes.pod.namespace': 'monitoring' } }],
          toPorts: [{ ports: [{ port: '9090', protocol: 'TCP' }] }],
        }],
      },
    });
    return out;
  }
  const np = (name: string, spec: any) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
  out.push(
    np('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    np('allow-dns-egress', {
      egress: [{
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      }],
      podSelector: {},
      policyTypes: ['Egress'],
    }),
  );
  if (mesh) {
    out.push(np('allow-mesh-control-plane-egress', {
      egress: [{
        ports: [{ port: 15012, protocol: 'TCP' }],
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
      }],
      podSelector: {},
      policyTypes: ['Egress'],
    }));
  }
  const scrapePorts = mesh ? [9090, 15020, 15090] : [9090];
  out.push(np('allow-monitoring-ingress', {
    ingress: [{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: scrapePorts.map(port => ({ port, protocol: 'TCP' })),
    }],
    podSelector: {},
    policyTypes: ['Ingress'],
  }));
  if (mesh) {
    out.push(
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns }, spec: { mtls: { mode: 'STRICT' } } },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Sidecar',
        metadata: { name: 'default', namespace: ns },
        spec: { egress: [{ hosts: ['*/*.svc.cluster.local'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } },
      },
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: ns }, spec: {} },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'allow-monitoring', namespace: ns },
        spec: {
          action: 'ALLOW',
          rules: [{ from: [{ source: { principals: [`${TRUST_DOMAIN}/ns/monitoring/sa/prometheus`] } }], to: [{ operation: { ports: ['9090'] } }] }],
        },
      },
    );
  }
  return out;
}
