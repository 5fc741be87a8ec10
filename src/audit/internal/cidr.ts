// Internal: IP address / CIDR containment (IPv4 and IPv6), for ipBlock and Cilium CIDR rules.

function v4(ip: string): bigint | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some(p => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256n + BigInt(Number(p)), 0n);
}

function v6(ip: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(ip) || !ip.includes(':')) return undefined;
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return undefined;
  const groups = [...head, ...Array(fill).fill('0'), ...tail];
  if (groups.some(g => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n);
}

function parse(ip: string): { value: bigint; bits: number } | undefined {
  const a = v4(ip);
  if (a !== undefined) return { value: a, bits: 32 };
  const b = v6(ip);
  return b === undefined ? undefined : { value: b, bits: 128 };
}

/** Whether `ip` lies in `cidr` (same family); false for anything unparsable. */
export function cidrContains(cidr: string, ip: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(String(cidr));
  if (!m) return false;
  const net = parse(m[1]);
  const addr = parse(ip);
  const len = Number(m[2]);
  if (!net || !addr || net.bits !== addr.bits || len > net.bits) return false;
  const size = 2n ** BigInt(net.bits - len);
  return net.value / size === addr.value / size;
}

/** Whether `cidr` covers every address of its family. */
export function cidrIsAll(cidr: string): boolean {
  return cidr === '0.0.0.0/0' || cidr === '::/0';
}
