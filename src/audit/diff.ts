import { Audit } from './audit';
import { Finding } from './finding';
import { MANIFEST_LOCATIONS, PodWorkload } from './internal/manifests';
import { severityRank } from './internal/severity-rank';
import { AuditOptions } from './options';
import { classLabel, PortClass, portClasses } from './reachability/ports';
import { Reachability } from './reachability/reachability';
import { Engine, OutsidePeer, VerdictStatus } from './reachability/types';
import { AuditReport, SarifOptions } from './report';
import { Severity } from './severity';
import { allEngines } from '../engines/registry';
// SARIF helpers load on first use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sarifHelpers = (): typeof import('./internal/sarif') => require('./internal/sarif');

/**
 * How a change affects one workload→workload connection.
 */
export enum EdgeChangeKind {
  /** Allowed after the change, not before. */
  OPENED = 'OPENED',
  /** Allowed before the change, not after. */
  CLOSED = 'CLOSED',
  /** Allowed on both sides, but after the change more HTTP requests get through (or the verdict became certain). */
  WIDENED = 'WIDENED',
  /** Allowed on both sides, but after the change fewer HTTP requests get through. */
  NARROWED = 'NARROWED',
}

/**
 * One workload→workload:ports connection a change opens, closes, widens or narrows.
 */
export interface EdgeChange {
  /** What the change does to the connection. */
  readonly kind: EdgeChangeKind;
  /**
   * The engine whose verdict changed.
   * @default - every engine combined (what actually gets through)
   */
  readonly engine?: Engine;
  /**
   * Source workload, `<namespace>/<name>`; or a peer outside the app: `outside/world` (an address
   * on the internet, `OutsidePeer.world()`) or `outside/unrelated-namespace` (an unmeshed pod in a
   * namespace no policy names, `OutsidePeer.unrelatedNamespace()`).
   * (Not `from`: a reserved word in Python.)
   */
  readonly source: string;
  /** Destination workload, `<namespace>/<name>`. */
  readonly destination: string;
  /** Destination TCP ports, `8080` or `8081-9089` (ranges as in `Reachability.portRanges()`). */
  readonly ports: string;
  /** HTTP requests allowed after the change (`POST /v1/payments`); empty when any request is, or when the edge is closed. */
  readonly l7: string[];
  /** HTTP requests allowed before the change; empty when any request was, or when the edge was closed. */
  readonly previousL7: string[];
  /** True when the verdict after the change is UNKNOWN (e.g. an Istio CUSTOM policy) rather than ALLOWED. */
  readonly unknown: boolean;
  /** Whether a declared edge (`AuditDiffOptions.declaredEdges`) covers it. Closed and narrowed edges are always declared. */
  readonly declared: boolean;
}

/**
 * A connection a change is meant to open: opened edges it covers do not fail the diff.
 */
export interface DeclaredEdge {
  /** Source workload, `<namespace>/<name>` or `outside/world`, `outside/unrelated-namespace`; `*` matches any namespace or name (`payments/*`, `*`). */
  readonly source: string;
  /** Destination workload, `<namespace>/<name>`; `*` as in `source`. */
  readonly destination: string;
  /**
   * Destination ports: a port, a range `8000-8999`, or `*`.
   * @default '*'
   */
  readonly ports?: string;
}

/**
 * Options of `AuditDiff.of`.
 */
export interface AuditDiffOptions extends AuditOptions {
  /**
   * The connections the change is meant to open. Any other connection it opens or widens
   * (on all engines combined) fails the diff: with none declared, every opened connection does.
   * @default - none
   */
  readonly declaredEdges?: DeclaredEdge[];
  /**
   * Findings introduced at or above this severity fail the diff.
   * @default Severity.HIGH
   */
  readonly minSeverity?: Severity;
}

interface EdgeState {
  readonly unknown: boolean;
  readonly l7: string[];
}

interface Side {
  readonly r: Reachability;
  readonly workloads: Map<string, PodWorkload>;
  /** key `<engine|*>\u0000<from>\u0000<to>\u0000<class index>` → state */
  readonly edges: Map<string, EdgeState>;
}

