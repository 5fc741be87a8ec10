import { Construct } from 'constructs';
import { ClusterProfile } from '../../profile/cluster-profile';
import { ciliumDnsEgressRules, ciliumPorts, npDnsEgressRule, npPort } from '../shared/network-layer';
import * as cilium from '../shared/plain/cilium';
import * as k8s from '../shared/plain/k8s';

/**
 * Network policies of the SPIRE install (library-internal), for the engines in
 * the cluster profile. Kubernetes NetworkPolicy and CiliumNetworkPolicy objects
 * carry the same names; names are prefixed with `spire-` so they never collide
 * with a namespace baseline (`default-deny`, `allow-dns-egress`) rendered by a
 * `ZeroTrustNamespace` for the same namespace.
 *
 * Selectors, ports and DNS egress come from `../shared/network-layer`, the same
 * helpers the namespace baselines use.
 */

/** A destination or source reached on fixed ports. */
export interface CidrEndpoint {
  readonly cidrs: string[];
  readonly ports: number[];
}

/** Everything needed to render the SPIRE server namespace's policies. */
export interface ServerNetworkInput {
  readonly namespace: string;
  /** Labels selecting the server pods (server + controller manager). */
  readonly podLabels: Record<string, string>;
  readonly serverPort: number;
  readonly webhookPort: number;
  /** Node address ranges the hostNetwork agents connect from (NetworkPolicy). */
  readonly nodeCidrs: string[];
  /** Bundle endpoint ingress, when served. */
  readonly bundleEndpoint?: CidrEndpoint;
  /** Datastore egress (PostgreSQL). */
  readonly datastore?: CidrEndpoint;
  /** Key manager egress (cloud KMS). */
  readonly kms?: KmsEgress;
}

/** Egress the KMS key manager needs. */
export interface KmsEgress {
  /** KMS (and credential exchange) host names, on TCP 443: Cilium `toFQDNs`. */
  readonly fqdns: string[];
  /** User-given CIDRs of the KMS / credential endpoints, on TCP 443 (both engines). */
  readonly cidrs: string[];
  /** Fixed link-local credential endpoints of the platform (both engines). */
  readonly linkLocal: CidrEndpoint[];
}

/** Peer-trust-domain bundle endpoint the server fetches (federation egress). */
export interface FederationEgressInput {
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  /** Object name (stable). */
  readonly name: string;
  /** Construct id suffix (stable). */
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly cidrs: string[];
}

const DEFAULT_DENY = 'spire-default-deny';

function sortedUnique(ports: number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}

function ipBlocks(cidrs: string[]): k8s.NetworkPolicyPeer[] {
  return [...new Set(cidrs)].map(cidr => ({ ipBlock: { cidr } }));
}

/** Endpoint selector / pod selector of the server pods. */
function selectorOf(labels: Record<string, string>): { matchLabels: Record<string, string> } {
  return { matchLabels: { ...labels } };
}

/**
 * Default deny of ingress and egress for every pod of `namespace`, on each
 * engine. Cilium: `enableDefaultDeny` plus the documented deny-all idiom
 * (one empty rule per direction, which allows nothing).
 */
