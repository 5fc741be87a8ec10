// Internal: shared types of the engine evaluators.
import { ManifestSet, PodWorkload } from '../../internal/manifests';
import { Engine, VerdictStatus } from '../types';

export interface Request {
  readonly src: PodWorkload;
  readonly dst: PodWorkload;
  readonly port: number;
  readonly method?: string;
  /** Request target path, possibly with a `?query`. */
  readonly path?: string;
  /** Request headers (lower-case names); undefined: header conditions are not evaluated. */
  readonly headers?: { [name: string]: string };
  /** The client is the kubelet probing the pod (unmeshed, from the node), not `src`. */
  readonly kubelet?: KubeletSource;
}

/** The kubelet as a client (health probes). */
export interface KubeletSource {
  /** The node address probes come from, when known. */
  readonly address?: string;
}

/** A matching allow: `l7` undefined means any request, otherwise the allowed requests. */
export interface Grant {
  readonly by: string;
  readonly l7?: string[];
}

export interface EngineResult {
  readonly status: VerdictStatus;
  readonly reasons: string[];
  readonly l7: string[];
}

export interface EngineEvaluator {
  readonly engine: Engine;
  present(): boolean;
  evaluate(req: Request): EngineResult;
}

export interface EvalContext {
  readonly set: ManifestSet;
  readonly trustDomain: string;
}

export function wname(w: PodWorkload): string {
  return `${w.namespace}/${w.name}`;
}

/** Folds grants: any unrestricted grant → unrestricted; else the union of restrictions. */
export function foldGrants(grants: Grant[]): string[] | undefined {
  if (grants.some(g => g.l7 === undefined)) return undefined;
  return [...new Set(grants.flatMap(g => g.l7 ?? []))].sort();
}

/** Intersection of two L7 restriction sets (undefined = any). */
export function intersectL7(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const s = new Set(b);
  return a.filter(x => s.has(x));
}

/** Anchored regular-expression match (Cilium method/path); invalid expressions never match. */
export function regexFull(re: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${re})$`).test(value);
  } catch {
    return false;
  }
}

/** The path without its query string (what Istio, Linkerd and the Gateway API compare). */
export function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}

/**
 * Gateway API `PathPrefix` as Linkerd implements it (linkerd/linkerd2-proxy
 * linkerd/http/route/src/http/match/path.rs `MatchPath::Prefix`): `/` matches
 * everything; otherwise trailing `/`s of the prefix and of the path are
 * ignored and the prefix must end on a segment boundary.
 */
export function pathPrefixMatch(prefix: string, path: string): boolean {
  if (prefix === '/') return true;
  const p = prefix.replace(/\/+$/, '');
  const trimmed = pathOnly(path).replace(/\/+$/, '');
  if (!trimmed.startsWith(p)) return false;
  const rest = trimmed.slice(p.length);
  return rest === '' || rest.startsWith('/');
}

/**
 * Istio's string match for AuthorizationPolicy values (istio/istio
 * pilot/pkg/security/authz/matcher/string.go `StringMatcherWithPrefix`,
 * header.go `HeaderMatcher`): `*` alone matches any non-empty value (a
 * header: any value, present); a leading `*` is a suffix match (checked
 * first: `*a*` is the suffix `a*`); a trailing `*` a prefix match;
 * otherwise exact.
 */
export function istioValueMatch(pattern: string, value: string, header = false): boolean {
  if (pattern === '*') return header || value.length > 0;
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return pattern === value;
}

/** Parses an IPv4 or IPv6 address to a bigint (undefined when invalid). */
function ipToBig(ip: string): { v: bigint; bits: number } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    if (parts.some(x => x > 255)) return undefined;
    return { v: parts.reduce((a, x) => a * 256n + BigInt(x), 0n), bits: 32 };
  }
  if (!ip.includes(':')) return undefined;
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (ip.includes('::') ? missing < 0 : h.length !== 8) return undefined;
  const groups = [...h, ...Array(ip.includes('::') ? missing : 0).fill('0'), ...t];
  if (groups.some(g => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { v: groups.reduce((a, g) => a * 65536n + BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** Whether `ip` is inside `cidr` (same address family). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [net, lenS] = cidr.split('/');
  const n = ipToBig(net);
  const a = ipToBig(ip);
  if (!n || !a || n.bits !== a.bits) return false;
  const len = lenS === undefined ? n.bits : Number(lenS);
  if (!Number.isInteger(len) || len < 0 || len > n.bits) return false;
  const block = 2n ** BigInt(n.bits - len);
  return n.v / block === a.v / block;
}
