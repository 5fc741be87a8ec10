// Internal: Istio AuthorizationPolicy + PeerAuthentication semantics (destination side).
import { istioDryRun } from '../../internal/dry-run';
import { effectiveMtls, isPeerAuthentication, ISTIO_ROOT_NAMESPACE } from '../../internal/istio-mtls';
import { arr, namespaceOf, nameOf, PodWorkload } from '../../internal/manifests';
import { matchLabelsMatch } from '../../internal/selectors';
import { isIstioAuthz } from '../../internal/trust-domain';
import { Engine, VerdictStatus } from '../types';
import { cidrContains, destinationProxyVerdict, EngineEvaluator, EngineResult, EvalContext, foldGrants, Grant, istioValueMatch, outsideOf, pathOnly, Request, wname } from './common';

interface Peer {
  /** `<td>/ns/<ns>/sa/<sa>` when the connection is mTLS, '' otherwise. */
  readonly principal: string;
  /** Source namespace when mTLS, '' otherwise. */
  readonly namespace: string;
  /** Source address of the connection, when known (an outside peer); pods' addresses are not known. */
  readonly address?: string;
}

/** Istio value match (exact, `*`, `prefix*`, `*suffix`) of any pattern. */
function anyMatch(patterns: any[], value: string, header = false): boolean {
  return patterns.some(p => istioValueMatch(String(p), value, header));
}

const HEADER_KEY = /^request\.headers\[(.+)\]$/;

/**
 * A rule's `when` conditions (Istio "Authorization Policy Conditions",
 * https://istio.io/latest/docs/reference/config/security/conditions/):
 * `request.headers[name]` (values matched like header.go `HeaderMatcher`),
 * `source.principal` and `source.namespace` (from the peer certificate: absent
 * on plaintext), `destination.port`; `notValues` exclude. true / false when
 * decidable; undefined when the request gives no headers for a header
 * condition or a condition is on another key.
 */
function whenMatches(when: any[], headers: { [name: string]: string } | undefined, peer?: Peer, port?: number): boolean | undefined {
  if (when.length === 0) return true;
  let decided = true;
  for (const c of when) {
    const key = String(c?.key ?? '');
    const m = HEADER_KEY.exec(key);
    let v: string | undefined;
    if (m) {
      if (headers === undefined) { decided = false; continue; }
      v = headers[m[1].toLowerCase()];
    } else if (key === 'source.principal' && peer) {
      v = peer.principal || undefined;
    } else if (key === 'source.namespace' && peer) {
      v = peer.namespace || undefined;
    } else if (key === 'destination.port' && port !== undefined) {
      v = String(port);
    } else {
      decided = false;
      continue;
    }
    const values = arr(c?.values).map(String);
    const notValues = arr(c?.notValues).map(String);
    if (values.length > 0 && (v === undefined || !anyMatch(values, v, m !== null))) return false;
    if (notValues.length > 0 && v !== undefined && anyMatch(notValues, v, m !== null)) return false;
  }
  return decided ? true : undefined;
}

function label(ap: any): string {
  return `AuthorizationPolicy ${namespaceOf(ap)}/${nameOf(ap)}`;
}

/** Whether the workload runs without an Istio sidecar (opt-out annotation/label). */
function outOfMesh(w: PodWorkload): boolean {
  return w.annotations['sidecar.istio.io/inject'] === 'false' || w.labels['sidecar.istio.io/inject'] === 'false';
}

export class IstioEvaluator implements EngineEvaluator {
  public readonly engine = Engine.ISTIO;
  /** Istio authorizes at the destination's proxy: it does not enforce egress at the source. */
  public readonly enforcesEgress = false;
  public readonly nodeReachesItsPods = false;
  private readonly policies: any[];
  private readonly present_: boolean;

  constructor(private readonly ctx: EvalContext) {
    // A dry-run policy (`istio.io/dry-run`) is built into the RBAC filter's shadow rules, which only log and
    // count (istio/istio pilot/pkg/security/authz/builder/builder.go `isDryRun`); in ambient mode istiod does not
    // send it to ztunnel unless AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is on
    // (pilot/pkg/serviceregistry/ambient/authorization.go). Either way it denies nothing.
    this.policies = ctx.set.objects.filter(o => isIstioAuthz(o) && !istioDryRun(o));
    this.present_ = this.policies.length > 0 || ctx.set.objects.some(isPeerAuthentication);
  }

  /** The destination's proxy (or waypoint) terminates mTLS. */
  public enforcesL7(_dst: PodWorkload): boolean {
    return true;
  }

