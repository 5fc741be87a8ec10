// Internal: Linkerd policy semantics (Server, AuthorizationPolicy, MeshTLSAuthentication,
// NetworkAuthentication, HTTPRoute; default inbound policy).
import { apiGroup, arr, namespaceOf, nameOf, PodWorkload } from '../../internal/manifests';
import { selectorMatches } from '../../internal/selectors';
import { Engine, VerdictStatus } from '../types';
import { cidrContains, destinationProxyVerdict, EngineEvaluator, EngineResult, EvalContext, foldGrants, Grant, outsideOf, pathOnly, pathPrefixMatch, Request, wname } from './common';

const DEFAULT_POLICY_ANNOTATION = 'config.linkerd.io/default-inbound-policy';
const CLUSTER_DEFAULT = 'all-unauthenticated';
/** Default policies that admit unauthenticated (non-mesh) clients such as the kubelet. */
const UNAUTHENTICATED_DEFAULTS = ['all-unauthenticated', 'cluster-unauthenticated', 'audit'];
/**
 * The install's `clusterNetworks` default (linkerd/linkerd2 charts/linkerd-control-plane/values.yaml): the networks
 * the `cluster-*` default policies admit. Not in the manifests: assumed to be the default.
 */
const CLUSTER_NETWORKS = ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'];

/** A client as Linkerd's inbound policy sees it: its mesh identity ('' when unauthenticated) and address (when known). */
interface Client {
  readonly identity: string;
  readonly address?: string;
}

/**
 * Whether a default policy (namespace/pod annotation, or a Server's `accessPolicy`) admits the client
 * (linkerd/linkerd2 policy-controller/k8s/index/src/defaults.rs `DefaultPolicy`: `*-authenticated` require a mesh
 * identity, `cluster-*` a source address in the cluster networks; `audit` admits like `all-unauthenticated`). An
 * unknown address (a pod, a node) counts as inside the cluster networks.
 */
