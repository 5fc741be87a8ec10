// Internal: observed traffic → intent. Hubble flows (`hubble observe -o json`, cilium/cilium
// api/v1/flow/flow.proto field names) and Envoy/Istio JSON access logs of the server side.
import { PodWorkload } from '../../audit/internal/manifests';
import { Reachability } from '../../audit/reachability/reachability';
import { FlowImportOptions, ImportFinding, ImportFindingKind, ImportTarget } from '../types';
import { servicesOf } from './from-manifests';
import { Endpoint, HttpRule, Model, PortKind, Route, serviceNameFor, Svc } from './model';

/** A workload as a flow names it. */
interface FlowWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly labels: Record<string, string>;
  readonly serviceAccount?: string;
}

/** One end of an observed connection: a workload, or an address / DNS name outside the cluster. */
interface FlowEnd {
  readonly workload?: FlowWorkload;
  readonly ip?: string;
  readonly fqdn?: string;
  /** Cilium reserved identity (host, remote-node, kube-apiserver...) when not a pod or the world. */
  readonly reserved?: string;
}

interface Observation {
  readonly src: FlowEnd;
  readonly dst: FlowEnd;
  readonly port: number;
  readonly method?: string;
  readonly path?: string;
}

/** Pod name → workload name: Deployment pods `<name>-<rs hash>-<5>`, StatefulSet `<name>-<n>`, DaemonSet/Job `<name>-<5>`. */
export function workloadNameOfPod(pod: string): string {
  return pod.replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, '').replace(/-\d+$/, '').replace(/-[a-z0-9]{5}$/, '');
}

const IGNORED_LABEL = /^(io\.kubernetes\.|io\.cilium\.|pod-template-hash$|controller-revision-hash$|statefulset\.kubernetes\.io\/)/;

/** Hubble endpoint labels (`k8s:app=x`, `reserved:world`) → pod labels, service account, reserved identity. */
function hubbleLabels(labels: any): { labels: Record<string, string>; serviceAccount?: string; reserved?: string } {
  const out: Record<string, string> = {};
  let sa: string | undefined;
  let reserved: string | undefined;
  for (const l of Array.isArray(labels) ? labels : []) {
    const s = String(l);
    const i = s.indexOf(':');
    const source = i < 0 ? '' : s.slice(0, i);
    const kv = i < 0 ? s : s.slice(i + 1);
    const eq = kv.indexOf('=');
    const k = eq < 0 ? kv : kv.slice(0, eq);
    const v = eq < 0 ? '' : kv.slice(eq + 1);
    if (source === 'reserved') reserved = reserved ?? k;
    if (source !== 'k8s') continue;
    if (k === 'io.cilium.k8s.policy.serviceaccount') sa = v;
    if (!IGNORED_LABEL.test(k)) out[k] = v;
  }
  return { labels: out, serviceAccount: sa, reserved };
}

function hubbleEnd(ep: any, ip: string | undefined, names: any): FlowEnd {
  const { labels, serviceAccount, reserved } = hubbleLabels(ep?.labels);
  if (ep?.namespace && (ep.pod_name || ep.workloads?.length)) {
    const wl = Array.isArray(ep.workloads) && ep.workloads.length > 0 ? ep.workloads[0] : undefined;
    return {
      workload: {
        namespace: String(ep.namespace),
        name: String(wl?.name ?? workloadNameOfPod(String(ep.pod_name))),
        kind: String(wl?.kind ?? 'Pod'),
        labels,
        serviceAccount,
      },
    };
  }
  if (reserved === 'world' || reserved === undefined) {
    const fqdn = Array.isArray(names) && names.length > 0 ? String(names[0]) : undefined;
    return { ip, fqdn, reserved: reserved === undefined ? 'unknown' : undefined };
  }
  return { reserved, ip };
}

const COUNTED_VERDICTS = new Set(['FORWARDED', 'REDIRECTED', 'AUDIT']);

