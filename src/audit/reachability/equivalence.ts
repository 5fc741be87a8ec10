import { Reachability } from './reachability';
import { Engine, ReachabilityOptions, VerdictStatus } from './types';
import { ManifestSet, PodWorkload } from '../internal/manifests';
import { meshOf } from '../internal/mesh';

/**
 * A route the user intends to allow, as plain data (the library's AllowRoute
 * constructs can produce it): workloads are named by namespace and service account.
 */
export interface RouteIntent {
  /** Namespace of the client. */
  readonly fromNamespace: string;
  /** Service account of the client. */
  readonly fromServiceAccount: string;
  /** Namespace of the server. */
  readonly toNamespace: string;
  /** Service account of the server. */
  readonly toServiceAccount: string;
  /** Server (container) port. */
  readonly port: number;
  /**
   * Allowed HTTP methods.
   * @default - any method
   */
  readonly methods?: string[];
  /**
   * Allowed HTTP paths (as written in the intent; a trailing `*` is a prefix).
   * @default - any path
   */
  readonly paths?: string[];
}

/**
 * How an engine's allowed graph differs from the intent.
 */
export enum DifferenceKind {
  /** The engine allows something the intent does not declare. */
  EXTRA = 'EXTRA',
  /** The engine denies something the intent declares. */
  MISSING = 'MISSING',
  /** The engine's decision is unknown (e.g. Istio CUSTOM). */
  UNKNOWN = 'UNKNOWN',
  /** The intent names a namespace/service account that no workload of the manifests runs as. */
  UNRESOLVED = 'UNRESOLVED',
}

/**
 * One difference between an engine and the intent.
 */
export interface EquivalenceDifference {
  /**
   * The engine.
   * @default - not engine-specific (UNRESOLVED)
   */
  readonly engine?: Engine;
  /** Kind of difference. */
  readonly kind: DifferenceKind;
  /** Client, `<namespace>/<serviceAccount>`. */
  readonly from: string;
  /** Server, `<namespace>/<serviceAccount>`. */
  readonly to: string;
  /** Server port. */
  readonly port: number;
  /**
   * The HTTP request probed, e.g. `DELETE /v1/payments`.
   * @default - any request on the port
   */
  readonly request?: string;
  /** The difference in words. */
  readonly message: string;
}

/**
 * The result of `Equivalence.check`.
 */
export class EquivalenceReport {
  /** Engines compared with the intent (those present in the manifests). */
  public readonly engines: Engine[];
  /** Differences, sorted by engine, kind, from, to, port, request. */
  public readonly differences: EquivalenceDifference[];

  /**
   * @param engines engines compared
   * @param differences differences found
   */
  public constructor(engines: Engine[], differences: EquivalenceDifference[]) {
    this.engines = engines;
    this.differences = differences;
  }

  /** True when every present engine allows exactly the intent. */
  public get equivalent(): boolean {
    return this.differences.length === 0;
  }

  /** One line per difference, or a line saying the engines match the intent. */
  public toText(): string {
    const names = this.engines.map(Reachability.engineName).join(', ') || 'no engine';
    if (this.differences.length === 0) return `${names}: equivalent to the intent.\n`;
    return this.differences.map(d => d.message).join('\n') + '\n';
  }
}

/**
 * Whether `engine` can enforce HTTP rules on traffic from `src` to `dst`:
 * NetworkPolicy never (L3/L4); Istio and Linkerd always (the destination's
 * proxy or waypoint terminates mTLS); Cilium only when no mesh encrypts the
 * traffic into `dst` (its L7 proxy cannot read mTLS/HBONE), which is why the
 * library leaves HTTP rules to the mesh when there is one.
 */
function enforcesL7(set: ManifestSet, engine: Engine, dst: PodWorkload): boolean {
  switch (engine) {
    case Engine.NETWORK_POLICY: return false;
    case Engine.CILIUM: return meshOf(set, dst) === undefined;
    default: return true;
  }
}
const PROBE_METHODS = ['DELETE', 'PUT', 'PATCH', 'GET', 'POST'];
const PROBE_PATH = '/zero-trust-undeclared-path';

function concretePath(p: string): string {
  return p.endsWith('*') ? `${p.slice(0, -1).replace(/\/$/, '')}/x` : p;
}

/**
 * Compares what each policy engine in a manifest set allows with the declared
 * intent: every workload pair on every served port (DNS, port 53, is not an
 * edge between workloads and is ignored), plus the declared routes' ports, and
 * for L7-capable engines the declared methods/paths and one undeclared method/path.
 *
 * @example
 * const report = Equivalence.check(objects, [{ fromNamespace: 'payments', fromServiceAccount: 'checkout-service',
 *   toNamespace: 'payments', toServiceAccount: 'payment-processor', port: 8080, methods: ['POST'], paths: ['/v1/payments'] }]);
 * report.differences; // "engine Istio allows payments/checkout-service → payments/payment-processor:8080 DELETE ... that the intent does not"
 */
