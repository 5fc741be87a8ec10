// Internal: Kubernetes ClusterNetworkPolicy semantics for Reachability, stacked with NetworkPolicy by tier.
import { cidrContains as cidrContainsIp } from '../../internal/cidr';
import { arr, isObject, ManifestSet, nameOf, PodWorkload } from '../../internal/manifests';
import { selectorMatches } from '../../internal/selectors';
import { Engine, VerdictStatus } from '../types';
import { EngineEvaluator, EngineResult, EvalContext, nonPodOf, Request, wname } from './common';
import { NetworkPolicyEvaluator } from './network-policy';

/*
 * Every rule below is kubernetes-sigs/network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go
 * (the same in apis/v1beta1) and site-src/api-overview.md, unless it says otherwise:
 * - tiers are evaluated Admin -> NetworkPolicy -> Baseline; a tier's `Accept`/`Deny` is final;
 *   `Pass` "skips all further ClusterNetworkPolicy rules in the current tier ... and passes
 *   evaluation to the next tier"; "v1.NetworkPolicy always makes a final decision for selected
 *   pods. Further evaluation only happens for Pods not selected by a v1.NetworkPolicy"; when no
 *   tier decides, "all pods can communicate with each other";
 * - within a tier lower `priority` first; within a policy rules in order; two policies with the
 *   same priority that match: "the implementation can apply any of the matching policies"
 *   (UNKNOWN here when their actions differ);
 * - egress is decided at the source pod, ingress at the destination pod, both must let it through
 *   (egress `Accept`: "any ingress rules at the destination do apply");
 * - subject and `namespaces`/`pods` peers never include host-networked pods (nor nodes, nor
 *   addresses outside the cluster); ingress peers are pods only; egress `networks` match every
 *   address in the CIDR, pods included ("if you Accept or Deny traffic to 0.0.0.0/0, that will
 *   allow or deny all IPv4 pod-to-pod traffic as well"); `nodes` (experimental) select node IPs;
 *   `domainNames` (experimental) match a name exactly or `*.` one or more leading labels;
 * - `protocols` absent: every port and protocol; otherwise any entry (tcp/udp/sctp with an
 *   optional `destinationPort` number or inclusive range; `destinationNamedPort`: a container port
 *   of the destination pod by name). Requests here are TCP.
 */

type Tri = 'yes' | 'no' | 'maybe';
type Dir = 'Ingress' | 'Egress';
type Decision = { status: VerdictStatus; final: boolean };

const ANY = ['0.0.0.0/0', '::/0'];
const TIERS = ['Admin', 'Baseline'] as const;

/** Whether an object is a ClusterNetworkPolicy of any served version. */
export function isClusterNetworkPolicy(o: any): boolean {
  return o?.kind === 'ClusterNetworkPolicy' && /^policy\.networking\.k8s\.io\/v1(alpha2|beta1)$/.test(String(o?.apiVersion));
}

function or(a: Tri, b: Tri): Tri {
  return a === 'yes' || b === 'yes' ? 'yes' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'no';
}

function and(a: Tri, b: Tri): Tri {
  return a === 'no' || b === 'no' ? 'no' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes';
}

/** `*.example.com` matches one or more labels before `example.com`; otherwise exact (case-insensitive, trailing dot ignored). */
export function domainNameMatches(pattern: string, name: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\.$/, '');
  const p = norm(pattern);
  const n = norm(name);
  if (p.startsWith('*.')) return n.endsWith(p.slice(1)) && n.length > p.length - 1;
  return p === n;
}

/** Whether a ClusterNetworkPolicy `spec.subject` selects a pod (never a non-pod peer). */
export function cnpSubjectSelects(set: ManifestSet, s: any, w: PodWorkload): boolean {
  if (!isObject(s) || nonPodOf(w)) return false;
  const nsLabels = set.namespaceLabels(w.namespace);
  if ((s as any).namespaces !== undefined) return selectorMatches((s as any).namespaces, nsLabels);
  const pods = (s as any).pods;
  if (pods !== undefined) return selectorMatches(pods.namespaceSelector ?? {}, nsLabels) && selectorMatches(pods.podSelector ?? {}, w.labels);
  return false;
}

