import { ciliumPeersOpen, npPeersOpen } from './zt-net-002';
import { arr, isObject } from '../internal/manifests';
import { ciliumSpecs, isCiliumPolicy, isNetworkPolicy, npPolicyTypes } from '../internal/netpol';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** An allow rule without ports (for a specific peer). */
export const ZT_NET_003: RuleDefinition = {
  id: 'ZT-NET-003',
  pack: 'default-deny',
  severity: Severity.MEDIUM,
  title: 'Allow rule without ports',
  explanation: 'A rule that names its peers but no ports allows every port and protocol between them, including debug and admin ports. Least privilege means naming the port the route uses. (Rules open to any peer are reported by ZT-NET-002 instead.)',
  fix: 'Add `ports` (NetworkPolicy) or `toPorts` (Cilium) with the port(s) the route needs, or record `zero-trust.cdk8s.io/exception.allow-all` (+ `.expires`) on the policy.',
  exceptionTopic: 'allow-all',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      if (isNetworkPolicy(o)) {
        const types = npPolicyTypes(o);
        for (const [dir, key, peerKey] of [['Ingress', 'ingress', 'from'], ['Egress', 'egress', 'to']] as const) {
          if (!types.includes(dir)) continue;
          arr(o.spec?.[key]).forEach((r: any, i: number) => {
            if (arr(r?.ports).length > 0 || npPeersOpen(r?.[peerKey])) return;
            out.push({ obj: o, message: `${key}[${i}] allows its peers on every port.` });
          });
        }
      }
      if (isCiliumPolicy(o)) {
        for (const s of ciliumSpecs(o)) {
          for (const [key, dir] of [['ingress', 'from'], ['egress', 'to']] as const) {
            arr(s[key]).forEach((r: any, i: number) => {
              if (!isObject(r) || Object.keys(r).length === 0 || arr(r.toPorts).length > 0) return;
              if (ciliumPeersOpen(r, dir, o.kind === 'CiliumClusterwideNetworkPolicy')) return;
              out.push({ obj: o, message: `${key}[${i}] allows its peers on every port.` });
            });
          }
        }
      }
    }
    return out;
  },
};
