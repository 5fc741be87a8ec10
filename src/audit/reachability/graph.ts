import { Reachability } from './reachability';
import { Engine, ReachabilityOptions, VerdictStatus } from './types';

/**
 * One allowed connection of the reachability graph.
 */
export interface GraphEdge {
  /** Source workload, `<namespace>/<name>`. */
  readonly source: string;
  /** Destination workload, `<namespace>/<name>`. */
  readonly destination: string;
  /** Destination port; 0 means any port that no policy names (probed for pods that declare no port). */
  readonly port: number;
  /**
   * Engine whose graph the edge belongs to.
   * @default - the combined graph (every present engine allows)
   */
  readonly engine?: Engine;
  /** Allowed HTTP requests (e.g. `POST /v1/payments`); empty when any request is allowed. */
  readonly l7: string[];
  /** True when the engine's decision is UNKNOWN (e.g. Istio CUSTOM) rather than ALLOWED. */
  readonly unknown: boolean;
}

function key(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Port 0 in an edge: "a port no policy names", i.e. any port (probed for pods that declare no port). */
const ANY_PORT = 0;

/**
 * Ports to probe for a workload that declares none (no container port, no Service):
 * every TCP port named anywhere in the manifests (policies, Services, containers), and
 * `ANY_PORT`, which no rule names and so stands for "any other port".
 */
function portsNamedIn(objects: any[]): number[] {
  const out = new Set<number>();
  const visit = (x: any, depth: number) => {
    if (depth > 40 || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) { x.forEach(v => visit(v, depth + 1)); return; }
    for (const [k, v] of Object.entries(x)) {
      if (['port', 'containerPort', 'targetPort', 'endPort'].includes(k) || k === 'ports') {
        for (const p of Array.isArray(v) ? v : [v]) {
          const n = typeof p === 'number' ? p : typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : undefined;
          if (n !== undefined && n > 0 && n < 65536) out.add(n);
        }
      }
      visit(v, depth + 1);
    }
  };
  for (const o of objects) if (o?.kind !== 'CustomResourceDefinition') visit(o?.spec, 0);
  return [...out].sort((a, b) => a - b);
}

function edgeLabel(e: GraphEdge): string {
  return `${e.port === ANY_PORT ? 'any port' : e.port}${e.l7.length ? ` ${e.l7.join(', ')}` : ''}${e.unknown ? ' ?' : ''}`;
}

/**
 * The allowed graph between all workloads of a manifest set, on every port
 * any Service or container declares, per engine and combined.
 *
 * @example
 * const g = ReachabilityGraph.fromManifests(objects);
 * console.log(g.toMermaid()); // flowchart LR ...
 */
export class ReachabilityGraph {
  /**
   * Computes the graph.
   * @param manifests plain manifest objects
   * @param options evaluator options
   */
  public static fromManifests(manifests: any[], options: ReachabilityOptions = {}): ReachabilityGraph {
    return new ReachabilityGraph(Reachability.fromManifests(manifests, options));
  }

  /** Engines present in the manifests. */
  public readonly engines: Engine[];
  /** Workload node ids (`<namespace>/<name>`), sorted. */
  public readonly nodes: string[];
  private readonly all: GraphEdge[] = [];

  private constructor(r: Reachability) {
    this.engines = r.enginesPresent;
    const ws = r._sortedWorkloads();
    this.nodes = ws.map(w => `${w.namespace}/${w.name}`);
    let probe: number[] | undefined;
    for (const src of ws) {
      for (const dst of ws) {
        if (src === dst) continue;
        let ports = r._set.servedPorts(dst);
        if (ports.length === 0) ports = probe ??= [...portsNamedIn(r._set.objects), ANY_PORT];
        for (const port of ports) {
          const from = `${src.namespace}/${src.name}`;
          const to = `${dst.namespace}/${dst.name}`;
          const perEngine = this.engines.map(e => r._evaluate(e, src, dst, port));
          for (const v of perEngine) {
            if (v.allowed || v.status === VerdictStatus.UNKNOWN) {
              this.all.push({ source: from, destination: to, port, engine: v.engine, l7: v.l7, unknown: !v.allowed });
            }
          }
          const srcRef = { namespaceName: src.namespace, name: src.name, kind: src.kind };
          const dstRef = { namespaceName: dst.namespace, name: dst.name, kind: dst.kind };
          const combined = r.canReach(srcRef, dstRef, port);
          if (combined.allowed || combined.status === VerdictStatus.UNKNOWN) {
            this.all.push({ source: from, destination: to, port, l7: combined.l7, unknown: !combined.allowed });
          }
        }
      }
    }
  }

  /**
   * Edges of one engine's graph, or of the combined graph.
   * @param engine the engine
   * @default - the combined graph
   */
  public edges(engine?: Engine): GraphEdge[] {
    return this.all.filter(e => e.engine === engine);
  }

  /**
   * Mermaid flowchart (`flowchart LR`), one subgraph per namespace; edges labelled with port and L7 details.
   * @param engine the engine
   * @default - the combined graph
   */
  public toMermaid(engine?: Engine): string {
    const lines = ['flowchart LR'];
    for (const [ns, nodes] of this.byNamespace()) {
      lines.push(`  subgraph ns_${key(ns)}["${ns}"]`);
      for (const n of nodes) lines.push(`    ${key(n)}["${n.split('/')[1]}"]`);
      lines.push('  end');
    }
    for (const e of this.merged(engine)) {
      lines.push(`  ${key(e.from)} ${e.unknown ? '-.->' : '-->'}|"${e.label.replace(/"/g, '#quot;')}"| ${key(e.to)}`);
    }
    return lines.join('\n') + '\n';
  }

  /**
   * Graphviz DOT digraph, one cluster per namespace; edges labelled with port and L7 details.
   * @param engine the engine
   * @default - the combined graph
   */
  public toDot(engine?: Engine): string {
    const title = engine ? Reachability.engineName(engine) : 'combined';
    const lines = ['digraph reachability {', `  label="allowed traffic (${title})";`, '  rankdir=LR;', '  node [shape=box];'];
    for (const [ns, nodes] of this.byNamespace()) {
      lines.push(`  subgraph "cluster_${ns}" {`, `    label="${ns}";`);
      for (const n of nodes) lines.push(`    "${n}" [label="${n.split('/')[1]}"];`);
      lines.push('  }');
    }
    for (const e of this.merged(engine)) {
      lines.push(`  "${e.from}" -> "${e.to}" [label="${e.label.replace(/"/g, '\\"')}"${e.unknown ? ', style=dashed' : ''}];`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
  }

  private byNamespace(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const n of this.nodes) {
      const ns = n.split('/')[0];
      m.set(ns, [...(m.get(ns) ?? []), n]);
    }
    return m;
  }

  /** One line per (from, to), ports joined. */
  private merged(engine?: Engine): Array<{ from: string; to: string; label: string; unknown: boolean }> {
    const m = new Map<string, { from: string; to: string; labels: string[]; unknown: boolean }>();
    for (const e of this.edges(engine)) {
      const k = `${e.source}->${e.destination}`;
      const cur = m.get(k) ?? { from: e.source, to: e.destination, labels: [], unknown: false };
      cur.labels.push(edgeLabel(e));
      cur.unknown = cur.unknown || e.unknown;
      m.set(k, cur);
    }
    return [...m.values()].map(x => ({ from: x.from, to: x.to, label: x.labels.join('; '), unknown: x.unknown }));
  }
}