function defaultAdmits(policy: string, c: Client): boolean {
  if (!['all-unauthenticated', 'all-authenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'audit'].includes(policy)) return false;
  if (policy.endsWith('-authenticated') && c.identity === '') return false;
  if (policy.startsWith('cluster-') && c.address !== undefined && !CLUSTER_NETWORKS.some(n => cidrContains(n, c.address))) return false;
  return true;
}

/**
 * Linkerd `IdentityMatch` (linkerd/linkerd2 policy-controller/core/src/identity_match.rs): `*` matches every identity,
 * a `*.` prefix is a suffix match on whole labels, anything else is exact.
 */
function identityMatches(pattern: string, identity: string): boolean {
  if (identity === '') return false;
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return identity.endsWith(pattern.slice(1));
  return pattern === identity;
}

/** Whether the workload runs without a Linkerd proxy (`linkerd.io/inject: disabled` on the pod or its namespace). */
function unmeshed(w: PodWorkload, nsAnnotations: Record<string, string>): boolean {
  return (w.annotations['linkerd.io/inject'] ?? nsAnnotations['linkerd.io/inject']) === 'disabled';
}

/**
 * The pod's HTTP GET probe paths on a port: Linkerd's policy controller
 * authorizes exactly these (method GET, `Exact` path) from the probe networks
 * on a port without a Server or on a Server without HTTPRoutes
 * (linkerd/linkerd2 policy-controller/k8s/index/src/inbound/workload.rs
 * `pod_http_probes`, index.rs `default_inbound_http_routes`). gRPC, TCP and
 * exec probes get no default authorization (linkerd/linkerd2 issue 9595).
 * The probe networks (`policyController.probeNetworks`, default `0.0.0.0/0,
 * ::/0`) are not in the manifests: assumed to be the default.
 */
function podProbePaths(dst: PodWorkload, port: number): string[] {
  const out: string[] = [];
  for (const c of arr(dst.podSpec?.containers)) {
    for (const probe of [c?.livenessProbe, c?.readinessProbe, c?.startupProbe]) {
      const get = probe?.httpGet;
      if (!get) continue;
      const p = typeof get.port === 'number' ? get.port
        : /^\d+$/.test(String(get.port)) ? Number(get.port)
          : arr(c?.ports).find((cp: any) => String(cp?.name ?? '').toLowerCase() === String(get.port).toLowerCase())?.containerPort;
      if (p === port) out.push(pathOnly(String(get.path ?? '/')));
    }
  }
  return [...new Set(out)];
}

function isDefaultProbe(dst: PodWorkload, req: Request): boolean {
  return req.kubelet !== undefined && (req.method === undefined || req.method === 'GET')
    && req.path !== undefined && podProbePaths(dst, req.port).includes(pathOnly(req.path));
}

function isLinkerdObj(o: any): boolean {
  return apiGroup(o?.apiVersion) === 'policy.linkerd.io';
}

function label(o: any): string {
  return `${o.kind} ${namespaceOf(o)}/${nameOf(o)}`;
}

export class LinkerdEvaluator implements EngineEvaluator {
  public readonly engine = Engine.LINKERD;
  /** Linkerd authorizes at the destination's proxy: it does not enforce egress at the source. */
  public readonly enforcesEgress = false;
  public readonly nodeReachesItsPods = false;
  private readonly objs: any[];
  /** Source address of the client being evaluated (the kubelet, an outside peer), if known. */
  private clientAddress?: string;

  constructor(private readonly ctx: EvalContext) {
    this.objs = ctx.set.objects.filter(isLinkerdObj);
  }

  /** The destination's proxy (or waypoint) terminates mTLS. */
  public enforcesL7(_dst: PodWorkload): boolean {
    return true;
  }

  public fixedVerdict(src: PodWorkload, dst: PodWorkload): string | undefined {
    return destinationProxyVerdict('Linkerd', src, dst);
  }

  public present(): boolean {
    return this.objs.length > 0;
  }

  private of(kind: string, ns: string): any[] {
    return this.objs.filter(o => o.kind === kind && namespaceOf(o) === ns);
  }

  public evaluate(req: Request): EngineResult {
    this.clientAddress = req.kubelet ? req.kubelet.address : outsideOf(req.src)?.address;
    const reasons: string[] = [];
    const dst = req.dst;
    if (unmeshed(dst, this.nsAnnotations(dst.namespace))) {
      // https://linkerd.io/2/features/server-policy/: "Linkerd can only enforce policy on meshed pods".
      reasons.push(`${wname(dst)} runs no Linkerd proxy (linkerd.io/inject: disabled): no Linkerd policy is enforced for it`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    // The kubelet and unmeshed clients have no mesh identity (plaintext, unauthenticated).
    const identity = req.kubelet || unmeshed(req.src, this.nsAnnotations(req.src.namespace)) ? ''
      : `${req.src.serviceAccount}.${req.src.namespace}.serviceaccount.identity.linkerd.${this.ctx.trustDomain}`;
    const client: Client = { identity, address: this.clientAddress };
    const servers = this.of('Server', dst.namespace).filter(s => selectorMatches(s.spec?.podSelector ?? {}, dst.labels) && this.serverPortMatches(s, dst, req.port));
    if (servers.length === 0) {
      const policy = dst.annotations[DEFAULT_POLICY_ANNOTATION]
        ?? this.ctx.set.namespaceObject(dst.namespace)?.metadata?.annotations?.[DEFAULT_POLICY_ANNOTATION];
      const effective = policy ?? CLUSTER_DEFAULT;
      const where = policy === undefined ? 'cluster default (assumed)' : dst.annotations[DEFAULT_POLICY_ANNOTATION] ? 'pod annotation' : `Namespace ${dst.namespace} annotation`;
      if (req.kubelet && !UNAUTHENTICATED_DEFAULTS.includes(effective)) {
        if (isDefaultProbe(dst, req)) {
          reasons.push(`no Server covers ${wname(dst)}:${req.port}; the kubelet's GET ${req.path} is one of the pod's HTTP probes, authorized by Linkerd's default probe route (probe networks assumed 0.0.0.0/0, ::/0)`);
          return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
        }
        reasons.push(`no Server covers ${wname(dst)}:${req.port}; default inbound policy "${effective}" (${where}) requires authentication and the request is not an HTTP GET probe of the pod: the kubelet is denied`);
        return { status: VerdictStatus.DENIED, reasons, l7: [] };
      }
      if (!defaultAdmits(effective, client)) {
        if (req.kubelet && isDefaultProbe(dst, req)) {
          reasons.push(`no Server covers ${wname(dst)}:${req.port}; the kubelet's GET ${req.path} is one of the pod's HTTP probes, authorized by Linkerd's default probe route (probe networks assumed 0.0.0.0/0, ::/0)`);
          return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
        }
        reasons.push(`no Server covers ${wname(dst)}:${req.port}; default inbound policy "${effective}" (${where}) does not admit ${identity || `${wname(req.src)} (unauthenticated${client.address ? `, from ${client.address}` : ''})`}`);
        return { status: VerdictStatus.DENIED, reasons, l7: [] };
      }
      reasons.push(`no Server covers ${wname(dst)}:${req.port}; default inbound policy "${effective}" (${where}) admits ${identity || `${wname(req.src)} (unauthenticated)`}`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    const server = servers.sort((a, b) => nameOf(a).localeCompare(nameOf(b)))[0];
    const routes = this.of('HTTPRoute', dst.namespace).filter(r => arr(r.spec?.parentRefs).some((p: any) => p?.kind === 'Server' && p?.name === nameOf(server)));
    const aps = this.of('AuthorizationPolicy', dst.namespace);
    const grants: Grant[] = [];
    // Policies on the Server (or the whole namespace) authorize every route of the server.
    const serverAps = aps.filter(ap => {
      const t = ap.spec?.targetRef ?? {};
      return (t.kind === 'Server' && t.name === nameOf(server)) || (t.kind === 'Namespace' && (t.name ?? dst.namespace) === dst.namespace);
    });
    const routeMatch = routes.length === 0 ? true : this.routesMatch(routes, req);
    for (const ap of serverAps) {
      if (!this.authenticated(ap, identity, reasons)) continue;
      if (routeMatch === false) continue;
      grants.push({ by: label(ap), l7: routeMatch === true ? undefined : routeMatch });
    }
    for (const route of routes) {
      const m = this.routesMatch([route], req);
      if (m === false) continue;
      for (const ap of aps.filter(a => a.spec?.targetRef?.kind === 'HTTPRoute' && a.spec?.targetRef?.name === nameOf(route))) {
        if (!this.authenticated(ap, identity, reasons)) continue;
        grants.push({ by: `${label(ap)} via HTTPRoute ${nameOf(route)}`, l7: m === true ? undefined : m });
      }
    }
    if (routes.length === 0 && isDefaultProbe(dst, req)) {
      grants.push({ by: `Linkerd's default probe route (GET ${pathOnly(req.path!)} is an HTTP probe of the pod; probe networks assumed 0.0.0.0/0, ::/0)` });
    }
    if (grants.length > 0) {
      const l7 = foldGrants(grants);
      reasons.push(`${label(server)} covers ${wname(dst)}:${req.port}; client ${identity || 'the kubelet (no identity)'} authorized by ${grants.map(g => g.by).join(', ')}${l7 ? ` for ${l7.join(', ')}` : ''}`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: l7 ?? [] };
    }
    const access = String(server.spec?.accessPolicy ?? 'deny');
    if (routeMatch !== false && defaultAdmits(access, client)) {
      reasons.push(`${label(server)} covers ${wname(dst)}:${req.port}; no authorization matches ${identity}, accessPolicy "${access}" allows it`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    reasons.push(`${label(server)} covers ${wname(dst)}:${req.port}; no AuthorizationPolicy authorizes ${identity || 'the kubelet (no identity)'}${routes.length > 0 && routeMatch === false ? ' (no HTTPRoute matches the request)' : ''}`);
    return { status: VerdictStatus.DENIED, reasons, l7: [] };
  }

  private nsAnnotations(ns: string): Record<string, string> {
    return this.ctx.set.namespaceObject(ns)?.metadata?.annotations ?? {};
  }

  private serverPortMatches(s: any, dst: PodWorkload, port: number): boolean {
    const p = s.spec?.port;
    if (typeof p === 'number') return p === port;
    if (typeof p === 'string' && /^\d+$/.test(p)) return Number(p) === port;
    return dst.ports.some(cp => cp.name === p && cp.port === port);
  }

  /** true: any request; string[]: these requests; false: none. */
  private routesMatch(routes: any[], req: Request): true | false | string[] {
    const out: string[] = [];
    for (const r of routes) {
      for (const rule of arr(r.spec?.rules)) {
        const matches = arr(rule?.matches);
        if (matches.length === 0) return true;
        for (const m of matches) {
          const pathType = m?.path?.type ?? 'PathPrefix';
          const pathVal = m?.path?.value ?? '/';
          const method = m?.method;
          const hOk = headersMatch(arr(m?.headers), req.headers);
          if (!hOk) continue;
          if (req.method !== undefined || req.path !== undefined) {
            const mOk = !method || req.method === undefined || method === req.method;
            let pOk = true;
            if (req.path !== undefined) {
              // linkerd2-proxy linkerd/http/route/src/http/match/path.rs: on the path without the query.
              const path = pathOnly(req.path);
              if (pathType === 'Exact') {
                pOk = path === pathVal;
              } else if (pathType === 'RegularExpression') {
                try { pOk = new RegExp(`^(?:${pathVal})$`).test(path); } catch { pOk = false; }
              } else {
                pOk = pathPrefixMatch(pathVal, path);
              }
            }
            if (mOk && pOk) return true;
          } else {
            if (!method && pathType === 'PathPrefix' && pathVal === '/') return true;
            out.push(`${method ?? '*'} ${pathType === 'PathPrefix' && pathVal !== '/' ? `${pathVal}*` : pathVal}`);
          }
        }
      }
    }
    return out.length > 0 ? [...new Set(out)].sort() : false;
  }

  private authenticated(ap: any, identity: string, reasons: string[]): boolean {
    const ns = namespaceOf(ap)!;
    const refs = arr(ap.spec?.requiredAuthenticationRefs);
    for (const ref of refs) {
      const kind = String(ref?.kind ?? '');
      const rns = ref?.namespace ?? ns;
      if (identity === '' && kind !== 'NetworkAuthentication') return false; // the kubelet is unauthenticated
      if (kind === 'ServiceAccount') {
        if (identity !== `${ref.name}.${rns}.serviceaccount.identity.linkerd.${this.ctx.trustDomain}`) return false;
        continue;
      }
      const target = this.objs.find(o => o.kind === kind && nameOf(o) === ref?.name && namespaceOf(o) === rns);
      if (!target) {
        reasons.push(`note: ${label(ap)} requires ${kind}/${ref?.name}, which is not in the manifests`);
        return false;
      }
      if (kind === 'MeshTLSAuthentication') {
        const ids = arr(target.spec?.identities).map(String);
        const idRefs = arr(target.spec?.identityRefs);
        const byId = ids.some(p => identityMatches(p, identity));
        const byRef = idRefs.some((r: any) => {
          if (r?.kind === 'ServiceAccount') {
            if (r.name === '*') return true;
            return identity === `${r.name}.${r.namespace ?? rns}.serviceaccount.identity.linkerd.${this.ctx.trustDomain}`;
          }
          if (r?.kind === 'Namespace') return identity.split('.')[1] === (r.name ?? rns);
          return false;
        });
        if (!byId && !byRef) return false;
      } else if (kind === 'NetworkAuthentication') {
        const nets = arr(target.spec?.networks);
        const addr = this.clientAddress;
        const covers = (n: any) => addr !== undefined
          ? cidrContains(String(n?.cidr), addr) && !arr(n?.except).some((e: any) => cidrContains(String(e), addr))
          : ['0.0.0.0/0', '::/0'].includes(String(n?.cidr)) && arr(n?.except).length === 0;
        if (!nets.some(covers)) return false;
      } else {
        return false;
      }
    }
    return true;
  }
}

/**
 * Gateway API `HTTPHeaderMatch` as Linkerd implements it (linkerd2-proxy
 * linkerd/http/route/src/http/match/header.rs): names case-insensitive,
 * `Exact` (the default type) compares the value exactly, `RegularExpression`
 * must match the whole value. Without request headers, header conditions are
 * not evaluated.
 */
function headersMatch(conds: any[], headers: { [name: string]: string } | undefined): boolean {
  if (headers === undefined) return true;
  return conds.every((h: any) => {
    const v = headers[String(h?.name ?? '').toLowerCase()];
    if (v === undefined) return false;
    if ((h?.type ?? 'Exact') === 'RegularExpression') {
      try { return new RegExp(`^(?:${h.value})$`).test(v); } catch { return false; }
    }
    return v === String(h?.value);
  });
}
