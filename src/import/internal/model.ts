// Internal: the intent an import recovers, before it is written as TypeScript.
import { ObjectNames } from '../../model/names';
import { ImportFinding, ImportTarget, PolicyMapping } from '../types';

/** An HTTP condition: any of method / exact path / path prefix. */
export interface HttpRule {
  readonly method?: string;
  readonly path?: string;
  readonly prefix?: string;
}

export type PortKind = 'http' | 'http2' | 'grpc' | 'tcp';

/** A MeshService to generate (one source workload). */
export interface Svc {
  readonly key: string; // `<ns>/<name>`
  readonly namespace: string;
  readonly name: string;
  readonly workloadKind: string;
  readonly workloadName: string;
  readonly serviceAccount: string;
  readonly sourceServiceAccount: string;
  readonly selector: Record<string, string>;
  readonly ports: Map<number, PortKind>;
}

/** One end of a route: a service (by key), an IP block or a DNS name. */
export interface Endpoint {
  readonly svc?: string;
  readonly cidr?: string;
  readonly fqdn?: string;
}

export interface Route {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly ports: number[];
  /** undefined: any request. */
  readonly http?: HttpRule[];
  readonly sources: string[];
  readonly count?: number;
}

export interface Model {
  readonly target: ImportTarget;
  readonly services: Svc[];
  readonly routes: Route[];
  readonly findings: ImportFinding[];
  readonly policies: PolicyMapping[];
  /** Namespaces (with or without services), sorted. */
  readonly namespaces: string[];
  readonly trustDomain?: string;
}

export function endpointName(e: Endpoint): string {
  if (e.svc) return e.svc;
  if (e.cidr) return `cidr:${e.cidr}`;
  return `fqdn:${e.fqdn}`;
}

export function httpText(h: HttpRule): string {
  return `${h.method ?? '*'} ${h.path ?? (h.prefix !== undefined ? `${h.prefix}*` : '*')}`;
}

/** A DNS-1035 label for a MeshService / ServiceAccount name (letters first, `-`, at most 63). */
export function serviceNameFor(raw: string): string {
  let s = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  if (!s) s = `svc-${ObjectNames.hash(raw)}`;
  if (s.length > 63 || s !== raw) {
    if (s.length > 63) s = ObjectNames.stable([s.slice(0, 50), ObjectNames.hash(raw)]);
  }
  return s;
}

/** `Port.http(8080)` etc. for a port kind. */
export function portKindOf(name: string | undefined, appProtocol: string | undefined): PortKind | undefined {
  const a = (appProtocol ?? '').toLowerCase();
  if (a === 'http' || a === 'https') return 'http';
  if (a === 'kubernetes.io/h2c' || a === 'http2') return 'http2';
  if (a === 'grpc') return 'grpc';
  const n = (name ?? '').toLowerCase();
  // Istio protocol selection by port name prefix: https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
  if (n === 'http' || n.startsWith('http-')) return 'http';
  if (n === 'http2' || n.startsWith('http2-')) return 'http2';
  if (n === 'grpc' || n.startsWith('grpc-')) return 'grpc';
  if (n === 'tcp' || n.startsWith('tcp-')) return 'tcp';
  return undefined;
}