export class Equivalence {
  /**
   * Checks every present engine against the intent.
   * @param manifests plain manifest objects
   * @param intent the routes that should be allowed (and nothing else)
   * @param options evaluator options
   */
  public static check(manifests: any[], intent: RouteIntent[], options: ReachabilityOptions = {}): EquivalenceReport {
    const r = Reachability.fromManifests(manifests, options);
    const ws = r._sortedWorkloads();
    const diffs = new Map<string, EquivalenceDifference>();
    const add = (d: EquivalenceDifference) => {
      const k = [d.engine, d.kind, d.from, d.to, d.port, d.request].join('|');
      if (!diffs.has(k)) diffs.set(k, d);
    };
    const id = (w: PodWorkload) => `${w.namespace}/${w.serviceAccount}`;
    const declared = (src: PodWorkload, dst: PodWorkload, port: number) => intent.filter(i => i.fromNamespace === src.namespace
      && i.fromServiceAccount === src.serviceAccount && i.toNamespace === dst.namespace
      && i.toServiceAccount === dst.serviceAccount && i.port === port);

    for (const i of intent) {
      for (const [ns, sa] of [[i.fromNamespace, i.fromServiceAccount], [i.toNamespace, i.toServiceAccount]]) {
        if (!ws.some(w => w.namespace === ns && w.serviceAccount === sa)) {
          add({
            kind: DifferenceKind.UNRESOLVED,
            from: `${i.fromNamespace}/${i.fromServiceAccount}`,
            to: `${i.toNamespace}/${i.toServiceAccount}`,
            port: i.port,
            message: `intent ${i.fromNamespace}/${i.fromServiceAccount} → ${i.toNamespace}/${i.toServiceAccount}:${i.port}: no workload runs as ${ns}/${sa} in the manifests`,
          });
        }
      }
    }

    for (const engine of r.enginesPresent) {
      const name = Reachability.engineName(engine);
      for (const src of ws) {
        for (const dst of ws) {
          if (src === dst) continue;
          const ports = new Set(r._set.servedPorts(dst));
          for (const i of intent) {
            if (i.fromNamespace === src.namespace && i.fromServiceAccount === src.serviceAccount
              && i.toNamespace === dst.namespace && i.toServiceAccount === dst.serviceAccount) ports.add(i.port);
          }
          for (const port of [...ports].sort((a, b) => a - b)) {
            if (port === 53) continue;
            const intents = declared(src, dst, port);
            const base = { engine, from: id(src), to: id(dst), port };
            const edge = `${id(src)} → ${id(dst)}:${port}`;
            const v = r._evaluate(engine, src, dst, port);
            if (v.status === VerdictStatus.UNKNOWN) {
              add({ ...base, kind: DifferenceKind.UNKNOWN, message: `engine ${name} cannot decide ${edge}: ${v.reasons[v.reasons.length - 1]}` });
              continue;
            }
            if (intents.length === 0) {
              if (v.allowed) add({ ...base, kind: DifferenceKind.EXTRA, message: `engine ${name} allows ${edge} that the intent does not` });
              continue;
            }
            if (!v.allowed) {
              add({ ...base, kind: DifferenceKind.MISSING, message: `engine ${name} denies ${edge} that the intent declares` });
              continue;
            }
            // L7 is compared on the engines that can enforce it on this edge. An engine that cannot
            // (NetworkPolicy; Cilium under a mesh) is compared at L4 only, as long as another present
            // engine enforces the HTTP rules; when none does, the declared methods/paths are not enforced
            // at all and every engine's undeclared requests are reported.
            const l7Somewhere = r.enginesPresent.some(e => enforcesL7(r._set, e, dst));
            if (!enforcesL7(r._set, engine, dst) && l7Somewhere) continue;
            const why = l7Somewhere ? '' : ` (no engine in the manifests enforces HTTP rules on ${id(src)} → ${id(dst)}: declare the route L4-only, or add an engine that enforces them)`;
            // L7: every declared request must pass; one undeclared method/path must not.
            const anyMethod = intents.some(x => !x.methods || x.methods.length === 0);
            const anyPath = intents.some(x => !x.paths || x.paths.length === 0);
            for (const x of intents) {
              for (const m of x.methods?.length ? x.methods : [undefined]) {
                for (const p of x.paths?.length ? x.paths : [undefined]) {
                  if (m === undefined && p === undefined) continue;
                  const req = `${m ?? '*'} ${p ?? '*'}`;
                  const rv = r._evaluate(engine, src, dst, port, { method: m, path: p === undefined ? undefined : concretePath(p) });
                  if (!rv.allowed) add({ ...base, kind: DifferenceKind.MISSING, request: req, message: `engine ${name} denies ${edge} ${req} that the intent declares` });
                }
              }
            }
            const first = intents[0];
            const firstPath = first.paths?.length ? concretePath(first.paths[0]) : '/';
            const firstMethod = first.methods?.length ? first.methods[0] : 'GET';
            if (!anyMethod) {
              const declaredMethods = new Set(intents.flatMap(x => x.methods ?? []).map(m => m.toUpperCase()));
              const probe = PROBE_METHODS.find(m => !declaredMethods.has(m));
              if (probe) {
                const rv = r._evaluate(engine, src, dst, port, { method: probe, path: firstPath });
                if (rv.allowed) add({ ...base, kind: DifferenceKind.EXTRA, request: `${probe} ${firstPath}`, message: `engine ${name} allows ${edge} ${probe} ${firstPath} that the intent does not${why}` });
              }
            }
            if (!anyPath) {
              const rv = r._evaluate(engine, src, dst, port, { method: firstMethod, path: PROBE_PATH });
              if (rv.allowed) add({ ...base, kind: DifferenceKind.EXTRA, request: `${firstMethod} ${PROBE_PATH}`, message: `engine ${name} allows ${edge} ${firstMethod} ${PROBE_PATH} that the intent does not${why}` });
            }
          }
        }
      }
    }
    const order = Object.values(Engine) as string[];
    const sorted = [...diffs.values()].sort((a, b) => order.indexOf(a.engine ?? '') - order.indexOf(b.engine ?? '')
      || a.kind.localeCompare(b.kind) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.port - b.port
      || (a.request ?? '').localeCompare(b.request ?? ''));
    return new EquivalenceReport(r.enginesPresent, sorted);
  }

  private constructor() {}
}
