import { Enforcement } from './enforcement';
import { Mesh, MeshKind } from './mesh';
import { Exception } from '../model/exception';
import { Formats } from '../validation/formats';
import { K8sMeta, K8sNames } from '../validation/k8s-meta';

/** A network policy engine that enforces L3/L4 (and, for Cilium, L7) rules. */
export enum NetworkPolicyEngine {
  /** Kubernetes `networking.k8s.io/v1` NetworkPolicy (enforced by the CNI). */
  KUBERNETES = 'KUBERNETES',
  /** Cilium `cilium.io/v2` CiliumNetworkPolicy (L3-L7, FQDN, entities). */
  CILIUM = 'CILIUM',
}

/** Who issues workload identities (X.509 SVIDs). */
export enum IdentityProvider {
  /** The mesh's own CA (istiod, Linkerd identity), or none without a mesh. */
  MESH_CA = 'MESH_CA',
  /** SPIRE: workloads get SPIFFE SVIDs from the SPIRE agent (Istio can consume them). */
  SPIRE = 'SPIRE',
}

/** Where cluster DNS runs. */
export interface ClusterDnsProps {
  /**
   * Namespace of the cluster DNS pods.
   * @default 'kube-system'
   */
  readonly namespaceName?: string;

  /**
   * Labels of the cluster DNS pods.
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Whether NodeLocal DNSCache runs; requires `nodeLocalAddress`.
   * @default false
   */
  readonly nodeLocalDnsCache?: boolean;

  /**
   * The link-local address NodeLocal DNSCache listens on (169.254.0.0/16),
   * e.g. `169.254.20.10`.
   * @default - none
   */
  readonly nodeLocalAddress?: string;
}

/** How pods reach the Kubernetes API server. */
export interface ApiServerProps {
  /**
   * CIDRs of the API server endpoints (`kubectl get endpoints kubernetes`).
   * Needed to allow API server egress with Kubernetes NetworkPolicy, which
   * cannot name the API server; Cilium uses its `kube-apiserver` entity.
   * @default - none (API server egress then needs Cilium)
   */
  readonly cidrs?: string[];

  /**
   * Port the API server endpoints listen on (`kubectl get endpoints kubernetes`):
   * 6443 on kubeadm clusters, 443 on most managed ones. Network policies are
   * evaluated after Service translation, so this is the endpoint port, not the
   * `kubernetes` Service port.
   * @default 443
   */
  readonly port?: number;
}

/** A piece of shared infrastructure other namespaces talk to (ingress gateway, monitoring). */
export interface InfrastructureWorkloadProps {
  /** Namespace it runs in. */
  readonly namespaceName: string;
  /** Labels of its pods. */
  readonly podLabels: { [key: string]: string };
  /** Its service account (its mesh identity). */
  readonly serviceAccount: string;
  /**
   * Whether it is part of the mesh (has an mTLS identity the mesh policies can name).
   * @default - true when the profile has a mesh
   */
  readonly meshed?: boolean;
}

/**
 * The platform baseline tier rendered as Kubernetes `ClusterNetworkPolicy`
 * (`policy.networking.k8s.io/v1alpha2`, kubernetes-sigs/network-policy-api):
 * for every `ZeroTrustNamespace` not in dry run, an Admin-tier `Accept` of
 * egress to the cluster DNS (namespace owners cannot take it away) and a
 * Baseline-tier default deny of ingress and egress (evaluated after the
 * namespace's NetworkPolicies, so routes they allow still work; it holds when
 * those NetworkPolicies are deleted). Needs the ClusterNetworkPolicy CRD and a
 * network plugin that implements it; see docs/cluster-network-policy.md.
 */
export interface ClusterNetworkPolicyProps {
  /**
   * `spec.priority` (0-1000, lower is evaluated first) of the Admin-tier DNS
   * `Accept` policies. Admin-tier policies of your own with a lower value are
   * evaluated before it.
   * @default 1000
   */
  readonly adminPriority?: number;

  /**
   * `spec.priority` (0-1000, lower is evaluated first) of the Baseline-tier
   * default-deny policies. Baseline-tier policies of your own with a lower
   * value (e.g. an `Accept` for a cluster-wide service) are evaluated before it.
   * @default 1000
   */
  readonly baselinePriority?: number;
}

