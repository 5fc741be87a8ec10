// Internal: NetworkPolicy / Cilium helpers shared by rules and the evaluator.
import { apiGroup, arr, isObject, ManifestSet, namespaceOf, PodWorkload } from './manifests';
import { isEmptySelector, selectorMatches } from './selectors';

export function isNetworkPolicy(o: any): boolean {
  return o?.kind === 'NetworkPolicy' && apiGroup(o.apiVersion) === 'networking.k8s.io';
}

export function isCiliumPolicy(o: any): boolean {
  return (o?.kind === 'CiliumNetworkPolicy' || o?.kind === 'CiliumClusterwideNetworkPolicy') && apiGroup(o.apiVersion) === 'cilium.io';
}

/**
 * Calls `fn` for every ingress/egress rule of a NetworkPolicy in a direction its
 * (defaulted) `policyTypes` enable, with the rule's peers (`from`/`to`).
 */
export function forEachNpRule(np: any, fn: (dir: 'Ingress' | 'Egress', key: 'ingress' | 'egress', peers: any, rule: any, index: number) => void): void {
  const types = npPolicyTypes(np);
  for (const [dir, key, peerKey] of [['Ingress', 'ingress', 'from'], ['Egress', 'egress', 'to']] as const) {
    if (!types.includes(dir)) continue;
    arr(np.spec?.[key]).forEach((r: any, i: number) => fn(dir, key, r?.[peerKey], r, i));
  }
}

/**
 * `policyTypes`, defaulted as the API server does (kubernetes/kubernetes pkg/apis/networking/v1/defaults.go
 * `SetDefaults_NetworkPolicy`): Ingress, plus Egress only when `egress` has at least one rule (`egress: []` does not count).
 */