const COMBINED = '*';
/** Rows per table in the Markdown summary (a pull-request comment must stay readable and under GitHub's 65,536 characters). */
const MARKDOWN_ROWS = 50;
/** Source name of the internet (`OutsidePeer.world()`) in edges. */
const OUTSIDE_WORLD = 'outside/world';
/** Source name of a pod in a namespace no policy names (`OutsidePeer.unrelatedNamespace()`) in edges. */
const OUTSIDE_NAMESPACE = 'outside/unrelated-namespace';

function wid(w: PodWorkload): string {
  return `${w.namespace}/${w.name}`;
}

function segmentMatch(pattern: string, value: string): boolean {
  const p = pattern.split('/');
  const v = value.split('/');
  if (p.length === 1 && p[0] === '*') return true;
  return p.length === v.length && p.every((s, i) => s === '*' || s === v[i]);
}

function portsCover(spec: string | undefined, c: PortClass): boolean {
  const s = (spec ?? '*').trim();
  if (s === '*' || s === '') return true;
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) throw new Error(`declared edge ports "${spec}": expected a port, a range like 8000-8999, or *`);
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  return c.from >= lo && c.to <= hi;
}

/**
 * What a change to a set of manifests does, before it is applied: per engine and
 * combined, the workload→workload:port connections it opens, closes, widens and
 * narrows (`Reachability` over both sets, on every port range either set treats
 * alike; sources include the internet and a pod of an unrelated namespace), and the
 * audit findings it introduces and fixes.
 *
 * An engine with no objects on one side counts, on that side, as allowing every
 * connection (nothing of it restricts traffic), so adding Cilium policies shows
 * the connections they close. The diff fails (`failed`) when the change opens or
 * widens a connection (all engines combined) that no declared edge covers, or
 * introduces a finding at or above `minSeverity`. Cost: workloads² × port ranges
 * per side (the two outside sources included).
 *
 * @example
 * const d = AuditDiff.of(before, after, { declaredEdges: [{ source: 'shop/web', destination: 'shop/api', ports: '8080' }] });
 * if (d.failed) console.log(d.toMarkdown());
 */
export class AuditDiff {
  /**
   * Compares two manifest sets.
   * @param before the manifests before the change
   * @param after the manifests after the change
   * @param options audit options, declared edges and the failing severity
   */
  public static of(before: any[], after: any[], options: AuditDiffOptions = {}): AuditDiff {
    return new AuditDiff(before, after, options);
  }

  /** Every connection change, combined first (no engine), then per engine in `Engine` order; then by source, destination, ports. */
  public readonly edges: EdgeChange[];
  /** Findings of `after` that `before` does not have, most severe first. */
  public readonly introduced: Finding[];
  /** Findings of `before` that `after` no longer has, most severe first. */
  public readonly resolved: Finding[];
  /** Engines present on either side, in `Engine` order. */
  public readonly engines: Engine[];
  /** The severity at or above which an introduced finding fails the diff. */
  public readonly minSeverity: Severity;
  /** Whether the change fails the gate: an undeclared opened/widened connection, or an introduced finding at or above `minSeverity`. */
  public readonly failed: boolean;

  private readonly afterReport: AuditReport;
  private readonly afterWorkloads: Map<string, PodWorkload>;

