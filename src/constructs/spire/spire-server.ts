import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_IMAGES, SpireDatastore, SpireImages, SpireKeyManager, SpireLogLevel, imageProblems } from './spire-options';
import { SPIRE, agentSocketFileName, renderControllerManagerConf, renderServerConf } from '../../backends/spire/config';
import { describe, goDuration, maxSvidSecondsForCa, ttlProblem, wholeSeconds } from '../../backends/spire/duration';
import type { KmsEgress } from '../../backends/spire/network';
import { CREDENTIAL_CAP_SECONDS, credentialLifetimeProblems, JWT_SVID_CAP_SECONDS } from '../../model/credential-lifetime';
import { Exception } from '../../model/exception';
import { ObjectNames } from '../../model/names';
import { SpiffeId } from '../../model/spiffe-id';
import { ClusterProfile, IdentityProvider } from '../../profile/cluster-profile';
import { Formats } from '../../validation/formats';
import { K8sMeta } from '../../validation/k8s-meta';
import { spireNetwork, spireServer } from '../internal/backends';

/** Properties of a `SpireServer`. */
export interface SpireServerProps {
  /** What the cluster runs (trust domain, cluster DNS domain, mesh, identity provider). */
  readonly profile: ClusterProfile;

  /**
   * Name of this Kubernetes cluster for `k8s_psat` node attestation; part of
   * every agent's SPIFFE ID (`spiffe://<td>/spire/agent/k8s_psat/<clusterName>/<node-uid>`).
   * Letters, digits, `.`, `-` and `_`.
   */
  readonly clusterName: string;

  /**
   * Namespace of the SPIRE server (Pod Security `restricted`).
   * @default 'spire-server'
   */
  readonly namespaceName?: string;

  /**
   * Namespace of the SPIRE agents and the SPIFFE CSI driver, which need host
   * access (Pod Security `privileged`); kept apart from the server so the
   * server's namespace stays `restricted`. The trust bundle ConfigMap lives here.
   * @default 'spire-system'
   */
  readonly agentNamespace?: string;

  /**
   * ServiceAccount of the agents (the only one the server's `k8s_psat`
   * attestor accepts).
   * @default 'spire-agent'
   */
  readonly agentServiceAccount?: string;

  /**
   * Whether to render the server's Namespace.
   * @default true
   */
  readonly createNamespace?: boolean;

  /**
   * Datastore.
   * @default SpireDatastore.sqlite3() on the persistent volume
   */
  readonly datastore?: SpireDatastore;

  /**
   * Key manager for the CA signing keys.
   * @default SpireKeyManager.disk() on the persistent volume
   */
  readonly keyManager?: SpireKeyManager;

  /**
   * Lifetime of the server's signing CA (`ca_ttl`).
   * @default Duration.hours(24)
   */
  readonly caTtl?: Duration;

  /**
   * Default X.509-SVID lifetime (`default_x509_svid_ttl`). At most a sixth
   * of `caTtl` (SPIRE rotates the CA when a sixth of its life is left), and
   * at most 24h without `longLivedSvidException`.
   * @default Duration.hours(1)
   */
  readonly defaultX509SvidTtl?: Duration;

  /**
   * Default JWT-SVID lifetime (`default_jwt_svid_ttl`). At most the X.509-SVID
   * lifetime, and at most 1h without `longLivedSvidException`.
   * @default Duration.minutes(5)
   */
  readonly defaultJwtSvidTtl?: Duration;

  /**
   * Justification for default SVID lifetimes above 24h (X.509) or 1h (JWT).
   * Recorded as annotations on the server's objects.
   * @default - long-lived SVIDs are rejected
   */
  readonly longLivedSvidException?: Exception;

  /**
   * Issuer (`iss`) of JWT-SVIDs (`jwt_issuer`), an https URL — the one your
   * OIDC discovery provider serves, so JWT verifiers can find the keys.
   * @default - none (SPIRE omits `iss`)
   */
  readonly jwtIssuer?: string;

  /**
   * Serve this trust domain's bundle on port 8443 (`federation.bundle_endpoint`,
   * `https_spiffe` profile) so peer trust domains can federate with it.
   * @default false
   */
  readonly bundleEndpoint?: boolean;