export function renderSpireDefaultDeny(scope: Construct, profile: ClusterProfile, namespace: string, description: string): void {
  if (profile.usesKubernetesNetworkPolicy) {
    new k8s.KubeNetworkPolicy(scope, 'NpDefaultDeny', {
      metadata: { name: DEFAULT_DENY, namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
  if (profile.usesCilium) {
    new cilium.CiliumNetworkPolicy(scope, 'CiliumDefaultDeny', {
      metadata: { name: DEFAULT_DENY, namespace },
      spec: {
        description,
        endpointSelector: {},
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [{}],
        egress: [{}],
      },
    });
  }
}

/**
 * The SPIRE server namespace: default deny, DNS egress, agent and webhook
 * ingress, API server egress, and the optional bundle endpoint ingress,
 * datastore and KMS egress.
 */
export function renderSpireServerNetwork(scope: Construct, profile: ClusterProfile, i: ServerNetworkInput): void {
  const ns = i.namespace;
  renderSpireDefaultDeny(scope, profile, ns,
    'Default deny of ingress and egress for every pod of the SPIRE server namespace; each allowed flow has its own policy.');

  if (profile.usesKubernetesNetworkPolicy) {
    const np = (id: string, name: string, types: string[], ingress?: k8s.NetworkPolicyIngressRule[], egress?: k8s.NetworkPolicyEgressRule[]) =>
      new k8s.KubeNetworkPolicy(scope, id, {
        metadata: { name, namespace: ns },
        spec: { podSelector: selectorOf(i.podLabels), policyTypes: types, ingress, egress },
      });

    np('NpAllowDns', 'spire-allow-dns-egress', ['Egress'], undefined, [npDnsEgressRule(profile)]);

    np('NpAllowAgents', 'spire-server-allow-agent-ingress', ['Ingress'],
      [{ from: ipBlocks(i.nodeCidrs), ports: [npPort(i.serverPort)] }]);
    np('NpAllowWebhook', 'spire-server-allow-webhook-ingress', ['Ingress'],
      [{ from: ipBlocks(profile.apiServerCidrs), ports: [npPort(i.webhookPort)] }]);
    np('NpAllowKubeApiServer', 'spire-server-allow-kube-apiserver-egress', ['Egress'], undefined,
      [{ to: ipBlocks(profile.apiServerCidrs), ports: [npPort(profile.apiServerPort)] }]);
    if (i.bundleEndpoint) {
      np('NpAllowBundleEndpoint', 'spire-server-allow-bundle-endpoint-ingress', ['Ingress'],
        [{ from: ipBlocks(i.bundleEndpoint.cidrs), ports: sortedUnique(i.bundleEndpoint.ports).map(p => npPort(p)) }]);
    }
    if (i.datastore) {
      np('NpAllowDatastore', 'spire-server-allow-datastore-egress', ['Egress'], undefined,
        [{ to: ipBlocks(i.datastore.cidrs), ports: sortedUnique(i.datastore.ports).map(p => npPort(p)) }]);
    }
    if (i.kms) {
      const rules: k8s.NetworkPolicyEgressRule[] = [];
      if (i.kms.cidrs.length > 0) rules.push({ to: ipBlocks(i.kms.cidrs), ports: [npPort(443)] });
      for (const e of i.kms.linkLocal) rules.push({ to: ipBlocks(e.cidrs), ports: sortedUnique(e.ports).map(p => npPort(p)) });
      if (rules.length > 0) np('NpAllowKms', 'spire-server-allow-kms-egress', ['Egress'], undefined, rules);
    }
  }

  if (profile.usesCilium) {
    const cnp = (id: string, name: string, description: string, ingress?: any[], egress?: any[]) =>
      new cilium.CiliumNetworkPolicy(scope, id, {
        metadata: { name, namespace: ns },
        spec: { description, endpointSelector: selectorOf(i.podLabels), ingress, egress },
      });
    // DNS through Cilium's DNS proxy, so the toFQDNs rules (KMS) can match.
    cnp('CiliumAllowDns', 'spire-allow-dns-egress', 'DNS egress of the SPIRE server to the cluster DNS, through the DNS proxy.', undefined, ciliumDnsEgressRules(profile));

    cnp('CiliumAllowAgents', 'spire-server-allow-agent-ingress',
      'SPIRE agents run with hostNetwork: they reach the server gRPC port from the node (host, remote-node).',
      [{ fromEntities: ['host', 'remote-node'], toPorts: [ciliumPorts([i.serverPort])] }]);
    cnp('CiliumAllowWebhook', 'spire-server-allow-webhook-ingress',
      'The API server calls the spire-controller-manager validating webhook.',
      [{ fromEntities: ['kube-apiserver'], toPorts: [ciliumPorts([i.webhookPort])] }]);
    cnp('CiliumAllowKubeApiServer', 'spire-server-allow-kube-apiserver-egress',
      'The server (TokenReview, k8sbundle notifier) and the controller manager call the API server.', undefined,
      [{ toEntities: ['kube-apiserver'], toPorts: [ciliumPorts([profile.apiServerPort])] }]);
    if (i.bundleEndpoint) {
      cnp('CiliumAllowBundleEndpoint', 'spire-server-allow-bundle-endpoint-ingress',
        'Federation peers fetch this trust domain\'s bundle from the listed source CIDRs.',
        [{ fromCidr: [...new Set(i.bundleEndpoint.cidrs)], toPorts: [ciliumPorts(i.bundleEndpoint.ports)] }]);
    }
    if (i.datastore) {
      cnp('CiliumAllowDatastore', 'spire-server-allow-datastore-egress', 'The server reaches its PostgreSQL datastore.', undefined,
        [{ toCidr: [...new Set(i.datastore.cidrs)], toPorts: [ciliumPorts(i.datastore.ports)] }]);
    }
    if (i.kms) {
      const egress: any[] = [{ toFqdNs: [...new Set(i.kms.fqdns)].sort().map(matchName => ({ matchName })), toPorts: [ciliumPorts([443])] }];
      if (i.kms.cidrs.length > 0) egress.push({ toCidr: [...new Set(i.kms.cidrs)], toPorts: [ciliumPorts([443])] });
      for (const e of i.kms.linkLocal) egress.push({ toCidr: [...new Set(e.cidrs)], toPorts: [ciliumPorts(e.ports)] });
      cnp('CiliumAllowKms', 'spire-server-allow-kms-egress', 'The server reaches its cloud KMS and the credential endpoints of its pod identity.', undefined, egress);
    }
  }
}

/** Egress from the SPIRE server to a federation peer's bundle endpoint. */
export function renderSpireFederationEgress(scope: Construct, profile: ClusterProfile, i: FederationEgressInput): void {
  if (profile.usesKubernetesNetworkPolicy && i.cidrs.length > 0) {
    new k8s.KubeNetworkPolicy(scope, `NpAllowFederation${i.id}`, {
      metadata: { name: i.name, namespace: i.namespace },
      spec: {
        podSelector: selectorOf(i.podLabels),
        policyTypes: ['Egress'],
        egress: [{ to: ipBlocks(i.cidrs), ports: [npPort(i.port)] }],
      },
    });
  }
  if (profile.usesCilium) {
    const egress: any[] = [];
    if (!isIpLiteral(i.host)) egress.push({ toFqdNs: [{ matchName: i.host }], toPorts: [ciliumPorts([i.port])] });
    if (i.cidrs.length > 0) egress.push({ toCidr: [...new Set(i.cidrs)], toPorts: [ciliumPorts([i.port])] });
    new cilium.CiliumNetworkPolicy(scope, `CiliumAllowFederation${i.id}`, {
      metadata: { name: i.name, namespace: i.namespace },
      spec: {
        description: `The SPIRE server fetches the bundle of a federated trust domain from ${i.host}:${i.port}.`,
        endpointSelector: selectorOf(i.podLabels),
        egress,
      },
    });
  }
}

/** Whether a URL host is an IP address literal (no DNS name for toFQDNs). */
export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}
