// Internal: shared types of the engine evaluators.
import { cidrContains as cidrContainsIp, cidrIsAll } from '../../internal/cidr';
import { ManifestSet, PodWorkload } from '../../internal/manifests';
import { VerdictStatus } from '../types';

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
  /** The engine's registry id (src/engines/registry.ts): the `Engine` value for the built-in engines. */
  readonly engine: string;
  /**
   * Whether the engine enforces egress at the source (a network-layer engine), so
   * the equivalence check probes workloads reaching peers outside the app on it.
   */
  readonly enforcesEgress: boolean;
  /** Whether a node always reaches the pods on it whatever this engine's policies (the equivalence check skips node sources). */
  readonly nodeReachesItsPods: boolean;
  present(): boolean;
  evaluate(req: Request): EngineResult;
  /** Whether the engine can enforce HTTP rules on traffic into `dst`. */
  enforcesL7(dst: PodWorkload): boolean;
  /** A verdict the engine decides without its policies (always ALLOWED), with its reason; undefined: evaluate the policies. */
  fixedVerdict?(src: PodWorkload, dst: PodWorkload): string | undefined;
}

/**
 * Istio and Linkerd authorize at the destination's proxy (AuthorizationPolicy "selector ... the
 * workloads the policy applies to", https://istio.io/latest/docs/reference/config/security/authorization-policy/;
 * Linkerd "inbound" policy, https://linkerd.io/2/reference/authorization-policy/): nothing in the
 * manifests stops a pod reaching a destination outside them.
 */
export function destinationProxyVerdict(label: string, src: PodWorkload, dst: PodWorkload): string | undefined {
  const dout = outsideOf(dst);
  if (!dout) return undefined;
  return `${label} authorizes at the destination's proxy: nothing in the manifests restricts ${wname(src)} reaching ${dout.outside === 'UNRELATED_NAMESPACE' ? `a pod in ${dst.namespace}` : dout.outside === 'WORLD' ? 'an address outside the cluster' : dout.outside === 'KUBE_APISERVER' ? 'the API server' : 'a node'}`;
}

export interface EvalContext {
  readonly set: ManifestSet;
  readonly trustDomain: string;
}

export function wname(w: PodWorkload): string {
  return nonPodOf(w) ? w.name : `${w.namespace}/${w.name}`;
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

/** What an outside peer is, on the pseudo-workload that stands for it (undefined: a pod of the manifests). */
export type OutsideTag = 'WORLD' | 'NODE' | 'REMOTE_NODE' | 'KUBE_APISERVER' | 'UNRELATED_NAMESPACE';

/**
 * A pseudo-workload standing for a peer outside the manifests' workloads, so that every
 * evaluator can judge it with its own semantics: it carries `outside` and the address it
 * uses (`address`: an IPv4 address, or undefined when unknown, e.g. a node).
 */
export interface OutsideWorkload extends PodWorkload {
  readonly outside: OutsideTag;
  readonly address?: string;
  /** The DNS name the address was resolved from (WORLD destinations; Cilium `toFQDNs`). */
  readonly fqdn?: string;
}

/** The outside tag of a workload (undefined for a pod of the manifests). */
export function outsideOf(w: PodWorkload): OutsideWorkload | undefined {
  return (w as OutsideWorkload).outside !== undefined ? w as OutsideWorkload : undefined;
}

/** The outside peer of a workload when it is not a pod at all (world, a node, the API server). */
export function nonPodOf(w: PodWorkload): OutsideWorkload | undefined {
  const o = outsideOf(w);
  return o && o.outside !== 'UNRELATED_NAMESPACE' ? o : undefined;
}

/**
 * Builds the pseudo-workload of an outside peer. World and node run no mesh proxy
 * (`sidecar.istio.io/inject: "false"`: plaintext, no mesh identity); their namespace is a
 * name no manifest uses, so no namespaced selector can select them.
 */
export function outsideWorkload(tag: OutsideTag, namespace: string, serviceAccount: string, labels: Record<string, string>,
  meshed: boolean, address?: string, fqdn?: string): OutsideWorkload {
  return {
    obj: {},
    kind: 'Pod',
    name: tag === 'UNRELATED_NAMESPACE' ? `outside-${serviceAccount}` : tag.toLowerCase(),
    namespace,
    labels: { ...labels },
    annotations: meshed ? {} : { 'sidecar.istio.io/inject': 'false', 'linkerd.io/inject': 'disabled' },
    podSpec: {},
    serviceAccount,
    serviceAccountExplicit: true,
    ports: [],
    outside: tag,
    address,
    fqdn,
  };
}

/**
 * Whether a CIDR contains `address` (IPv4 or IPv6); with `address` undefined (unknown), whether
 * the CIDR contains every address of its family (`0.0.0.0/0`, `::/0`).
 */
export function cidrContains(cidr: string, address: string | undefined): boolean {
  if (address === undefined) return cidrIsAll(String(cidr));
  return cidrContainsIp(String(cidr), address);
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
