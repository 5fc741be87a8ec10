// Internal: intent → a readable cdk8s app in TypeScript.
import { ImportOptions, ImportTarget } from '../types';
import { endpointName, HttpRule, Model, PortKind, Route, Svc } from './model';

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function ident(parts: string[], used: Set<string>): string {
  const words = parts.join('-').split(/[^A-Za-z0-9]+/).filter(Boolean);
  let s = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('') || 'x';
  if (/^\d/.test(s)) s = `_${s}`;
  if (RESERVED.has(s)) s = `${s}Svc`;
  let out = s;
  for (let i = 2; used.has(out); i++) out = `${s}${i}`;
  used.add(out);
  return out;
}
const RESERVED = new Set(['app', 'chart', 'profile', 'l4Only', 'default', 'new', 'class', 'function', 'const', 'let', 'var', 'delete', 'in', 'for', 'if', 'do', 'import', 'export', 'return', 'this', 'switch', 'case', 'with', 'void', 'typeof', 'package']);

function portExpr(n: number, kind: PortKind): string {
  return `Port.${kind}(${n})`;
}

function httpExpr(h: HttpRule): string {
  const props: string[] = [];
  if (h.method) props.push(`methods: [HttpMethod.${h.method}]`);
  if (h.path !== undefined) props.push(`path: ${q(h.path)}`);
  if (h.prefix !== undefined) props.push(`pathPrefix: ${q(h.prefix === '' ? '/' : h.prefix)}`);
  return `HttpMatch.of({ ${props.join(', ')} })`;
}