/**
 * The Kubernetes network policy layer when the manifests hold ClusterNetworkPolicies: Admin tier,
 * then the NetworkPolicy tier (`NetworkPolicyEvaluator`), then Baseline tier, per direction. It
 * answers as `Engine.NETWORK_POLICY`: the same network plugin enforces all three tiers, so they
 * give one verdict, not two that Reachability would AND.
 */
export class ClusterNetworkPolicyEvaluator implements EngineEvaluator {
  public readonly engine = Engine.NETWORK_POLICY;
  /** Egress is decided at the source, like NetworkPolicy. */
  public readonly enforcesEgress = true;
  /** No ClusterNetworkPolicy peer selects a node, and NetworkPolicy never blocks a pod's own node. */
  public readonly nodeReachesItsPods = true;
  private readonly policies: any[];

  constructor(private readonly ctx: EvalContext, private readonly networkPolicy: NetworkPolicyEvaluator) {
    this.policies = ctx.set.objects.filter(isClusterNetworkPolicy);
  }

  public present(): boolean {
    return this.policies.length > 0 || this.networkPolicy.present();
  }

  public enforcesL7(dst: PodWorkload): boolean {
    return this.networkPolicy.enforcesL7(dst);
  }

  /** NetworkPolicy's fixed verdicts stand: no ClusterNetworkPolicy ingress peer can select the destination's node. */
  public fixedVerdict(src: PodWorkload, dst: PodWorkload): string | undefined {
    return this.networkPolicy.fixedVerdict(src, dst);
  }

  public evaluate(req: Request): EngineResult {
    if (req.kubelet) {
      // The kubelet probes from the node: no ClusterNetworkPolicy ingress peer selects a node (peers are
      // pods, host-networked pods excluded), so the NetworkPolicy tier's answer stands.
      const r = this.networkPolicy.evaluate(req);
      return { ...r, reasons: [...r.reasons, 'no ClusterNetworkPolicy ingress peer can select the node the kubelet probes from'] };
    }
    const reasons: string[] = [];
    const egress = this.direction('Egress', req.src, req.dst, req, reasons);
    const ingress = this.direction('Ingress', req.dst, req.src, req, reasons);
    const statuses = [egress, ingress];
    const status = statuses.includes(VerdictStatus.DENIED) ? VerdictStatus.DENIED
      : statuses.includes(VerdictStatus.UNKNOWN) ? VerdictStatus.UNKNOWN : VerdictStatus.ALLOWED;
    return { status, reasons, l7: [] };
  }

  private direction(dir: Dir, subject: PodWorkload, peer: PodWorkload, req: Request, reasons: string[]): VerdictStatus {
    const what = `${dir === 'Egress' ? 'egress' : 'ingress'} of ${wname(subject)}`;
    if (nonPodOf(subject)) {
      // Not a pod (the internet, a node, the API server): no policy of any tier has it as subject.
      reasons.push(`${what}: not a pod, no policy applies to it`);
      return VerdictStatus.ALLOWED;
    }
    const admin = this.tier('Admin', dir, subject, peer, req, what, reasons);
    if (admin.final) return admin.status;
    if (this.networkPolicy.selects(dir, subject)) {
      return this.networkPolicy.direction(dir, subject, peer, req.port, reasons) ? VerdictStatus.ALLOWED : VerdictStatus.DENIED;
    }
    const baseline = this.tier('Baseline', dir, subject, peer, req, what, reasons);
    if (baseline.final) return baseline.status;
    reasons.push(`${what}: no NetworkPolicy selects it and no ClusterNetworkPolicy decides, so it is open`);
    return VerdictStatus.ALLOWED;
  }

