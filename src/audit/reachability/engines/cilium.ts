// Internal: Cilium policy semantics (L3 endpoints/entities/CIDRs/FQDNs/services, L4 ports, L7 HTTP).
//
// Ground truth (cilium/cilium, test/conformance/cilium.test.ts cites each row):
// - A direction is enforced on an endpoint only when a rule selecting it has a non-empty section for
//   that direction (`ingress`/`ingressDeny`, `egress`/`egressDeny`); `enableDefaultDeny` alone does
//   nothing (pkg/policy/repository.go computePolicyEnforcementAndRules).
// - If every enforcing rule has `enableDefaultDeny.<dir>: false`, Cilium adds a wildcard allow
//   (`fromEntities/toEntities: [all]`): only deny rules (and L7 rules) restrict.
// - A rule with no L3 peer and no port selects nothing (`ingress: [{}]` is the deny-all idiom); a rule
//   with ports and no L3 peer allows any peer on those ports (pkg/policy/rule.go mergeIngress).
// - Deny rules win over allow rules (Documentation/security/policy/deny.rst).
// - With `allow-localhost` at its Kubernetes default (`auto` → `always`), the local node (`host`) always
//   reaches the endpoints on it (pkg/option/config.go AllowLocalhostAuto).
import { EngineEvaluator, EngineResult, EvalContext, foldGrants, Grant, nonPodOf, outsideWorkload, regexFull, Request, wname } from './common';
import { cidrContains, cidrIsAll } from '../../internal/cidr';
import { arr, isObject, namespaceOf, nameOf, PodWorkload } from '../../internal/manifests';
import { meshOf } from '../../internal/mesh';
import { ciliumKey, ciliumLabels, ciliumSelects, ciliumSpecs, isCiliumPolicy } from '../../internal/netpol';
import { selectorMatches } from '../../internal/selectors';
import { Engine, VerdictStatus } from '../types';

const NS_KEY = 'io.kubernetes.pod.namespace';

/** Entities that select each kind of peer (Documentation/security/policy/layer3.rst "Entities based"). */
const ENTITIES: Record<string, string[]> = {
  pod: ['all', 'cluster'],
  WORLD: ['all', 'world', 'world-ipv4', 'world-ipv6'],
  NODE: ['all', 'cluster', 'host'], // the destination's own node: entity `host`
  REMOTE_NODE: ['all', 'cluster', 'remote-node'],
  KUBE_APISERVER: ['all', 'kube-apiserver'],
};

type Dir = 'ingress' | 'egress';

/**
 * Cilium `matchPattern` as a regular expression over a lower-case name with a trailing dot
 * (pkg/fqdn/matchpattern/matchpattern.go ToAnchoredRegexp, Cilium 1.19+): `*` matches zero or more
 * of `[-a-zA-Z0-9_]` within one label; a leading `**.` matches one or more whole labels; a pattern
 * of only `*` matches every name.
 */
export function ciliumPatternRegex(pattern: string): string {
  const p = pattern.trim().toLowerCase();
  const chars = '[-a-zA-Z0-9_]';
  if (/^\*+\.?$/.test(p)) return `(^(${chars}+[.])+$)|(^[.]$)`;
  const fq = p.endsWith('.') ? p : `${p}.`;
  let out = '';
  let start = 0;
  const lead = /^\*+/.exec(fq)?.[0].length ?? 0;
  if (lead >= 2 && fq[lead] === '.') {
    out += `(${chars}+([.]${chars}+){0,})[.]`;
    start = lead + 1;
  }
  for (let i = start; i < fq.length; i++) {
    const c = fq[i];
    if (c === '.') {out += '[.]';} else if (c === '*') {
      while (fq[i + 1] === '*') i++;
      out += `${chars}*`;
    } else {out += c.replace(/[\\^$+?()|{}]/g, '\\$&');}
  }
  return `^${out}$`;
}

/** Whether a Cilium FQDN selector (`matchName` or `matchPattern`) selects `name`. */
export function ciliumFqdnMatches(sel: any, name: string): boolean {
  const n = name.toLowerCase().replace(/\.?$/, '.');
  if (typeof sel?.matchName === 'string' && sel.matchName.length > 0) return sel.matchName.toLowerCase().replace(/\.?$/, '.') === n;
  if (typeof sel?.matchPattern === 'string') return new RegExp(ciliumPatternRegex(sel.matchPattern)).test(n);
  return false;
}

/** Options of the Cilium evaluator. */
export interface CiliumEvalOptions {
  /** `allow-localhost` is `always` (the Kubernetes default): the local node reaches every endpoint on it. */
  readonly allowLocalhost: boolean;
}

