import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NamespaceIntent } from '../../model/intents';
import { ClusterProfile } from '../../profile/cluster-profile';

/*
 * The platform baseline tier as Kubernetes ClusterNetworkPolicy
 * (kubernetes-sigs/network-policy-api, apis/v1alpha2/clusternetworkpolicy_types.go;
 * docs/cluster-network-policy.md says why v1alpha2 and what each rule does).
 *
 * Tiers are evaluated Admin -> NetworkPolicy -> Baseline (ClusterNetworkPolicySpec.Tier):
 * - Admin tier, `Accept` egress to the cluster DNS on UDP/TCP 53: "No further egress
 *   ClusterNetworkPolicy or NetworkPolicy rules will be processed", so a namespace owner's
 *   NetworkPolicy cannot take DNS away (user story 2, site-src/user-story-examples/user-story-2.yaml);
 * - Baseline tier, `Deny` of ingress from every pod and of egress to every address: applies
 *   only to pods no NetworkPolicy selects ("v1.NetworkPolicy always makes a final decision for
 *   selected pods"), so the routes the namespace's NetworkPolicies allow still work, and deleting
 *   them falls back to deny instead of Kubernetes' allow-all (user story 5, "Cluster Wide Default
 *   Guardrails", site-src/user-story-examples/user-story-5.yaml).
 * The subject is the namespace itself (by `kubernetes.io/metadata.name`), so system namespaces
 * (kube-system, the DNS namespace) and namespaces the app does not manage are never selected.
 */

/** apiVersion rendered: served by every released CRD bundle since v0.2.0 (v0.3.x serves it next to v1beta1). */
export const CNP_API_VERSION = 'policy.networking.k8s.io/v1alpha2';
/** The kind. */
export const CNP_KIND = 'ClusterNetworkPolicy';

/** Namespaces a cluster-wide default deny must not select (kubeadm/managed-cluster system namespaces). */
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

/** The object names of a namespace's baseline policies (cluster-scoped: the namespace is in the name). */
export function clusterNetworkPolicyNames(namespace: string): { dns: string; baseline: string } {
  // A namespace name is a DNS-1123 label (<= 63): both names stay valid DNS-1123 subdomains.
  return { dns: `zero-trust-allow-dns-${namespace}`, baseline: `zero-trust-default-deny-${namespace}` };
}

function namespaceSelector(ns: string): any {
  return { matchLabels: { 'kubernetes.io/metadata.name': ns } };
}

/** A `protocols` entry for one port (ClusterNetworkPolicyProtocol: exactly one of tcp/udp/sctp). */
function protocol(proto: 'tcp' | 'udp', port: number): any {
  return { [proto]: { destinationPort: { number: port } } };
}

/** Why the tier cannot select this namespace (a system namespace), or undefined. */
export function clusterNetworkPolicyProblem(intent: NamespaceIntent, profile: ClusterProfile): string | undefined {
  const reserved = [...new Set([...SYSTEM_NAMESPACES, profile.dnsNamespace])];
  if (!reserved.includes(intent.name)) return undefined;
  return `clusterNetworkPolicy: namespace "${intent.name}" is a system namespace (${reserved.join(', ')}): a Baseline-tier default deny there would cut off the cluster DNS and control-plane components; manage "${intent.name}" without a ZeroTrustNamespace or remove clusterNetworkPolicy from the profile`;
}

/**
 * Renders the namespace's ClusterNetworkPolicies when the profile asks for the tier
 * (`ClusterProfileProps.clusterNetworkPolicy`). Nothing in a dry-run namespace: a
 * Baseline deny would drop what the dry run must let through. Nothing in a system
 * namespace (`clusterNetworkPolicyProblem` fails synthesis there).
 */
export function renderClusterNetworkPolicyNamespace(scope: Construct, intent: NamespaceIntent, profile: ClusterProfile): void {
  const tier = profile.clusterNetworkPolicy;
  if (!tier || intent.dryRun || clusterNetworkPolicyProblem(intent, profile)) return;
  const ns = intent.name;
  const names = clusterNetworkPolicyNames(ns);

  const dnsPeers: any[] = [{
    pods: { namespaceSelector: namespaceSelector(profile.dnsNamespace), podSelector: { matchLabels: { ...profile.dnsPodLabels } } },
  }];
  // NodeLocal DNSCache listens on a link-local address on the node, not in a pod: a `networks` peer.
  if (profile.nodeLocalDnsAddress) dnsPeers.push({ networks: [`${profile.nodeLocalDnsAddress}/32`] });
  new ApiObject(scope, 'CnpAllowDns', {
    apiVersion: CNP_API_VERSION,
    kind: CNP_KIND,
    metadata: { name: names.dns },
    spec: {
      tier: 'Admin',
      priority: tier.adminPriority,
      subject: { namespaces: namespaceSelector(ns) },
      egress: [{
        name: 'allow-cluster-dns',
        action: 'Accept',
        to: dnsPeers,
        protocols: [protocol('udp', 53), protocol('tcp', 53)],
      }],
    },
  });

  new ApiObject(scope, 'CnpDefaultDeny', {
    apiVersion: CNP_API_VERSION,
    kind: CNP_KIND,
    metadata: { name: names.baseline },
    spec: {
      tier: 'Baseline',
      priority: tier.baselinePriority,
      subject: { namespaces: namespaceSelector(ns) },
      // Ingress peers can only be pods (namespaces/pods): traffic from outside the cluster or from
      // nodes is not matched by any ClusterNetworkPolicy ingress rule (the namespace's
      // NetworkPolicy default deny covers world ingress; nothing can block the pod's own node).
      ingress: [{ name: 'default-deny-ingress', action: 'Deny', from: [{ namespaces: {} }] }],
      // `networks` "0.0.0.0/0" and "::/0" match every destination, pods included
      // (ClusterNetworkPolicyEgressPeer.Networks: "cluster-internal traffic will be checked against the rule as well").
      egress: [{ name: 'default-deny-egress', action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }],
    },
  });
}