function literal(o: Record<string, string>): string {
  const entries = Object.keys(o).sort().map(k => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k)}: ${q(o[k])}`);
  return `{ ${entries.join(', ')} }`;
}

function profileExpr(target: ImportTarget, trustDomain?: string): string {
  const td = trustDomain ? `trustDomain: ${q(trustDomain)}, ` : '';
  switch (target) {
    case ImportTarget.CILIUM: return `new ClusterProfile({ ${td}mesh: Mesh.none(), networkPolicy: [NetworkPolicyEngine.CILIUM] })`;
    case ImportTarget.ISTIO_SIDECAR: return `new ClusterProfile({ ${td}mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] })`;
    case ImportTarget.ISTIO_AMBIENT: return `new ClusterProfile({ ${td}mesh: Mesh.istioAmbient(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] })`;
    case ImportTarget.LINKERD: return `new ClusterProfile({ ${td}mesh: Mesh.linkerd(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] })`;
    default: return `new ClusterProfile({ ${td}mesh: Mesh.none(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] })`;
  }
}

/** The reason of the generated `acceptL4Only` exception. */
export function l4OnlyReason(mesh: boolean): string {
  return mesh ? 'imported: callers outside the mesh are identified by address only' : 'imported: without a mesh, workloads are identified by pod labels at L3/L4';
}

/** A date 90 days from now, `YYYY-MM-DD`. */
export function defaultExpiry(now: Date = new Date()): string {
  return new Date(now.getTime() + 90 * 86400_000).toISOString().slice(0, 10);
}

/** Writes the model as a cdk8s app. */
export function generate(model: Model, options: ImportOptions): string {
  const mesh = model.target === ImportTarget.ISTIO_SIDECAR || model.target === ImportTarget.ISTIO_AMBIENT || model.target === ImportTarget.LINKERD;
  const used = new Set<string>();
  const nsVar = new Map<string, string>();
  const svcVar = new Map<string, string>();
  const svcByKey = new Map(model.services.map(s => [s.key, s]));
  const lines: string[] = [];
  const symbols = new Set(['ClusterProfile', 'Mesh', 'MeshService', 'NetworkPolicyEngine', 'ZeroTrustNamespace']);
  const needsL4Only = (r: Route) => !mesh || r.from.cidr !== undefined;
  const anyL4 = model.routes.some(needsL4Only);

  lines.push('export function build(app: App): void {');
  lines.push('  const chart = new Chart(app, \'imported\');');
  lines.push(`  const profile = ${profileExpr(model.target, model.trustDomain)};`);
  if (anyL4) {
    symbols.add('Exception');
    const why = l4OnlyReason(mesh);
    lines.push(`  // Routes without verified workload identity (no mesh, or an IP block): review before ${options.exceptionExpires ?? defaultExpiry()}.`);
    const expires = q(options.exceptionExpires ?? defaultExpiry());
    lines.push(`  const l4Only = Exception.of({ reason: ${q(why)}, expires: ${expires}, owner: ${q(options.exceptionOwner ?? 'platform-team')} });`);
  }
  for (const ns of model.namespaces) {
    const services = model.services.filter(s => s.namespace === ns);
    if (services.length === 0) continue;
    const v = ident([ns], used);
    nsVar.set(ns, v);
    lines.push('');
    lines.push(`  // Namespace ${ns}`);
    lines.push(`  const ${v} = new ZeroTrustNamespace(chart, ${q(ns)}, { name: ${q(ns)}, profile });`);
    for (const s of services) {
      const referenced = model.routes.some(r => r.from.svc === s.key || r.to.svc === s.key);
      const sv = referenced ? ident([ns, s.name], used) : undefined;
      if (sv) svcVar.set(s.key, sv);
      lines.push(...serviceLines(s, v, sv, symbols));
    }
  }
  const routes = [...model.routes].sort((a, b) => endpointName(a.to).localeCompare(endpointName(b.to))
    || endpointName(a.from).localeCompare(endpointName(b.from)));
  if (routes.length > 0) {
    lines.push('');
    lines.push('  // Routes');
  }
  for (const r of routes) {
    const opts: string[] = [];
    const dst = r.to.svc ? svcByKey.get(r.to.svc) : undefined;
    const src = r.from.svc ? svcByKey.get(r.from.svc) : undefined;
    const kindOf = (p: number): PortKind => dst?.ports.get(p) ?? (r.http ? 'http' : 'tcp');
    symbols.add('Port');
    opts.push(`ports: [${r.ports.map(p => portExpr(p, kindOf(p))).join(', ')}]`);
    if (r.http && r.http.length > 0) {
      symbols.add('HttpMatch');
      if (r.http.some(h => h.method)) symbols.add('HttpMethod');
      opts.push(`http: [${r.http.map(httpExpr).join(', ')}]`);
    }
    if (needsL4Only(r)) opts.push('acceptL4Only: l4Only');
    const from = r.sources.length ? `from ${r.sources.join(', ')}` : r.count !== undefined ? `observed ${r.count} times` : 'open today: no policy restricts this pair';
    if (from) lines.push(`  // ${from}`);
    const o = `{ ${opts.join(', ')} }`;
    if (dst) {
      const peer = src ? svcVar.get(src.key)! : r.from.cidr ? (symbols.add('Peer'), `Peer.cidr(${q(r.from.cidr)})`) : 'undefined';
      lines.push(`  ${svcVar.get(dst.key)}.allowFrom(${peer}, ${o});`);
    } else if (src) {
      symbols.add('Peer');
      const peer = r.to.cidr ? `Peer.cidr(${q(r.to.cidr)})` : `Peer.fqdn(${q(r.to.fqdn!)})`;
      lines.push(`  ${svcVar.get(src.key)}.allowTo(${peer}, ${o});`);
    }
  }
  lines.push('}');
  const mod = options.moduleName ?? 'cdk8s-zero-trust';
  const header = [
    `// Generated by \`cdk8s-zero-trust import\`${options.sourceDescription ? ` from ${options.sourceDescription}` : ''}.`,
    '// Review it with the import report before you commit it: what the source allowed beyond least privilege',
    '// is listed there and not reproduced here. Synthesize with `npx ts-node <this file>`.',
    "import { App, Chart } from 'cdk8s';",
    `import { ${[...symbols].sort().join(', ')} } from ${q(mod)};`,
    '',
  ];
  const footer = ['', 'if (require.main === module) {', '  const app = new App();', '  build(app);', '  app.synth();', '}', ''];
  return [...header, ...lines, ...footer].join('\n');
}

function serviceLines(s: Svc, nsVar: string, v: string | undefined, symbols: Set<string>): string[] {
  const out: string[] = [];
  out.push(`  // ${s.workloadKind} ${s.namespace}/${s.workloadName}${s.serviceAccount !== s.sourceServiceAccount ? ` (today runs as "${s.sourceServiceAccount}": its pods must run as "${s.serviceAccount}")` : ''}`);
  const props: string[] = [`name: ${q(s.name)}`];
  if (s.serviceAccount !== s.name) props.push(`serviceAccountName: ${q(s.serviceAccount)}`);
  props.push(`selector: ${literal(s.selector)}`);
  const ports = [...s.ports.entries()].sort((a, b) => a[0] - b[0]);
  if (ports.length > 0) {
    symbols.add('Port');
    props.push(`ports: [${ports.map(([n, k]) => portExpr(n, k)).join(', ')}]`);
  }
  out.push(`  ${v ? `const ${v} = ` : ''}new MeshService(${nsVar}, ${q(s.name)}, { ${props.join(', ')} });`);
  return out;
}
