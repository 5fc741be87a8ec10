import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ClusterProfile } from '../../profile/cluster-profile';
import { hasKeys } from '../../shared/objects';

/*
 * Selector and port helpers for the network layer (Kubernetes NetworkPolicy and
 * Cilium), shared by every renderer that writes network policies (namespace
 * baselines, routes, the SPIRE install), so that "DNS egress" and "pods in a
 * namespace" mean the same everywhere. Not an engine: engines stay in their own
 * folders and never import each other.
 */

/** A NetworkPolicy port. */
export function npPort(port: number, protocol: string = 'TCP'): k8s.NetworkPolicyPort {
  return { port: intOrString(port), protocol };
}

// IntOrString is immutable (a readonly value): one instance per port number, shared by every object.
const intOrStrings = new Map<number, k8s.IntOrString>();

/** `IntOrString.fromNumber(port)`, one shared instance per number. */
export function intOrString(port: number): k8s.IntOrString {
  let v = intOrStrings.get(port);
  if (v === undefined) {
    v = k8s.IntOrString.fromNumber(port);
    intOrStrings.set(port, v);
  }
  return v;
}

/** A NetworkPolicy peer selecting labelled pods in a named namespace. */
export function npPodsIn(namespace: string, podLabels: { [key: string]: string }): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    // The labels object is shared, not copied: renderers never mutate their inputs, and synthesis copies.
    podSelector: hasKeys(podLabels) ? { matchLabels: podLabels } : {},
  };
}

/** NetworkPolicy egress rule to the profile's cluster DNS (and NodeLocal DNSCache), UDP and TCP 53. */
export function npDnsEgressRule(profile: ClusterProfile): k8s.NetworkPolicyEgressRule {
  const to: k8s.NetworkPolicyPeer[] = [npPodsIn(profile.dnsNamespace, profile.dnsPodLabels)];
  if (profile.nodeLocalDnsAddress) to.push({ ipBlock: { cidr: `${profile.nodeLocalDnsAddress}/32` } });
  return { to, ports: [npPort(53, 'UDP'), npPort(53, 'TCP')] };
}

/** Cilium endpoint labels for pods with `labels` in `namespace`. */
export function ciliumEndpoint(namespace: string, labels: { [key: string]: string }): { matchLabels: { [key: string]: string } } {
  const m: { [key: string]: string } = { 'k8s:io.kubernetes.pod.namespace': namespace };
  for (const k in labels) if (Object.prototype.hasOwnProperty.call(labels, k)) m[`k8s:${k}`] = labels[k];
  return { matchLabels: m };
}

/** Cilium `toPorts` entry for ports (deduplicated, ascending). */
export function ciliumPorts(ports: number[], protocol: string = 'TCP'): any {
  return { ports: [...new Set(ports)].sort((a, b) => a - b).map(p => ({ port: String(p), protocol })) };
}

/**
 * Cilium egress rules to the profile's cluster DNS (and NodeLocal DNSCache)
 * through Cilium's DNS proxy, so `toFQDNs` rules can match.
 */
export function ciliumDnsEgressRules(profile: ClusterProfile): any[] {
  const dnsRule = { dns: [{ matchPattern: '*' }] };
  const rules: any[] = [{
    toEndpoints: [ciliumEndpoint(profile.dnsNamespace, profile.dnsPodLabels)],
    toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: dnsRule }],
  }];
  if (profile.nodeLocalDnsAddress) {
    rules.push({ toCidr: [`${profile.nodeLocalDnsAddress}/32`], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: dnsRule }] });
  }
  return rules;
}
