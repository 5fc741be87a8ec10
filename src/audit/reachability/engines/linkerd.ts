// Internal: Linkerd policy semantics (Server, AuthorizationPolicy, MeshTLSAuthentication,
// NetworkAuthentication, HTTPRoute; default inbound policy).
import { apiGroup, arr, namespaceOf, nameOf, PodWorkload } from '../../internal/manifests';
import { globMatch, selectorMatches } from '../../internal/selectors';
import { Engine, VerdictStatus } from '../types';
import { cidrContains, EngineEvaluator, EngineResult, EvalContext, foldGrants, Grant, pathOnly, pathPrefixMatch, Request, wname } from './common';

const DEFAULT_POLICY_ANNOTATION = 'config.linkerd.io/default-inbound-policy';
const CLUSTER_DEFAULT = 'all-unauthenticated';
/** Default policies that admit unauthenticated (non-mesh) clients such as the kubelet. */
const UNAUTHENTICATED_DEFAULTS = ['all-unauthenticated', 'cluster-unauthenticated', 'audit'];

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
  private readonly objs: any[];
  /** Source address of the kubelet probe being evaluated, if known. */
  private kubeletAddress?: string;

  constructor(private readonly ctx: EvalContext) {
    this.objs = ctx.set.objects.filter(isLinkerdObj);
  }

  public present(): boolean {
    return this.objs.length > 0;
  }

  private of(kind: string, ns: string): any[] {
    return this.objs.filter(o => o.kind === kind && namespaceOf(o) === ns);
  }

  public evaluate(req: Request): EngineResult {
    this.kubeletAddress = req.kubelet?.address;
    const reasons: string[] = [];
    const dst = req.dst;
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
      if (effective === 'deny') {
        reasons.push(`no Server covers ${wname(dst)}:${req.port}; default inbound policy "deny" (${where})`);
        return { status: VerdictStatus.DENIED, reasons, l7: [] };
      }
      reasons.push(`no Server covers ${wname(dst)}:${req.port}; default inbound policy "${effective}" (${where}) allows meshed clients`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    const server = servers.sort((a, b) => nameOf(a).localeCompare(nameOf(b)))[0];
    // The kubelet has no mesh identity (its probes are plaintext, unauthenticated).
    const identity = req.kubelet ? '' : `${req.src.serviceAccount}.${req.src.namespace}.serviceaccount.identity.linkerd.${this.ctx.trustDomain}`;
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
    if (access !== 'deny' && routeMatch !== false && (!req.kubelet || UNAUTHENTICATED_DEFAULTS.includes(access))) {
      reasons.push(`${label(server)} covers ${wname(dst)}:${req.port}; no authorization matches ${identity}, accessPolicy "${access}" allows it`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    reasons.push(`${label(server)} covers ${wname(dst)}:${req.port}; no AuthorizationPolicy authorizes ${identity || 'the kubelet (no identity)'}${routes.length > 0 && routeMatch === false ? ' (no HTTPRoute matches the request)' : ''}`);
    return { status: VerdictStatus.DENIED, reasons, l7: [] };
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
        const byId = ids.some(p => globMatch(p, identity));
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
        const addr = identity === '' ? this.kubeletAddress : undefined;
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
