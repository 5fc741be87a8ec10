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