export function npPolicyTypes(np: any): string[] {
  const t = arr(np?.spec?.policyTypes);
  if (t.length > 0) return t.map(String);
  return arr(np?.spec?.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function npSelects(np: any, w: PodWorkload): boolean {
  return namespaceOf(np) === w.namespace && selectorMatches(np.spec?.podSelector ?? {}, w.labels);
}

/** Cilium label keys: strips `k8s:`/`any:` source prefixes. */
export function ciliumKey(k: string): string {
  return k.replace(/^(k8s|any|reserved|cidr|unspec):/, '');
}

/**
 * Cilium's view of a pod's labels: pod labels plus namespace, service account
 * and namespace labels as Cilium exposes them.
 */
export function ciliumLabels(set: ManifestSet, w: PodWorkload): Readonly<Record<string, string>> {
  let perSet = CILIUM_LABELS.get(set);
  if (!perSet) {
    perSet = new WeakMap();
    CILIUM_LABELS.set(set, perSet);
  }
  let labels = perSet.get(w);
  if (!labels) {
    labels = Object.freeze(computeCiliumLabels(set, w));
    perSet.set(w, labels);
  }
  return labels;
}

/** Cilium labels per set and workload (the set is read-only, so they never change). */
const CILIUM_LABELS = new WeakMap<ManifestSet, WeakMap<PodWorkload, Readonly<Record<string, string>>>>();

function computeCiliumLabels(set: ManifestSet, w: PodWorkload): Record<string, string> {
  const out: Record<string, string> = { ...w.labels };
  out['io.kubernetes.pod.namespace'] = w.namespace;
  out['io.cilium.k8s.policy.serviceaccount'] = w.serviceAccount;
  for (const [k, v] of Object.entries(set.namespaceLabels(w.namespace))) out[`io.cilium.k8s.namespace.labels.${k}`] = v;
  return out;
}

/** Whether a Cilium policy's subject selector (`endpointSelector`, or `nodeSelector` → never a pod) selects the workload. */
export function ciliumSelects(set: ManifestSet, pol: any, w: PodWorkload): boolean {
  if (pol.kind === 'CiliumNetworkPolicy' && namespaceOf(pol) !== w.namespace) return false;
  const specs = ciliumSpecs(pol);
  return specs.some(s => s.endpointSelector !== undefined && selectorMatches(s.endpointSelector, ciliumLabels(set, w), ciliumKey));
}

/** A Cilium policy's rule specs (`spec` and/or `specs[]`). */
export function ciliumSpecs(pol: any): any[] {
  const out: any[] = [];
  if (isObject(pol?.spec)) out.push(pol.spec);
  out.push(...arr(pol?.specs).filter(isObject));
  return out;
}

function isEmptyRule(r: any): boolean {
  return isObject(r) && Object.keys(r).length === 0;
}

/** A NetworkPolicy that denies `direction` for every pod of its namespace. */
export function npIsDefaultDeny(np: any, direction: 'Ingress' | 'Egress'): boolean {
  if (!isNetworkPolicy(np) || !isEmptySelector(np.spec?.podSelector ?? {})) return false;
  if (!npPolicyTypes(np).includes(direction)) return false;
  return arr(direction === 'Ingress' ? np.spec?.ingress : np.spec?.egress).length === 0;
}

/**
 * A Cilium spec that puts every endpoint it covers in default deny for `direction` without allowing
 * anything but DNS. Cilium enforces a direction only for a rule with a non-empty section for it
 * (`ingress`/`ingressDeny`, `egress`/`egressDeny`): `enableDefaultDeny` alone enforces nothing
 * (cilium/cilium pkg/policy/repository.go computePolicyEnforcementAndRules), and
 * `enableDefaultDeny.<direction>: false` turns the default deny off. The section's rules must then
 * allow nothing (`{}`, the deny-all idiom) or DNS only (port 53, e.g. the library's baseline), or a
 * deny rule must deny everything.
 */
export function ciliumSpecIsDefaultDeny(spec: any, direction: 'Ingress' | 'Egress'): boolean {
  if (!isEmptySelector(spec?.endpointSelector)) return false;
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const denyKey = direction === 'Ingress' ? 'ingressDeny' : 'egressDeny';
  if (spec?.enableDefaultDeny?.[key] === false) return false;
  const rules = arr(spec?.[key]);
  const denies = arr(spec?.[denyKey]);
  if (rules.length === 0 && denies.length === 0) return false;
  const denyAll = denies.some((r: any) =>
    arr(direction === 'Ingress' ? r?.fromEntities : r?.toEntities).includes('all')
    || arr(direction === 'Ingress' ? r?.fromEndpoints : r?.toEndpoints).some((s: any) => isEmptySelector(s)));
  if (denyAll) return true;
  return rules.length > 0 && rules.every((r: any) => isEmptyRule(r) || ciliumRuleIsDnsOnly(r));
}

/** A Cilium rule whose `toPorts` allow port 53 only (DNS). */
export function ciliumRuleIsDnsOnly(rule: any): boolean {
  const ps = arr(rule?.toPorts).flatMap((tp: any) => arr(tp?.ports));
  return ps.length > 0 && ps.every((p: any) => String(p?.port) === '53' && p?.endPort === undefined);
}

/**
 * The policies that can select pods of `ns`: its NetworkPolicies and CiliumNetworkPolicies
 * and every CiliumClusterwideNetworkPolicy (indexed: no scan of the whole set).
 */
function policiesFor(set: ManifestSet, ns: string): any[] {
  return [
    ...set.ofKindIn('NetworkPolicy', 'networking.k8s.io', ns),
    ...set.ofKindIn('CiliumNetworkPolicy', 'cilium.io', ns),
    ...set.ofKind('CiliumClusterwideNetworkPolicy', 'cilium.io'),
  ];
}

/** Whether `ns` has a default deny for `direction` (NetworkPolicy, CiliumNetworkPolicy or a clusterwide Cilium policy). */
export function namespaceHasDefaultDeny(set: ManifestSet, ns: string, direction: 'Ingress' | 'Egress'): boolean {
  for (const o of policiesFor(set, ns)) {
    if (isNetworkPolicy(o) && namespaceOf(o) === ns && npIsDefaultDeny(o, direction)) return true;
    if (isCiliumPolicy(o) && (o.kind === 'CiliumClusterwideNetworkPolicy' || namespaceOf(o) === ns)
      && ciliumSpecs(o).some(s => ciliumSpecIsDefaultDeny(s, direction))) return true;
  }
  return false;
}

/** Whether a NetworkPolicy port list allows UDP 53 (no ports = all ports). */
function npPortsAllowDns(ports: any[]): boolean {
  if (ports.length === 0) return true;
  return ports.some(p => (p.protocol ?? 'TCP') === 'UDP' && (p.port === undefined || p.port === 53 || p.port === '53'
    || (typeof p.port === 'number' && typeof p.endPort === 'number' && p.port <= 53 && p.endPort >= 53)));
}

/** Whether a Cilium toPorts list allows UDP 53 (no toPorts = all ports). */
function ciliumPortsAllowDns(toPorts: any[]): boolean {
  if (toPorts.length === 0) return true;
  return toPorts.some(tp => arr(tp.ports).some((p: any) => String(p.port) === '53' && ['UDP', 'ANY', undefined].includes(p.protocol)));
}

/** Whether some policy selecting the workload allows it DNS egress (UDP 53). */
export function workloadHasDnsEgress(set: ManifestSet, w: PodWorkload): boolean {
  for (const o of policiesFor(set, w.namespace)) {
    if (isNetworkPolicy(o) && npSelects(o, w) && npPolicyTypes(o).includes('Egress')) {
      if (arr(o.spec?.egress).some((r: any) => npPortsAllowDns(arr(r.ports)))) return true;
    }
    if (isCiliumPolicy(o) && ciliumSelects(set, o, w)) {
      for (const s of ciliumSpecs(o)) if (arr(s.egress).some((r: any) => !isEmptyRule(r) && ciliumPortsAllowDns(arr(r.toPorts)))) return true;
    }
  }
  return false;
}

/** Whether a namespace-wide policy (empty selector) allows DNS egress in `ns`. */
export function namespaceWideDnsEgress(set: ManifestSet, ns: string): boolean {
  for (const o of policiesFor(set, ns)) {
    if (isNetworkPolicy(o) && namespaceOf(o) === ns && isEmptySelector(o.spec?.podSelector ?? {}) && npPolicyTypes(o).includes('Egress')
      && arr(o.spec?.egress).some((r: any) => npPortsAllowDns(arr(r.ports)))) return true;
    if (isCiliumPolicy(o) && (o.kind === 'CiliumClusterwideNetworkPolicy' || namespaceOf(o) === ns)) {
      for (const s of ciliumSpecs(o)) {
        const dns = arr(s.egress).some((r: any) => !isEmptyRule(r) && ciliumPortsAllowDns(arr(r.toPorts)));
        if (isEmptySelector(s.endpointSelector) && dns) return true;
      }
    }
  }
  return false;
}