  private constructor(before: any[], after: any[], options: AuditDiffOptions) {
    this.minSeverity = options.minSeverity ?? Severity.HIGH;
    severityRank(this.minSeverity);
    const declared = options.declaredEdges ?? [];
    for (const d of declared) portsCover(d.ports, { from: 1, to: 1 }); // validates early
    const r0 = Reachability.fromManifests(before, { trustDomain: options.trustDomain });
    const r1 = Reachability.fromManifests(after, { trustDomain: options.trustDomain });
    this.engines = allEngines().map(e => e.id as Engine).filter(e => r0.enginesPresent.includes(e) || r1.enginesPresent.includes(e));
    // One set of port classes for both sides: every port either side mentions splits the ranges.
    const classes = portClasses([...r0._set.objects, ...r1._set.objects]);
    const a = side(r0, classes, this.engines);
    const b = side(r1, classes, this.engines);
    this.afterWorkloads = b.workloads;

    const raw: Array<EdgeChange & { ci: number }> = [];
    const isDeclared = (from: string, to: string, c: PortClass) =>
      declared.some(d => segmentMatch(d.source, from) && segmentMatch(d.destination, to) && portsCover(d.ports, c));
    const keys = new Set([...a.edges.keys(), ...b.edges.keys()]);
    for (const k of keys) {
      const [eng, from, to, ciText] = k.split('\u0000');
      const ci = Number(ciText);
      const was = a.edges.get(k);
      const now = b.edges.get(k);
      let kind: EdgeChangeKind | undefined;
      if (!was && now) kind = EdgeChangeKind.OPENED;
      else if (was && !now) kind = EdgeChangeKind.CLOSED;
      else if (was && now) kind = compareStates(was, now);
      if (!kind) continue;
      const opens = kind === EdgeChangeKind.OPENED || kind === EdgeChangeKind.WIDENED;
      raw.push({
        kind,
        engine: eng === COMBINED ? undefined : eng as Engine,
        source: from,
        destination: to,
        ports: '',
        ci,
        l7: now ? now.l7 : [],
        previousL7: was ? was.l7 : [],
        unknown: now ? now.unknown : false,
        declared: !opens || isDeclared(from, to, classes[ci]),
      });
    }
    this.edges = mergeRanges(raw, classes, this.engines);

    const auditOptions: AuditOptions = {
      packs: options.packs, exclude: options.exclude, suppressions: options.suppressions, trustDomain: options.trustDomain, now: options.now,
    };
    const f0 = Audit.ofManifests(before, auditOptions);
    this.afterReport = Audit.ofManifests(after, auditOptions);
    this.introduced = minus(this.afterReport.findings, f0.findings);
    this.resolved = minus(f0.findings, this.afterReport.findings);
    this.failed = this.undeclared().length > 0 || this.introducedAtLeast(this.minSeverity).length > 0;
  }

  /** Connection changes of one engine, or of all engines combined. */
  public edgesOf(engine?: Engine): EdgeChange[] {
    return this.edges.filter(e => e.engine === engine);
  }

  /** Opened or widened connections (all engines combined) that no declared edge covers: these fail the diff. */
  public undeclared(): EdgeChange[] {
    return this.edgesOf(undefined).filter(e => !e.declared);
  }

  /** Introduced findings at or above `severity`. */
  public introducedAtLeast(severity: Severity): Finding[] {
    const min = severityRank(severity);
    return this.introduced.filter(f => severityRank(f.severity) >= min);
  }

  /** One-line summary, e.g. `2 connections opened (1 undeclared), 1 closed; 1 finding introduced, 0 fixed`. */
  public summary(): string {
    const c = this.edgesOf(undefined);
    const n = (k: EdgeChangeKind) => c.filter(e => e.kind === k).length;
    const und = this.undeclared().length;
    const parts = [
      `${n(EdgeChangeKind.OPENED)} connection${n(EdgeChangeKind.OPENED) === 1 ? '' : 's'} opened${und ? ` (${und} undeclared)` : ''}`,
      `${n(EdgeChangeKind.CLOSED)} closed`,
    ];
    if (n(EdgeChangeKind.WIDENED)) parts.push(`${n(EdgeChangeKind.WIDENED)} widened`);
    if (n(EdgeChangeKind.NARROWED)) parts.push(`${n(EdgeChangeKind.NARROWED)} narrowed`);
    return `${parts.join(', ')}; ${this.introduced.length} finding${this.introduced.length === 1 ? '' : 's'} introduced, ${this.resolved.length} fixed`;
  }

