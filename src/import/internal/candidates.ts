// Internal: addresses and DNS names the policies of a manifest set name, so that Reachability can be
// asked about them (the policies' semantics stay in the evaluators; this only finds what to ask).
import { cidrIsAll } from '../../audit/internal/cidr';
import { OutsidePeer } from '../../audit/reachability/types';

export interface Candidate {
  /** The CIDR (or DNS name) as written. */
  readonly cidr?: string;
  readonly fqdn?: string;
  /** The peer to probe with. */
  readonly peer: OutsidePeer;
}

/** An address inside an IPv4 block (its second address, or the address of a /32); undefined for IPv6. */
export function addressIn(cidr: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(cidr.trim());
  if (!m) return undefined;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32 || m.slice(1, 5).some(x => Number(x) > 255)) return undefined;
  const n = ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
  const size = 2 ** (32 - bits);
  const net = Math.floor(n / size) * size;
  const host = bits >= 31 ? n : net + 1;
  return [2 ** 24, 2 ** 16, 2 ** 8, 1].map(d => Math.floor(host / d) % 256).join('.');
}

function walk(x: any, visit: (key: string, value: any) => void, depth = 0): void {
  if (depth > 30 || x === null || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const e of x) walk(e, visit, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(x)) {
    visit(k, v);
    walk(v, visit, depth + 1);
  }
}

/**
 * The IPv4 blocks (NetworkPolicy `ipBlock.cidr`, Cilium `fromCIDR`/`toCIDR`/`*CIDRSet`, Linkerd
 * `networks[].cidr`) and DNS names (Cilium `toFQDNs[].matchName`) of the objects, except blocks
 * covering every address (those are what `OutsidePeer.world()` probes).
 */
export function candidates(objects: any[]): Candidate[] {
  const cidrs = new Set<string>();
  const fqdns = new Set<string>();
  for (const o of objects) {
    walk(o?.spec, (k, v) => {
      if (k === 'cidr' && typeof v === 'string') cidrs.add(v);
      if ((k === 'toCIDR' || k === 'fromCIDR') && Array.isArray(v)) for (const c of v) if (typeof c === 'string') cidrs.add(c);
      if (k === 'matchName' && typeof v === 'string') fqdns.add(v);
    });
  }
  const out: Candidate[] = [];
  for (const c of [...cidrs].sort()) {
    if (cidrIsAll(c)) continue;
    const address = addressIn(c);
    if (address) out.push({ cidr: c, peer: OutsidePeer.world({ address }) });
  }
  for (const f of [...fqdns].sort()) out.push({ fqdn: f, peer: OutsidePeer.world({ fqdn: f }) });
  return out;
}
