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
      return [{ namespace: mesh.controlPlaneNamespace ?? 'istio-system', podLabels: { app: 'istiod' }, ports: [15012] }];
    case MeshKind.LINKERD:
      return [{ namespace: mesh.controlPlaneNamespace ?? 'linkerd', podLabels: { 'linkerd.io/control-plane-ns': mesh.controlPlaneNamespace ?? 'linkerd' }, ports: [8080, 8086, 8090] }];
    default:
      return [];
  }
}

/** Istio ambient: ztunnel carries traffic to pods over HBONE on this port. */
export const HBONE_PORT = 15008;

/** Istio ambient: kubelet probes arrive SNAT-ed from this link-local address. */
export const AMBIENT_PROBE_SOURCE = '169.254.7.127/32';