/** Properties of a cluster profile. */
export interface ClusterProfileProps {
  /**
   * SPIFFE trust domain of workload identities (Istio principals, Linkerd
   * identities, SPIRE IDs).
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;

  /**
   * The cluster's DNS domain (Service FQDNs are `<svc>.<ns>.svc.<clusterDomain>`).
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /**
   * The service mesh.
   * @default Mesh.none()
   */
  readonly mesh?: Mesh;

  /**
   * Network policy engines to render for. At least one is required.
   * @default [NetworkPolicyEngine.KUBERNETES]
   */
  readonly networkPolicy?: NetworkPolicyEngine[];

  /**
   * Cluster DNS.
   * @default - kube-dns pods `k8s-app: kube-dns` in `kube-system`, no NodeLocal DNSCache
   */
  readonly dns?: ClusterDnsProps;

  /**
   * Kubernetes API server reachability.
   * @default - no CIDRs (only Cilium can then allow API server egress)
   */
  readonly apiServer?: ApiServerProps;

  /**
   * The ingress gateway other namespaces accept traffic from.
   * @default - Istio: `istio-ingressgateway` in the mesh root namespace; otherwise ingress-nginx in `ingress-nginx`
   */
  readonly ingressGateway?: InfrastructureWorkloadProps;

  /**
   * The Prometheus that scrapes metrics.
   * @default - `prometheus` pods (`app.kubernetes.io/name: prometheus`, service account `prometheus`) in `monitoring`
   */
  readonly monitoring?: InfrastructureWorkloadProps;

  /**
   * Who issues workload identities.
   * @default IdentityProvider.MESH_CA
   */
  readonly identityProvider?: IdentityProvider;

  /**
   * Kubernetes minor version Pod Security Admission levels are pinned to.
   * @default 'v1.28'
   */
  readonly podSecurityVersion?: string;

  /**
   * Networks the kubelet's health probes come from (the nodes' addresses as
   * the pods see them; CNI-specific). Linkerd cannot authenticate the
   * kubelet, so once a port has HTTPRoutes the library authorizes its probe
   * paths from these networks only (like Linkerd's own
   * `policyController.probeNetworks`).
   * @default ['0.0.0.0/0', '::/0'] - every network, Linkerd's default
   */
  readonly kubeletProbeCidrs?: string[];

  /**
   * Whether the zero-trust policies are enforced or run in each engine's dry
   * run (`Enforcement.DRY_RUN`: nothing the intent would deny is dropped;
   * would-be denials are observable where the engine can). Each
   * `ZeroTrustNamespace` may override it. `DRY_RUN` needs `dryRunException`.
   * @default Enforcement.ENFORCE
   */
  readonly enforcement?: Enforcement;

  /**
   * Why and until when the cluster runs in dry run (a dry run is an exception
   * with an expiry, not a state). Required with `enforcement: DRY_RUN`; also
   * the default exception of namespaces that choose `DRY_RUN` themselves.
   * @default - none
   */
  readonly dryRunException?: Exception;

  /**
   * Render the platform baseline tier as Kubernetes ClusterNetworkPolicy
   * (Admin-tier DNS `Accept`, Baseline-tier default deny) for every
   * namespace. Opt-in: the ClusterNetworkPolicy CRD is not part of
   * Kubernetes and only some network plugins implement it. Requires
   * `NetworkPolicyEngine.KUBERNETES` (the namespaces' NetworkPolicies are the
   * tier between Admin and Baseline that allows the routes).
   * @default - no ClusterNetworkPolicy is rendered
   */
  readonly clusterNetworkPolicy?: ClusterNetworkPolicyProps;
}

/** A resolved cluster network policy tier (see `ClusterNetworkPolicyProps`). */
export interface ClusterNetworkPolicyTier {
  /** Priority of the Admin-tier DNS `Accept` policies. */
  readonly adminPriority: number;
  /** Priority of the Baseline-tier default-deny policies. */
  readonly baselinePriority: number;
}

/** A resolved piece of shared infrastructure. */
export interface InfrastructureWorkload {
  /** Namespace it runs in. */
  readonly namespaceName: string;
  /** Labels of its pods. */
  readonly podLabels: { [key: string]: string };
  /** Its service account. */
  readonly serviceAccount: string;
  /** Whether it is in the mesh. */
  readonly meshed: boolean;
}