  /**
   * Source address ranges allowed to fetch the bundle endpoint (with
   * `bundleEndpoint: true`): the peer SPIRE servers, or the addresses your load
   * balancer / ingress presents when it does not preserve client IPs. Rendered
   * as NetworkPolicy `ipBlock` and Cilium `fromCIDR` on port 8443. Required
   * with `bundleEndpoint` on every engine; a public endpoint must say so
   * explicitly (`['0.0.0.0/0']`).
   * @default - none (required when `bundleEndpoint` is true)
   */
  readonly bundleEndpointClientCidrs?: string[];

  /**
   * Address ranges the SPIRE agents connect from. The agents run with
   * `hostNetwork`, so their connections to the server's gRPC port (8081) come
   * from node addresses, which a Kubernetes NetworkPolicy can only name by
   * CIDR: give the nodes' InternalIP ranges and, with an overlay CNI
   * (VXLAN/IPIP), the tunnel addresses nodes use towards pods (usually in
   * the pod CIDR). Required when the profile renders Kubernetes NetworkPolicy;
   * Cilium uses its `host` and `remote-node` entities instead.
   * @default - none (required with Kubernetes NetworkPolicy)
   */
  readonly nodeCidrs?: string[];

  /**
   * Address ranges of the cloud KMS and of the credential exchange the server
   * uses (e.g. the IPs of AWS KMS and STS VPC interface endpoints, or GCP
   * `private.googleapis.com` 199.36.153.8/30), allowed on TCP 443. Required
   * with a KMS key manager when the profile renders Kubernetes NetworkPolicy,
   * which cannot name hosts; Cilium allows the KMS host names with `toFQDNs`
   * and adds these ranges when given.
   * @default - none (required with a KMS key manager and Kubernetes NetworkPolicy)
   */
  readonly kmsCidrs?: string[];

  /**
   * Size of the persistent volume (datastore, keys).
   * @default '1Gi'
   */
  readonly storageSize?: string;

  /**
   * StorageClass of the persistent volume.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * Annotations on the server's ServiceAccount (cloud workload identity for KMS).
   * @default - none
   */
  readonly serviceAccountAnnotations?: { [key: string]: string };

  /**
   * Container images.
   * @default - pinned upstream images (see `SpireImages`)
   */
  readonly images?: SpireImages;

  /**
   * Log level.
   * @default SpireLogLevel.INFO
   */
  readonly logLevel?: SpireLogLevel;
}

/**
 * A SPIRE server (StatefulSet with a persistent datastore and key volume),
 * with the spire-controller-manager as a sidecar, rendered complete:
 *
 * - Namespace (Pod Security `restricted`), ServiceAccount, least-privilege
 *   RBAC (TokenReview create; get pods/nodes; get/patch the bundle ConfigMap only);
 * - `server.conf` generated from typed props (trust domain, datastore,
 *   `k8s_psat` with the cluster and agent allow-list, disk/KMS key manager,
 *   TTLs, `jwt_issuer`, `k8sbundle` notifier, health checks);
 * - Services (8081 gRPC, headless governing Service, controller-manager webhook);
 * - the controller manager's config, RBAC and ValidatingWebhookConfiguration;
 * - the trust bundle ConfigMap in the agent namespace;
 * - network policies for the engines in the profile: default deny, DNS egress,
 *   agent ingress on 8081 (from `nodeCidrs`, or Cilium `host`/`remote-node`),
 *   webhook ingress from and egress to the API server, and the bundle endpoint,
 *   datastore and KMS flows when those are used.
 *
 * When the profile's identity provider is SPIRE and the mesh is Istio, it also
 * registers the Istio ingress gateway (`ClusterSPIFFEID`).
 *
 * @example
 * const server = new SpireServer(chart, 'spire-server', { profile, clusterName: 'prod-eu-1' });
 * new SpireAgent(chart, 'spire-agent', { server, podSecurityException: Exception.of({ ... }) });
 */
