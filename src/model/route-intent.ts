import { Exception } from './exception';
import { HttpMatch } from './http-match';
import { PeerKind } from './peer';
import { Port } from './port';
import { TrafficPolicy } from './traffic-policy';

/** An HTTP health check the kubelet runs against a service's pods. */
export interface HttpProbe {
  /** Container port the probe connects to. */
  readonly port: number;
  /** Request path, e.g. `/healthz`. */
  readonly path: string;
}

/**
 * A gRPC health check the kubelet runs against a service's pods (a
 * container probe with `grpc`): the kubelet calls
 * `grpc.health.v1.Health/Check` (HTTP/2 POST) on the port.
 */
export interface GrpcProbe {
  /** Container port the probe connects to. */
  readonly port: number;
}

/**
 * What a `MeshService` says, independent of any engine (library-internal):
 * built by `MeshService` and handed to every backend.
 */
export interface ServiceIntent {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly podLabels: { [key: string]: string };
  readonly ports: Port[];
  /** Application metrics port scraped by Prometheus. */
  readonly metricsPort?: Port;
  /** HTTP probes (Linkerd must keep them authorized once HTTPRoutes exist). */
  readonly probes: HttpProbe[];
  /** Ports of gRPC probes. */
  readonly grpcProbes: GrpcProbe[];
  readonly traffic?: TrafficPolicy;
  /** Token automount, with its justification. */
  readonly tokenException?: Exception;
  /** Mesh family of the service's namespace: 'istio', 'linkerd' or 'none'. */
  readonly meshFamily: string;
  /** Whether the namespace runs Istio ambient. */
  readonly ambient: boolean;
  /** The namespace baseline lets Prometheus scrape these ports (undefined: no scraping allowed). */
  readonly namespaceMonitoringPorts?: Port[];
  /** The namespace baseline lets the ingress gateway reach these ports on every pod. */
  readonly namespaceIngressGatewayPorts?: Port[];
}

/** A route endpoint resolved against the cluster profile (library-internal). */
export interface ResolvedPeer {
  readonly kind: PeerKind;
  /** Short name for object names and messages. */
  readonly name: string;
  /** Canonical identity of the endpoint (for duplicate detection). */
  readonly key: string;
  readonly namespace?: string;
  /** undefined: every pod of the namespace. */
  readonly podLabels?: { [key: string]: string };
  readonly serviceAccount?: string;
  /** Whether the endpoint has a mesh identity ('istio' / 'linkerd' family of its mesh, or 'none'). */
  readonly meshFamily: string;
  /** Whether the endpoint's pods run in Istio ambient mode (traffic carried over HBONE). */
  readonly ambient: boolean;
  /** Whether the endpoint speaks HBONE itself (Istio gateways, sidecars, ztunnel). */
  readonly hbone: boolean;
  readonly cidrs?: Array<{ cidr: string; except?: string[] }>;
  readonly fqdn?: string;
  /** For a MeshService endpoint: its intent. */
  readonly service?: ServiceIntent;
}

/** A validated route, ready to render (library-internal; the public plain-data route is `RouteIntent`, src/shared/route-intent.ts). */
export interface ResolvedRoute {
  /** Stable base object name, e.g. `allow-checkout-service-to-payment-processor`. */
  readonly name: string;
  readonly from: ResolvedPeer;
  readonly to: ResolvedPeer;
  /** Destination ports (the target's own Port objects for a MeshService). */
  readonly ports: Port[];
  /** L7 matches (empty: L4 route). */
  readonly http: HttpMatch[];
  /** A network-layer engine renders the L7 rules (no mesh terminates the traffic: `l7Enforcement` `network`, e.g. Cilium). */
  readonly networkL7: boolean;
  /** Annotations for every object (accepted exceptions). */
  readonly annotations: { [key: string]: string };
}