/** Parses one Hubble flow (the `flow` of a `hubble observe -o json` line, or a bare flow). */
function hubble(flow: any, ignored: Map<string, number>): Observation | undefined {
  const verdict = String(flow.verdict ?? 'VERDICT_UNKNOWN');
  const isReply = flow.is_reply === true || flow.reply === true;
  if (isReply) return undefined;
  const l7type = flow.l7?.type;
  if (flow.Type === 'L7' && l7type !== undefined && l7type !== 'REQUEST') return undefined;
  const tcp = flow.l4?.TCP;
  if (!tcp) return undefined; // UDP (DNS), ICMP: not routes between workloads
  if (!COUNTED_VERDICTS.has(verdict)) {
    const k = `${verdict}${flow.drop_reason_desc ? ` (${flow.drop_reason_desc})` : ''}`;
    ignored.set(k, (ignored.get(k) ?? 0) + 1);
    return undefined;
  }
  const port = Number(tcp.destination_port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  const src = hubbleEnd(flow.source, flow.IP?.source, flow.source_names);
  const dst = hubbleEnd(flow.destination, flow.IP?.destination, flow.destination_names);
  const http = flow.l7?.http;
  let method: string | undefined;
  let path: string | undefined;
  if (http) {
    method = http.method ? String(http.method).toUpperCase() : undefined;
    try {
      path = http.url ? new URL(String(http.url), 'http://x').pathname : undefined;
    } catch {
      path = undefined;
    }
  }
  return { src, dst, port, method, path };
}

/** `spiffe://<td>/ns/<ns>/sa/<sa>` → namespace and service account. */
function spiffe(uri: any): { namespace: string; serviceAccount: string } | undefined {
  const m = /^spiffe:\/\/[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(String(uri ?? ''));
  return m ? { namespace: m[1], serviceAccount: m[2] } : undefined;
}

/**
 * Parses one Envoy/Istio JSON access-log entry of a server-side (inbound) proxy whose format
 * includes `%DOWNSTREAM_PEER_URI_SAN%` and `%DOWNSTREAM_LOCAL_URI_SAN%` (Envoy access-log command
 * operators), plus Istio's default `upstream_cluster` (`inbound|<port>||`), `method` and `path`.
 */
function envoy(e: any): Observation | 'unattributed' | 'denied' | undefined {
  // Denied by the proxy's own authorization (Envoy RBAC filter): not traffic the cluster allows today.
  if (String(e.response_code_details ?? '').startsWith('rbac_access_denied')) return 'denied';
  const cluster = String(e.upstream_cluster ?? '');
  const m = /^inbound\|(\d+)\|/.exec(cluster);
  if (!m) return 'unattributed';
  const from = spiffe(e.downstream_peer_uri_san);
  const to = spiffe(e.downstream_local_uri_san);
  if (!from || !to) return 'unattributed';
  const wl = (x: { namespace: string; serviceAccount: string }): FlowEnd => ({
    workload: { namespace: x.namespace, name: x.serviceAccount, kind: 'ServiceAccount', labels: {}, serviceAccount: x.serviceAccount },
  });
  const path = typeof e.path === 'string' ? e.path.split('?')[0] : undefined;
  return { src: wl(from), dst: wl(to), port: Number(m[1]), method: e.method ? String(e.method).toUpperCase() : undefined, path };
}

/** A path with trailing id-like segments (numbers, UUIDs, long hex) cut off: a prefix, or the exact path. */
export function pathRule(path: string): { path?: string; prefix?: string } {
  const segs = path.split('/');
  let cut = segs.length;
  const idLike = (s: string) => /^\d+$/.test(s) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
    || (/^[0-9a-f]{8,}$/i.test(s) && /\d/.test(s));
  while (cut > 1 && idLike(segs[cut - 1])) cut--;
  if (cut === segs.length) return { path };
  const prefix = segs.slice(0, cut).join('/');
  return { prefix: prefix === '' ? '/' : prefix };
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function fromFlows(text: string, options: FlowImportOptions): Model {
  const findings: ImportFinding[] = [];
  const ignored = new Map<string, number>();
  const observations: Observation[] = [];
  let unattributed = 0;
  let unparsable = 0;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t) continue;
    let o: any;
    try {
      o = JSON.parse(t);
    } catch {
      unparsable++;
      continue;
    }
    if (o === null || typeof o !== 'object') { unparsable++; continue; }
    const flow = o.flow ?? ((o.source !== undefined || o.l4 !== undefined) && o.verdict !== undefined ? o : undefined);
    if (flow) {
      const ob = hubble(flow, ignored);
      if (ob) observations.push(ob);
    } else if (o.upstream_cluster !== undefined || o.downstream_peer_uri_san !== undefined) {
      const ob = envoy(o);
      if (ob === 'unattributed') unattributed++;
      else if (ob === 'denied') ignored.set('RBAC denied (access log)', (ignored.get('RBAC denied (access log)') ?? 0) + 1);
      else if (ob) observations.push(ob);
    } else {
      unparsable++;
    }
  }
  if (unattributed > 0) {
    findings.push({
      kind: ImportFindingKind.IGNORED_FLOW,
      subject: `${unattributed} access-log entr${unattributed === 1 ? 'y' : 'ies'}`,
      message: 'not a server-side (inbound) entry with both peer identities: the client or the server is unknown',
      suggestion: 'log the inbound side with %DOWNSTREAM_PEER_URI_SAN% and %DOWNSTREAM_LOCAL_URI_SAN% in the JSON format',
    });
  }
  if (unparsable > 0) {
    findings.push({ kind: ImportFindingKind.IGNORED_FLOW, subject: `${unparsable} line${unparsable === 1 ? '' : 's'}`, message: 'neither a Hubble flow nor an Envoy JSON access-log entry' });
  }

  // Services: the manifests' workloads when given, else the workloads the flows name.
  const services = new Map<string, Svc>(); // by `<ns>/<flow workload name>` and `<ns>/sa:<sa>`
  const allServices: Svc[] = [];
  let reach: Reachability | undefined;
  const byWorkload = new Map<PodWorkload, Svc>();
  if (options.manifests) {
    reach = Reachability.fromManifests(options.manifests, { trustDomain: options.trustDomain });
    for (const [w, s] of servicesOf(reach, findings)) {
      byWorkload.set(w, s);
      allServices.push(s);
    }
  }
  const resolve = (fw: FlowWorkload): Svc[] => {
    if (reach) {
      const ws = [...byWorkload.keys()].filter(w => w.namespace === fw.namespace && (fw.kind === 'ServiceAccount'
        ? w.serviceAccount === fw.serviceAccount : w.name === fw.name));
      if (ws.length > 0) return ws.map(w => byWorkload.get(w)!);
    }
    const key = `${fw.namespace}/${fw.kind}/${fw.name}`;
    let s = services.get(key);
    if (!s) {
      const name = serviceNameFor(fw.name);
      s = {
        key: `${fw.namespace}/${name}`,
        namespace: fw.namespace,
        name,
        workloadKind: fw.kind === 'ServiceAccount' ? 'Workloads running as' : fw.kind,
        workloadName: fw.name,
        serviceAccount: fw.serviceAccount && fw.serviceAccount !== 'default' ? fw.serviceAccount : name,
        sourceServiceAccount: fw.serviceAccount ?? 'default',
        selector: { ...fw.labels },
        ports: new Map(),
      };
      services.set(key, s);
      allServices.push(s);
      if (Object.keys(fw.labels).length === 0) {
        findings.push({
          kind: ImportFindingKind.NOT_EXPRESSIBLE,
          subject: `${fw.namespace}/${fw.name}`,
          message: 'the flows carry no pod labels for it: the generated selector is a placeholder',
          suggestion: `set the selector of MeshService ${name} to its pods' labels, or import with the cluster's manifests`,
        });
        (s.selector as Record<string, string>)['app.kubernetes.io/name'] = name;
      }
    } else {
      // Labels every observed pod of the workload has.
      const sel = s.selector as Record<string, string>;
      if (Object.keys(fw.labels).length > 0) for (const k of Object.keys(sel)) if (fw.labels[k] !== sel[k]) delete sel[k];
    }
    return [s];
  };

  // Aggregate pod-level observations to edges.
  interface Edge { from: Endpoint; to: Endpoint; port: number; count: number; l4: number; http: Map<string, { rule: HttpRule; count: number }> }
  const edges = new Map<string, Edge>();
  const outsideIn = new Map<string, number>();
  for (const ob of observations) {
    const srcs = ob.src.workload ? resolve(ob.src.workload).map(s => ({ svc: s.key }) as Endpoint) : [];
    const dsts = ob.dst.workload ? resolve(ob.dst.workload).map(s => ({ svc: s.key }) as Endpoint) : [];
    if (ob.dst.workload && !ob.src.workload && ob.src.reserved && ob.src.reserved !== 'unknown') {
      // host (the kubelet's probes), remote-node, kube-apiserver: the namespace baseline's business, not routes
      ignored.set(`from ${ob.src.reserved}`, (ignored.get(`from ${ob.src.reserved}`) ?? 0) + 1);
      continue;
    }
    if (ob.dst.workload && !ob.src.workload) {
      const what = ob.src.reserved ? `the ${ob.src.reserved} entity` : `address ${ob.src.ip ?? 'unknown'}`;
      for (const d of dsts) outsideIn.set(`${what}|${d.svc}|${ob.port}`, (outsideIn.get(`${what}|${d.svc}|${ob.port}`) ?? 0) + 1);
      continue;
    }
    if (ob.src.workload && !ob.dst.workload) {
      if (ob.dst.reserved) {
        ignored.set(`to ${ob.dst.reserved}`, (ignored.get(`to ${ob.dst.reserved}`) ?? 0) + 1);
        continue;
      }
      if (ob.dst.fqdn) dsts.push({ fqdn: ob.dst.fqdn });
      else if (ob.dst.ip && /^\d+\.\d+\.\d+\.\d+$/.test(ob.dst.ip)) dsts.push({ cidr: `${ob.dst.ip}/32` });
      else if (ob.dst.ip) dsts.push({ cidr: `${ob.dst.ip}/128` });
    }
    for (const s of srcs) {
      for (const d of dsts) {
        if (s.svc && s.svc === d.svc) continue;
        const k = `${JSON.stringify(s)}|${JSON.stringify(d)}|${ob.port}`;
        const e = edges.get(k) ?? { from: s, to: d, port: ob.port, count: 0, l4: 0, http: new Map() };
        // With L7 visibility each request is a flow of its own besides its connection's: count requests.
        if (ob.method === undefined && ob.path === undefined) e.l4++;
        if (ob.method !== undefined || ob.path !== undefined) {
          const method = ob.method && HTTP_METHODS.has(ob.method) ? ob.method : undefined;
          const rule: HttpRule = { method, ...(ob.path ? pathRule(ob.path) : {}) };
          const rk = JSON.stringify(rule);
          const h = e.http.get(rk) ?? { rule, count: 0 };
          h.count++;
          e.http.set(rk, h);
        }
        e.count = e.http.size > 0 ? [...e.http.values()].reduce((n, x) => n + x.count, 0) : e.l4;
        edges.set(k, e);
      }
    }
  }
  for (const [k, n] of outsideIn) {
    const [what, to, port] = k.split('|');
    findings.push({
      kind: ImportFindingKind.NOT_LEAST_PRIVILEGE,
      subject: to,
      message: `${what} reached it on ${port} (${n}×): callers outside the cluster are not turned into routes`,
      suggestion: `${to.split('/')[1]}.allowFrom(Peer.ingressGateway() | Peer.cidr('<the callers\u2019 range, e.g. ${what.slice(8)}/32>'), { ports: [Port.tcp(${port})] })`,
      destination: to,
    });
  }

  for (const [k, n] of ignored) {
    const verdict = !k.startsWith('from ') && !k.startsWith('to ');
    findings.push({
      kind: ImportFindingKind.IGNORED_FLOW,
      subject: `${n} flow${n === 1 ? '' : 's'} ${verdict ? `with verdict ${k}` : k}`,
      message: verdict ? 'not allowed today, so not turned into routes' : 'node, API-server and health-check traffic: the namespace baseline covers it, no route',
    });
  }
  const minCount = options.minCount ?? 1;
  const target = options.target ?? (observations.some(o => o.src.workload?.kind === 'ServiceAccount') ? ImportTarget.ISTIO_SIDECAR : ImportTarget.CILIUM);
  const svcByKey = new Map(allServices.map(s => [s.key, s]));
  const routes: Route[] = [];
  const grouped = new Map<string, Route>();
  for (const e of [...edges.values()].sort((a, b) => a.port - b.port)) {
    const name = `${e.from.svc ?? e.from.cidr ?? e.from.fqdn} → ${e.to.svc ?? e.to.cidr ?? e.to.fqdn}:${e.port}`;
    if (e.count < minCount) {
      findings.push({ kind: ImportFindingKind.BELOW_NOISE_FLOOR, subject: name, message: `seen ${e.count}× (< --min-count ${minCount}): no route` });
      continue;
    }
    const http = e.http.size > 0 ? [...e.http.values()].filter(h => h.count >= minCount).map(h => h.rule) : undefined;
    if (http && http.length === 0) {
      findings.push({ kind: ImportFindingKind.BELOW_NOISE_FLOOR, subject: name, message: `every HTTP request kind seen fewer than ${minCount}×: no route` });
      continue;
    }
    const dst = e.to.svc ? svcByKey.get(e.to.svc) : undefined;
    if (dst) {
      const kind: PortKind = http ? 'http' : dst.ports.get(e.port) ?? 'tcp';
      (dst.ports as Map<number, PortKind>).set(e.port, dst.ports.get(e.port) === 'tcp' || !dst.ports.has(e.port) ? kind : dst.ports.get(e.port)!);
    }
    if (e.to.fqdn && target !== ImportTarget.CILIUM) {
      findings.push({
        kind: ImportFindingKind.NOT_EXPRESSIBLE,
        subject: name,
        message: `${e.to.fqdn} was reached (${e.count}×); outside Cilium a DNS-name route needs the name's addresses`,
        suggestion: `${e.from.svc?.split('/')[1]}.allowTo(Peer.fqdn('${e.to.fqdn}', { cidrs: ['<its addresses>'] }), { ports: [Port.tcp(${e.port})] })`,
      });
      continue;
    }
    // One route per pair and HTTP rule set, over every port with the same rules.
    const gk = `${JSON.stringify(e.from)}|${JSON.stringify(e.to)}|${JSON.stringify(http ?? null)}`;
    const g = grouped.get(gk);
    if (g) {
      grouped.set(gk, { ...g, ports: [...g.ports, e.port], count: (g.count ?? 0) + e.count });
    } else {
      grouped.set(gk, { from: e.from, to: e.to, ports: [e.port], http: http ? dedupe(http) : undefined, sources: [], count: e.count });
    }
  }
  routes.push(...grouped.values());
  // Each service its own identity: flow workloads sharing a service account get one each.
  for (let i = 0; i < allServices.length; i++) {
    const s = allServices[i];
    if (reach || s.serviceAccount === s.name) continue;
    const shared = allServices.filter(o => o !== s && o.namespace === s.namespace && o.serviceAccount === s.serviceAccount);
    if (shared.length === 0) continue;
    findings.push({
      kind: ImportFindingKind.IDENTITY_CHANGE,
      subject: `${s.workloadKind} ${s.namespace}/${s.workloadName}`,
      message: `runs as service account "${s.serviceAccount}", shared with ${shared.map(o => o.workloadName).join(', ')}: every service needs an identity of its own, so the generated app gives it "${s.name}"`,
      suggestion: `set serviceAccountName: ${s.name} in the pod template of ${s.workloadKind} ${s.namespace}/${s.workloadName} when you apply the generated app`,
    });
    allServices[i] = { ...s, serviceAccount: s.name };
  }
  const namespaces = [...new Set(allServices.map(s => s.namespace))].sort();
  return { target, services: allServices, routes, findings, policies: [], namespaces, trustDomain: options.trustDomain };
}

/** Rules without duplicates; a prefix covers exact paths under it with the same method. */
function dedupe(rules: HttpRule[]): HttpRule[] {
  const under = (p: string, prefix: string) => prefix === '/' || p === prefix || p.startsWith(`${prefix.replace(/\/$/, '')}/`);
  const covered = (r: HttpRule) => r.path !== undefined
    && rules.some(o => o !== r && o.prefix !== undefined && o.method === r.method && under(r.path!, o.prefix));
  const out = rules.filter(r => !covered(r));
  return [...new Map(out.map(r => [JSON.stringify(r), r])).values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
