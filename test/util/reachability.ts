/**
 * A small reachability evaluator over synthesized Kubernetes NetworkPolicies
 * and CiliumNetworkPolicies (pod-to-pod only; IP blocks, FQDNs and entities
 * never match a pod). Used by test/reachability.test.ts until the audit's
 * evaluator (src/audit/reachability) is available.
 */

/** A pod in the modelled cluster. */
export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
}

/** One allowed connection, as `src -> dst:port/PROTO`. */
export type Edge = string;

function matchLabels(selector: any, labels: { [key: string]: string }): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  if ((selector.matchExpressions ?? []).length > 0) throw new Error('matchExpressions not supported by the test evaluator');
  return true;
}

function nsLabels(ns: string): { [key: string]: string } {
  return { 'kubernetes.io/metadata.name': ns };
}

// ---------- Kubernetes NetworkPolicy ----------

function npPeerMatches(peer: any, policyNs: string, pod: Pod): boolean {
  if (peer.ipBlock) return false;
  const nsOk = peer.namespaceSelector ? matchLabels(peer.namespaceSelector, nsLabels(pod.namespace)) : pod.namespace === policyNs;
  const podOk = peer.podSelector ? matchLabels(peer.podSelector, pod.labels) : true;
  return nsOk && podOk;
}

function npPortMatches(ports: any[] | undefined, port: number, proto: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(p => (p.protocol ?? 'TCP') === proto && (p.port === undefined || p.port === port));
}

function npAllows(policies: any[], pod: Pod, other: Pod, port: number, proto: string, dir: 'Ingress' | 'Egress'): boolean {
  const selecting = policies.filter(p => p.metadata.namespace === pod.namespace && matchLabels(p.spec.podSelector, pod.labels)
    && (p.spec.policyTypes ?? ['Ingress']).includes(dir));
  if (selecting.length === 0) return true;
  return selecting.some(p => ((dir === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((r: any) => {
    const peers = dir === 'Ingress' ? r.from : r.to;
    const peerOk = !peers || peers.length === 0 || peers.some((x: any) => npPeerMatches(x, p.metadata.namespace, other));
    return peerOk && npPortMatches(r.ports, port, proto);
  }));
}

// ---------- CiliumNetworkPolicy ----------

function ciliumLabels(pod: Pod): { [key: string]: string } {
  const out: { [key: string]: string } = { 'io.kubernetes.pod.namespace': pod.namespace };
  for (const [k, v] of Object.entries(pod.labels)) out[k] = v;
  return out;
}

function ciliumSelectorMatches(selector: any, policyNs: string, pod: Pod, implicitNs: boolean): boolean {
  const want: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) want[k.replace(/^k8s:/, '')] = v as string;
  if (implicitNs && want['io.kubernetes.pod.namespace'] === undefined) want['io.kubernetes.pod.namespace'] = policyNs;
  return matchLabels({ matchLabels: want }, ciliumLabels(pod));
}

function ciliumPortMatches(toPorts: any[] | undefined, port: number, proto: string): boolean {
  if (!toPorts || toPorts.length === 0) return true;
  return toPorts.some(tp => (tp.ports ?? []).some((p: any) => Number(p.port) === port && (p.protocol === 'ANY' || (p.protocol ?? 'ANY') === proto)));
}

function ciliumAllows(policies: any[], pod: Pod, other: Pod, port: number, proto: string, dir: 'ingress' | 'egress'): boolean {
  const selecting = policies.filter(p => p.metadata.namespace === pod.namespace
    && ciliumSelectorMatches(p.spec.endpointSelector, p.metadata.namespace, pod, true));
  // Cilium enforces a direction only for a rule with a non-empty section for it; enableDefaultDeny alone
  // enforces nothing (cilium/cilium pkg/policy/repository.go computePolicyEnforcementAndRules).
  const denyKey = dir === 'ingress' ? 'ingressDeny' : 'egressDeny';
  const enforced = selecting.some(p => (p.spec[dir] ?? []).length > 0 || (p.spec[denyKey] ?? []).length > 0);
  if (!enforced) return true;
  return selecting.some(p => (p.spec[dir] ?? []).some((r: any) => {
    const eps = dir === 'ingress' ? r.fromEndpoints : r.toEndpoints;
    if (!eps) return false; // CIDRs, FQDNs, entities never select a pod here
    return eps.some((sel: any) => ciliumSelectorMatches(sel, p.metadata.namespace, other, true)) && ciliumPortMatches(r.toPorts, port, proto);
  }));
}

/** Every allowed connection between `pods` on `ports`, where at least one end is in `managed` namespaces. */
export function reachable(objects: any[], pods: Pod[], ports: number[], managed: string[], engine: 'kubernetes' | 'cilium'): Edge[] {
  const nps = objects.filter(o => o.kind === 'NetworkPolicy');
  const cnps = objects.filter(o => o.kind === 'CiliumNetworkPolicy');
  const out: Edge[] = [];
  for (const src of pods) {
    for (const dst of pods) {
      if (src === dst) continue;
      if (!managed.includes(src.namespace) && !managed.includes(dst.namespace)) continue;
      for (const port of ports) {
        for (const proto of ['TCP', 'UDP']) {
          const ok = engine === 'kubernetes'
            ? npAllows(nps, src, dst, port, proto, 'Egress') && npAllows(nps, dst, src, port, proto, 'Ingress')
            : ciliumAllows(cnps, src, dst, port, proto, 'egress') && ciliumAllows(cnps, dst, src, port, proto, 'ingress');
          if (ok) out.push(`${src.namespace}/${src.name} -> ${dst.namespace}/${dst.name}:${port}/${proto}`);
        }
      }
    }
  }
  return out.sort();
}
