// Internal: Kubernetes NetworkPolicy semantics.
import { arr, namespaceOf, nameOf, PodWorkload } from '../../internal/manifests';
import { isNetworkPolicy, npPolicyTypes } from '../../internal/netpol';
import { selectorMatches } from '../../internal/selectors';
import { Engine, VerdictStatus } from '../types';
import { cidrContains, EngineEvaluator, EngineResult, EvalContext, nonPodOf, outsideOf, Request, wname } from './common';

const ANY = ['0.0.0.0/0', '::/0'];

/** Whether a NetworkPolicy port list matches a destination port (no ports: all). */
export function npPortMatches(ports: any[], port: number, dst: PodWorkload): boolean {
  if (ports.length === 0) return true;
  return ports.some(p => {
    if ((p.protocol ?? 'TCP') !== 'TCP') return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string' && !/^\d+$/.test(p.port)) return dst.ports.some(cp => cp.name === p.port && cp.port === port);
    const n = Number(p.port);
    if (typeof p.endPort === 'number') return port >= n && port <= p.endPort;
    return n === port;
  });
}

export class NetworkPolicyEvaluator implements EngineEvaluator {
  public readonly engine = Engine.NETWORK_POLICY;
  public readonly enforcesEgress = true;
  /** "Pods cannot ... block access from their resident node" (https://kubernetes.io/docs/concepts/services-networking/network-policies/#what-you-can-t-do-with-network-policies-at-least-not-yet). */
  public readonly nodeReachesItsPods = true;
  private readonly policies: any[];

  constructor(private readonly ctx: EvalContext) {
    this.policies = ctx.set.objects.filter(isNetworkPolicy);
  }

  /** NetworkPolicy is L3/L4 only. */
  public enforcesL7(_dst: PodWorkload): boolean {
    return false;
  }

  /** The destination's own node always reaches its pods (see `nodeReachesItsPods`). */
  public fixedVerdict(src: PodWorkload, dst: PodWorkload): string | undefined {
    if (outsideOf(src)?.outside !== 'NODE') return undefined;
    return `the node of ${wname(dst)} reaches its pods whatever the NetworkPolicies: Kubernetes NetworkPolicy cannot block a pod's resident node`;
  }

  public present(): boolean {
    return this.policies.length > 0;
  }

  public evaluate(req: Request): EngineResult {
    if (req.kubelet) {
      // https://kubernetes.io/docs/concepts/services-networking/network-policies/ ("Behavior of to and from
      // selectors"): traffic to and from the node where a Pod is running is always allowed.
      return { status: VerdictStatus.ALLOWED, reasons: [`the kubelet probes ${wname(req.dst)} from its node: NetworkPolicy always allows traffic from the pod's node`], l7: [] };
    }
    const reasons: string[] = [];
    const egress = this.direction('Egress', req.src, req.dst, req.port, reasons);
    const ingress = this.direction('Ingress', req.dst, req.src, req.port, reasons);
    return { status: egress && ingress ? VerdictStatus.ALLOWED : VerdictStatus.DENIED, reasons, l7: [] };
  }

  /** Whether `subject`'s policies for `dir` let traffic to/from `peer` on `port` (destination port). */
  private direction(dir: 'Ingress' | 'Egress', subject: PodWorkload, peer: PodWorkload, port: number, reasons: string[]): boolean {
    const selecting = this.policies.filter(np => namespaceOf(np) === subject.namespace
      && npPolicyTypes(np).includes(dir) && selectorMatches(np.spec?.podSelector ?? {}, subject.labels));
    const what = dir === 'Egress' ? `egress of ${wname(subject)}` : `ingress of ${wname(subject)}`;
    if (selecting.length === 0) {
      reasons.push(`${what}: no NetworkPolicy selects it for ${dir}, so it is open`);
      return true;
    }
    const dst = dir === 'Egress' ? peer : subject;
    for (const np of selecting) {
      const rules = arr(dir === 'Egress' ? np.spec?.egress : np.spec?.ingress);
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i];
        const peers = arr(dir === 'Egress' ? r?.to : r?.from);
        const peerOk = peers.length === 0 || peers.some(p => this.peerMatches(np, p, peer));
        if (peerOk && npPortMatches(arr(r?.ports), port, dst)) {
          reasons.push(`${what}: allowed by NetworkPolicy ${namespaceOf(np)}/${nameOf(np)} ${dir.toLowerCase()}[${i}]`);
          return true;
        }
      }
    }
    reasons.push(`${what}: selected by ${selecting.map(np => `NetworkPolicy ${namespaceOf(np)}/${nameOf(np)}`).join(', ')}; no rule allows ${wname(peer)} on port ${port}`);
    return false;
  }

  private peerMatches(np: any, p: any, w: PodWorkload): boolean {
    const outside = nonPodOf(w);
    if (outside) {
      // An address that is not a pod (world, a node): only ipBlock peers can match it, when the CIDR
      // contains it and no `except` does (an unknown address: only a CIDR covering every address).
      // https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
      if (!p?.ipBlock) return false;
      const except = arr(p.ipBlock.except).map(String);
      if (outside.address === undefined) return ANY.includes(p.ipBlock.cidr) && except.length === 0;
      return cidrContains(String(p.ipBlock.cidr), outside.address) && !except.some(e => cidrContains(e, outside.address));
    }
    if (p?.ipBlock) return ANY.includes(p.ipBlock.cidr) && arr(p.ipBlock.except).length === 0;
    const nsOk = p?.namespaceSelector
      ? selectorMatches(p.namespaceSelector, this.ctx.set.namespaceLabels(w.namespace))
      : w.namespace === namespaceOf(np);
    if (!nsOk) return false;
    return p?.podSelector ? selectorMatches(p.podSelector, w.labels) : (p?.namespaceSelector !== undefined);
  }
}
