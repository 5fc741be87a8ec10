import { Mesh, MeshKind } from './mesh';

/**
 * Data-plane facts each mesh needs the network layer to allow
 * (library-internal; not exported from the package).
 */
export interface ControlPlaneEndpoint {
  readonly namespace: string;
  readonly podLabels: { [key: string]: string };
  readonly ports: number[];
}

/** Ports the mesh's proxy serves its own metrics on (scraped by Prometheus). */
export function proxyMetricsPorts(mesh: Mesh): number[] {
  switch (mesh.kind) {
    case MeshKind.ISTIO_SIDECAR: return [15020, 15090];
    case MeshKind.LINKERD: return [4191];
    default: return [];
  }
}

/**
 * The control plane the pods' proxies must reach: istiod xDS/CA (15012) for
 * Istio sidecars; Linkerd identity (8080), destination (8086) and policy
 * (8090). Ambient pods need none: ztunnel talks to istiod from the node.
 */
export function controlPlaneEndpoints(mesh: Mesh): ControlPlaneEndpoint[] {
  switch (mesh.kind) {
    case MeshKind.ISTIO_SIDECAR:
      return [istiodEndpoint(mesh)];
    case MeshKind.LINKERD:
      return [{ namespace: mesh.controlPlaneNamespace ?? 'linkerd', podLabels: { 'linkerd.io/control-plane-ns': mesh.controlPlaneNamespace ?? 'linkerd' }, ports: [8080, 8086, 8090] }];
    default:
      return [];
  }
}

/**
 * istiod's xDS and CA port (15012, "Ports used by Istio",
 * https://istio.io/latest/docs/ops/deployment/requirements/#ports-used-by-istio), which sidecars
 * and waypoints dial.
 */
export function istiodEndpoint(mesh: Mesh): ControlPlaneEndpoint {
  return { namespace: mesh.controlPlaneNamespace ?? 'istio-system', podLabels: { app: 'istiod' }, ports: [15012] };
}

/** The name of the per-namespace Istio waypoint (a Gateway of class `istio-waypoint`) the library deploys. */
export const WAYPOINT_NAME = 'waypoint';

/**
 * The labels Istio puts on a waypoint Gateway's pods: `gateway.networking.k8s.io/gateway-name: <gateway>`
 * (https://istio.io/latest/docs/ambient/usage/waypoint/, Gateway API automated deployment).
 */
export function waypointPodLabels(gateway: string = WAYPOINT_NAME): { [key: string]: string } {
  return { 'gateway.networking.k8s.io/gateway-name': gateway };
}

/** Istio ambient: ztunnel carries traffic to pods over HBONE on this port. */
export const HBONE_PORT = 15008;

/** Istio ambient: kubelet probes arrive SNAT-ed from this link-local address. */
export const AMBIENT_PROBE_SOURCE = '169.254.7.127/32';

/** A port the mesh's own proxy listens on inside the application pod. */
export interface ProxyPort {
  readonly port: number;
  readonly use: string;
}

/**
 * Ports the mesh's proxy (or, in Istio ambient, ztunnel's in-pod listeners)
 * owns inside every application pod: an application container port among
 * them clashes with the proxy, and traffic to it never reaches the
 * application.
 * - Istio sidecar: "Ports used by Istio", https://istio.io/latest/docs/ops/deployment/requirements/#ports-used-by-istio
 * - Istio ambient: ztunnel listens in the pod's network namespace on 15008,
 *   15006 and 15001 (https://istio.io/latest/docs/ambient/architecture/traffic-redirection/),
 *   and on 15053 when DNS capture is on.
 * - Linkerd: proxy ports admin 4191, control 4190, inbound 4143, outbound
 *   4140 (linkerd/linkerd2 charts/linkerd-control-plane/values.yaml `proxy.ports`;
 *   https://linkerd.io/2/reference/proxy-configuration/).
 */
export function proxyOwnedPorts(mesh: Mesh): readonly ProxyPort[] {
  switch (mesh.kind) {
    case MeshKind.ISTIO_SIDECAR: return ISTIO_SIDECAR_PORTS;
    case MeshKind.ISTIO_AMBIENT: return ISTIO_AMBIENT_PORTS;
    case MeshKind.LINKERD: return LINKERD_PORTS;
    default: return NO_PORTS;
  }
}

// One frozen list per mesh kind (read once per service).
const ISTIO_SIDECAR_PORTS: readonly ProxyPort[] = Object.freeze([
  { port: 15000, use: 'Envoy admin' },
  { port: 15001, use: 'Envoy outbound' },
  { port: 15004, use: 'debug' },
  { port: 15006, use: 'Envoy inbound' },
  { port: 15008, use: 'HBONE mTLS tunnel' },
  { port: 15009, use: 'HBONE for secure networks' },
  { port: 15020, use: 'merged Prometheus telemetry' },
  { port: 15021, use: 'health checks' },
  { port: 15053, use: 'DNS proxy' },
  { port: 15090, use: 'Envoy Prometheus telemetry' },
]);
const ISTIO_AMBIENT_PORTS: readonly ProxyPort[] = Object.freeze([
  { port: 15001, use: 'ztunnel outbound' },
  { port: 15006, use: 'ztunnel inbound plaintext' },
  { port: 15008, use: 'ztunnel inbound HBONE' },
  { port: 15053, use: 'ztunnel DNS proxy' },
]);
const LINKERD_PORTS: readonly ProxyPort[] = Object.freeze([
  { port: 4140, use: 'proxy outbound' },
  { port: 4143, use: 'proxy inbound' },
  { port: 4190, use: 'proxy control (tap)' },
  { port: 4191, use: 'proxy admin and metrics' },
]);
const NO_PORTS: readonly ProxyPort[] = Object.freeze([]);

/**
 * The init container a sidecar mesh without its CNI plugin injects with
 * NET_ADMIN and NET_RAW (which only Pod Security `privileged` admits), or
 * undefined: Istio `istio-init` (https://istio.io/latest/docs/ops/deployment/application-requirements/),
 * Linkerd `linkerd-init` (https://linkerd.io/2/features/cni/).
 */
export function privilegedInitContainer(mesh: Mesh): string | undefined {
  if (mesh.cni) return undefined;
  if (mesh.kind === MeshKind.ISTIO_SIDECAR) return 'istio-init';
  if (mesh.kind === MeshKind.LINKERD) return 'linkerd-init';
  return undefined;
}

/** Whether the mesh's pods run in Istio ambient mode (traffic carried over HBONE by ztunnel). */
export function isAmbient(mesh: Mesh): boolean {
  return mesh.kind === MeshKind.ISTIO_AMBIENT;
}

/** Whether the mesh's data plane speaks HBONE (Istio sidecars, gateways and ztunnel). */
export function speaksHbone(mesh: Mesh): boolean {
  return mesh.isIstio;
}
