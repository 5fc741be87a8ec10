import { arr, isObject } from '../internal/manifests';
import { ciliumSpecs, forEachNpRule, isCiliumPolicy, isNetworkPolicy } from '../internal/netpol';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { isEmptySelector } from '../internal/selectors';
import { Severity } from '../severity';

const ANY_CIDR = ['0.0.0.0/0', '::/0'];

/** Describes why a NetworkPolicy peer list is open to everything, or undefined. */
export function npPeersOpen(peers: any): string | undefined {
  if (!Array.isArray(peers) || peers.length === 0) return 'no peer list (any peer)';
  for (const p of peers) {
    if (!isObject(p) || Object.keys(p).length === 0) return 'an empty peer {}';
    if (p.ipBlock && ANY_CIDR.includes(p.ipBlock.cidr)) return `ipBlock ${p.ipBlock.cidr}`;
    if (p.namespaceSelector && isEmptySelector(p.namespaceSelector) && (!p.podSelector || isEmptySelector(p.podSelector))) return 'namespaceSelector {} (every pod in every namespace)';
  }
  return undefined;
}

/** Describes why a Cilium rule's peers are open to everything, or undefined. */
export function ciliumPeersOpen(rule: any, direction: 'from' | 'to', clusterwide: boolean): string | undefined {
  const l3 = ['Endpoints', 'Entities', 'CIDR', 'CIDRSet', 'Requires', 'FQDNs', 'Services', 'Groups', 'Nodes'].filter(k => rule[`${direction}${k}`] !== undefined);
  if (l3.length === 0) return arr(rule.toPorts).length > 0 ? 'no L3 peer (any endpoint on these ports)' : undefined;
  const ents = arr(rule[`${direction}Entities`]).map(String);
  for (const e of ['all', 'world']) if (ents.includes(e)) return `${direction}Entities: ${e}`;
  for (const c of arr(rule[`${direction}CIDR`])) if (ANY_CIDR.includes(String(c))) return `${direction}CIDR ${c}`;
  for (const c of arr(rule[`${direction}CIDRSet`])) if (ANY_CIDR.includes(String(c?.cidr))) return `${direction}CIDRSet ${c.cidr}`;
  if (clusterwide && arr(rule[`${direction}Endpoints`]).some((s: any) => isEmptySelector(s))) return `${direction}Endpoints {} in a clusterwide policy (every endpoint)`;
  if (direction === 'to' && arr(rule.toFQDNs).some((f: any) => f?.matchPattern === '*')) return 'toFQDNs matchPattern "*"';
  return undefined;
}

function onlyDns(ports: any[]): boolean {
  return ports.length > 0 && ports.every(p => String(p.port) === '53');
}

function ciliumOnlyDns(toPorts: any[]): boolean {
  const ps = toPorts.flatMap(tp => arr(tp.ports));
  return ps.length > 0 && ps.every(p => String(p.port) === '53');
}

/** An allow rule open to any peer. */
export const ZT_NET_002: RuleDefinition = {
  id: 'ZT-NET-002',
  pack: 'default-deny',
  severity: Severity.HIGH,
  title: 'Allow rule open to any peer',
  explanation: 'An allow rule whose peer is everything (no `from`/`to`, an empty peer `{}`, `namespaceSelector: {}`, `0.0.0.0/0` or `::/0`, Cilium `world`/`all` entities or a rule with ports but no L3 peer) undoes the default deny for the pods it selects. DNS egress rules (only port 53) are not reported.',
  fix: 'Name the peers (podSelector/namespaceSelector, Cilium endpoints) the route really needs. For a deliberate public entry point, record `zero-trust.cdk8s.io/exception.allow-all` (+ `.expires`) on the policy.',
  exceptionTopic: 'allow-all',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      if (isNetworkPolicy(o)) {
        forEachNpRule(o, (_dir, key, peers, r, i) => {
          if (onlyDns(arr(r?.ports))) return;
          const why = npPeersOpen(peers);
          if (why) out.push({ obj: o, message: `${key}[${i}] allows ${why}${arr(r?.ports).length === 0 ? ' on every port' : ''}.` });
        });
      }
      if (isCiliumPolicy(o)) {
        for (const s of ciliumSpecs(o)) {
          for (const [key, dir] of [['ingress', 'from'], ['egress', 'to']] as const) {
            arr(s[key]).forEach((r: any, i: number) => {
              if (!isObject(r) || ciliumOnlyDns(arr(r.toPorts))) return;
              const why = ciliumPeersOpen(r, dir, o.kind === 'CiliumClusterwideNetworkPolicy');
              if (why) out.push({ obj: o, message: `${key}[${i}] allows ${why}.` });
            });
          }
        }
      }
    }
    return out;
  },
};
