const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;
const SUFFIX: Record<string, number> = {
  '': 1,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const HOSTNAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,62})?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,62})?)*\.?$/;
const STRFMT_DURATION = /^\s*(\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)\s*)+$/;

/** A parsed CIDR: address family, address as a number, prefix length, address width (32 or 128). */
export interface ParsedCidr {
  readonly family: number;
  readonly ip: bigint;
  readonly bits: number;
  readonly width: number;
}

/** String format checks (kube-openapi strfmt and Kubernetes resource.Quantity). Library-internal. */
export class Formats {
  /** True when `v` has the resource.Quantity syntax. */
  public static isQuantity(v: string): boolean {
    return QUANTITY.test(v);
  }

  /** The numeric value of a quantity (string or number), or undefined when it is not one. */
  public static quantityValue(v: unknown): number | undefined {
    if (typeof v === 'number') return v;
    if (typeof v !== 'string') return undefined;
    const m = QUANTITY.exec(v);
    if (!m) return undefined;
    const suffix = m[2] ?? '';
    const mult = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
    return Number(m[1]) * mult;
  }

  /** True for an IPv4 address in dotted-decimal form. */
  public static isIPv4(v: string): boolean {
    return IPV4.test(v);
  }

  /** True for an IPv6 address (RFC 4291 text forms, including an embedded IPv4 tail). */
  public static isIPv6(v: string): boolean {
    if (!/^[0-9a-fA-F:.]+$/.test(v) || !v.includes(':')) return false;
    let s = v;
    const lastColon = s.lastIndexOf(':');
    if (s.slice(lastColon + 1).includes('.')) {
      if (!IPV4.test(s.slice(lastColon + 1))) return false;
      s = s.slice(0, lastColon + 1) + '0:0';
    }
    const halves = s.split('::');
    if (halves.length > 2) return false;
    const groups = halves.map(h => (h === '' ? [] : h.split(':')));
    if (groups.some(g => g.some(x => !/^[0-9a-fA-F]{1,4}$/.test(x)))) return false;
    const count = groups.reduce((n, g) => n + g.length, 0);
    return halves.length === 2 ? count < 8 : count === 8;
  }

  /** True for an IP address (v4 or v6). */
  public static isIP(v: string): boolean {
    return Formats.isIPv4(v) || Formats.isIPv6(v);
  }

  /** True for a CIDR such as 10.0.0.0/8 or fd00::/8 (Go net.ParseCIDR). */
  public static isCIDR(v: string): boolean {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(v);
    if (!m) return false;
    const bits = Number(m[2]);
    if (Formats.isIPv4(m[1])) return bits <= 32 && !/^0\d/.test(m[2]);
    return Formats.isIPv6(m[1]) && bits <= 128 && !/^0\d/.test(m[2]);
  }