  /** Human-readable diff: combined connections, then each engine, then findings. */
  public toText(): string {
    const lines: string[] = [];
    const section = (title: string, list: EdgeChange[]) => {
      lines.push(`${title}:`);
      if (list.length === 0) lines.push('  (no change)');
      for (const e of list) lines.push(`  ${edgeLine(e)}`);
    };
    section('Connections (all engines combined)', this.edgesOf(undefined));
    for (const eng of this.engines) section(Reachability.engineName(eng), this.edgesOf(eng));
    lines.push('Findings introduced:');
    if (this.introduced.length === 0) lines.push('  (none)');
    for (const f of this.introduced) lines.push(`  + ${f.severity.padEnd(8)} ${f.ruleId.padEnd(11)} ${sarifHelpers().logicalLocation(f)}: ${f.message}`);
    lines.push('Findings fixed:');
    if (this.resolved.length === 0) lines.push('  (none)');
    for (const f of this.resolved) lines.push(`  - ${f.severity.padEnd(8)} ${f.ruleId.padEnd(11)} ${sarifHelpers().logicalLocation(f)}: ${f.message}`);
    lines.push('');
    lines.push(`${this.summary()}${this.failed ? ` — FAILS (${this.reasons().join('; ')})` : ''}`);
    return lines.join('\n') + '\n';
  }

  /** A Markdown summary for a pull-request comment (tables capped at 50 rows, undeclared connections first; JSON and SARIF have all). */
  public toMarkdown(): string {
    const out: string[] = [];
    out.push(`### Zero-trust diff: ${this.failed ? 'fails' : 'passes'}`);
    out.push('');
    out.push(`${this.summary()}.${this.failed ? ` Fails because of ${this.reasons().join('; ')}.` : ''}`);
    out.push('');
    const table = (all: EdgeChange[]) => {
      if (all.length === 0) return ['No change.'];
      // Undeclared openings first, so a long table still shows what fails; the rest is in the JSON/SARIF.
      const list = [...all.filter(e => !e.declared), ...all.filter(e => e.declared)].slice(0, MARKDOWN_ROWS);
      const more = all.length - list.length;
      return [
        '| change | from | to | ports | requests | declared |',
        '|---|---|---|---|---|---|',
        ...(more > 0 ? [`| … | ${more} more (of ${all.length}): see --format json or sarif | | | | |`] : []),
        ...list.map(e => `| ${e.kind.toLowerCase()} | \`${e.source}\` | \`${e.destination}\` | ${e.ports} | ${md(requests(e))} | ${e.kind === EdgeChangeKind.OPENED || e.kind === EdgeChangeKind.WIDENED ? (e.declared ? 'yes' : '**no**') : ''} |`),
      ];
    };
    out.push('#### Connections (all engines combined)', '', ...table(this.edgesOf(undefined)), '');
    if (this.engines.length > 0) {
      out.push('<details><summary>Per engine</summary>', '');
      for (const eng of this.engines) out.push(`#### ${Reachability.engineName(eng)}`, '', ...table(this.edgesOf(eng)), '');
      out.push('</details>', '');
    }
    const findings = (title: string, list: Finding[]) => {
      out.push(`#### ${title}`, '');
      if (list.length === 0) {
        out.push('None.', '');
        return;
      }
      out.push('| severity | rule | object | message |', '|---|---|---|---|');
      for (const f of list) out.push(`| ${f.severity} | ${f.ruleId} | \`${sarifHelpers().logicalLocation(f)}\` | ${md(f.message)} |`);
      out.push('');
    };
    findings('Findings introduced', this.introduced);
    findings('Findings fixed', this.resolved);
    return out.join('\n');
  }

  /** JSON-serialisable diff: `{ summary, failed, reasons, edges, introduced, fixed }`. */
  public toJson(): any {
    return JSON.parse(JSON.stringify({
      summary: this.summary(),
      failed: this.failed,
      reasons: this.reasons(),
      minSeverity: this.minSeverity,
      engines: this.engines,
      edges: this.edges,
      introduced: this.introduced,
      fixed: this.resolved,
    }));
  }

