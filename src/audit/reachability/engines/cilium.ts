// Internal: Cilium policy semantics (L3 endpoints/entities/services, L4 ports, L7 HTTP).
import { arr, isObject, namespaceOf, nameOf, PodWorkload } from '../../internal/manifests';
import { ciliumKey, ciliumLabels, ciliumSelects, ciliumSpecs, isCiliumPolicy } from '../../internal/netpol';
import { selectorMatches } from '../../internal/selectors';
import { Engine, VerdictStatus } from '../types';
import { EngineEvaluator, EngineResult, EvalContext, foldGrants, Grant, regexFull, Request, wname } from './common';

const NS_KEY = 'io.kubernetes.pod.namespace';
const POD_ENTITIES = ['all', 'cluster'];

type Dir = 'ingress' | 'egress';

export class CiliumEvaluator implements EngineEvaluator {
  public readonly engine = Engine.CILIUM;
  private readonly policies: any[];

  constructor(private readonly ctx: EvalContext) {
    this.policies = ctx.set.objects.filter(isCiliumPolicy);
  }

  public present(): boolean {
    return this.policies.length > 0;
  }

  public evaluate(req: Request): EngineResult {
    const reasons: string[] = [];
    if (req.kubelet) {
      // cilium/cilium PR 754: agent option --allow-localhost {auto|always|policy}, default auto: the local host
      // (where the kubelet runs) may reach the node's endpoints whatever the policy; only `policy` changes that.
      reasons.push(`the kubelet probes ${wname(req.dst)} from the local host, which Cilium always allows (default allow-localhost)`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    const eg = this.direction('egress', req.src, req.dst, req, reasons);
    const ing = this.direction('ingress', req.dst, req.src, req, reasons);
    if (eg === false || ing === false) return { status: VerdictStatus.DENIED, reasons, l7: [] };
    // Both allow: the request must satisfy both sides' L7 restrictions.
    const l7 = eg === true ? (ing === true ? undefined : ing) : ing === true ? eg : eg.filter(x => ing.includes(x));
    if (l7 !== undefined && l7.length === 0) {
      reasons.push('the egress and ingress L7 rules allow no common request');
      return { status: VerdictStatus.DENIED, reasons, l7: [] };
    }
    return { status: VerdictStatus.ALLOWED, reasons, l7: l7 ?? [] };
  }

  /** true: allowed (any request); string[]: allowed for these requests; false: denied. */
  private direction(dir: Dir, subject: PodWorkload, peer: PodWorkload, req: Request, reasons: string[]): true | false | string[] {
    const what = `${dir} of ${wname(subject)}`;
    const selecting = this.policies.filter(p => ciliumSelects(this.ctx.set, p, subject));
    const specs = selecting.flatMap(p => ciliumSpecs(p).filter(s => s.endpointSelector !== undefined
      && selectorMatches(s.endpointSelector, ciliumLabels(this.ctx.set, subject), ciliumKey)).map(s => ({ p, s })));
    const denyKey = dir === 'ingress' ? 'ingressDeny' : 'egressDeny';
    for (const { p, s } of specs) {
      for (const [i, r] of arr(s[denyKey]).entries()) {
        if (this.peerMatches(p, r, dir, peer) && this.portMatch(r, req, dir === 'ingress' ? subject : peer, true)) {
          reasons.push(`${what}: denied by ${label(p)} ${denyKey}[${i}]`);
          return false;
        }
      }
    }
    const enforcing = specs.filter(({ s }) => (s[dir] !== undefined || s[denyKey] !== undefined) && s.enableDefaultDeny?.[dir] !== false);
    if (enforcing.length === 0) {
      reasons.push(`${what}: no Cilium policy enforces ${dir} on it, so it is open`);
      return true;
    }
    const grants: Grant[] = [];
    for (const { p, s } of specs) {
      for (const [i, r] of arr(s[dir]).entries()) {
        if (!isObject(r) || !this.peerMatches(p, r, dir, peer)) continue;
        const m = this.portMatch(r, req, dir === 'ingress' ? subject : peer, false);
        if (m === false) continue;
        grants.push({ by: `${label(p)} ${dir}[${i}]`, l7: m === true ? undefined : m });
      }
    }
    if (grants.length === 0) {
      reasons.push(`${what}: ${enforcing.map(x => label(x.p)).filter((v, i, a) => a.indexOf(v) === i).join(', ')} enforce(s) ${dir}; no rule allows ${wname(peer)} on port ${req.port}${req.method || req.path ? ` (${req.method ?? '*'} ${req.path ?? '*'})` : ''}`);
      return false;
    }
    const l7 = foldGrants(grants);
    reasons.push(`${what}: allowed by ${grants.map(g => g.by).join(', ')}${l7 ? ` for ${l7.join(', ')}` : ''}`);
    return l7 === undefined ? true : l7;
  }

  private peerMatches(pol: any, r: any, dir: Dir, w: PodWorkload): boolean {
    const pre = dir === 'ingress' ? 'from' : 'to';
    const l3 = ['Endpoints', 'Entities', 'CIDR', 'CIDRSet', 'Requires', 'FQDNs', 'Services', 'Groups', 'Nodes'].filter(k => r[`${pre}${k}`] !== undefined);
    if (l3.length === 0) return arr(r.toPorts).length > 0 || arr(r.icmps).length > 0; // L4-only rule: any peer
    const labels = ciliumLabels(this.ctx.set, w);
    const clusterwide = pol.kind === 'CiliumClusterwideNetworkPolicy';
    for (const sel of arr(r[`${pre}Endpoints`])) {
      const keys = [...Object.keys(sel?.matchLabels ?? {}), ...arr(sel?.matchExpressions).map((e: any) => String(e.key))];
      const hasNsKey = keys.some(k => ciliumKey(k) === NS_KEY);
      if (!clusterwide && !hasNsKey && w.namespace !== namespaceOf(pol)) continue;
      if (selectorMatches(sel ?? {}, labels, ciliumKey)) return true;
    }
    if (arr(r[`${pre}Entities`]).some((e: any) => POD_ENTITIES.includes(String(e)))) return true;
    if (dir === 'egress') {
      for (const svc of arr(r.toServices)) {
        const k = svc?.k8sService;
        if (!k) continue;
        const ns = k.namespace ?? namespaceOf(pol);
        if (this.ctx.set.servicesFor(w).some(s => nameOf(s) === k.serviceName && namespaceOf(s) === ns)) return true;
      }
    }
    return false;
  }

  /** true: port matches for any request; string[]: only these requests; false: no match. */
  private portMatch(r: any, req: Request, dst: PodWorkload, deny: boolean): true | false | string[] {
    const toPorts = arr(r.toPorts);
    if (toPorts.length === 0) return true;
    const out: string[] = [];
    let any = false;
    for (const tp of toPorts) {
      const ports = arr(tp.ports);
      const portOk = ports.length === 0 || ports.some((p: any) => {
        if (!['TCP', 'ANY', undefined].includes(p.protocol)) return false;
        const ps = String(p.port ?? '0');
        if (ps === '0') return true;
        if (!/^\d+$/.test(ps)) return dst.ports.some(cp => cp.name === ps && cp.port === req.port);
        const n = Number(ps);
        return typeof p.endPort === 'number' ? req.port >= n && req.port <= p.endPort : n === req.port;
      });
      if (!portOk) continue;
      const http = arr(tp.rules?.http);
      if (http.length === 0 || deny) { any = true; continue; }
      for (const h of http) {
        if (!ciliumHeadersMatch(h, req.headers)) continue;
        if (req.method !== undefined || req.path !== undefined) {
          const mOk = !h.method || req.method === undefined || regexFull(String(h.method), req.method);
          const pOk = !h.path || req.path === undefined || regexFull(String(h.path), req.path);
          if (mOk && pOk) any = true;
        } else {
          out.push(`${h.method ?? '*'} ${h.path ?? '/*'}`);
        }
      }
    }
    if (any) return true;
    return out.length > 0 ? [...new Set(out)].sort() : false;
  }
}

function label(p: any): string {
  return p.kind === 'CiliumClusterwideNetworkPolicy' ? `CiliumClusterwideNetworkPolicy ${nameOf(p)}` : `CiliumNetworkPolicy ${namespaceOf(p)}/${nameOf(p)}`;
}

/**
 * Cilium HTTP rule header conditions (cilium/cilium pkg/envoy xds_server.go
 * `getHTTPRule`): `headers` entries `"Name: value"` need that exact value,
 * `"Name"` presence; `headerMatches` (mismatch action unset, i.e. fail) need
 * the exact `value`, or presence when the value is empty (secrets are not
 * in the manifests: such a match is not evaluated). Without request headers,
 * header conditions are not evaluated.
 */
function ciliumHeadersMatch(h: any, headers: { [name: string]: string } | undefined): boolean {
  if (headers === undefined) return true;
  const has = (name: string, value?: string) => {
    const v = headers[name.toLowerCase()];
    return v !== undefined && (value === undefined || value === '' || v === value);
  };
  for (const e of arr(h?.headers)) {
    const parts = String(e).split(' ');
    const name = parts[0].replace(/:+$/, '');
    if (!has(name, parts.length > 1 ? parts.slice(1).join(' ') : undefined)) return false;
  }
  for (const m of arr(h?.headerMatches)) {
    if (m?.mismatch !== undefined || m?.secret !== undefined) continue;
    if (!has(String(m?.name ?? ''), m?.value === undefined ? undefined : String(m.value))) return false;
  }
  return true;
}
