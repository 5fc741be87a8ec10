/**
 * The benchmark's baseline: a hand-written cdk8s app that builds, in the
 * timed process, the same objects as `buildLibraryApp` (bench/generate.ts)
 * as plain `ApiObject`s from object literals in loops — what a team writes
 * without the library. Its files are byte-identical to the library's (checked
 * by bench/run.ts on the first repetition of every row, and by
 * test/bench/handwritten.test.ts).
 *
 * Engines: all five of the benchmark: Kubernetes NetworkPolicy without a
 * mesh, Istio sidecar, Istio ambient (with waypoints for the services that
 * have L7 routes) and Linkerd with NetworkPolicy, and Cilium without a mesh.
 *
 * Objects are grouped as the library's construct tree orders them: per
 * namespace its own objects, then per service its objects in the order the
 * routes created them (a route's egress policy belongs to its source service).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Engine, Layout, namespaceCount, SERVICES_PER_NAMESPACE } from './generate';

/** The engines with a hand-written baseline. */
export const HANDWRITTEN_ENGINES: readonly Engine[] = ['none-networkpolicy', 'istio-sidecar', 'istio-ambient', 'linkerd', 'none-cilium'];

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
  /** Index in its namespace (which ports it has). */
  readonly j: number;
  readonly labels: Record<string, string>;
  /** This service's objects, in creation order. */
  readonly objects: any[];
  /** The sources of the routes into it. */
  readonly sources: Source[];
  /** Istio ambient: it has L7 routes, so it runs through the namespace's waypoint. */
  waypoint?: boolean;
}

/** Pods of the namespace's Istio waypoint (the label Istio sets on the Deployment it creates for the Gateway). */
const WAYPOINT_PODS = { 'gateway.networking.k8s.io/gateway-name': 'waypoint' };

/** What a route allows: one port, optionally L7 (HTTP methods + path prefix, or one gRPC method). */
interface Route {
  readonly port: number;
  readonly http?: { methods: string[]; prefix: string };
  readonly grpc?: { service: string; method: string };
}

/** The source of a route: another service, or the ingress gateway. */
type Source = Svc | 'ingress-gateway';