export class SpireServer extends Construct {
  /** The cluster profile. */
  public readonly profile: ClusterProfile;
  /** Trust domain. */
  public readonly trustDomain: string;
  /** Cluster name used by `k8s_psat`. */
  public readonly clusterName: string;
  /** Server namespace. */
  public readonly namespaceName: string;
  /** Agent namespace. */
  public readonly agentNamespace: string;
  /** Agent ServiceAccount name. */
  public readonly agentServiceAccount: string;
  /** Name of the server Service (and StatefulSet). */
  public readonly serviceName: string;
  /** The address agents dial: `<service>.<namespace>.svc.<clusterDomain>`. */
  public readonly address: string;
  /** The trust bundle ConfigMap (in `agentNamespace`). */
  public readonly bundleConfigMapName: string;
  /** Default X.509-SVID lifetime. */
  public readonly defaultX509SvidTtl: Duration;
  /** Default JWT-SVID lifetime. */
  public readonly defaultJwtSvidTtl: Duration;
  /** CA lifetime. */
  public readonly caTtl: Duration;
  /** Whether Istio takes its identities from this SPIRE (profile: Istio mesh + SPIRE identity provider). */
  public readonly istioIntegration: boolean;
  /** Whether the federation bundle endpoint is served. */
  public readonly bundleEndpoint: boolean;
  /** The generated `server.conf`. */
  public readonly serverConf: string;
  /** The generated spire-controller-manager configuration. */
  public readonly controllerManagerConf: string;
  /** Images in use (library-internal). @internal */
  public readonly _images: typeof DEFAULT_IMAGES;
  /** Labels selecting the server pods (library-internal). @internal */
  public readonly _podLabels: { [key: string]: string };

  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: SpireServerProps) {
    super(scope, id);
    this.profile = props.profile;
    this.trustDomain = props.profile.trustDomain;
    this.clusterName = props.clusterName ?? '';
    this.namespaceName = props.namespaceName ?? 'spire-server';
    this.agentNamespace = props.agentNamespace ?? 'spire-system';
    this.agentServiceAccount = props.agentServiceAccount ?? 'spire-agent';
    this.serviceName = 'spire-server';
    this.address = props.profile.serviceFqdn(this.namespaceName, this.serviceName);
    this.bundleConfigMapName = 'spire-bundle';
    this.caTtl = props.caTtl ?? Duration.hours(24);
    this.defaultX509SvidTtl = props.defaultX509SvidTtl ?? Duration.hours(1);
    this.defaultJwtSvidTtl = props.defaultJwtSvidTtl ?? Duration.minutes(5);
    this.istioIntegration = props.profile.mesh.isIstio && props.profile.identityProvider === IdentityProvider.SPIRE;
    this.bundleEndpoint = props.bundleEndpoint ?? false;
    this._images = { ...DEFAULT_IMAGES, ...definedOnly(props.images) };
    const datastore = props.datastore ?? SpireDatastore.sqlite3();
    const keyManager = props.keyManager ?? SpireKeyManager.disk();

    this.check(props, datastore, keyManager);
    this.node.addValidation({ validate: () => [...this.problems] });

    const seconds = (d: Duration, fallback: number) => wholeSeconds(d) ?? fallback;
    const x509 = goDuration(seconds(this.defaultX509SvidTtl, 3600));
    const jwt = goDuration(seconds(this.defaultJwtSvidTtl, 300));
    this.serverConf = renderServerConf({
      trustDomain: this.trustDomain,
      logLevel: props.logLevel ?? SpireLogLevel.INFO,
      caKeyType: 'ec-p256',
      caTtl: goDuration(seconds(this.caTtl, 86400)),
      x509SvidTtl: x509,
      jwtSvidTtl: jwt,
      jwtIssuer: props.jwtIssuer,
      federation: this.bundleEndpoint,
      datastore: datastore.databaseType === 'postgres'
        ? { kind: 'postgres', pluginDataFile: `${SPIRE.datastoreSecretDir}/datastore.conf` }
        : { kind: 'sqlite3' },
      clusterName: this.clusterName,
      agentServiceAccounts: [`${this.agentNamespace}:${this.agentServiceAccount}`],
      keyManager: { name: keyManager.pluginName, data: keyManager._data },
      bundleNamespace: this.agentNamespace,
      bundleConfigMap: this.bundleConfigMapName,
    });
    const controllerManagerName = 'spire-controller-manager';
    const webhookConfigurationName = ObjectNames.stable([this.namespaceName, controllerManagerName, 'webhook'], 253);
    this.controllerManagerConf = renderControllerManagerConf({
      namespace: this.namespaceName,
      clusterName: this.clusterName,
      trustDomain: this.trustDomain,
      webhookConfigurationName,
      ignoreNamespaces: [...new Set(['kube-system', 'kube-public', 'kube-node-lease', this.namespaceName, this.agentNamespace])],
      leaderElectionId: `${ObjectNames.hash(`${this.namespaceName}/${this.serviceName}`)}.spiffe.io`,
    });

    const annotations: Record<string, string> = {};
    if (keyManager.exception) Object.assign(annotations, keyManager.exception.annotations('spire-memory-key-manager'));
    if (props.longLivedSvidException) Object.assign(annotations, props.longLivedSvidException.annotations('long-lived-svid'));
    this._podLabels = spireServer().renderSpireServer(this, {
      namespace: this.namespaceName,
      createNamespace: props.createNamespace ?? true,
      podSecurityVersion: props.profile.podSecurityVersion,
      name: this.serviceName,
      serviceAccount: 'spire-server',
      serviceAccountAnnotations: { ...(props.serviceAccountAnnotations ?? {}) },
      labels: {},
      serverImage: this._images.server,
      controllerManagerImage: this._images.controllerManager,
      serverConf: this.serverConf,
      controllerManagerConf: this.controllerManagerConf,
      controllerManagerName,
      webhookConfigurationName,
      clusterRolePrefix: ObjectNames.stable([this.namespaceName, 'spire'], 200),
      agentNamespace: this.agentNamespace,
      bundleConfigMap: this.bundleConfigMapName,
      storageSize: props.storageSize ?? '1Gi',
      storageClassName: props.storageClassName,
      datastoreSecret: datastore.secretName ? { name: datastore.secretName, key: datastore.secretKey ?? 'datastore.conf' } : undefined,
      federation: this.bundleEndpoint,
      annotations,
    });

    spireNetwork().renderSpireServerNetwork(this, props.profile, {
      namespace: this.namespaceName,
      podLabels: this._podLabels,
      serverPort: SPIRE.serverPort,
      webhookPort: SPIRE.webhookPort,
      nodeCidrs: props.nodeCidrs ?? [],
      bundleEndpoint: this.bundleEndpoint ? { cidrs: props.bundleEndpointClientCidrs ?? [], ports: [SPIRE.federationPort] } : undefined,
      datastore: datastore.databaseType === 'postgres' ? { cidrs: datastore.cidrs ?? [], ports: [datastore.port ?? 5432] } : undefined,
      kms: kmsEgress(keyManager, props.kmsCidrs ?? []),
    });

    if (this.istioIntegration && props.profile.ingressGateway.meshed) {
      const gw = props.profile.ingressGateway;
      spireServer().renderIstioGatewayRegistration(this, ObjectNames.stable([gw.namespaceName, 'istio-ingressgateway'], 253), this.trustDomain, gw.namespaceName, gw.podLabels, x509, jwt);
    }
  }

  /** The Workload API socket file name in the agents' socket directory (`socket` when Istio consumes SPIRE). */
  public get socketFileName(): string {
    return agentSocketFileName(this.istioIntegration);
  }

  /** The SPIFFE ID of this trust domain's bundle endpoint server, for peers' `https_spiffe` profile. */
  public get bundleEndpointSpiffeId(): SpiffeId {
    return SpiffeId.of(`spiffe://${this.trustDomain}/spire/server`);
  }

  /** Inputs the network policies need; each message names the fix. */
  private checkNetwork(props: SpireServerProps, keyManager: SpireKeyManager): void {
    const p = (m: string) => this.problems.push(m);
    const profile = props.profile;
    for (const [what, cidrs] of [['nodeCidrs', props.nodeCidrs], ['bundleEndpointClientCidrs', props.bundleEndpointClientCidrs], ['kmsCidrs', props.kmsCidrs]] as const) {
      for (const m of cidrProblems(what, cidrs)) p(m);
    }
    if (profile.usesKubernetesNetworkPolicy) {
      if ((props.nodeCidrs ?? []).length === 0) {
        p(`nodeCidrs is required with Kubernetes NetworkPolicy: the SPIRE server namespace "${this.namespaceName}" is default deny and the agents run with hostNetwork, so they reach the server (port ${SPIRE.serverPort}) from node addresses that a NetworkPolicy can only name by CIDR; set nodeCidrs to your nodes' address ranges (e.g. ["10.0.0.0/16"]), or render Cilium policies only (remote-node entity)`);
      }
      if (profile.apiServerCidrs.length === 0) {
        p(`cluster profile apiServer.cidrs is empty: with Kubernetes NetworkPolicy the SPIRE server needs them to reach the API server (TokenReview, bundle notifier, controller manager) and to accept the API server's calls to the controller manager webhook (port ${SPIRE.webhookPort}); set apiServer: { cidrs: [...] } in the ClusterProfile (kubectl get endpoints kubernetes)`);
      }
      if ((keyManager.pluginName === 'aws_kms' || keyManager.pluginName === 'gcp_kms') && (props.kmsCidrs ?? []).length === 0) {
        p(`kmsCidrs is required with the ${keyManager.pluginName} key manager and Kubernetes NetworkPolicy: the SPIRE server namespace is default deny and a NetworkPolicy cannot allow a host name; set kmsCidrs to the addresses of your KMS and credential endpoints (e.g. the IPs of the KMS and STS VPC interface endpoints, or "199.36.153.8/30" for private.googleapis.com), or render Cilium policies only (toFQDNs)`);
      }
    }
    if (this.bundleEndpoint && (props.bundleEndpointClientCidrs ?? []).length === 0) {
      p(`bundleEndpointClientCidrs is required with bundleEndpoint: the SPIRE server namespace is default deny and the bundle endpoint (port ${SPIRE.federationPort}) must list who may fetch it; set the peer servers' (or your load balancer's) source ranges, e.g. ["203.0.113.0/24"], or ["0.0.0.0/0"] for a deliberately public endpoint`);
    }
    if (!this.bundleEndpoint && props.bundleEndpointClientCidrs !== undefined) {
      p('bundleEndpointClientCidrs is set but bundleEndpoint is false: set bundleEndpoint: true or remove bundleEndpointClientCidrs');
    }
  }

  private check(props: SpireServerProps, datastore: SpireDatastore, keyManager: SpireKeyManager): void {
    const p = (m: string) => this.problems.push(m);
    for (const m of props.profile.problems()) p(`cluster profile: ${m}`);
    for (const m of SpiffeId.trustDomainProblems(this.trustDomain)) p(`cluster profile: ${m}`);

    if (!/^[A-Za-z0-9._-]+$/.test(this.clusterName) || this.clusterName.length > 63) {
      p(`clusterName "${this.clusterName}" must be 1-63 letters, digits, ".", "-" or "_" (it becomes a SPIFFE ID path segment of every agent), e.g. "prod-eu-1"`);
    }
    for (const [what, ns] of [['namespace', this.namespaceName], ['agentNamespace', this.agentNamespace]] as const) {
      const np = ObjectNames.dns1123LabelProblem(ns);
      if (np) p(`${what} "${ns}" ${np}`);
      if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(ns)) p(`${what} "${ns}" is managed by Kubernetes: run SPIRE in a namespace of its own`);
    }
    if (this.namespaceName === this.agentNamespace) {
      p(`namespace and agentNamespace are both "${this.namespaceName}": the agents and the CSI driver need Pod Security "privileged", which would also relax the server (and its CA keys); use separate namespaces (defaults "spire-server" and "spire-system")`);
    }
    const saProblem = ObjectNames.dns1123SubdomainProblem(this.agentServiceAccount);
    if (saProblem) p(`agentServiceAccount "${this.agentServiceAccount}" ${saProblem}`);
    for (const m of K8sMeta.annotationProblems(props.serviceAccountAnnotations ?? {})) p(`serviceAccountAnnotations: ${m}`);

    for (const m of datastore.problems()) p(m);
    for (const m of keyManager.problems()) p(m);
    for (const [k, v] of Object.entries(this._images)) for (const m of imageProblems(k, v)) p(m);
    if (!/^\d+(\.\d+)?(Mi|Gi|Ti)$/.test(props.storageSize ?? '1Gi')) p(`storageSize "${props.storageSize}" must be a quantity like "1Gi"`);
    if (props.storageClassName !== undefined) {
      const sp = ObjectNames.dns1123SubdomainProblem(props.storageClassName);
      if (sp) p(`storageClassName "${props.storageClassName}" ${sp}`);
    }
    this.checkNetwork(props, keyManager);
    if (props.jwtIssuer !== undefined && !/^https:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/.test(props.jwtIssuer)) {
      p(`jwtIssuer "${props.jwtIssuer}" must be an https URL without query or fragment (the issuer your OIDC discovery provider serves), e.g. "https://oidc.prod.example.com"`);
    }

    // TTLs: whole seconds, and ordered as SPIRE requires to guarantee full SVID lifetimes.
    const ttls: Array<[string, Duration]> = [['caTtl', this.caTtl], ['defaultX509SvidTtl', this.defaultX509SvidTtl], ['defaultJwtSvidTtl', this.defaultJwtSvidTtl]];
    const bad = ttls.map(([w, d]) => ttlProblem(w, d)).filter((m): m is string => m !== undefined);
    bad.forEach(p);
    if (bad.length > 0) return;
    const ca = wholeSeconds(this.caTtl)!;
    const x509 = wholeSeconds(this.defaultX509SvidTtl)!;
    const jwt = wholeSeconds(this.defaultJwtSvidTtl)!;
    const max = maxSvidSecondsForCa(ca);
    for (const [what, s, d] of [['defaultX509SvidTtl', x509, this.defaultX509SvidTtl], ['defaultJwtSvidTtl', jwt, this.defaultJwtSvidTtl]] as const) {
      if (s >= ca) {
        p(`${what} ${describe(d)} is not shorter than caTtl ${describe(this.caTtl)}: an SVID cannot outlive the CA that signs it; shorten it to at most ${goDuration(max)} or raise caTtl to at least ${goDuration(s * 6)}`);
      } else if (s > max) {
        p(`${what} ${describe(d)} is longer than ${goDuration(max)} (min(caTtl/6, 7 days)): SPIRE rotates the CA when a sixth of its lifetime is left, so SVIDs would be cut short; shorten it or raise caTtl to at least ${goDuration(s * 6)}`);
      }
    }
    for (const m of credentialLifetimeProblems('SVIDs', [
      { prop: 'defaultX509SvidTtl', seconds: x509, capSeconds: CREDENTIAL_CAP_SECONDS },
      { prop: 'defaultJwtSvidTtl', seconds: jwt, capSeconds: JWT_SVID_CAP_SECONDS },
    ], 'longLivedSvidException', props.longLivedSvidException)) p(m);
    if (jwt > x509) {
      p(`defaultJwtSvidTtl ${describe(this.defaultJwtSvidTtl)} is longer than defaultX509SvidTtl ${describe(this.defaultX509SvidTtl)}: JWT-SVIDs are bearer tokens and must not outlive X.509-SVIDs; use at most ${describe(this.defaultX509SvidTtl)} (5m recommended)`);
    }
    if (ca > 30 * 24 * 3600) {
      p(`caTtl ${describe(this.caTtl)} is longer than 30 days: a stolen signing key stays useful for its whole lifetime; use at most 720h (24h recommended)`);
    }
  }
}