export class CiliumEvaluator implements EngineEvaluator {
  public readonly engine = Engine.CILIUM;
  public readonly enforcesEgress = true;
  /**
   * allow-localhost "auto": "Kubernetes demands that the localhost can always reach local pods"
   * (cilium/cilium daemon/cmd/daemon.go, https://github.com/cilium/cilium/pull/754); the
   * evaluator judges the local node itself (`allowLocalhost`).
   */
  public readonly nodeReachesItsPods = true;
  private readonly policies: any[];

  constructor(private readonly ctx: EvalContext, private readonly options: CiliumEvalOptions = { allowLocalhost: true }) {
    this.policies = ctx.set.objects.filter(isCiliumPolicy);
  }

  /** Cilium's L7 proxy cannot read mTLS/HBONE: only when no mesh encrypts the traffic into `dst`. */
  public enforcesL7(dst: PodWorkload): boolean {
    return meshOf(this.ctx.set, dst) === undefined;
  }

  public present(): boolean {
    return this.policies.length > 0;
  }

  public evaluate(req: Request): EngineResult {
    const reasons: string[] = [];
    if (req.kubelet && this.options.allowLocalhost) {
      // cilium/cilium PR 754: agent option --allow-localhost {auto|always|policy}, default auto (always on
      // Kubernetes): the local host, where the kubelet runs, reaches the node's endpoints whatever the policy.
      reasons.push(`the kubelet probes ${wname(req.dst)} from the local host, which Cilium always allows (default allow-localhost)`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    // With allow-localhost=policy the kubelet is the local host (entity `host`) like any other peer.
    if (req.kubelet) {
      req = {
        ...req,
        src: outsideWorkload('NODE', 'zero-trust-node', 'zero-trust-node', {}, false, req.kubelet.address),
      };
    }
    const eg = nonPodOf(req.src) ? this.outside(req.src, 'egress', reasons) : this.direction('egress', req.src, req.dst, req, reasons);
    const ing = nonPodOf(req.dst) ? this.outside(req.dst, 'ingress', reasons) : this.direction('ingress', req.dst, req.src, req, reasons);
    if (eg === false || ing === false) return { status: VerdictStatus.DENIED, reasons, l7: [] };
    // Both allow: the request must satisfy both sides' L7 restrictions.
    const l7 = eg === true ? (ing === true ? undefined : ing) : ing === true ? eg : eg.filter(x => ing.includes(x));
    if (l7 !== undefined && l7.length === 0) {
      reasons.push('the egress and ingress L7 rules allow no common request');
      return { status: VerdictStatus.DENIED, reasons, l7: [] };
    }
    return { status: VerdictStatus.ALLOWED, reasons, l7: l7 ?? [] };
  }

  private outside(w: PodWorkload, dir: Dir, reasons: string[]): true {
    reasons.push(`${dir} of ${wname(w)}: not a Cilium endpoint of the manifests (host policies are not modelled), not restricted here`);
    return true;
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
        if (isObject(r) && this.peerMatches(p, r, dir, subject, peer) && this.portMatch(r, req, dir === 'ingress' ? subject : peer, true)) {
          reasons.push(`${what}: denied by ${label(p)} ${denyKey}[${i}]`);
          return false;
        }
      }
    }
    if (dir === 'ingress' && nonPodOf(peer)?.outside === 'NODE' && this.options.allowLocalhost) {
      reasons.push(`${what}: the local node always reaches its endpoints (allow-localhost: always, the Kubernetes default)`);
      return true;
    }
    // Enforced only by a non-empty section; default deny unless every such rule sets enableDefaultDeny.<dir>: false.
    const enforcing = specs.filter(({ s }) => arr(s[dir]).length > 0 || arr(s[denyKey]).length > 0);
    if (enforcing.length === 0) {
      const ignored = specs.filter(({ s }) => s.enableDefaultDeny?.[dir] === true).map(x => label(x.p));
      reasons.push(`${what}: no Cilium rule selecting it has an ${dir} section, so it is not enforced${ignored.length > 0 ? ` (enableDefaultDeny.${dir} of ${[...new Set(ignored)].join(', ')} has no effect without one)` : ''}`);
      return true;
    }
    const defaultDeny = enforcing.some(({ s }) => s.enableDefaultDeny?.[dir] !== false);
    const grants: Grant[] = [];
    for (const { p, s } of specs) {
      for (const [i, r] of arr(s[dir]).entries()) {
        if (!isObject(r) || !this.peerMatches(p, r, dir, subject, peer)) continue;
        const m = this.portMatch(r, req, dir === 'ingress' ? subject : peer, false);
        if (m === false) continue;
        grants.push({ by: `${label(p)} ${dir}[${i}]`, l7: m === true ? undefined : m });
      }
    }
    if (!defaultDeny) {
      // The synthesized wildcard allow is L3 only; an L7 rule on the port still restricts the requests
      // (Documentation/security/policy/intro.rst: EnableDefaultDeny does not apply to layer-7 policy).
      const l7 = grants.length > 0 ? foldGrants(grants) : undefined;
      reasons.push(`${what}: enforced, but every rule sets enableDefaultDeny.${dir}: false: allowed unless denied${l7 ? ` (L7 rules: ${l7.join(', ')})` : ''}`);
      return l7 === undefined ? true : l7;
    }
    if (grants.length === 0) {
      reasons.push(`${what}: ${[...new Set(enforcing.map(x => label(x.p)))].join(', ')} enforce(s) ${dir}; no rule allows ${wname(peer)} on port ${req.port}${req.method || req.path ? ` (${req.method ?? '*'} ${req.path ?? '*'})` : ''}`);
      return false;
    }
    const l7 = foldGrants(grants);
    reasons.push(`${what}: allowed by ${grants.map(g => g.by).join(', ')}${l7 ? ` for ${l7.join(', ')}` : ''}`);
    return l7 === undefined ? true : l7;
  }

