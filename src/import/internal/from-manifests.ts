// Internal: existing policies → intent. Which workload pairs and ports are allowed is asked of
// Reachability (each engine on its own semantics); nothing here re-reads policy rules.
import { arr, nameOf, namespaceOf, PodWorkload } from '../../audit/internal/manifests';
import { classLabel, PortClass } from '../../audit/reachability/ports';
import { Reachability } from '../../audit/reachability/reachability';
import { Engine, OutsidePeer, ReachabilityVerdict, VerdictStatus } from '../../audit/reachability/types';
import { ImportFinding, ImportFindingKind, ImportOptions, ImportTarget, PolicyMapping } from '../types';
import { candidates } from './candidates';
import { endpointName, HttpRule, Model, PortKind, portKindOf, Route, serviceNameFor, Svc } from './model';

/** Kinds whose objects are policies (what an import replaces). */
export const POLICY_KINDS = new Set([
  'NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'AuthorizationPolicy', 'PeerAuthentication',
  'Server', 'ServerAuthorization', 'HTTPRoute', 'MeshTLSAuthentication', 'NetworkAuthentication', 'Sidecar',
]);

export function isPolicy(o: any): boolean {
  return POLICY_KINDS.has(o?.kind) && (o.kind !== 'HTTPRoute' || String(o.apiVersion ?? '').startsWith('policy.linkerd.io'));
}

/** `<namespace>/<name>` of a workload, as ReachabilityDiff names it. */
export function workloadId(w: PodWorkload): string {
  return `${w.namespace}/${w.name}`;
}

/** The target a source's engines imply. */
export function inferTarget(r: Reachability): ImportTarget {
  const e = r.enginesPresent;
  if (e.includes(Engine.ISTIO)) {
    const ambient = r._set.namespaces().some(ns => r._set.namespaceLabels(ns)['istio.io/dataplane-mode'] === 'ambient');
    return ambient ? ImportTarget.ISTIO_AMBIENT : ImportTarget.ISTIO_SIDECAR;
  }
  if (e.includes(Engine.LINKERD)) return ImportTarget.LINKERD;
  if (e.includes(Engine.CILIUM)) return ImportTarget.CILIUM;
  return ImportTarget.NETWORK_POLICY;
}

/** Ports a workload serves, with the protocol its container / Service port names or the source's L7 rules imply. */
function portKinds(r: Reachability, w: PodWorkload): Map<number, PortKind> {
  const out = new Map<number, PortKind>();
  for (const p of r._set.servedPorts(w)) out.set(p, 'tcp');
  for (const cp of w.ports) {
    const k = portKindOf(cp.name, undefined);
    if (k && out.has(cp.port)) out.set(cp.port, k);
  }
  for (const svc of r._set.servicesFor(w)) {
    for (const sp of arr(svc.spec?.ports)) {
      const tp = sp.targetPort ?? sp.port;
      const n = typeof tp === 'number' ? tp : /^\d+$/.test(String(tp)) ? Number(tp) : w.ports.find(p => p.name === tp)?.port;
      const k = portKindOf(sp.name, sp.appProtocol);
      if (n !== undefined && k && out.has(n)) out.set(n, k);
    }
  }
  return out;
}

/** L7 restriction strings of a verdict (`GET /api*`, Cilium regexes, ...) → rules; undefined when one cannot be expressed. */
export function l7Rules(l7: string[]): HttpRule[] | undefined {
  const rules: HttpRule[] = [];
  for (const s of l7) {
    const i = s.indexOf(' ');
    const m = i < 0 ? s : s.slice(0, i);
    const p = i < 0 ? '*' : s.slice(i + 1);
    const method = m === '*' || m === '' ? undefined : m.toUpperCase();
    if (method && !/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(method)) return undefined;
    if (p === '*' || p === '/*' || p === '/.*' || p === '.*') {
      rules.push({ method });
    } else if (/^\/[\w\-./~%]*$/.test(p)) {
      rules.push({ method, path: p });
    } else if (/^\/[\w\-./~%]*\*$/.test(p)) {
      rules.push({ method, prefix: p.slice(0, -1) });
    } else if (/^\/[\w\-/~%]*\/\.\*$/.test(p)) {
      rules.push({ method, prefix: p.slice(0, -2) });
    } else {
      return undefined;
    }
  }
  return rules;
}

function reasonPolicies(v: ReachabilityVerdict, labels: string[]): string[] {
  return labels.filter(l => v.reasons.some(r => r.includes(l)));
}