  public fixedVerdict(src: PodWorkload, dst: PodWorkload): string | undefined {
    return destinationProxyVerdict('Istio', src, dst);
  }

  public present(): boolean {
    return this.present_;
  }

  public evaluate(req: Request): EngineResult {
    const reasons: string[] = [];
    if (req.kubelet) return this.probe(req);
    const mtls = effectiveMtls(this.ctx.set, req.dst, req.port);
    const srcMeshed = !outOfMesh(req.src);
    if (outOfMesh(req.dst) && !this.ambient(req.dst)) {
      // The workload's own proxy enforces its policies (https://istio.io/latest/docs/concepts/security/
      // "Authorization architecture"): without a sidecar (or ztunnel) nothing does.
      reasons.push(`${wname(req.dst)} runs no sidecar (sidecar.istio.io/inject: "false") and is not in ambient mode: no proxy enforces Istio policies for it`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    if (mtls.mode === 'STRICT' && !srcMeshed) {
      reasons.push(`mTLS is STRICT for ${wname(req.dst)}:${req.port} (${mtls.source}) and ${wname(req.src)} has no sidecar: plaintext is rejected`);
      return { status: VerdictStatus.DENIED, reasons, l7: [] };
    }
    const wp = this.waypointFor(req.dst, req.port);
    if (wp) {
      // Istio ambient: ztunnel sends service traffic to the waypoint over HBONE (always mTLS), the waypoint
      // enforces the policies that target it (targetRefs: the Service, the Gateway) with the client's
      // identity and L7 attributes, then the destination's ztunnel enforces the workload policies (L4 only)
      // against the waypoint's identity.
      const peer: Peer = srcMeshed
        ? { principal: `${this.ctx.trustDomain}/ns/${req.src.namespace}/sa/${req.src.serviceAccount}`, namespace: req.src.namespace }
        : { principal: '', namespace: '' };
      reasons.push(`service ${namespaceOf(wp.service)}/${nameOf(wp.service)} uses waypoint ${wname(wp.gateway)} (istio.io/use-waypoint): HBONE mTLS, source principal ${peer.principal || '(none)'}`);
      const atWaypoint = this.decide(reasons, this.policies.filter(ap => this.targetsWaypoint(ap, wp.service, wp.gateway)), peer, req, `waypoint ${wname(wp.gateway)}`, false);
      if (atWaypoint.status !== VerdictStatus.ALLOWED) return atWaypoint;
      const wpPeer: Peer = { principal: `${this.ctx.trustDomain}/ns/${wp.gateway.namespace}/sa/${wp.gateway.serviceAccount}`, namespace: wp.gateway.namespace };
      reasons.push(`then ztunnel of ${wname(req.dst)}: source principal ${wpPeer.principal} (the waypoint), L4 only`);
      const atDst = this.decide(reasons, this.policies.filter(ap => this.applies(ap, req.dst)), wpPeer,
        { ...req, method: undefined, path: undefined }, wname(req.dst), true);
      if (atDst.status !== VerdictStatus.ALLOWED) return atDst;
      return { status: VerdictStatus.ALLOWED, reasons, l7: atWaypoint.l7 };
    }
    // Auto mTLS (on by default, https://istio.io/latest/docs/concepts/security/ "Auto mutual TLS"): a client
    // sidecar sends mTLS to a STRICT or PERMISSIVE workload, plaintext to a DISABLE one; unmeshed clients send plaintext.
    // Ambient: ztunnel carries every meshed connection over HBONE (mTLS); DISABLE is ignored
    // (https://istio.io/latest/docs/ambient/usage/l4-policy/ "Peer authentication").
    const ambient = this.ambient(req.dst);
    const identity = srcMeshed && (ambient || mtls.mode !== 'DISABLE');
    const address = outsideOf(req.src)?.address;
    const peer: Peer = identity
      ? { principal: `${this.ctx.trustDomain}/ns/${req.src.namespace}/sa/${req.src.serviceAccount}`, namespace: req.src.namespace, address }
      : { principal: '', namespace: '', address };
    reasons.push(identity
      ? `mTLS ${mtls.mode} (${mtls.source}), ${wname(req.src)} has a sidecar (auto mTLS): source principal ${peer.principal}`
      : `mTLS ${mtls.mode} (${mtls.source}), ${srcMeshed ? 'plaintext to a DISABLE workload' : `${wname(req.src)} has no sidecar`}: principals and namespaces cannot match`);
    if (ambient) {
      // No waypoint: the destination's ztunnel enforces L4 only; an ALLOW rule that needs L7 attributes never matches
      // (https://istio.io/latest/docs/ambient/usage/l4-policy/ "Layer 7 authorization policies without waypoints installed").
      reasons.push(`${wname(req.dst)} is in ambient mode without a waypoint for port ${req.port}: ztunnel enforces L4 attributes only`);
      const l4 = { ...req, method: undefined, path: undefined };
      return this.decide(reasons, this.policies.filter(ap => this.applies(ap, req.dst)), peer, l4, wname(req.dst), true);
    }
    return this.decide(reasons, this.policies.filter(ap => this.applies(ap, req.dst)), peer, req, wname(req.dst), false);
  }

  /**
   * A kubelet probe. Ambient: the node's probes are SNAT-ed to 169.254.7.127 and not captured by
   * ztunnel (istio.io docs "Ambient and Kubernetes NetworkPolicy"). Sidecar: the injector rewrites
   * HTTP, TCP and gRPC probes to the pilot-agent (istio.io docs "Health Checking of Istio Services"),
   * so AuthorizationPolicy never sees them, unless `sidecar.istio.io/rewriteAppHTTPProbers: "false"`:
   * then the probe is a plaintext request without identity through the sidecar.
   */
  private probe(req: Request): EngineResult {
    const reasons: string[] = [];
    const dst = req.dst;
    const nsLabels = this.ctx.set.namespaceObject(dst.namespace)?.metadata?.labels ?? {};
    if ((dst.labels['istio.io/dataplane-mode'] ?? nsLabels['istio.io/dataplane-mode']) === 'ambient') {
      reasons.push(`${wname(dst)} is in ambient mode: the kubelet's probes arrive SNAT-ed from 169.254.7.127 and bypass ztunnel`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    if (outOfMesh(dst) || dst.annotations['sidecar.istio.io/rewriteAppHTTPProbers'] !== 'false') {
      reasons.push(`${wname(dst)}: the sidecar injector rewrites the pod's probes to the pilot-agent, so AuthorizationPolicy does not apply to them`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    const mtls = effectiveMtls(this.ctx.set, dst, req.port);
    if (mtls.mode === 'STRICT') {
      reasons.push(`probe rewriting is off (sidecar.istio.io/rewriteAppHTTPProbers: "false") and mTLS is STRICT (${mtls.source}): `
        + 'the kubelet\'s plaintext probe is rejected');
      return { status: VerdictStatus.DENIED, reasons, l7: [] };
    }
    reasons.push('probe rewriting is off: the kubelet is a plaintext client without identity');
    return this.decide(reasons, this.policies.filter(ap => this.applies(ap, dst)), { principal: '', namespace: '' }, req, wname(dst), false);
  }

  /**
   * CUSTOM → unknown, DENY before ALLOW, no ALLOW → allowed, else a matching ALLOW rule.
   * `l4Only` (ztunnel): ALLOW rules with L7 attributes never match.
   */
  private decide(reasons: string[], applicable: any[], peer: Peer, req: Request, subject: string, l4Only: boolean): EngineResult {
    // CUSTOM policies whose rules match the request (or may, L7 unknown) are consulted first; the external
    // authorizer's answer is unknown, but it can only deny: DENY/ALLOW still apply after it allows.
    const custom = applicable.filter(ap => ap.spec?.action === 'CUSTOM'
      && arr(ap.spec?.rules).some((rule: any) => this.ruleMatches(rule, peer, req) !== false
        && whenMatches(arr(rule?.when), req.headers, peer, req.port) !== false));
    if (custom.length > 0) {
      const rest = this.decide([], applicable.filter(ap => ap.spec?.action !== 'CUSTOM'), peer, req, subject, l4Only);
      if (rest.status === VerdictStatus.DENIED) {
        reasons.push(...rest.reasons, `${custom.map(label).join(', ')} (CUSTOM) cannot change that: the external authorizer is consulted first and can only deny`);
        return { status: VerdictStatus.DENIED, reasons, l7: [] };
      }
      reasons.push(`${custom.map(label).join(', ')} delegate(s) to an external authorizer (CUSTOM): decision unknown`);
      return { status: VerdictStatus.UNKNOWN, reasons, l7: [] };
    }
    for (const ap of applicable.filter(a => a.spec?.action === 'DENY')) {
      for (const [i, rule] of arr(ap.spec?.rules).entries()) {
        const m = this.ruleMatches(rule, peer, req);
        if (m === true && whenMatches(arr(rule?.when), req.headers, peer, req.port) !== false) {
          reasons.push(`denied by ${label(ap)} rules[${i}] (DENY)`);
          return { status: VerdictStatus.DENIED, reasons, l7: [] };
        }
      }
    }
    const allows = applicable.filter(a => (a.spec?.action ?? 'ALLOW') === 'ALLOW');
    if (allows.length === 0) {
      reasons.push(`no ALLOW policy applies to ${subject}: allowed`);
      return { status: VerdictStatus.ALLOWED, reasons, l7: [] };
    }
    const grants: Grant[] = [];
    for (const ap of allows) {
      for (const [i, rule] of arr(ap.spec?.rules).entries()) {
        const m = this.ruleMatches(rule, peer, req);
        if (m === false || (l4Only && m !== true)) continue;
        const w = whenMatches(arr(rule?.when), req.headers, peer, req.port);
        if (w === false) continue;
        if (l4Only && arr(rule?.when).some((c: any) => HEADER_KEY.test(String(c?.key ?? '')))) continue; // ztunnel: L7 attributes never match
        grants.push({ by: `${label(ap)} rules[${i}]`, l7: m === true ? undefined : m });
        if (w === undefined) reasons.push(`note: ${label(ap)} rules[${i}] has "when" conditions that are not evaluated${req.headers === undefined ? ' (no request headers given)' : ''}`);
      }
    }
    if (grants.length === 0) {
      reasons.push(`${allows.map(label).join(', ')} apply to ${subject} (ALLOW${allows.some(a => arr(a.spec?.rules).length === 0) ? ', including allow-nothing' : ''}); no rule matches ${wname(req.src)} on port ${req.port}${req.method || req.path ? ` (${req.method ?? '*'} ${req.path ?? '*'})` : ''}`);
      return { status: VerdictStatus.DENIED, reasons, l7: [] };
    }
    const l7 = foldGrants(grants);
    reasons.push(`allowed by ${grants.map(g => g.by).join(', ')}${l7 ? ` for ${l7.join(', ')}` : ''}`);
    return { status: VerdictStatus.ALLOWED, reasons, l7: l7 ?? [] };
  }

  /**
   * The waypoint that Istio ambient sends traffic for `dst`:`port` through: a Service selecting the
   * (ambient) pods and serving the port, labelled (or its Namespace labelled) `istio.io/use-waypoint: <gateway>`,
   * with that Gateway (class `istio-waypoint`, not `istio.io/waypoint-for: workload|none`) in the manifests.
   */
  private waypointFor(dst: PodWorkload, port: number): { service: any; gateway: PodWorkload } | undefined {
    const gateways = this.ctx.set.managedWorkloads;
    if (gateways.length === 0) return undefined;
    const nsLabels = this.ctx.set.namespaceObject(dst.namespace)?.metadata?.labels ?? {};
    const mode = dst.labels['istio.io/dataplane-mode'] ?? nsLabels['istio.io/dataplane-mode'];
    if (mode !== 'ambient') return undefined;
    for (const svc of this.ctx.set.servicesFor(dst)) {
      const serves = arr(svc.spec?.ports).some((sp: any) => {
        const tp = sp?.targetPort ?? sp?.port;
        if (typeof tp === 'number' || (typeof tp === 'string' && /^\d+$/.test(tp))) return Number(tp) === port;
        return dst.ports.some(p => p.name === tp && p.port === port);
      });
      if (!serves) continue;
      const svcLabels = svc.metadata?.labels ?? {};
      const fromSvc = svcLabels['istio.io/use-waypoint'] !== undefined;
      const name = fromSvc ? svcLabels['istio.io/use-waypoint'] : nsLabels['istio.io/use-waypoint'];
      if (!name || name === 'none') continue;
      const wns = (fromSvc ? svcLabels : nsLabels)['istio.io/use-waypoint-namespace'] ?? namespaceOf(svc);
      const gateway = gateways.find(g => g.name === name && g.namespace === wns);
      const forWhat = gateway?.obj?.metadata?.labels?.['istio.io/waypoint-for'] ?? 'service';
      if (gateway && (forWhat === 'service' || forWhat === 'all')) return { service: svc, gateway };
    }
    return undefined;
  }

  /** An AuthorizationPolicy enforced by the waypoint for this service: targetRef(s) the Service, the Gateway or the waypoint class. */
  private targetsWaypoint(ap: any, service: any, gateway: PodWorkload): boolean {
    const refs = [...(ap.spec?.targetRef ? [ap.spec.targetRef] : []), ...arr(ap.spec?.targetRefs)];
    const ns = namespaceOf(ap);
    return refs.some((r: any) => {
      const group = r?.group ?? '';
      if (r?.kind === 'Service' && group === '') return ns === namespaceOf(service) && r.name === nameOf(service);
      if (r?.kind === 'Gateway' && group === 'gateway.networking.k8s.io') return ns === gateway.namespace && r.name === gateway.name;
      if (r?.kind === 'GatewayClass' && group === 'gateway.networking.k8s.io') return ns === ISTIO_ROOT_NAMESPACE && r.name === 'istio-waypoint';
      return false;
    });
  }

  private ambient(w: PodWorkload): boolean {
    const nsLabels = this.ctx.set.namespaceObject(w.namespace)?.metadata?.labels ?? {};
    return (w.labels['istio.io/dataplane-mode'] ?? nsLabels['istio.io/dataplane-mode']) === 'ambient';
  }

  private applies(ap: any, w: PodWorkload): boolean {
    if (ap.spec?.targetRef || ap.spec?.targetRefs) return false; // gateway/waypoint policies: not a workload policy
    const ns = namespaceOf(ap);
    if (ns !== ISTIO_ROOT_NAMESPACE && ns !== w.namespace) return false;
    return matchLabelsMatch(ap.spec?.selector, w.labels);
  }

  /** true: matches any request; string[]: matches only these requests; false: no match. */
  private ruleMatches(rule: any, peer: Peer, req: Request): true | false | string[] {
    if (rule === null || typeof rule !== 'object') return false;
    const froms = arr(rule.from);
    if (froms.length > 0 && !froms.some(f => this.sourceMatches(f?.source ?? {}, peer))) return false;
    const tos = arr(rule.to);
    if (tos.length === 0) return true;
    const l7: string[] = [];
    for (const t of tos) {
      const op = t?.operation ?? {};
      const ports = arr(op.ports).map(String);
      if (ports.length > 0 && !ports.includes(String(req.port))) continue;
      if (arr(op.notPorts).map(String).includes(String(req.port))) continue;
      const methods = arr(op.methods).map(String);
      const paths = arr(op.paths).map(String);
      const notMethods = arr(op.notMethods).map(String);
      const notPaths = arr(op.notPaths).map(String);
      const hasL7 = methods.length + paths.length + notMethods.length + notPaths.length > 0;
      if (!hasL7) return true;
      if (req.method !== undefined || req.path !== undefined) {
        const mOk = req.method === undefined
          || ((methods.length === 0 || anyMatch(methods, req.method, true)) && !anyMatch(notMethods, req.method, true));
        const path = req.path === undefined ? undefined : pathOnly(req.path);
        const pOk = path === undefined || ((paths.length === 0 || anyMatch(paths, path)) && !anyMatch(notPaths, path));
        if (mOk && pOk) return true;
        continue;
      }
      const ms = methods.length > 0 ? methods : [notMethods.length ? `!${notMethods.join('|')}` : '*'];
      const ps = paths.length > 0 ? paths : [notPaths.length ? `!${notPaths.join('|')}` : '/*'];
      for (const m of ms) for (const p of ps) l7.push(`${m} ${p}`);
    }
    return l7.length > 0 ? [...new Set(l7)].sort() : false;
  }

  private sourceMatches(s: any, peer: Peer): boolean {
    const principals = arr(s.principals);
    if (principals.length > 0 && (!peer.principal || !anyMatch(principals, peer.principal))) return false;
    if (arr(s.notPrincipals).length > 0 && anyMatch(arr(s.notPrincipals), peer.principal)) return false;
    const namespaces = arr(s.namespaces);
    if (namespaces.length > 0 && (!peer.namespace || !anyMatch(namespaces, peer.namespace))) return false;
    if (arr(s.notNamespaces).length > 0 && anyMatch(arr(s.notNamespaces), peer.namespace)) return false;
    // ipBlocks / notIpBlocks: the connection's source address (Source.ipBlocks "populated from the source address of
    // the IP packet"), known for outside peers only: an unknown address never matches ipBlocks and is not excluded.
    const addr = peer.address;
    const inBlock = (c: any) => addr !== undefined && cidrContains(String(c).includes('/') ? String(c) : `${c}/${String(c).includes(':') ? 128 : 32}`, addr);
    if (arr(s.ipBlocks).length > 0 && !arr(s.ipBlocks).some(inBlock)) return false;
    if (arr(s.notIpBlocks).some(inBlock)) return false;
    // remoteIpBlocks / requestPrincipals cannot be known: never match.
    if (arr(s.remoteIpBlocks).length > 0 || arr(s.requestPrincipals).length > 0) return false;
    return true;
  }
}
