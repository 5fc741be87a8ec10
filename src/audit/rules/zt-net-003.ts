import { ciliumPeersOpen, npPeersOpen } from './zt-net-002';
import { arr, isObject } from '../internal/manifests';
import { ciliumSpecs, forEachNpRule, isCiliumPolicy, isNetworkPolicy } from '../internal/netpol';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/**
 * Istio ambient: ztunnel SNATs kubelet probes to this link-local address
 * (istio/istio `ambient` docs), and the probe ports are not known at namespace level.
 */
const AMBIENT_PROBE_SOURCE = '169.254.7.127/32';

/** A NetworkPolicy ingress rule whose only peers are the ambient kubelet-probe address. */
function npOnlyAmbientProbes(peers: any): boolean {
  return Array.isArray(peers) && peers.length > 0 && peers.every((p: any) => isObject(p) && Object.keys(p).length === 1
    && isObject(p.ipBlock) && p.ipBlock.cidr === AMBIENT_PROBE_SOURCE && arr(p.ipBlock.except).length === 0);
}

/** A Cilium ingress rule whose only peers are the ambient kubelet-probe address. */
function ciliumOnlyAmbientProbes(rule: any): boolean {
  const l3 = Object.keys(rule).filter(k => k.startsWith('from'));
  const cidrs = [...arr(rule.fromCIDR), ...arr(rule.fromCidr)].map(String);
  const sets = [...arr(rule.fromCIDRSet), ...arr(rule.fromCidrSet)];
  return l3.length > 0 && l3.every(k => ['fromCIDR', 'fromCidr', 'fromCIDRSet', 'fromCidrSet'].includes(k))
    && cidrs.every(c => c === AMBIENT_PROBE_SOURCE)
    && sets.every((x: any) => x?.cidr === AMBIENT_PROBE_SOURCE && arr(x?.except).length === 0)
    && cidrs.length + sets.length > 0;
}

/** An allow rule without ports (for a specific peer). */
export const ZT_NET_003: RuleDefinition = {
  id: 'ZT-NET-003',
  pack: 'default-deny',
  severity: Severity.MEDIUM,
  title: 'Allow rule without ports',
  explanation: 'A rule that names its peers but no ports allows every port and protocol between them, including debug and admin ports. Least privilege means naming the port the route uses. (Rules open to any peer are reported by ZT-NET-002 instead.) One documented case is exempt: an ingress rule whose only peer is `169.254.7.127/32` (NetworkPolicy `ipBlock`, Cilium `fromCIDR`/`fromCIDRSet`). In Istio ambient mode ztunnel SNATs the kubelet\'s health probes to that link-local address; no other traffic comes from it, and the probe ports of every pod are not known to a namespace-wide policy. A Cilium rule with `icmps` and no `toPorts` allows only those ICMP types, not every port, and is not reported.',
  fix: 'Add `ports` (NetworkPolicy) or `toPorts` (Cilium) with the port(s) the route needs, or record `zero-trust.cdk8s.io/exception.allow-all` (+ `.expires`) on the policy.',
  exceptionTopic: 'allow-all',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      if (isNetworkPolicy(o)) {
        forEachNpRule(o, (dir, key, peers, r, i) => {
          if (arr(r?.ports).length > 0 || npPeersOpen(peers)) return;
          if (dir === 'Ingress' && npOnlyAmbientProbes(peers)) return;
          out.push({ obj: o, message: `${key}[${i}] allows its peers on every port.` });
        });
      }
      if (isCiliumPolicy(o)) {
        for (const s of ciliumSpecs(o)) {
          for (const [key, dir] of [['ingress', 'from'], ['egress', 'to']] as const) {
            arr(s[key]).forEach((r: any, i: number) => {
              if (!isObject(r) || Object.keys(r).length === 0 || arr(r.toPorts).length > 0) return;
              // `icmps` limits the rule to those ICMP types: no TCP/UDP port is allowed
              // (docs.cilium.io security/policy/layer4 "Limit ICMP/ICMPv6 types").
              if (arr(r.icmps).length > 0) return;
              if (ciliumPeersOpen(r, dir, o.kind === 'CiliumClusterwideNetworkPolicy')) return;
              if (key === 'ingress' && ciliumOnlyAmbientProbes(r)) return;
              out.push({ obj: o, message: `${key}[${i}] allows its peers on every port.` });
            });
          }
        }
      }
    }
    return out;
  },
};