function runs(classes: PortClass[], allowed: (c: PortClass) => boolean): string[] {
  const out: string[] = [];
  let cur: PortClass | undefined;
  for (const c of classes) {
    if (c.from === 53) continue; // DNS is not an edge between workloads
    if (allowed(c)) {
      cur = cur && cur.to + 1 === c.from ? { from: cur.from, to: c.to } : (cur && out.push(classLabel(cur)), c);
    } else if (cur) {
      out.push(classLabel(cur));
      cur = undefined;
    }
  }
  if (cur) out.push(classLabel(cur));
  return out;
}

const NAME_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name'];
const PREFERRED = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'version', 'app.kubernetes.io/version'];
const GENERATED = /^(pod-template-hash|controller-revision-hash|statefulset\.kubernetes\.io\/pod-name|cdk8s\.io\/metadata\.addr)$/;

/**
 * The fewest pod labels (at most two, preferring app / name / version labels) that select this
 * workload's pods and no other workload's of the namespace; all its labels when none do.
 */
function minimalSelector(w: PodWorkload, others: PodWorkload[]): Record<string, string> {
  const keys = Object.keys(w.labels).filter(k => !GENERATED.test(k))
    .sort((a, b) => (PREFERRED.indexOf(a) + 1 || 99) - (PREFERRED.indexOf(b) + 1 || 99) || a.localeCompare(b));
  const alone = (ks: string[]) => !others.some(o => ks.every(k => o.labels[k] === w.labels[k]));
  const pick = (ks: string[]) => Object.fromEntries(ks.map(k => [k, w.labels[k]]));
  // A single label only when it names the app; a pair only with such a label when there is one
  // (`version: v2` alone would select any app's v2 pods).
  const named = keys.filter(k => NAME_LABELS.includes(k));
  for (const k of named) if (alone([k])) return pick([k]);
  const firsts = named.length > 0 ? named : keys;
  for (const a of firsts) for (const b of keys) if (a !== b && alone([a, b])) return pick([a, b]);
  return { ...w.labels };
}

/**
 * The name a person knows the workload by: the Service that selects it and no other workload, else
 * its own service account (explicit, not shared), else the workload's name.
 */
function preferredName(r: Reachability, w: PodWorkload, ws: PodWorkload[]): string {
  const own = r._set.servicesFor(w).filter(s => !ws.some(o => o !== w && o.namespace === w.namespace
    && Object.entries(s.spec.selector).every(([k, v]) => o.labels[k] === v)));
  if (own.length === 1) return nameOf(own[0]);
  const shared = ws.some(o => o !== w && o.namespace === w.namespace && o.serviceAccount === w.serviceAccount);
  if (w.serviceAccountExplicit && w.serviceAccount !== 'default' && !shared) return w.serviceAccount;
  return w.name;
}

/** Builds the services of a manifest set's workloads (one per workload). */
export function servicesOf(r: Reachability, findings: ImportFinding[]): Map<PodWorkload, Svc> {
  const out = new Map<PodWorkload, Svc>();
  const ws = r._sortedWorkloads();
  const used = new Map<string, Set<string>>();
  for (const w of ws) {
    const name = serviceNameFor(preferredName(r, w, ws));
    const taken = used.get(w.namespace) ?? new Set<string>();
    let svcName = name;
    for (let i = 2; taken.has(svcName); i++) svcName = `${name}-${i}`;
    taken.add(svcName);
    used.set(w.namespace, taken);
    const shared = ws.filter(o => o.namespace === w.namespace && o.serviceAccount === w.serviceAccount).length > 1;
    const keep = w.serviceAccountExplicit && w.serviceAccount !== 'default' && !shared;
    const sa = keep ? w.serviceAccount : svcName;
    const svc: Svc = {
      key: `${w.namespace}/${svcName}`,
      namespace: w.namespace,
      name: svcName,
      workloadKind: w.kind,
      workloadName: w.name,
      serviceAccount: sa,
      sourceServiceAccount: w.serviceAccount,
      selector: minimalSelector(w, ws.filter(o => o.namespace === w.namespace && o !== w)),
      ports: portKinds(r, w),
    };
    out.set(w, svc);
    if (sa !== w.serviceAccount) {
      findings.push({
        kind: ImportFindingKind.IDENTITY_CHANGE,
        subject: `${w.kind} ${w.namespace}/${w.name}`,
        message: `runs as service account "${w.serviceAccount}"${shared ? ', shared with other workloads of the namespace' : w.serviceAccount === 'default' ? ' (the namespace default)' : ''}: every service needs an identity of its own, so the generated app gives it "${sa}"`,
        suggestion: `set serviceAccountName: ${sa} in the pod template of ${w.kind} ${w.namespace}/${w.name} when you apply the generated app`,
      });
    }
    if (Object.keys(w.labels).length === 0) {
      findings.push({
        kind: ImportFindingKind.NOT_EXPRESSIBLE,
        subject: `${w.kind} ${w.namespace}/${w.name}`,
        message: 'its pods have no labels: no selector can name them alone',
        suggestion: `label the pod template of ${w.kind} ${w.namespace}/${w.name} (e.g. app.kubernetes.io/name: ${svcName}) and import again`,
      });
    }
  }
  return out;
}