  private peerMatches(pol: any, r: any, dir: Dir, subject: PodWorkload, w: PodWorkload): boolean {
    const pre = dir === 'ingress' ? 'from' : 'to';
    const l3 = ['Endpoints', 'Entities', 'CIDR', 'CIDRSet', 'Requires', 'FQDNs', 'Services', 'Groups', 'Nodes'].filter(k => r[`${pre}${k}`] !== undefined);
    if (l3.length === 0) return arr(r.toPorts).length > 0 || arr(r.icmps).length > 0; // L4-only rule: any peer
    const ext = nonPodOf(w);
    if (!ext) {
      const labels = ciliumLabels(this.ctx.set, w);
      const clusterwide = pol.kind === 'CiliumClusterwideNetworkPolicy';
      for (const sel of arr(r[`${pre}Endpoints`])) {
        const keys = [...Object.keys(sel?.matchLabels ?? {}), ...arr(sel?.matchExpressions).map((e: any) => String(e.key))];
        const hasNsKey = keys.some(k => ciliumKey(k) === NS_KEY);
        // A namespaced policy's endpoint selectors without the namespace label select its own namespace only.
        if (!clusterwide && !hasNsKey && w.namespace !== namespaceOf(pol)) continue;
        if (selectorMatches(sel ?? {}, labels, ciliumKey)) return true;
      }
      if (dir === 'egress') {
        for (const svc of arr(r.toServices)) {
          const k = svc?.k8sService;
          if (!k) continue;
          const ns = k.namespace ?? namespaceOf(pol);
          if (this.ctx.set.servicesFor(w).some(s => nameOf(s) === k.serviceName && namespaceOf(s) === ns)) return true;
        }
      }
    }
    const entities = ENTITIES[ext ? ext.outside : 'pod'] ?? [];
    if (arr(r[`${pre}Entities`]).some((e: any) => entities.includes(String(e)))) return true;
    if (ext?.outside === 'WORLD') {
      // CIDR selectors select addresses outside the cluster (world), never cluster entities or pods.
      const addr = ext.address;
      const inBlock = (cidr: string, except: string[]) => addr === undefined
        ? cidrIsAll(cidr) && except.length === 0
        : cidrContains(cidr, addr) && !except.some(e => cidrContains(e, addr));
      if (arr(r[`${pre}CIDR`]).some((c: any) => inBlock(String(c), []))) return true;
      if (arr(r[`${pre}CIDRSet`]).some((c: any) => typeof c?.cidr === 'string' && inBlock(c.cidr, arr(c.except).map(String)))) return true;
      if (dir === 'egress' && ext.fqdn !== undefined && arr(r.toFQDNs).some((f: any) => ciliumFqdnMatches(f, ext.fqdn!))) {
        // toFQDNs only learns addresses from lookups the DNS proxy sees: a DNS rule must allow the name.
        return this.dnsVisible(subject, ext.fqdn);
      }
    }
    return false;
  }

  /** Whether an egress rule selecting the subject sends DNS lookups of `name` through the DNS proxy. */
  private dnsVisible(subject: PodWorkload, name: string): boolean {
    for (const p of this.policies.filter(x => ciliumSelects(this.ctx.set, x, subject))) {
      for (const s of ciliumSpecs(p)) {
        if (s.endpointSelector === undefined || !selectorMatches(s.endpointSelector, ciliumLabels(this.ctx.set, subject), ciliumKey)) continue;
        for (const r of arr(s.egress)) {
          for (const tp of arr(r?.toPorts)) {
            if (arr(tp?.rules?.dns).some((d: any) => ciliumFqdnMatches(d, name))) return true;
          }
        }
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