const TRUST_DOMAIN = /^[a-z0-9._-]+$/;

/**
 * What the cluster runs: trust domain, mesh, network policy engines, DNS,
 * API server, shared infrastructure and identity provider.
 *
 * Every engine-specific choice the library makes comes from here; no
 * renderer hard-codes `cluster.local` or `kube-system`.
 *
 * @example
 * const profile = new ClusterProfile({
 *   trustDomain: 'prod.example.com',
 *   mesh: Mesh.istioSidecar(),
 *   networkPolicy: [NetworkPolicyEngine.KUBERNETES],
 * });
 */
export class ClusterProfile {
  /**
   * Whether `value` is an IPv4 or IPv6 CIDR that Kubernetes' strict CIDR
   * validation accepts (no leading zeros, no bits set beyond the prefix).
   */
  public static isCidr(value: string): boolean {
    return Formats.cidrProblem(value) === undefined;
  }

  /** SPIFFE trust domain. */
  public readonly trustDomain: string;
  /** Cluster DNS domain. */
  public readonly clusterDomain: string;
  /** The mesh. */
  public readonly mesh: Mesh;
  /** Network policy engines rendered for. */
  public readonly networkPolicyEngines: NetworkPolicyEngine[];
  /** DNS pods namespace. */
  public readonly dnsNamespace: string;
  /** DNS pod labels. */
  public readonly dnsPodLabels: { [key: string]: string };
  /** NodeLocal DNSCache address, if used. */
  public readonly nodeLocalDnsAddress?: string;
  /** API server CIDRs. */
  public readonly apiServerCidrs: string[];
  /** API server port. */
  public readonly apiServerPort: number;
  /** Ingress gateway. */
  public readonly ingressGateway: InfrastructureWorkload;
  /** Monitoring (Prometheus). */
  public readonly monitoring: InfrastructureWorkload;
  /** Identity provider. */
  public readonly identityProvider: IdentityProvider;
  /** Pinned Pod Security Admission version. */
  public readonly podSecurityVersion: string;
  /** Networks the kubelet's probes come from. */
  public readonly kubeletProbeCidrs: string[];
  /** Default enforcement of every namespace. */
  public readonly enforcement: Enforcement;
  /** The exception that justifies a dry run, if any. */
  public readonly dryRunException?: Exception;
  /** The ClusterNetworkPolicy baseline tier, when rendered. */
  public readonly clusterNetworkPolicy?: ClusterNetworkPolicyTier;

  private readonly _problems: string[] = [];