export function fromManifests(manifests: any[], options: ImportOptions): Model {
  const r = Reachability.fromManifests(manifests, { trustDomain: options.trustDomain });
  const set = r._set;
  const target = options.target ?? inferTarget(r);
  const findings: ImportFinding[] = [];
  const ws = r._sortedWorkloads();
  const services = servicesOf(r, findings);
  const classes = r._portClasses();
  const policyObjects = set.objects.filter(isPolicy);
  const labels = policyObjects.map(o => `${o.kind} ${namespaceOf(o) === undefined ? '' : `${namespaceOf(o)}/`}${nameOf(o)}`);
  const mapping = new Map<string, string[]>(labels.map(l => [l, []]));
  const routes: Route[] = [];
  const note = (route: Route, by: string[]) => {
    for (const l of by) mapping.get(l)?.push(`${endpointName(route.from)} → ${endpointName(route.to)}:${route.ports.join(',')}`);
  };

  // Workload to workload, on the ports each destination serves.
  for (const dst of ws) {
    const d = services.get(dst)!;
    for (const src of ws) {
      if (src === dst) continue;
      const s = services.get(src)!;
      const byKey = new Map<string, { ports: number[]; http?: HttpRule[]; by: Set<string> }>();
      for (const port of d.ports.keys()) {
        const v = r._combine(src, dst, port);
        if (v.status === VerdictStatus.UNKNOWN) {
          findings.push({
            kind: ImportFindingKind.UNKNOWN,
            subject: `${workloadId(src)} → ${workloadId(dst)}:${port}`,
            message: `the source's decision cannot be computed (${v.reasons[v.reasons.length - 1]}): no route generated`,
            suggestion: 'declare the route by hand if the traffic is needed',
            source: workloadId(src),
            destination: workloadId(dst),
          });
          continue;
        }
        if (!v.allowed) continue;
        let http: HttpRule[] | undefined;
        if (v.l7.length > 0) {
          http = l7Rules(v.l7);
          if (!http) {
            findings.push({
              kind: ImportFindingKind.NOT_EXPRESSIBLE,
              subject: `${workloadId(src)} → ${workloadId(dst)}:${port}`,
              message: `the source allows only ${v.l7.join(', ')}; these HTTP conditions cannot be written as exact paths or prefixes, so the generated route allows any request on the port`,
              suggestion: 'rewrite the conditions as HttpMatch.of({ methods, path | pathPrefix }) in the generated app',
            });
          } else {
            d.ports.set(port, d.ports.get(port) === 'tcp' ? 'http' : d.ports.get(port)!);
          }
        }
        // One route per HTTP rule set and deciding policies: each port lands under the policies that allow it.
        const by = reasonPolicies(v, labels);
        const key = `${JSON.stringify(http ?? null)}|${by.join(',')}`;
        const e = byKey.get(key) ?? { ports: [], http, by: new Set<string>(by) };
        e.ports.push(port);
        byKey.set(key, e);
      }
      const unserved = runs(classes, c => !(c.from === c.to && d.ports.has(c.from)) && r._combine(src, dst, c.from).allowed);
      if (unserved.length > 0) {
        const by = reasonPolicies(r._combine(src, dst, Number(unserved[0].split('-')[0])), labels);
        findings.push({
          kind: ImportFindingKind.NOT_LEAST_PRIVILEGE,
          subject: `${workloadId(src)} → ${workloadId(dst)}`,
          message: `the source also allows ports ${unserved.join(', ')}${by.length ? ` (${by.join(', ')})` : ''}, which ${dst.kind} ${workloadId(dst)} does not serve: routes name the served ports only`,
          suggestion: d.ports.size > 0 ? `nothing: ${[...d.ports.keys()].join(', ')} ${d.ports.size === 1 ? 'is' : 'are'} what it serves` : 'declare the ports it listens on (containerPort) if it serves any',
          source: workloadId(src),
          destination: workloadId(dst),
        });
      }
      for (const e of byKey.values()) {
        const route: Route = { from: { svc: s.key }, to: { svc: d.key }, ports: e.ports, http: e.http, sources: [...e.by].sort() };
        routes.push(route);
        note(route, route.sources);
      }
    }
  }

  // Peers outside the workloads: what least privilege cannot say, and the IP blocks / DNS names policies name.
  const world = OutsidePeer.world();
  const anyNamespace = [OutsidePeer.unrelatedNamespace(), OutsidePeer.unrelatedNamespace({ meshed: false })];
  const cands = candidates(set.objects);
  const cidrRoutes = (src: Svc | undefined, dst: Svc | undefined, allowed: (peer: OutsidePeer, port: number) => ReachabilityVerdict, who: string) => {
    for (const c of cands) {
      const ports: number[] = [];
      const wide: string[] = [];
      const by = new Set<string>();
      for (const cl of classes) {
        if (cl.from === 53) continue;
        const v = allowed(c.peer, cl.from);
        if (!v.allowed || allowed(world, cl.from).allowed) continue;
        for (const l of reasonPolicies(v, labels)) by.add(l);
        if (cl.from === cl.to) ports.push(cl.from); else wide.push(classLabel(cl));
      }
      const peerText = c.cidr ? `Peer.cidr('${c.cidr}')` : `Peer.fqdn('${c.fqdn}')`;
      if (wide.length > 0) {
        findings.push({
          kind: ImportFindingKind.NOT_LEAST_PRIVILEGE,
          subject: who,
          message: `${c.cidr ?? c.fqdn} ${src ? 'is reachable' : 'reaches it'} on port ranges ${wide.join(', ')}: a route names single ports, so these are not reproduced`,
          suggestion: `a route with ${peerText} on the ports actually used`,
          source: src ? who : c.peer.description,
          destination: src ? c.peer.description : who,
        });
      }
      if (ports.length === 0) continue;
      if (c.fqdn && target !== ImportTarget.CILIUM) {
        findings.push({
          kind: ImportFindingKind.NOT_EXPRESSIBLE,
          subject: who,
          message: `the source allows ${c.fqdn} on ${ports.join(', ')}; outside Cilium a DNS-name route needs the name's addresses`,
          suggestion: `${peerText.slice(0, -1)}, { cidrs: ['<addresses of ${c.fqdn}>'] }) on ports ${ports.join(', ')}`,
          source: src ? who : c.peer.description,
          destination: src ? c.peer.description : who,
        });
        continue;
      }
      const route: Route = src
        ? { from: { svc: src.key }, to: c.cidr ? { cidr: c.cidr } : { fqdn: c.fqdn }, ports, sources: [...by].sort() }
        : { from: { cidr: c.cidr }, to: { svc: dst!.key }, ports, sources: [...by].sort() };
      if (!src && c.fqdn) continue; // DNS names are egress only
      routes.push(route);
      note(route, route.sources);
    }
  };
  for (const w of ws) {
    const svc = services.get(w)!;
    const id = workloadId(w);
    // Inbound from anywhere / any namespace.
    const inWorld = runs(classes, c => r.canReachFromOutside(world, { namespaceName: w.namespace, name: w.name, kind: w.kind }, c.from).allowed);
    const inNs = runs(classes, c => anyNamespace.some(p => r._combine(r._outside(p), w, c.from).allowed));
    const outWorld = runs(classes, c => r._combine(w, r._outside(world), c.from).allowed);
    const outNs = runs(classes, c => r._combine(w, r._outside(anyNamespace[0]), c.from).allowed);
    const everyPort = (f: (c: PortClass) => boolean) => classes.filter(c => c.from !== 53).every(f);
    const open = inWorld.length > 0 && outWorld.length > 0
      && everyPort(c => r._combine(r._outside(world), w, c.from).allowed) && everyPort(c => r._combine(w, r._outside(world), c.from).allowed);
    if (open) {
      findings.push({
        kind: ImportFindingKind.NO_POLICY,
        subject: `${w.kind} ${id}`,
        message: 'no policy restricts it: anything reaches it on every port and it reaches anything; the generated app allows only the routes between the imported workloads',
        suggestion: 'import observed traffic (--flows) to learn which callers and destinations it really has',
      });
    }
    const byOf = (f: (p: OutsidePeer, port: number) => ReachabilityVerdict, peer: OutsidePeer, ranges: string[]) => {
      const first = Number(ranges[0].split('-')[0]);
      return reasonPolicies(f(peer, first), labels);
    };
    const inbound = (p: OutsidePeer, port: number) => r._combine(r._outside(p), w, port);
    const outbound = (p: OutsidePeer, port: number) => r._combine(w, r._outside(p), port);
    if (inWorld.length > 0) {
      const by = byOf(inbound, world, inWorld);
      findings.push({
        kind: ImportFindingKind.NOT_LEAST_PRIVILEGE,
        subject: id,
        message: `any address outside the cluster reaches it on ${inWorld.join(', ')}${by.length ? ` (${by.join(', ')})` : open ? ' (no policy)' : ''}: not reproduced`,
        suggestion: `name the callers: ${svc.name}.allowFrom(Peer.ingressGateway(), { ports }) for public traffic, or Peer.cidr('<the callers\u2019 range>')`,
        source: world.description,
        destination: id,
      });
    }
    if (inNs.length > 0) {
      const first = Number(inNs[0].split('-')[0]);
      const by = byOf(inbound, anyNamespace.find(p => inbound(p, first).allowed) ?? anyNamespace[0], inNs);
      findings.push({
        kind: ImportFindingKind.NOT_LEAST_PRIVILEGE,
        subject: id,
        message: `pods of any namespace reach it on ${inNs.join(', ')}${by.length ? ` (${by.join(', ')}, e.g. namespaceSelector: {})` : open ? ' (no policy)' : ''}: not reproduced`,
        suggestion: `name the calling services (${svc.name}.allowFrom(<MeshService>)), or Peer.podsInNamespace('<their namespace>')`,
        source: 'any namespace',
        destination: id,
      });
    }
    if (outWorld.length > 0) {
      const by = byOf(outbound, world, outWorld);
      findings.push({
        kind: ImportFindingKind.NOT_LEAST_PRIVILEGE,
        subject: id,
        message: `it reaches any address outside the cluster on ${outWorld.join(', ')}${by.length ? ` (${by.join(', ')}, e.g. allow-all egress or 0.0.0.0/0)` : open ? ' (no policy)' : ''}: not reproduced`,
        suggestion: `name the destinations: ${svc.name}.allowTo(Peer.fqdn('<name>') | Peer.cidr('<range>'), { ports: [Port.tcp(443)] })`,
        source: id,
        destination: world.description,
      });
    }
    if (outNs.length > 0) {
      const by = byOf(outbound, anyNamespace[0], outNs);
      findings.push({
        kind: ImportFindingKind.NOT_LEAST_PRIVILEGE,
        subject: id,
        message: `it reaches pods of any namespace on ${outNs.join(', ')}${by.length ? ` (${by.join(', ')})` : open ? ' (no policy)' : ''}: not reproduced`,
        suggestion: `name the services it calls: ${svc.name}.allowTo(<MeshService>, { ports })`,
        source: id,
        destination: 'any namespace',
      });
    }
    cidrRoutes(svc, undefined, (p, port) => outbound(p, port), id);
    cidrRoutes(undefined, svc, (p, port) => inbound(p, port), id);
  }

  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    const here = [...services.values()].filter(x => x.namespace === ns);
    if (here.length === 0) continue;
    findings.push({
      kind: ImportFindingKind.NOT_EXPRESSIBLE,
      subject: `namespace ${ns}`,
      message: `${here.map(x => `${x.workloadKind} ${x.workloadName}`).join(', ')} run${here.length === 1 ? 's' : ''} in ${ns}, which Kubernetes manages: a ZeroTrustNamespace cannot own it, so the generated app fails synthesis until they move`,
      suggestion: 'move them to a namespace of their own and import again (or rename the namespace in the generated app and redeploy them there)',
    });
  }
  const policies: PolicyMapping[] = labels.map(l => ({ policy: l, routes: [...new Set(mapping.get(l) ?? [])] }));
  const namespaces = [...new Set([...set.namespaces(), ...[...services.values()].map(s => s.namespace)])].sort();
  return { target, services: [...services.values()], routes, findings, policies, namespaces, trustDomain: options.trustDomain };
}