/** The egress a KMS key manager needs; undefined for `disk` and `memory`. */
function kmsEgress(keyManager: SpireKeyManager, cidrs: string[]): KmsEgress | undefined {
  const value = (k: string) => keyManager._data.find(([key]) => key === k)?.[1] ?? '';
  if (keyManager.pluginName === 'aws_kms') {
    const region = value('region');
    return {
      // KMS, and STS for IRSA (AssumeRoleWithWebIdentity, regional endpoint).
      fqdns: [`kms.${region}.amazonaws.com`, `sts.${region}.amazonaws.com`],
      cidrs,
      // EKS Pod Identity agent (link-local on every node). Never the instance metadata service.
      linkLocal: [{ cidrs: [AWS_POD_IDENTITY_AGENT], ports: [80] }],
    };
  }
  if (keyManager.pluginName === 'gcp_kms') {
    return {
      fqdns: ['cloudkms.googleapis.com'],
      cidrs,
      // GKE metadata server (Workload Identity): 169.254.169.254:80, and 169.254.169.252:988 on GKE 1.21+.
      linkLocal: [{ cidrs: [GKE_METADATA_SERVER], ports: [80] }, { cidrs: [GKE_METADATA_SERVER_DPV2], ports: [988] }],
    };
  }
  return undefined;
}

const AWS_POD_IDENTITY_AGENT = '169.254.170.23/32';
const GKE_METADATA_SERVER = '169.254.169.254/32';
const GKE_METADATA_SERVER_DPV2 = '169.254.169.252/32';

function cidrProblems(what: string, cidrs: string[] | undefined): string[] {
  return (cidrs ?? []).map(c => [c, Formats.cidrProblem(c)]).filter(([, m]) => m !== undefined).map(([c, m]) => `${what} entry "${c}" ${m}`);
}

function definedOnly(images: SpireImages | undefined): Partial<typeof DEFAULT_IMAGES> {
  const out: Partial<typeof DEFAULT_IMAGES> = {};
  for (const [k, v] of Object.entries(images ?? {})) if (v !== undefined) (out as any)[k] = v;
  return out;
}