export function buildHandWrittenApp(app: App, services: number, engine: Engine, layout: Layout): number {
  if (!(HANDWRITTEN_ENGINES as readonly string[]).includes(engine)) throw new Error(`no hand-written app for ${engine}`);
  const sidecar = engine === 'istio-sidecar';
  const ambient = engine === 'istio-ambient';
  const linkerd = engine === 'linkerd';
  const istio = sidecar || ambient;
  const mesh = istio || linkerd;
  const cilium = engine === 'none-cilium';
  const l4OnlyAnnotations = mesh ? undefined : {
    'zero-trust.cdk8s.io/exception.l4-only': L4_ONLY_REASON,
    'zero-trust.cdk8s.io/exception.l4-only.expires': EXPIRES,
  };
  const nsCount = namespaceCount(services);
  const sizeOf = (k: number) => Math.min(SERVICES_PER_NAMESPACE, services - k * SERVICES_PER_NAMESPACE);

  // The services and the routes into them (the same routes as buildLibraryApp).
  const all: Svc[][] = [];
  for (let k = 0; k < nsCount; k++) {
    const ns = nsName(k);
    const list: Svc[] = [];
    for (let j = 0; j < sizeOf(k); j++) {
      const name = svcName(k, j);
      list.push({ ns, name, j, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': ns }, objects: [], sources: [] });
    }
    all.push(list);
  }
  const plan: Array<[Source, Svc, Route]> = [];
  for (let k = 0; k < nsCount; k++) {
    const list = all[k];
    const n = list.length;
    for (let j = 0; j < n; j++) {
      const to = list[j];
      if (n > 1) {
        plan.push([list[(j + 1) % n], to, j % 4 === 0 ? { port: 8080, http: { methods: ['GET', 'POST'], prefix: `/api/${to.name}/` } } : { port: 8080 }]);
      }
      if (j % 5 === 0 && nsCount > 1) {
        const other = all[(k + 1) % nsCount];
        plan.push([other[j % other.length], to, { port: 8080 }]);
      } else if (j % 5 === 1) {
        plan.push(['ingress-gateway', to, { port: 8080 }]);
      } else if (n > 3) {
        plan.push([list[(j + 3) % n], to, j % 4 === 0 ? { port: 9000, grpc: { service: 'bench.v1.Api', method: 'Get' } } : { port: 8080 }]);
      }
    }
  }
  // Istio ambient: a service with L7 rules runs through its namespace's waypoint.
  const waypointNamespaces = new Set<string>();
  for (const [from, to, route] of plan) {
    to.sources.push(from);
    if (ambient && (route.http || route.grpc)) {
      to.waypoint = true;
      waypointNamespaces.add(to.ns);
    }
  }

  const nsObjects: any[][] = [];
  for (let k = 0; k < nsCount; k++) {
    nsObjects.push(namespaceObjects(nsName(k), engine));
    for (const s of all[k]) {
      const { name, ns, labels, j } = s;
      const ports: any[] = [{ appProtocol: 'http', name: 'http-8080', port: 8080, protocol: 'TCP', targetPort: 8080 }];
      if (j % 4 === 0) ports.push({ appProtocol: istio ? 'grpc' : 'kubernetes.io/h2c', name: 'grpc-9000', port: 9000, protocol: 'TCP', targetPort: 9000 });
      if (j % 3 === 0) ports.push({ appProtocol: 'http', name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 });
      const serviceLabels = s.waypoint ? { ...labels, 'istio.io/use-waypoint': 'waypoint' } : labels;
      s.objects.push(
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { labels, name, namespace: ns }, automountServiceAccountToken: false },
        { apiVersion: 'v1', kind: 'Service', metadata: { labels: serviceLabels, name, namespace: ns }, spec: { ports, selector: labels } },
      );
      if (istio) {
        s.objects.push({
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name, namespace: ns },
          spec: { host: `${name}.${ns}.svc.cluster.local`, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
        });
      }
      if (linkerd) {
        // One Server per port; the metrics port is served by the namespace's metrics Server.
        for (const p of ports) {
          if (p.name === 'metrics') continue;
          s.objects.push({
            apiVersion: 'policy.linkerd.io/v1beta3',
            kind: 'Server',
            metadata: { name: `${name}-${p.name}`, namespace: ns },
            spec: { podSelector: { matchLabels: labels }, port: p.port, proxyProtocol: p.port === 9000 ? 'gRPC' : 'HTTP/1' },
          });
        }
      }
    }
  }

  const podsIn = (ns: string, matchLabels: Record<string, string>) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, podSelector: { matchLabels } });
  const tcp = (port: number) => ({ port, protocol: 'TCP' });
  const gatewayPeer = istio
    ? podsIn('istio-system', { istio: 'ingressgateway' })
    : podsIn('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' });
  const peerOf = (s: Source) => (s === 'ingress-gateway' ? gatewayPeer : podsIn(s.ns, s.labels));
  const keyOf = (s: Source) => (s === 'ingress-gateway' ? 'INGRESS_GATEWAY' : `svc:${s.ns}/${s.name}`);
  const serverRef = (name: string) => ({ group: 'policy.linkerd.io', kind: 'Server', name });

  // Istio ambient: the waypoint's objects for a service, before its first L7 route.
  const waypointObjects = (to: Svc) => {
    const exposed = [8080];
    if (to.j % 4 === 0) exposed.push(9000);
    if (to.j % 3 === 0) exposed.push(9090);
    const sources = new Map<string, any>();
    for (const s of to.sources) sources.set(keyOf(s), peerOf(s));
    to.objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: `${to.name}-from-waypoint`, namespace: to.ns },
      spec: {
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`${TRUST_DOMAIN}/ns/${to.ns}/sa/waypoint`] } }], to: [{ operation: { ports: exposed.map(String) } }] }],
        selector: { matchLabels: to.labels },
      },
    }, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `waypoint-for-${to.name}`, namespace: to.ns },
      spec: {
        egress: [{ ports: [tcp(15008)], to: [podsIn(to.ns, to.labels)] }],
        ingress: [{ from: [...sources.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v), ports: [tcp(15008)] }],
        podSelector: { matchLabels: WAYPOINT_PODS },
        policyTypes: ['Ingress', 'Egress'],
      },
    }, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${to.name}-from-waypoint`, namespace: to.ns },
      spec: {
        ingress: [{ from: [podsIn(to.ns, WAYPOINT_PODS)], ports: [tcp(15008)] }],
        podSelector: { matchLabels: to.labels },
        policyTypes: ['Ingress'],
      },
    });
  };
  const waypointDone = new Set<Svc>();
  const l7PortsDone = new Set<string>();

  const allow = (from: Source, to: Svc, route: Route) => {
    const gateway = from === 'ingress-gateway';
    const cross = !gateway && from.ns !== to.ns;
    const base = gateway ? `allow-ingress-gateway-to-${to.name}`
      : cross ? `allow-${from.ns}-${from.name}-to-${to.ns}-${to.name}` : `allow-${from.name}-to-${to.name}`;
    const annotations = gateway ? undefined : l4OnlyAnnotations;
    const metadata = (name: string, ns: string) => (annotations ? { annotations, name, namespace: ns } : { name, namespace: ns });
    const l7 = route.http !== undefined || route.grpc !== undefined;
    if (ambient && l7 && !waypointDone.has(to)) {
      waypointDone.add(to);
      waypointObjects(to);
    }
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
      // Ambient: the destination's pods see HBONE (15008) from meshed sources.
      const ports = ambient ? [tcp(route.port), tcp(15008)] : [tcp(route.port)];
      to.objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata(`${base}-ingress`, to.ns),
        spec: {
          ingress: [{ from: [peerOf(from)], ports }],
          podSelector: { matchLabels: to.labels },
          policyTypes: ['Ingress'],
        },
      });
    }
    if (istio) {
      const principal = gateway ? `${TRUST_DOMAIN}/ns/istio-system/sa/istio-ingressgateway-service-account` : `${TRUST_DOMAIN}/ns/${from.ns}/sa/${from.name}`;
      const operation: any = route.http
        ? { methods: route.http.methods, paths: [route.http.prefix.replace(/\/$/, ''), `${route.http.prefix}*`], ports: [String(route.port)] }
        : route.grpc
          ? { methods: ['POST'], paths: [`/${route.grpc.service}/${route.grpc.method}`], ports: [String(route.port)] }
          : { ports: [String(route.port)] };
      const rules = [{ from: [{ source: { principals: [principal] } }], to: [{ operation }] }];
      to.objects.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: base, namespace: to.ns },
        // Ambient, through a waypoint: bound to the Service (enforced by the waypoint).
        spec: to.waypoint
          ? { action: 'ALLOW', rules, targetRefs: [{ group: '', kind: 'Service', name: to.name }] }
          : { action: 'ALLOW', rules, selector: { matchLabels: to.labels } },
      });
    }
    if (linkerd) {
      const identity = gateway
        ? `ingress-nginx.ingress-nginx.serviceaccount.identity.linkerd.${TRUST_DOMAIN}`
        : `${from.name}.${from.ns}.serviceaccount.identity.linkerd.${TRUST_DOMAIN}`;
      to.objects.push({
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'MeshTLSAuthentication',
        metadata: { name: base, namespace: to.ns },
        spec: { identities: [identity] },
      });
      const portName = route.port === 9000 ? 'grpc-9000' : 'http-8080';
      const server = `${to.name}-${portName}`;
      const name = `${base}-${portName}`;
      let targetRef = serverRef(server);
      if (l7) {
        // The first HTTPRoute on a Server ends Linkerd's default routes: a catch-all route keeps the L4 routes.
        if (!l7PortsDone.has(server)) {
          l7PortsDone.add(server);
          to.objects.push({
            apiVersion: 'policy.linkerd.io/v1beta3',
            kind: 'HTTPRoute',
            metadata: { name: `${server}-default`, namespace: to.ns },
            spec: { parentRefs: [serverRef(server)], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }] },
          });
        }
        const matches = route.http
          ? route.http.methods.map(method => ({ method, path: { type: 'PathPrefix', value: route.http!.prefix } }))
          : [{ method: 'POST', path: { type: 'Exact', value: `/${route.grpc!.service}/${route.grpc!.method}` } }];
        to.objects.push({
          apiVersion: 'policy.linkerd.io/v1beta3',
          kind: 'HTTPRoute',
          metadata: { name, namespace: to.ns },
          spec: { parentRefs: [serverRef(server)], rules: [{ matches }] },
        });
        targetRef = { group: 'policy.linkerd.io', kind: 'HTTPRoute', name };
      }
      to.objects.push({
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name, namespace: to.ns },
        spec: { targetRef, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: base }] },
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
      const egress: any[] = [{ ports: ambient ? [tcp(route.port), tcp(15008)] : [tcp(route.port)], to: [podsIn(to.ns, to.labels)] }];
      if (to.waypoint) egress.push({ ports: [tcp(15008)], to: [podsIn(to.ns, WAYPOINT_PODS)] });
      from.objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata(`${base}-egress`, from.ns),
        spec: {
          egress,
          podSelector: { matchLabels: from.labels },
          policyTypes: ['Egress'],
        },
      });
    }
  };
  for (const [from, to, route] of plan) allow(from, to, route);

  // The app: one chart, or one per namespace; objects in tree order.
  let objects = 0;
  const single = layout === 'single-chart' ? new Chart(app, 'cluster') : undefined;
  for (let k = 0; k < nsCount; k++) {
    const ns = nsName(k);
    const chart = single ?? new Chart(app, ns);
    const prefix = `${ns}-`;
    let i = 0;
    for (const o of nsObjects[k]) new ApiObject(chart, `${prefix}${i++}`, o);
    for (const s of all[k]) for (const o of s.objects) new ApiObject(chart, `${prefix}${i++}`, o);
    if (waypointNamespaces.has(ns)) {
      // The namespace's waypoint (Gateway API, class istio-waypoint) and its egress to istiod.
      new ApiObject(chart, `${prefix}${i++}`, {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { labels: { 'istio.io/waypoint-for': 'service' }, name: 'waypoint', namespace: ns },
        spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
      });
      new ApiObject(chart, `${prefix}${i++}`, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'waypoint-control-plane-egress', namespace: ns },
        spec: {
          egress: [{ ports: [tcp(15012)], to: [podsIn('istio-system', { app: 'istiod' })] }],
          podSelector: { matchLabels: WAYPOINT_PODS },
          policyTypes: ['Egress'],
        },
      });
    }
    objects += i;
  }
  return objects;
}

/** The namespace's own objects: Namespace, default ServiceAccount, default deny, DNS, mesh control plane, monitoring. */
function namespaceObjects(ns: string, engine: Engine): any[] {
  const sidecar = engine === 'istio-sidecar';
  const ambient = engine === 'istio-ambient';
  const linkerd = engine === 'linkerd';
  const istio = sidecar || ambient;
  const labels: Record<string, string> = sidecar
    ? { 'istio-injection': 'enabled', 'kubernetes.io/metadata.name': ns, ...PSA }
    : ambient
      ? { 'istio.io/dataplane-mode': 'ambient', 'kubernetes.io/metadata.name': ns, ...PSA }
      : { 'kubernetes.io/metadata.name': ns, ...PSA };
  const out: any[] = [
    linkerd
      ? { apiVersion: 'v1', kind: 'Namespace', metadata: { annotations: { 'config.linkerd.io/default-inbound-policy': 'deny', 'linkerd.io/inject': 'enabled' }, labels, name: ns } }
      : { apiVersion: 'v1', kind: 'Namespace', metadata: { labels, name: ns } },
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
  if (ambient) {
    // ztunnel's address for the kubelet's probes (SNAT), https://istio.io/latest/docs/ambient/usage/networkpolicy/
    out.push(np('allow-ambient-kubelet-probes', { ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }] }], podSelector: {}, policyTypes: ['Ingress'] }));
  }
  if (sidecar || linkerd) {
    out.push(np('allow-mesh-control-plane-egress', {
      egress: [sidecar ? {
        ports: [{ port: 15012, protocol: 'TCP' }],
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
      } : {
        ports: [8080, 8086, 8090].map(port => ({ port, protocol: 'TCP' })),
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'linkerd' } }, podSelector: { matchLabels: { 'linkerd.io/control-plane-ns': 'linkerd' } } }],
      }],
      podSelector: {},
      policyTypes: ['Egress'],
    }));
  }
  const scrapePorts = sidecar ? [9090, 15020, 15090] : ambient ? [9090, 15008] : linkerd ? [4191, 9090] : [9090];
  out.push(np('allow-monitoring-ingress', {
    ingress: [{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: scrapePorts.map(port => ({ port, protocol: 'TCP' })),
    }],
    podSelector: {},
    policyTypes: ['Ingress'],
  }));
  if (istio) {
    out.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns }, spec: { mtls: { mode: 'STRICT' } } });
    if (sidecar) {
      out.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Sidecar',
        metadata: { name: 'default', namespace: ns },
        spec: { egress: [{ hosts: ['*/*.svc.cluster.local'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } },
      });
    }
    out.push(
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
  if (linkerd) {
    // Prometheus, by mesh identity: the proxies' admin port and the metrics port, namespace-wide.
    out.push({
      apiVersion: 'policy.linkerd.io/v1alpha1',
      kind: 'MeshTLSAuthentication',
      metadata: { name: 'monitoring', namespace: ns },
      spec: { identities: [`prometheus.monitoring.serviceaccount.identity.linkerd.${TRUST_DOMAIN}`] },
    });
    for (const [name, port] of [['linkerd-admin', 'linkerd-admin'], ['metrics-9090', 9090]] as Array<[string, string | number]>) {
      out.push({
        apiVersion: 'policy.linkerd.io/v1beta3',
        kind: 'Server',
        metadata: { name, namespace: ns },
        spec: { podSelector: {}, port, proxyProtocol: 'HTTP/1' },
      }, {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name, namespace: ns },
        spec: {
          targetRef: { group: 'policy.linkerd.io', kind: 'Server', name },
          requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'monitoring' }],
        },
      });
    }
  }
  return out;
}
