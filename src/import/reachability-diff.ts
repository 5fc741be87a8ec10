import { flatten, PodWorkload } from '../audit/internal/manifests';
import { classLabel, PortClass, portClasses } from '../audit/reachability/ports';
import { Reachability } from '../audit/reachability/reachability';
import { OutsidePeer, ReachabilityOptions } from '../audit/reachability/types';

// The importer's internals load on first use.
/* eslint-disable @typescript-eslint/no-require-imports */
const internalCandidates = (): typeof import('./internal/candidates') => require('./internal/candidates');
const internalManifests = (): typeof import('./internal/from-manifests') => require('./internal/from-manifests');
const internalModel = (): typeof import('./internal/model') => require('./internal/model');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Decision {
  readonly allowed: boolean;
  readonly reasons: string[];
  readonly l7: string[];
}

/** The requests `after` allows beyond `before` (as text), or undefined when it allows none more. */
function widerL7(before: string[], after: string[]): string | undefined {
  if (before.length === 0) return undefined; // before: any request
  if (after.length === 0) return 'any request';
  const norm = (xs: string[]) => {
    const rules = internalManifests().l7Rules(xs);
    return rules ? rules.map(internalModel().httpText) : xs;
  };
  const b = new Set(norm(before));
  const extra = norm(after).filter(x => !b.has(x));
  return extra.length > 0 ? extra.join(', ') : undefined;
}

/**
 * One workload pair (or workload and outside peer) whose reachability differs.
 */
export interface ReachabilityChange {
  /** Source: `<namespace>/<workload>`, an outside peer (`world (203.0.113.10)`) or `any namespace`. */
  readonly source: string;
  /** Destination, named the same way. */
  readonly destination: string;
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
   *
   * Where both allow a connection, HTTP requests `after` allows and `before` did not (an L7 rule
   * dropped, e.g. bound to a waypoint that does not exist) count as opened.
   */
  public static between(before: any[], after: any[], options: ReachabilityDiffOptions = {}): ReachabilityDiff {
    const rb = Reachability.fromManifests(before, options);
    const ra = Reachability.fromManifests(after, options);
    const key = (w: PodWorkload) => `${w.kind}/${w.namespace}/${w.name}`;
    const afterByKey = new Map(ra._sortedWorkloads().map(w => [key(w), w]));
    const pairs = rb._sortedWorkloads().filter(w => afterByKey.has(key(w))).map(w => ({ b: w, a: afterByKey.get(key(w))!, id: `${w.namespace}/${w.name}` }));
    const classes = portClasses([...flatten(before), ...flatten(after)]).filter(c => c.from !== 53); // DNS is not an edge between workloads
    const changes: ReachabilityChange[] = [];
    const compare = (from: string, to: string, b: (port: number) => Decision, a: (port: number) => Decision) => {
      let run: { c: PortClass; opened: boolean; reasons: string[] } | undefined;
      const flush = () => {
        if (run) changes.push({ source: from, destination: to, ports: classLabel(run.c), opened: run.opened, reasons: run.reasons });
        run = undefined;
      };
      for (const c of classes) {
        const av = a(c.from);
        const bv = b(c.from);
        // Both allow: HTTP requests the source did not allow count as opened (e.g. a policy whose waypoint is missing).
        const wider = av.allowed && bv.allowed ? widerL7(bv.l7, av.l7) : undefined;
        if (av.allowed === bv.allowed && !wider) { flush(); continue; }
        const opened = av.allowed;
        const reasons = wider ? [...av.reasons, `HTTP: before only ${bv.l7.join(', ')}; after ${wider}`] : av.reasons;
        if (run && run.opened === opened && run.c.to + 1 === c.from && !wider) {
          run = { ...run, c: { from: run.c.from, to: c.to } };
        } else {
          flush();
          run = { c, opened, reasons };
        }
      }
      flush();
    };
    for (const s of pairs) {
      for (const d of pairs) {
        if (s === d) continue;
        compare(s.id, d.id, p => rb._combine(s.b, d.b, p), p => ra._combine(s.a, d.a, p));
      }
    }
    if (options.outside ?? true) {
      const probes = [OutsidePeer.world(), ...internalCandidates().candidates([...flatten(before), ...flatten(after)]).map(c => c.peer)];
      const anyNs = [OutsidePeer.unrelatedNamespace(), OutsidePeer.unrelatedNamespace({ meshed: false })];
      for (const w of pairs) {
        for (const p of probes) {
          compare(p.description, w.id, port => rb._combine(rb._outside(p), w.b, port), port => ra._combine(ra._outside(p), w.a, port));
          compare(w.id, p.description, port => rb._combine(w.b, rb._outside(p), port), port => ra._combine(w.a, ra._outside(p), port));
        }
        const either = (f: (p: OutsidePeer) => Decision) => {
          const vs = anyNs.map(f);
          return vs.find(v => v.allowed) ?? vs[0];
        };
        compare('any namespace', w.id, port => either(p => rb._combine(rb._outside(p), w.b, port)), port => either(p => ra._combine(ra._outside(p), w.a, port)));
        compare(w.id, 'any namespace', port => rb._combine(w.b, rb._outside(anyNs[0]), port), port => ra._combine(w.a, ra._outside(anyNs[0]), port));
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
    const line = (c: ReachabilityChange) => `${c.opened ? '+' : '-'} ${c.source} → ${c.destination}:${c.ports}${c.opened ? ` (${c.reasons[c.reasons.length - 1] ?? ''})` : ''}`;
    return [
      `${this.opened.length} opened, ${this.closed.length} closed.`,
      ...this.opened.map(line),
      ...this.closed.map(line),
    ].join('\n') + '\n';
  }
}
