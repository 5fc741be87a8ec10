import { classLabel, PortClass } from './ports';
import { Reachability } from './reachability';
import { Engine, OutsidePeer, OutsidePeerKind, ReachabilityOptions, VerdictStatus } from './types';
import { allEngines } from '../../engines/registry';
import { RouteIntent } from '../../shared/route-intent';
import { arr, ManifestSet, PodWorkload } from '../internal/manifests';

export { RouteIntent };

/**
 * Options for `Equivalence.check`.
 */
export interface EquivalenceOptions extends ReachabilityOptions {
  /**
   * Also probe what an attacker would try: the internet, a node's host network and pods in an
   * unrelated namespace (plain, unmeshed, and copying each workload's labels and service account
   * name) reaching every workload on every port range, and every workload reaching them.
   * @default true
   */
  readonly outside?: boolean;
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
  /** Client, `<namespace>/<serviceAccount>`, or an outside peer in words (e.g. `world (203.0.113.10)`). */
  readonly source: string;
  /** Server, `<namespace>/<serviceAccount>`, or an outside peer in words. */
  readonly destination: string;
  /** Server port (the first port of `ports` when the difference holds for a range). */
  readonly port: number;
  /**
   * The port range the difference holds for, e.g. `9091-15005` (every port of it behaves alike).
   * @default - `port` only
   */
  readonly ports?: string;
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

const HBONE_PORT = 15008;

/** Whether a workload runs in Istio ambient mode (pod or namespace label `istio.io/dataplane-mode: ambient`). */
function ambient(set: ManifestSet, w: PodWorkload): boolean {
  const nsLabels = set.namespaceObject(w.namespace)?.metadata?.labels ?? {};
  return (w.labels['istio.io/dataplane-mode'] ?? nsLabels['istio.io/dataplane-mode']) === 'ambient';
}

/** The kubelet's HTTP probe requests to a workload on `port` (`GET <path>`), from its containers' httpGet probes. */
function probeRequests(w: PodWorkload, port: number): string[] {
  const out: string[] = [];
  for (const c of arr(w.podSpec?.containers)) {
    for (const k of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const h = c?.[k]?.httpGet;
      if (!h) continue;
      const p = typeof h.port === 'number' ? h.port : /^\d+$/.test(String(h.port)) ? Number(h.port) : w.ports.find(x => x.name === h.port)?.port;
      if (p === port) out.push(`GET ${h.path ?? '/'}`);
    }
  }
  return out;
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
   * @param options evaluator options, and whether to probe outside peers
   */
  public static check(manifests: any[], intent: RouteIntent[], options: EquivalenceOptions = {}): EquivalenceReport {
    const r = Reachability.fromManifests(manifests, options);
    const ws = r._sortedWorkloads();
    const diffs = new Map<string, EquivalenceDifference>();
    const add = (d: EquivalenceDifference) => {
      const k = [d.engine, d.kind, d.source, d.destination, d.port, d.request].join('|');
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
            source: `${i.fromNamespace}/${i.fromServiceAccount}`,
            destination: `${i.toNamespace}/${i.toServiceAccount}`,
            port: i.port,
            message: `intent ${i.fromNamespace}/${i.fromServiceAccount} → ${i.toNamespace}/${i.toServiceAccount}:${i.port}: no workload runs as ${ns}/${sa} in the manifests`,
          });
        }
      }
    }

    // Whole port ranges: one representative per range the manifests treat alike, the intent's ports on their own.
    const classes = r._portClasses().length ? Equivalence.classes(r, intent) : [];
    const outside = options.outside ?? true;
    const inbound = outside ? Equivalence.attackers(ws) : [];
    const outbound = outside ? [OutsidePeer.world(), OutsidePeer.node(), OutsidePeer.unrelatedNamespace()] : [];

    // Port-range differences, merged into maximal runs of adjacent ranges before they are reported.
    const runs: Array<{ engine: Engine; kind: DifferenceKind; from: string; to: string; c: PortClass; why: string }> = [];
    for (const engine of r.enginesPresent) {
      const name = Reachability.engineName(engine);
      const extra = (src: PodWorkload, dst: PodWorkload, from: string, to: string, c: PortClass) => {
        if (c.from === 53) return; // DNS is not an edge between workloads
        const v = r._evaluate(engine, src, dst, c.from);
        // An allow restricted to the destination's own HTTP probes is the kubelet's allowance (Linkerd authorizes
        // probe routes for unauthenticated clients from every network by default:
        // https://linkerd.io/2/reference/authorization-policy/#default-policies), not an undeclared route.
        if (v.allowed && v.l7.length > 0 && v.l7.every(x => probeRequests(dst, c.from).includes(x))) return;
        const why = v.reasons[v.reasons.length - 1];
        if (v.status === VerdictStatus.UNKNOWN) runs.push({ engine, kind: DifferenceKind.UNKNOWN, from, to, c, why });
        else if (v.allowed) runs.push({ engine, kind: DifferenceKind.EXTRA, from, to, c, why: '' });
      };
      for (const src of ws) {
        for (const dst of ws) {
          if (src === dst) continue;
          for (const c of classes) {
            const port = c.from;
            if (port === 53) continue;
            const intents = declared(src, dst, port);
            // Istio ambient: every connection between ambient pods is tunnelled to the destination on the HBONE
            // port, so an L4 engine must allow it for each declared route; ztunnel then authorizes the identity.
            // https://istio.io/latest/docs/ambient/architecture/hbone/
            if (port === HBONE_PORT && ambient(r._set, dst) && intent.some(i => i.fromNamespace === src.namespace
              && i.fromServiceAccount === src.serviceAccount && i.toNamespace === dst.namespace
              && i.toServiceAccount === dst.serviceAccount)) continue;
            if (intents.length === 0) {
              extra(src, dst, id(src), id(dst), c);
              continue;
            }
            const base = { engine, source: id(src), destination: id(dst), port };
            const edge = `${id(src)} → ${id(dst)}:${port}`;
            const v = r._evaluate(engine, src, dst, port);
            if (v.status === VerdictStatus.UNKNOWN) {
              add({ ...base, kind: DifferenceKind.UNKNOWN, message: `engine ${name} cannot decide ${edge}: ${v.reasons[v.reasons.length - 1]}` });
              continue;
            }
            if (!v.allowed) {
              add({ ...base, kind: DifferenceKind.MISSING, message: `engine ${name} denies ${edge} that the intent declares` });
              continue;
            }
            Equivalence.compareL7(r, engine, src, dst, port, intents, base, edge, add);
          }
        }
      }
      // What an attacker would try: outside peers reaching every workload on every port range.
      for (const peer of inbound) {
        const src = r._outside(peer);
        for (const dst of ws) {
          for (const c of classes) {
            // A node reaches its own pods on NetworkPolicy and Cilium whatever the policies (see Reachability):
            // not a difference between the intent and the manifests.
            if (peer.kind === OutsidePeerKind.NODE && r._evaluator(engine).nodeReachesItsPods) continue;
            extra(src, dst, peer.description, id(dst), c);
          }
        }
      }
      // And every workload reaching outside peers, on the engines that enforce egress at the source.
      if (r._evaluator(engine).enforcesEgress) {
        for (const peer of outbound) {
          const dst = r._outside(peer);
          for (const src of ws) for (const c of classes) extra(src, dst, id(src), peer.description, c);
        }
      }
    }
    let prev: typeof runs[number] | undefined;
    let cur: PortClass | undefined;
    const flush = () => {
      if (!prev || !cur) return;
      const name = Reachability.engineName(prev.engine);
      const ports = cur.from === cur.to ? undefined : classLabel(cur);
      const edge = `${prev.from} → ${prev.to}:${classLabel(cur)}`;
      add({
        engine: prev.engine,
        kind: prev.kind,
        source: prev.from,
        destination: prev.to,
        port: cur.from,
        ...(ports ? { ports } : {}),
        message: prev.kind === DifferenceKind.UNKNOWN ? `engine ${name} cannot decide ${edge}: ${prev.why}` : `engine ${name} allows ${edge} that the intent does not`,
      });
    };
    for (const x of runs) {
      const same = prev && x.engine === prev.engine && x.kind === prev.kind && x.from === prev.from && x.to === prev.to && x.why === prev.why;
      if (prev && cur && same && x.c.from === cur.to + 1) {
        cur = { from: cur.from, to: x.c.to };
      } else {
        flush();
        cur = x.c;
      }
      prev = x;
    }
    flush();
    const order = allEngines().map(e => e.id);
    const sorted = [...diffs.values()].sort((a, b) => order.indexOf(a.engine ?? '') - order.indexOf(b.engine ?? '')
      || a.kind.localeCompare(b.kind) || a.source.localeCompare(b.source) || a.destination.localeCompare(b.destination) || a.port - b.port
      || (a.request ?? '').localeCompare(b.request ?? ''));
    return new EquivalenceReport(r.enginesPresent, sorted);
  }

  /** The port ranges of the manifests, with each intent port a range of its own. */
  private static classes(r: Reachability, intent: RouteIntent[]): PortClass[] {
    const ports = new Set(intent.map(i => i.port));
    const base = r._portClasses();
    if ([...ports].every(p => base.some(c => c.from === p && c.to === p))) return base;
    const out: PortClass[] = [];
    for (const c of base) {
      let from = c.from;
      for (const p of [...ports].filter(x => x >= c.from && x <= c.to).sort((a, b) => a - b)) {
        if (p > from) out.push({ from, to: p - 1 });
        out.push({ from: p, to: p });
        from = p + 1;
      }
      if (from <= c.to) out.push({ from, to: c.to });
    }
    return out;
  }

  /**
   * The outside peers an attacker would use as sources: the internet, a node, a pod in an unrelated
   * namespace (meshed and unmeshed), and one copying each workload's labels and service account name.
   */
  private static attackers(ws: PodWorkload[]): OutsidePeer[] {
    const out = [OutsidePeer.world(), OutsidePeer.node(), OutsidePeer.unrelatedNamespace(), OutsidePeer.unrelatedNamespace({ meshed: false })];
    const seen = new Set<string>();
    for (const w of ws) {
      const p = OutsidePeer.unrelatedNamespace({ labels: w.labels, serviceAccount: w.serviceAccount });
      if (seen.has(p.description)) continue;
      seen.add(p.description);
      out.push(p);
    }
    return out;
  }

  private static compareL7(r: Reachability, engine: Engine, src: PodWorkload, dst: PodWorkload, port: number, intents: RouteIntent[],
    base: { engine: Engine; source: string; destination: string; port: number }, edge: string, add: (d: EquivalenceDifference) => void): void {
    const name = Reachability.engineName(engine);
    // L7 is compared on the engines that can enforce it on this edge. An engine that cannot
    // (NetworkPolicy; Cilium under a mesh) is compared at L4 only, as long as another present
    // engine enforces the HTTP rules; when none does, the declared methods/paths are not enforced
    // at all and every engine's undeclared requests are reported.
    // Whether an engine can enforce HTTP rules into dst: NetworkPolicy never, the meshes always,
    // Cilium only without a mesh (EngineEvaluator.enforcesL7).
    const l7Somewhere = r.enginesPresent.some(e => r._evaluator(e).enforcesL7(dst));
    if (!r._evaluator(engine).enforcesL7(dst) && l7Somewhere) return;
    const why = l7Somewhere ? '' : ` (no engine in the manifests enforces HTTP rules on ${base.source} → ${base.destination}: declare the route L4-only, or add an engine that enforces them)`;
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

  private constructor() {}
}