  /**
   * SARIF 2.1.0: the introduced findings (as `AuditReport.toSarif` renders them) plus one
   * result per opened or widened connection (all engines combined): rule `ZT-DIFF-001`
   * (error) when no declared edge covers it, `ZT-DIFF-002` (note) when one does. A
   * connection's location is its destination workload (file and lines when read from a file).
   * @param options where artifact URIs are relative to
   */
  public toSarif(options: SarifOptions = {}): any {
    const root = options.rootDirectory ?? sarifHelpers().repositoryRoot(process.cwd());
    const sarif = new AuditReport(this.introduced, this.afterReport.rules).toSarif({ rootDirectory: root });
    const run = sarif.runs[0];
    const base = run.tool.driver.rules.length;
    run.tool.driver.rules.push(
      {
        id: 'ZT-DIFF-001',
        name: 'UndeclaredConnectionOpened',
        shortDescription: { text: 'The change opens a connection no declared edge covers' },
        fullDescription: { text: 'After the change, the source workload can reach the destination on these ports (all policy engines combined), and before it could not (or fewer HTTP requests got through). No declared edge covers it.' },
        help: { text: 'Declare the edge (cdk8s-zero-trust diff --allow) if the change is meant to open it; otherwise fix the policy that opens it.', markdown: 'Declare the edge (`cdk8s-zero-trust diff --allow`) if the change is meant to open it; otherwise fix the policy that opens it.' },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['security', 'zero-trust', 'diff'] },
      },
      {
        id: 'ZT-DIFF-002',
        name: 'DeclaredConnectionOpened',
        shortDescription: { text: 'The change opens a declared connection' },
        fullDescription: { text: 'After the change, the source workload can reach the destination on these ports, as a declared edge says it should.' },
        help: { text: 'Nothing to do: listed for review.', markdown: 'Nothing to do: listed for review.' },
        defaultConfiguration: { level: 'note' },
        properties: { tags: ['zero-trust', 'diff'] },
      },
    );
    for (const e of this.edgesOf(undefined)) {
      if (e.kind !== EdgeChangeKind.OPENED && e.kind !== EdgeChangeKind.WIDENED) continue;
      const dst = this.afterWorkloads.get(e.destination);
      const location: any = { logicalLocations: [{ fullyQualifiedName: `${dst?.kind ?? 'Workload'}/${e.destination}`, name: e.destination.split('/')[1], kind: 'resource' }] };
      const loc = dst?.obj ? MANIFEST_LOCATIONS.get(dst.obj) : undefined;
      if (loc && loc.file !== '<stdin>') {
        location.physicalLocation = {
          artifactLocation: { uri: sarifHelpers().relativeUri(root, loc.file), uriBaseId: sarifHelpers().SARIF_ROOT_BASE_ID },
          ...(loc.startLine !== undefined ? { region: { startLine: loc.startLine, endLine: loc.endLine ?? loc.startLine } } : {}),
        };
      }
      run.results.push({
        ruleId: e.declared ? 'ZT-DIFF-002' : 'ZT-DIFF-001',
        ruleIndex: base + (e.declared ? 1 : 0),
        level: e.declared ? 'note' : 'error',
        message: { text: `${edgeLine(e)}${e.declared ? '' : ' (not declared)'}` },
        locations: [location],
        properties: { source: e.source, destination: e.destination, ports: e.ports, change: e.kind },
      });
    }
    return sarif;
  }

  private reasons(): string[] {
    const out: string[] = [];
    const u = this.undeclared().length;
    if (u > 0) out.push(`${u} undeclared connection${u === 1 ? '' : 's'} opened`);
    const f = this.introducedAtLeast(this.minSeverity).length;
    if (f > 0) out.push(`${f} finding${f === 1 ? '' : 's'} at or above ${this.minSeverity} introduced`);
    return out;
  }
}

function side(r: Reachability, classes: PortClass[], engines: Engine[]): Side {
  const ws = r._sortedWorkloads();
  const workloads = new Map(ws.map(w => [wid(w), w]));
  const edges = new Map<string, EdgeState>();
  const present = new Set(r.enginesPresent);
  // Outside sources too: a change that opens a workload to the internet or to any namespace matters most.
  const outside: Array<[string, PodWorkload]> = [
    [OUTSIDE_WORLD, r._outside(OutsidePeer.world())],
    [OUTSIDE_NAMESPACE, r._outside(OutsidePeer.unrelatedNamespace())],
  ];
  const sources: Array<[string, PodWorkload]> = [...ws.map(w => [wid(w), w] as [string, PodWorkload]), ...outside];
  for (const [from, src] of sources) {
    for (const dst of ws) {
      if (src === dst) continue;
      const to = wid(dst);
      classes.forEach((c, ci) => {
        const v = r._combine(src, dst, c.from);
        if (v.status === VerdictStatus.ALLOWED || v.status === VerdictStatus.UNKNOWN) {
          edges.set(`${COMBINED}\u0000${from}\u0000${to}\u0000${ci}`, { unknown: !v.allowed, l7: [...v.l7].sort() });
        }
        for (const e of engines) {
          // An engine with no objects on this side restricts nothing here.
          const ev = present.has(e) ? v.engines.find(x => x.engine === e) : undefined;
          if (ev && ev.status !== VerdictStatus.ALLOWED && ev.status !== VerdictStatus.UNKNOWN) continue;
          edges.set(`${e}\u0000${from}\u0000${to}\u0000${ci}`, { unknown: ev ? !ev.allowed : false, l7: ev ? [...ev.l7].sort() : [] });
        }
      });
    }
  }
  return { r, workloads, edges };
}

