// Internal: TCP port classes. Every port number or range any manifest mentions splits 1-65535
// into intervals whose ports every engine treats alike (np-guard's connection sets): one
// representative per interval covers the whole range.
import { isObject } from '../internal/manifests';

/** An interval of TCP ports that every policy of a manifest set treats alike. */
export interface PortClass {
  /** First port (the representative probed). */
  readonly from: number;
  /** Last port. */
  readonly to: number;
}

/** A high port no manifest is expected to use, probed on its own. */
export const HIGH_PORT = 47823;
const MAX = 65535;

function portValue(v: any): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function scan(x: any, cuts: Set<number>, depth = 0): void {
  if (depth > 30 || x === null || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const e of x) scan(e, cuts, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(x)) {
    if (/port/i.test(k)) {
      const add = (n: number | undefined) => {
        if (n === undefined || n < 1 || n > MAX) return;
        if (/^endport$/i.test(k)) {
          cuts.add(n + 1);
        } else {
          cuts.add(n);
          if (!(k === 'port' && x.endPort !== undefined)) cuts.add(n + 1); // a range's start: its endPort closes it
        }
      };
      for (const e of Array.isArray(v) ? v : [v]) add(portValue(e));
      if (isObject(v)) for (const key of Object.keys(v as object)) add(portValue(key)); // Istio portLevelMtls: { "8080": ... }
    }
    scan(v, cuts, depth + 1);
  }
}

/** The port classes of a manifest set (plus `extra` ports, each its own class), sorted. */
export function portClasses(objects: any[], extra: number[] = []): PortClass[] {
  const cuts = new Set<number>([1, HIGH_PORT, HIGH_PORT + 1]);
  scan(objects, cuts);
  for (const p of extra) if (p >= 1 && p <= MAX) { cuts.add(p); cuts.add(p + 1); }
  const starts = [...cuts].filter(c => c >= 1 && c <= MAX).sort((a, b) => a - b);
  return starts.map((s, i) => ({ from: s, to: i + 1 < starts.length ? starts[i + 1] - 1 : MAX }));
}

/** `8080` or `8081-9089`. */
export function classLabel(c: PortClass): string {
  return c.from === c.to ? String(c.from) : `${c.from}-${c.to}`;
}