  /**
   * The network of a CIDR as Go `net.ParseCIDR` reads it (legacy, permissive:
   * host bits may be set), or undefined when it is not a CIDR.
   */
  public static parseCidr(v: string): ParsedCidr | undefined {
    if (!Formats.isCIDR(v)) return undefined;
    const [addr, len] = v.split('/');
    const bits = Number(len);
    if (Formats.isIPv4(addr)) return { family: 4, ip: addr.split('.').reduce((acc, o) => acc * 256n + BigInt(Number(o)), 0n), bits, width: 32 };
    let s = addr;
    const tail = s.slice(s.lastIndexOf(':') + 1);
    if (tail.includes('.')) {
      const o = tail.split('.').map(Number);
      s = `${s.slice(0, s.lastIndexOf(':') + 1)}${(o[0] * 256 + o[1]).toString(16)}:${(o[2] * 256 + o[3]).toString(16)}`;
    }
    const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
    const h = head ? head.split(':') : [];
    const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
    const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
    return { family: 6, ip: groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n), bits, width: 128 };
  }

  /**
   * Why `v` is not a CIDR Kubernetes' strict IP/CIDR validation accepts
   * (KEP-4858 `StrictIPCIDRValidation`, k8s.io/kubernetes
   * pkg/apis/core/validation/ips.go `parseCIDR`): no leading zeros in the
   * address or the prefix length, no IPv4-mapped IPv6 address, no bits set
   * beyond the prefix length. The legacy parser accepts these with a warning
   * ("will be considered invalid in a future Kubernetes release"), and they
   * are ambiguous: `010.0.0.0` is octal to libc, `10.0.0.1/8` may mean the
   * network or the address. Undefined when valid.
   */
  public static cidrProblem(v: string): string | undefined {
    const m = /^([^/]+)\/(\d+)$/.exec(v);
    if (m && /^\d{1,3}(\.\d{1,3}){3}$/.test(m[1]) && m[1].split('.').some(o => /^0\d/.test(o))) {
      const fixed = m[1].split('.').map(o => String(Number(o))).join('.');
      return `has leading zeros in the address: Kubernetes' strict CIDR validation rejects them and libc-based software reads them as octal; write ${fixed}/${Number(m[2])}`;
    }
    if (m && /^0\d/.test(m[2])) return `has leading zeros in the prefix length: write ${m[1]}/${Number(m[2])}`;
    const c = Formats.parseCidr(v);
    if (!c) return 'is not a CIDR: give an address and a prefix length, e.g. "203.0.113.0/24" or "2001:db8::/32"';
    if (c.family === 6 && /^::ffff:/i.test(v.split('/')[0]) && c.ip / 2n ** 32n === 0xffffn) {
      return 'is an IPv4-mapped IPv6 address, which Kubernetes\' strict CIDR validation rejects: write the IPv4 CIDR';
    }
    const network = Formats.maskedIp(c.ip, c.bits, c.width);
    if (network !== c.ip) {
      const net = `${Formats.ipText(network, c.family)}/${c.bits}`;
      const host = `${Formats.ipText(c.ip, c.family)}/${c.width}`;
      return `has bits set beyond the prefix length (Kubernetes' strict CIDR validation rejects it, the legacy one calls it ambiguous): write the network ${net}, or ${host} for the single address`;
    }
    return undefined;
  }

  /**
   * Whether `inner` is a strict subset of `outer` (same family, inside it,
   * longer prefix): the rule of NetworkPolicy `ipBlock.except`
   * (k8s.io/kubernetes pkg/apis/networking/validation `ValidateIPBlock`:
   * "must be a strict subset of `cidr`").
   */
  public static isStrictSubset(outer: ParsedCidr, inner: ParsedCidr): boolean {
    if (outer.family !== inner.family) return false;
    const contained = Formats.maskedIp(inner.ip, outer.bits, outer.width) === Formats.maskedIp(outer.ip, outer.bits, outer.width);
    return contained && outer.bits < inner.bits;
  }

  /** The address with the bits beyond `bits` cleared. */
  public static maskedIp(ip: bigint, bits: number, width: number): bigint {
    const block = 2n ** BigInt(width - bits);
    return (ip / block) * block;
  }

  /** An address as text: dotted decimal, or RFC 5952 IPv6 (longest zero run compressed). */
  public static ipText(ip: bigint, family: number): string {
    if (family === 4) return [24n, 16n, 8n, 0n].map(sh => String((ip / 2n ** sh) % 256n)).join('.');
    const groups = [...Array(8).keys()].map(i => Number((ip / 2n ** BigInt(112 - 16 * i)) % 65536n));
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      if (groups[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen) { best = i; bestLen = j - i; }
      i = j;
    }
    const hex = groups.map(g => g.toString(16));
    if (best < 0) return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  }

  /**
   * Returns an error message when `v` does not have format `format`, undefined
   * when it does or when the format is not checked by the API server.
   */
  public static check(format: string, v: string): string | undefined {
    switch (format) {
      case 'date-time':
      case 'datetime':
        return DATE_TIME.test(v) ? undefined : 'must be an RFC 3339 date-time';
      case 'byte':
        return BASE64.test(v.replace(/[\r\n]/g, '')) ? undefined : 'must be base64-encoded data';
      case 'ipv4':
        return Formats.isIPv4(v) ? undefined : 'must be an IPv4 address';
      case 'ipv6':
        return Formats.isIPv6(v) ? undefined : 'must be an IPv6 address';
      case 'cidr':
        return Formats.isCIDR(v) ? undefined : 'must be a CIDR (e.g. 10.0.0.0/8)';
      case 'uuid':
        return UUID.test(v) ? undefined : 'must be a UUID';
      case 'hostname':
        return v.length <= 255 && HOSTNAME.test(v) ? undefined : 'must be a hostname';
      case 'duration':
        return STRFMT_DURATION.test(v) ? undefined : 'must be a duration (e.g. 1h30m)';
      default:
        return undefined;
    }
  }
}