  /** The decision of one tier for `subject` in `dir` (final: Accept, Deny or an ambiguous match; not final: Pass or no match). */
  private tier(tier: typeof TIERS[number], dir: Dir, subject: PodWorkload, peer: PodWorkload, req: Request,
    what: string, reasons: string[]): Decision {
    const key = dir === 'Egress' ? 'egress' : 'ingress';
    const selecting = this.policies
      .filter(p => p.spec?.tier === tier && arr(p.spec?.[key]).length > 0 && this.subjectMatches(p.spec?.subject, subject))
      .sort((a, b) => Number(a.spec?.priority ?? 0) - Number(b.spec?.priority ?? 0) || nameOf(a).localeCompare(nameOf(b)));
    const priorities = [...new Set(selecting.map(p => Number(p.spec?.priority ?? 0)))];
    for (const priority of priorities) {
      // Every policy of this priority: its first rule that matches (or may match).
      const hits: Array<{ policy: any; index: number; action: string; match: Tri }> = [];
      for (const policy of selecting.filter(p => Number(p.spec?.priority ?? 0) === priority)) {
        const rules = arr(policy.spec[key]);
        for (let i = 0; i < rules.length; i++) {
          const unknownPeer = this.hasUnknownPeer(dir, rules[i]);
          // A peer with no field this version knows: "fail closed" (ClusterNetworkPolicyIngressPeer/EgressPeer docs):
          // an Accept rule matches no traffic, a Deny or Pass rule is "a 'Deny all' rule".
          const action = unknownPeer && rules[i]?.action !== 'Accept' ? 'Deny' : String(rules[i]?.action);
          const m: Tri = unknownPeer ? (action === 'Deny' ? 'yes' : 'no') : this.ruleMatches(dir, rules[i], subject, peer, req);
          if (m === 'no') continue;
          hits.push({ policy, index: i, action, match: m });
          if (m === 'yes') break;
        }
      }
      if (hits.length === 0) continue;
      const cite = (h: typeof hits[number]) => `${tier}-tier ClusterNetworkPolicy ${nameOf(h.policy)} ${key}[${h.index}] (${h.action}, priority ${priority})`;
      const actions = [...new Set(hits.map(h => h.action))];
      // Certain when every policy that may match surely matches and all of them take the same action.
      const certain = [...new Set(hits.map(h => h.policy))].every(pol => hits.some(h => h.policy === pol && h.match === 'yes'));
      if (!(certain && actions.length === 1)) {
        const maybe = hits.filter(h => h.match === 'maybe');
        reasons.push(maybe.length > 0
          ? `${what}: ${maybe.map(cite).join(', ')} may match ${wname(peer)} on port ${req.port} (it depends on addresses or node labels the manifests do not give)`
          : `${what}: ${hits.map(cite).join(' and ')} have the same priority and different actions: the implementation may apply either`);
        return { status: VerdictStatus.UNKNOWN, final: true };
      }
      const hit = hits.find(h => h.match === 'yes')!;
      if (hit.action === 'Accept') {
        reasons.push(`${what}: accepted by ${cite(hit)}`);
        return { status: VerdictStatus.ALLOWED, final: true };
      }
      if (hit.action === 'Deny') {
        reasons.push(`${what}: denied by ${cite(hit)}`);
        return { status: VerdictStatus.DENIED, final: true };
      }
      reasons.push(`${what}: passed to the next tier by ${cite(hit)}`);
      return { status: VerdictStatus.ALLOWED, final: false };
    }
    return { status: VerdictStatus.ALLOWED, final: false };
  }

  private subjectMatches(s: any, w: PodWorkload): boolean {
    return cnpSubjectSelects(this.ctx.set, s, w);
  }