  public constructor(props: ClusterProfileProps = {}) {
    this.trustDomain = props.trustDomain ?? 'cluster.local';
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    this.mesh = props.mesh ?? Mesh.none();
    this.networkPolicyEngines = [...new Set(props.networkPolicy ?? [NetworkPolicyEngine.KUBERNETES])];
    this.dnsNamespace = props.dns?.namespaceName ?? 'kube-system';
    this.dnsPodLabels = props.dns?.podLabels ?? { 'k8s-app': 'kube-dns' };
    this.nodeLocalDnsAddress = props.dns?.nodeLocalAddress;
    this.apiServerCidrs = props.apiServer?.cidrs ?? [];
    this.apiServerPort = props.apiServer?.port ?? 443;
    this.identityProvider = props.identityProvider ?? IdentityProvider.MESH_CA;
    this.podSecurityVersion = props.podSecurityVersion ?? 'v1.28';
    this.kubeletProbeCidrs = [...(props.kubeletProbeCidrs ?? ['0.0.0.0/0', '::/0'])];
    this.enforcement = props.enforcement ?? Enforcement.ENFORCE;
    this.dryRunException = props.dryRunException;
    if (props.clusterNetworkPolicy) {
      this.clusterNetworkPolicy = {
        adminPriority: props.clusterNetworkPolicy.adminPriority ?? 1000,
        baselinePriority: props.clusterNetworkPolicy.baselinePriority ?? 1000,
      };
    }
    this.ingressGateway = resolveInfra(props.ingressGateway, this.mesh.isIstio
      ? { namespaceName: this.mesh.rootNamespace ?? 'istio-system', podLabels: { istio: 'ingressgateway' }, serviceAccount: 'istio-ingressgateway-service-account' }
      : { namespaceName: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' }, serviceAccount: 'ingress-nginx' }, this.mesh.providesIdentity);
    this.monitoring = resolveInfra(props.monitoring,
      { namespaceName: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, serviceAccount: 'prometheus' }, this.mesh.providesIdentity);

    this.check(props);
  }

  /** True when Kubernetes NetworkPolicy is rendered. */
  public get usesKubernetesNetworkPolicy(): boolean {
    return this.networkPolicyEngines.includes(NetworkPolicyEngine.KUBERNETES);
  }

  /** True when CiliumNetworkPolicy is rendered. */
  public get usesCilium(): boolean {
    return this.networkPolicyEngines.includes(NetworkPolicyEngine.CILIUM);
  }

  /**
   * Contradictions and invalid values in this profile; empty when valid.
   * Constructs that use the profile report them at synthesis with their path.
   */
  public problems(): string[] {
    return [...this._problems];
  }

  /**
   * Istio principal (`<trustDomain>/ns/<namespace>/sa/<serviceAccount>`) of a service account.
   */
  public istioPrincipal(namespaceName: string, serviceAccount: string): string {
    return `${this.trustDomain}/ns/${namespaceName}/sa/${serviceAccount}`;
  }

  /**
   * Linkerd identity (`<sa>.<ns>.serviceaccount.identity.<controlPlaneNs>.<trustDomain>`) of a service account.
   */
  public linkerdIdentity(namespaceName: string, serviceAccount: string): string {
    return `${serviceAccount}.${namespaceName}.serviceaccount.identity.${this.mesh.controlPlaneNamespace ?? 'linkerd'}.${this.trustDomain}`;
  }

  /** Fully qualified DNS name of a Service. */
  public serviceFqdn(namespaceName: string, service: string): string {
    return `${service}.${namespaceName}.svc.${this.clusterDomain}`;
  }

  private check(props: ClusterProfileProps): void {
    const td = this.trustDomain;
    if (td.length === 0 || td.length > 255 || !TRUST_DOMAIN.test(td)) {
      this._problems.push(`trust domain "${td}" is not a valid SPIFFE trust domain: use lower-case letters, digits, ".", "-" and "_" only, at most 255 characters (e.g. "prod.example.com")`);
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(this.clusterDomain)) {
      this._problems.push(`cluster DNS domain "${this.clusterDomain}" is not a valid DNS name`);
    }
    if (this.networkPolicyEngines.length === 0) {
      this._problems.push('networkPolicy is empty: zero trust needs a default-deny network layer; use [NetworkPolicyEngine.KUBERNETES], [NetworkPolicyEngine.CILIUM] or both');
    }
    if (props.dns?.nodeLocalDnsCache && !this.nodeLocalDnsAddress) {
      this._problems.push('dns.nodeLocalDnsCache is true but dns.nodeLocalAddress is not set: give the link-local address NodeLocal DNSCache listens on (e.g. "169.254.20.10")');
    }
    if (this.nodeLocalDnsAddress !== undefined && (!Formats.isIPv4(this.nodeLocalDnsAddress) || !this.nodeLocalDnsAddress.startsWith('169.254.'))) {
      this._problems.push(`dns.nodeLocalAddress "${this.nodeLocalDnsAddress}" must be an IPv4 link-local address in 169.254.0.0/16 (e.g. "169.254.20.10")`);
    }
    for (const cidr of this.apiServerCidrs) {
      const cp = Formats.cidrProblem(cidr);
      if (cp) this._problems.push(`apiServer.cidrs entry "${cidr}" ${cp}`);
    }
    for (const cidr of this.kubeletProbeCidrs) {
      if (!ClusterProfile.isCidr(cidr)) this._problems.push(`kubeletProbeCidrs entry "${cidr}" is not a CIDR (e.g. "10.0.0.0/16")`);
    }
    if (props.kubeletProbeCidrs !== undefined && this.kubeletProbeCidrs.length === 0) {
      this._problems.push('kubeletProbeCidrs is empty: the kubelet could not probe pods on Linkerd ports with HTTPRoutes; list the node networks or omit it');
    }
    if (!Number.isInteger(this.apiServerPort) || this.apiServerPort < 1 || this.apiServerPort > 65535) {
      this._problems.push(`apiServer.port ${this.apiServerPort} is out of range: use 1-65535`);
    }
    if (this.identityProvider === IdentityProvider.SPIRE && this.mesh.kind === MeshKind.LINKERD) {
      this._problems.push('identityProvider SPIRE cannot be combined with Linkerd: Linkerd issues its own workload certificates; use IdentityProvider.MESH_CA with Linkerd, or Istio with SPIRE');
    }
    if (!/^v1\.\d+$|^latest$/.test(this.podSecurityVersion)) {
      this._problems.push(`podSecurityVersion "${this.podSecurityVersion}" must look like "v1.28" or be "latest"`);
    }
    for (const [what, infra] of [['ingressGateway', this.ingressGateway], ['monitoring', this.monitoring]] as const) {
      const np = K8sNames.dns1123Label(infra.namespaceName);
      if (np) this._problems.push(`${what}.namespace "${infra.namespaceName}" is not a valid namespace name: ${np}`);
      if (Object.keys(infra.podLabels).length === 0) {
        this._problems.push(`${what}.podLabels is empty: an empty selector would match every pod in ${infra.namespaceName}; name the labels of its pods`);
      }
      for (const m of K8sMeta.labelProblems(infra.podLabels)) this._problems.push(`${what}.podLabels: ${m}: a selector with it is rejected by the API server and can never match a pod`);
      const sp = K8sNames.serviceAccountName(infra.serviceAccount);
      if (sp) this._problems.push(`${what}.serviceAccount "${infra.serviceAccount}" ${sp}, so a principal naming it can never match: give the service account its pods run as`);
    }
    if (!(Object.values(Enforcement) as string[]).includes(this.enforcement)) {
      this._problems.push(`enforcement "${this.enforcement}" is not an Enforcement: use Enforcement.ENFORCE or Enforcement.DRY_RUN`);
    }
    if (this.enforcement === Enforcement.DRY_RUN && !this.dryRunException) {
      this._problems.push('enforcement DRY_RUN needs dryRunException: Exception.of({ reason, expires }): a dry run enforces nothing, so it must say why and until when');
    }
    if (this.dryRunException && this.enforcement === Enforcement.DRY_RUN) {
      for (const m of this.dryRunException.problems('the dry run')) this._problems.push(`dryRunException: ${m}`);
    }
    const cnp = this.clusterNetworkPolicy;
    if (cnp) {
      for (const [what, v] of [['adminPriority', cnp.adminPriority], ['baselinePriority', cnp.baselinePriority]] as const) {
        // kubernetes-sigs/network-policy-api apis/v1alpha2 ClusterNetworkPolicySpec.Priority: Minimum=0, Maximum=1000.
        if (!Number.isInteger(v) || v < 0 || v > 1000) this._problems.push(`clusterNetworkPolicy.${what} ${v} is out of range: ClusterNetworkPolicy priorities are integers 0-1000`);
      }
      if (!this.usesKubernetesNetworkPolicy) {
        this._problems.push('clusterNetworkPolicy needs NetworkPolicyEngine.KUBERNETES in networkPolicy: its Baseline-tier default deny applies to every pod no NetworkPolicy selects, so without the namespaces\' NetworkPolicies it would deny every route; add NetworkPolicyEngine.KUBERNETES or remove clusterNetworkPolicy');
      }
    }
    const dnsNs = K8sNames.dns1123Label(this.dnsNamespace);
    if (dnsNs) this._problems.push(`dns.namespace "${this.dnsNamespace}" is not a valid namespace name: ${dnsNs}; give the namespace of the cluster DNS pods (e.g. "kube-system")`);
    if (Object.keys(this.dnsPodLabels).length === 0) {
      this._problems.push(`dns.podLabels is empty: DNS egress would be allowed to every pod in ${this.dnsNamespace}; name the labels of the DNS pods (e.g. { 'k8s-app': 'kube-dns' })`);
    }
    for (const m of K8sMeta.labelProblems(this.dnsPodLabels)) this._problems.push(`dns.podLabels: ${m}: a selector with it is rejected by the API server and can never match the DNS pods`);
  }
}

function resolveInfra(
  props: InfrastructureWorkloadProps | undefined, defaults: InfrastructureWorkloadProps, meshedDefault: boolean,
): InfrastructureWorkload {
  const p = props ?? defaults;
  return { namespaceName: p.namespaceName, podLabels: { ...p.podLabels }, serviceAccount: p.serviceAccount, meshed: p.meshed ?? meshedDefault };
}
