import { candidates } from './internal/candidates';
import { flatten, PodWorkload } from '../audit/internal/manifests';
import { classLabel, PortClass, portClasses } from '../audit/reachability/ports';
import { Reachability } from '../audit/reachability/reachability';
import { OutsidePeer, ReachabilityOptions } from '../audit/reachability/types';

/**
 * One workload pair (or workload and outside peer) whose reachability differs.
 */
export interface ReachabilityChange {
  /** Source: `<namespace>/<workload>`, an outside peer (`world (203.0.113.10)`) or `any namespace`. */
  readonly from: string;
  /** Destination, named the same way. */
  readonly to: string;
  /** The port range(s), e.g. `8080` or `1-79`. */
  readonly ports: string;
  /** True when `after` allows what `before` denied; false when it denies what `before` allowed. */
  readonly opened: boolean;
  /** Why `after` decides as it does (its engines' reasons). */
  readonly reasons: string[];
}

/**
 * Options of `ReachabilityDiff.between`.
 */
export interface ReachabilityDiffOptions extends ReachabilityOptions {
  /**
   * Also compare peers outside the workloads: the internet (and every IP block or DNS name a
   * policy names), pods of a namespace no manifest declares.
   * @default true
   */
  readonly outside?: boolean;
}

/**
 * The before/after reachability of the same workloads under two manifest sets: what a migration
 * (an import, a sidecar → ambient move, a policy rewrite) opens and closes, on every TCP port
 * range, combined over every engine each set has.
 *
 * Workloads are matched by kind, namespace and name; those in only one set are not compared.
 *
 * @example
 * const diff = ReachabilityDiff.between(before, after);
 * if (diff.opened.length > 0) throw new Error(diff.toText());
 */
export class ReachabilityDiff {
  /**
   * Compares two manifest sets.
   * @param before the manifests today
   * @param after the manifests after the change
   * @param options evaluator options, whether to compare outside peers
   */
  public static between(before: any[], after: any[], options: ReachabilityDiffOptions = {}): ReachabilityDiff {
    const rb = Reachability.fromManifests(before, options);
    const ra = Reachability.fromManifests(after, options);
    const key = (w: PodWorkload) => `${w.kind}/${w.namespace}/${w.name}`;
    const afterByKey = new Map(ra._sortedWorkloads().map(w => [key(w), w]));
    const pairs = rb._sortedWorkloads().filter(w => afterByKey.has(key(w))).map(w => ({ b: w, a: afterByKey.get(key(w))!, id: `${w.namespace}/${w.name}` }));
    const classes = portClasses([...flatten(before), ...flatten(after)]).filter(c => c.from !== 53); // DNS is not an edge between workloads
    const changes: ReachabilityChange[] = [];
    const compare = (from: string, to: string, b: (port: number) => boolean, a: (port: number) => { allowed: boolean; reasons: string[] }) => {
      let run: { c: PortClass; opened: boolean; reasons: string[] } | undefined;
      const flush = () => {
        if (run) changes.push({ from, to, ports: classLabel(run.c), opened: run.opened, reasons: run.reasons });
        run = undefined;
      };
      for (const c of classes) {
        const av = a(c.from);
        const bv = b(c.from);
        if (av.allowed === bv) { flush(); continue; }
        if (run && run.opened === av.allowed && run.c.to + 1 === c.from) {
          run = { ...run, c: { from: run.c.from, to: c.to } };
        } else {
          flush();
          run = { c, opened: av.allowed, reasons: av.reasons };
        }
      }
      flush();
    };
    for (const s of pairs) {
      for (const d of pairs) {
        if (s === d) continue;
        compare(s.id, d.id, p => rb._combine(s.b, d.b, p).allowed, p => ra._combine(s.a, d.a, p));
      }
    }
    if (options.outside ?? true) {
      const probes = [OutsidePeer.world(), ...candidates([...flatten(before), ...flatten(after)]).map(c => c.peer)];
      const anyNs = [OutsidePeer.unrelatedNamespace(), OutsidePeer.unrelatedNamespace({ meshed: false })];
      for (const w of pairs) {
        for (const p of probes) {
          compare(p.description, w.id, port => rb._combine(rb._outside(p), w.b, port).allowed, port => ra._combine(ra._outside(p), w.a, port));
          compare(w.id, p.description, port => rb._combine(w.b, rb._outside(p), port).allowed, port => ra._combine(w.a, ra._outside(p), port));
        }
        const either = (r: Reachability, f: (p: OutsidePeer) => { allowed: boolean; reasons: string[] }) => {
          const vs = anyNs.map(f);
          return vs.find(v => v.allowed) ?? vs[0];
        };
        compare('any namespace', w.id, port => either(rb, p => rb._combine(rb._outside(p), w.b, port)).allowed, port => either(ra, p => ra._combine(ra._outside(p), w.a, port)));
        compare(w.id, 'any namespace', port => rb._combine(w.b, rb._outside(anyNs[0]), port).allowed, port => ra._combine(w.a, ra._outside(anyNs[0]), port));
      }
    }
    return new ReachabilityDiff(changes);
  }

  /** What `after` allows that `before` denied. */
  public readonly opened: ReachabilityChange[];
  /** What `after` denies that `before` allowed. */
  public readonly closed: ReachabilityChange[];

  private constructor(changes: ReachabilityChange[]) {
    this.opened = changes.filter(c => c.opened);
    this.closed = changes.filter(c => !c.opened);
  }

  /** Whether nothing changed. */
  public get same(): boolean {
    return this.opened.length === 0 && this.closed.length === 0;
  }

  /** The diff in words: `+ from → to:ports` opened, `- ...` closed. */
  public toText(): string {
    if (this.same) return 'Reachability unchanged.\n';
    const line = (c: ReachabilityChange) => `${c.opened ? '+' : '-'} ${c.from} → ${c.to}:${c.ports}${c.opened ? ` (${c.reasons[c.reasons.length - 1] ?? ''})` : ''}`;
    return [
      `${this.opened.length} opened, ${this.closed.length} closed.`,
      ...this.opened.map(line),
      ...this.closed.map(line),
    ].join('\n') + '\n';
  }
}