  /** Whether a rule has a peer with none of the fields this evaluator knows (an incompatible CRD version). */
  private hasUnknownPeer(dir: Dir, rule: any): boolean {
    const known = dir === 'Egress' ? ['namespaces', 'pods', 'networks', 'nodes', 'domainNames'] : ['namespaces', 'pods'];
    return arr(dir === 'Egress' ? rule?.to : rule?.from).some((p: any) => !isObject(p) || !known.some(k => (p as any)[k] !== undefined));
  }

  private ruleMatches(dir: Dir, rule: any, subject: PodWorkload, peer: PodWorkload, req: Request): Tri {
    const peers = arr(dir === 'Egress' ? rule?.to : rule?.from);
    let peerMatch: Tri = 'no';
    for (const p of peers) peerMatch = or(peerMatch, dir === 'Egress' ? this.egressPeer(p, peer) : this.podPeer(p, peer));
    if (peerMatch === 'no') return 'no';
    const dst = dir === 'Egress' ? peer : subject;
    return and(peerMatch, this.protocolsMatch(rule?.protocols, dst, req.port));
  }

  /** `namespaces` / `pods` peers: pods only (never a node, the API server or an address outside the cluster). */
  private podPeer(p: any, w: PodWorkload): Tri {
    if (!isObject(p) || nonPodOf(w)) return 'no';
    const nsLabels = this.ctx.set.namespaceLabels(w.namespace);
    if (p.namespaces !== undefined) return selectorMatches(p.namespaces, nsLabels) ? 'yes' : 'no';
    if (p.pods !== undefined) {
      return selectorMatches(p.pods.namespaceSelector ?? {}, nsLabels) && selectorMatches(p.pods.podSelector ?? {}, w.labels) ? 'yes' : 'no';
    }
    return 'no';
  }

  private egressPeer(p: any, w: PodWorkload): Tri {
    if (!isObject(p)) return 'no';
    if ((p as any).namespaces !== undefined || (p as any).pods !== undefined) return this.podPeer(p, w);
    const outside = nonPodOf(w);
    if ((p as any).networks !== undefined) {
      const cidrs = arr((p as any).networks).map(String);
      if (cidrs.some(c => ANY.includes(c))) return 'yes';
      // A pod's or a node's address is not in the manifests; a world or API server address may be.
      if (!outside || outside.address === undefined) return 'maybe';
      return cidrs.some(c => cidrContainsIp(c, outside.address!)) ? 'yes' : 'no';
    }
    if ((p as any).nodes !== undefined) {
      if (!outside || outside.outside === 'WORLD') return 'no';
      const all = Object.keys((p as any).nodes?.matchLabels ?? {}).length === 0 && arr((p as any).nodes?.matchExpressions).length === 0;
      // The API server runs on (control-plane) nodes on some clusters and outside them on others.
      if (outside.outside === 'KUBE_APISERVER') return 'maybe';
      return all ? 'yes' : 'maybe';
    }
    if ((p as any).domainNames !== undefined) {
      if (outside?.outside !== 'WORLD' || outside.fqdn === undefined) return 'no';
      return arr((p as any).domainNames).some((d: any) => domainNameMatches(String(d), outside.fqdn!)) ? 'yes' : 'no';
    }
    return 'no';
  }

  private protocolsMatch(protocols: any, dst: PodWorkload, port: number): Tri {
    const list = arr(protocols);
    if (list.length === 0) return 'yes';
    return list.some((pr: any) => {
      if (isObject(pr?.tcp)) {
        const d = pr.tcp.destinationPort;
        if (d === undefined) return true;
        if (typeof d.number === 'number') return d.number === port;
        if (isObject(d.range)) return port >= Number((d.range as any).start) && port <= Number((d.range as any).end);
        return false;
      }
      if (typeof pr?.destinationNamedPort === 'string') {
        return !nonPodOf(dst) && dst.ports.some(cp => cp.name === pr.destinationNamedPort && cp.port === port && (cp.protocol ?? 'TCP') === 'TCP');
      }
      return false; // udp / sctp: the request is TCP
    }) ? 'yes' : 'no';
  }
}