/** The kind of change between two allowed states, if any. */
function compareStates(was: EdgeState, now: EdgeState): EdgeChangeKind | undefined {
  const same = was.unknown === now.unknown && was.l7.length === now.l7.length && was.l7.every((x, i) => x === now.l7[i]);
  if (same) return undefined;
  // Empty l7 = any request.
  const wider = (now.l7.length === 0 && was.l7.length > 0) || (now.l7.length > 0 && was.l7.length > 0 && now.l7.some(x => !was.l7.includes(x)))
    || (was.unknown && !now.unknown);
  return wider ? EdgeChangeKind.WIDENED : EdgeChangeKind.NARROWED;
}

/** Merges adjacent port classes with the same change into one range, and sorts. */
function mergeRanges(raw: Array<EdgeChange & { ci: number }>, classes: PortClass[], engines: Engine[]): EdgeChange[] {
  const engineOrder = (e?: Engine) => (e === undefined ? -1 : engines.indexOf(e));
  const group = (e: EdgeChange) => JSON.stringify([e.engine ?? '', e.source, e.destination, e.kind, e.l7, e.previousL7, e.unknown, e.declared]);
  raw.sort((x, y) => engineOrder(x.engine) - engineOrder(y.engine) || x.source.localeCompare(y.source) || x.destination.localeCompare(y.destination)
    || group(x).localeCompare(group(y)) || x.ci - y.ci);
  const out: EdgeChange[] = [];
  let i = 0;
  while (i < raw.length) {
    let j = i;
    while (j + 1 < raw.length && group(raw[j + 1]) === group(raw[i]) && raw[j + 1].ci === raw[j].ci + 1) j++;
    const { ci: _ci, ...e } = raw[i];
    const range = classLabel({ from: classes[raw[i].ci].from, to: classes[raw[j].ci].to });
    out.push({ ...e, ports: range });
    i = j + 1;
  }
  const firstPort = (p: string) => Number(p.split('-')[0]);
  return out.sort((x, y) => engineOrder(x.engine) - engineOrder(y.engine)
    || x.source.localeCompare(y.source) || x.destination.localeCompare(y.destination)
    || firstPort(x.ports) - firstPort(y.ports) || x.kind.localeCompare(y.kind));
}

function findingKey(f: Finding): string {
  return [f.ruleId, f.kind, f.namespaceName ?? '', f.name, f.message].join('\u0000');
}

/** Findings of `a` not in `b`, as multisets (same rule, object and message). */
function minus(a: Finding[], b: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const f of b) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  const out: Finding[] = [];
  for (const f of a) {
    const k = findingKey(f);
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else out.push(f);
  }
  return out;
}

function requests(e: EdgeChange): string {
  const show = (l: string[]) => (l.length === 0 ? 'any request' : l.join(', '));
  switch (e.kind) {
    case EdgeChangeKind.OPENED: return show(e.l7);
    case EdgeChangeKind.CLOSED: return show(e.previousL7);
    default: return `${show(e.previousL7)} → ${show(e.l7)}`;
  }
}

function edgeLine(e: EdgeChange): string {
  const sign = e.kind === EdgeChangeKind.OPENED ? '+' : e.kind === EdgeChangeKind.CLOSED ? '-' : '~';
  return `${sign} ${e.kind.toLowerCase().padEnd(8)} ${e.source} -> ${e.destination}:${e.ports} (${requests(e)}${e.unknown ? ', verdict UNKNOWN' : ''})`;
}

function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
