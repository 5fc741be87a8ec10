import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { renderClusterOnce } from './internal/engines';
import { bindPodSecurity, podSecuritySourceOf } from './internal/pod-hardening';
import { renderCoreNamespace } from '../backends/core/namespace';
import { EngineEntry, enginesFor } from '../engines/registry';
import { Exception } from '../model/exception';
import { NamespaceIntent, PortMtlsException } from '../model/intents';
import { ObjectNames } from '../model/names';
import { Port } from '../model/port';
import { PodSecurityLevel } from '../pod-security/level';
import { ClusterProfile } from '../profile/cluster-profile';
import { DRY_RUN_VALUE, Enforcement, ENFORCEMENT_ANNOTATION, registerNamespaceEnforcement } from '../profile/enforcement';
import { Mesh } from '../profile/mesh';
import { privilegedInitContainer } from '../profile/mesh-facts';
import { hashedChildrenEnd, hashedChildrenStart } from '../shared/objects';
import { K8sMeta } from '../validation/k8s-meta';

/** Prometheus scraping allowance for a namespace. */
export interface MonitoringAccessOptions {
  /**
   * Application metrics ports Prometheus may scrape, in addition to the
   * mesh's own metrics port (Istio sidecar 15020/15090, Linkerd proxy 4191).
   * @default - only the mesh's metrics ports
   */
  readonly ports?: Port[];
}

/** Ingress gateway allowance for a namespace. */
export interface IngressGatewayAccessOptions {
  /** Ports on which the ingress gateway may reach the namespace's pods. */
  readonly ports: Port[];
}

/** mTLS settings of a namespace. STRICT is the only default; anything else needs an exception. */
export interface NamespaceMtlsOptions {
  /**
   * Accept plaintext as well as mTLS (PERMISSIVE), e.g. while migrating
   * clients into the mesh. Istio only.
   * @default - STRICT
   */
  readonly permissive?: Exception;

  /**
   * Ports excluded from mTLS on selected pods (Istio `portLevelMtls` DISABLE,
   * Linkerd `config.linkerd.io/skip-inbound-ports`).
   * @default - none
   */
  readonly portExceptions?: PortMtlsException[];
}

/** Properties of a `ZeroTrustNamespace`. */
export interface ZeroTrustNamespaceProps {
  /** Namespace name (DNS-1123 label, at most 63 characters). */
  readonly name: string;

  /** What the cluster runs. */
  readonly profile: ClusterProfile;

  /**
   * The mesh for this namespace when it differs from the profile's, e.g. one
   * namespace migrating from Istio sidecars to ambient. Must be the same mesh
   * family as the profile's.
   * @default - the profile's mesh
   */
  readonly mesh?: Mesh;

  /**
   * Let Prometheus (the profile's `monitoring`) scrape the namespace's pods.
   * @default - no scraping allowed
   */
  readonly allowMonitoring?: MonitoringAccessOptions;

  /**
   * Let the ingress gateway (the profile's `ingressGateway`) reach every pod
   * in the namespace on the given ports. For one service only, use an
   * `AllowRoute` from `Peer.ingressGateway()` instead.
   * @default - no ingress from the gateway
   */
  readonly allowIngressGateway?: IngressGatewayAccessOptions;

  /**
   * Let every pod in the namespace reach the Kubernetes API server (operators,
   * controllers). Kubernetes NetworkPolicy needs `apiServer.cidrs` in the
   * profile; Cilium uses its `kube-apiserver` entity.
   * @default false
   */
  readonly allowKubeApiServer?: boolean;

  /**
   * mTLS exceptions.
   * @default - STRICT everywhere
   */
  readonly mtls?: NamespaceMtlsOptions;

  /**
   * The Pod Security Standards level the namespace enforces
   * (`pod-security.kubernetes.io/enforce`). Anything below `RESTRICTED` needs
   * `podSecurityException`. Audit and warn stay at `restricted` so every
   * relaxed pod keeps showing up. A sidecar mesh without its CNI plugin
   * injects an init container with NET_ADMIN and NET_RAW, which only
   * `PRIVILEGED` admits.
   * @default - `RESTRICTED`; `PRIVILEGED` when the mesh runs without its CNI plugin and `podSecurityException` is given
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * Justification for enforcing a Pod Security level below `restricted`
   * (`podSecurity`, or a sidecar mesh without its CNI plugin). Recorded as
   * annotations on the Namespace.
   * @default - none: `restricted` enforced
   */
  readonly podSecurityException?: Exception;

  /**
   * Whether this namespace's policies are enforced or run in each engine's
   * dry run (see `Enforcement`). Switching one namespace changes only the
   * objects in that namespace.
   * @default - the profile's `enforcement`
   */
  readonly enforcement?: Enforcement;

  /**
   * Why and until when this namespace runs in dry run. Required with
   * `DRY_RUN` unless the profile has a `dryRunException`. Recorded on the
   * Namespace; the audit reports a namespace still in dry run after it expires.
   * @default - the profile's `dryRunException`
   */
  readonly dryRunException?: Exception;

  /**
   * Extra labels on the Namespace.
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Extra annotations on the Namespace.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A namespace with a complete zero-trust baseline on every engine the
 * cluster runs:
 *
 * - the Namespace, with Pod Security `restricted` (enforce, audit, warn,
 *   pinned version) and mesh enrollment;
 * - default deny of ingress and egress (NetworkPolicy and/or Cilium), DNS
 *   egress to the cluster DNS only, and the egress the mesh data plane needs;
 * - Istio: STRICT PeerAuthentication and an allow-nothing AuthorizationPolicy;
 *   Linkerd: default inbound policy `deny`;
 * - the `default` ServiceAccount with token automount off.
 *
 * @example
 * const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile });
 */
export class ZeroTrustNamespace extends Construct {
  /** Returns the `ZeroTrustNamespace` a construct is in, or undefined. */
  public static of(construct: Construct): ZeroTrustNamespace | undefined {
    let c: Construct | undefined = construct;
    while (c) {
      if (c instanceof ZeroTrustNamespace) return c;
      c = c.node.scope as Construct | undefined;
    }
    return undefined;
  }

  /** Namespace name. */
  public readonly name: string;
  /** Cluster profile. */
  public readonly profile: ClusterProfile;
  /** Effective mesh for this namespace. */
  public readonly mesh: Mesh;
  /** The Pod Security level the namespace enforces (`pod-security.kubernetes.io/enforce`). */
  public readonly podSecurity: PodSecurityLevel;
  /** Whether this namespace's policies are enforced or in dry run. */
  public readonly enforcement: Enforcement;
  /** @internal The baseline intent (read by MeshService: monitoring and ingress gateway ports). */
  public readonly _intent: NamespaceIntent;

  private readonly problems: string[] = [];


  public constructor(scope: Construct, id: string, props: ZeroTrustNamespaceProps) {
    super(scope, id);
    // Its services get ids of their own: its children become a hash table (issue 19).
    hashedChildrenStart(this);
    this.name = props.name;
    this.profile = props.profile;
    this.mesh = props.mesh ?? props.profile.mesh;
    this.podSecurity = props.podSecurity
      ?? (props.podSecurityException && privilegedInitContainer(this.mesh) ? PodSecurityLevel.PRIVILEGED : PodSecurityLevel.RESTRICTED);

    this.enforcement = props.enforcement ?? props.profile.enforcement;
    registerNamespaceEnforcement(this, props.name, this.enforcement);

    this.node.addValidation({ validate: () => [...this.problems] });
    const engines = enginesFor(this.profile, this.mesh);
    const intent = this.intent(props, engines);
    this._intent = intent;
    this.check(props);
    const on = { profile: this.profile, mesh: this.mesh };
    const problem = (m: string) => this.problems.push(m);
    for (const e of engines) e.renderer().checkNamespace?.({ ...on, intent, problem });
    // Namespace metadata as the API server validates it (k8s.io/apimachinery ValidateLabels,
    // ValidateAnnotations with TotalAnnotationSizeLimitB = 256 KiB, exception annotations included).
    for (const m of K8sMeta.labelProblems(intent.labels)) this.problems.push(`labels: ${m}`);
    for (const m of K8sMeta.annotationProblems(intent.annotations)) this.problems.push(`annotations: ${m}`);
    renderCoreNamespace(this, intent, this.profile, this.mesh);
    renderClusterOnce(this, intent);
    for (const e of engines) e.renderer().renderNamespace?.({ ...on, scope: this, intent });
    hashedChildrenEnd(this);
  }

  /** Adds a problem reported at synthesis under this namespace's path. */
  public addProblem(message: string): void {
    this.problems.push(message);
  }

  private intent(props: ZeroTrustNamespaceProps, engines: readonly EngineEntry[]): NamespaceIntent {
    const annotations: Record<string, string> = { ...(props.annotations ?? {}) };
    if (props.mtls?.permissive) Object.assign(annotations, props.mtls.permissive.annotations('mtls-permissive'));
    if (props.podSecurityException) Object.assign(annotations, props.podSecurityException.annotations('pod-security'));
    for (const pe of props.mtls?.portExceptions ?? []) Object.assign(annotations, pe.exception.annotations(`port-mtls.${pe.port}`));
    const dryRun = this.enforcement === Enforcement.DRY_RUN;
    const dryRunException = props.dryRunException ?? this.profile.dryRunException;
    if (dryRun) {
      annotations[ENFORCEMENT_ANNOTATION] = DRY_RUN_VALUE;
      if (dryRunException) Object.assign(annotations, dryRunException.annotations('dry-run'));
      // What each engine's dry run observes or withholds, so the output does not claim an observation it cannot make.
      for (const e of engines) Object.assign(annotations, e.renderer().dryRunNotes?.({ profile: this.profile, mesh: this.mesh }) ?? {});
    }
    return {
      name: this.name,
      labels: { ...(props.labels ?? {}) },
      annotations,
      monitoringPorts: props.allowMonitoring ? [...(props.allowMonitoring.ports ?? [])] : undefined,
      ingressGatewayPorts: props.allowIngressGateway ? [...props.allowIngressGateway.ports] : undefined,
      kubeApiServer: props.allowKubeApiServer ?? false,
      permissiveMtls: props.mtls?.permissive,
      portMtlsExceptions: [...(props.mtls?.portExceptions ?? [])],
      podSecurity: this.podSecurity,
      dryRun,
    };
  }

  /**
   * Hardens a cdk8s-plus workload that runs in this namespace but is not bound to a
   * `MeshService` (e.g. several versions of one service selected by `selector`), exactly as
   * `MeshService` hardens the workload it binds: where the pod template leaves them unset,
   * pod `seccompProfile: RuntimeDefault` and `runAsNonRoot: true`, and on every container
   * `capabilities.drop: [ALL]` and `allowPrivilegeEscalation: false`. Values you set are kept
   * and checked: synthesis fails when they break this namespace's Pod Security level.
   * @param workload the Deployment, StatefulSet, DaemonSet, Job or CronJob (its namespace is yours to set)
   */
  public hardenWorkload(workload: kplus.Workload): void {
    bindPodSecurity(workload, podSecuritySourceOf(this));
  }

  private check(props: ZeroTrustNamespaceProps): void {
    const p = (m: string) => this.problems.push(m);
    for (const m of this.profile.problems()) p(`cluster profile: ${m}`);

    const nameProblem = ObjectNames.dns1123LabelProblem(props.name ?? '');
    if (nameProblem) p(`namespace name "${props.name}" ${nameProblem}; e.g. "payments"`);
    if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(props.name)) {
      p(`namespace "${props.name}" is managed by Kubernetes; put workloads in a namespace of their own`);
    }

    if (props.mesh && props.mesh.family !== this.profile.mesh.family) {
      p(`mesh ${props.mesh.kind} differs from the profile's ${this.profile.mesh.kind}: one cluster runs one mesh (${props.mesh.family} and ${this.profile.mesh.family} together are not supported); only Istio sidecar and ambient may be mixed`);
    }

    for (const [label, ports] of [['allowMonitoring.ports', props.allowMonitoring?.ports ?? []], ['allowIngressGateway.ports', props.allowIngressGateway?.ports ?? []]] as const) {
      for (const port of ports) for (const m of port.problems()) p(`${label}: ${m}`);
    }
    if (props.allowIngressGateway && props.allowIngressGateway.ports.length === 0) {
      p('allowIngressGateway.ports is empty: name the ports the gateway may reach (e.g. [Port.http(8080)])');
    }

    const meshed = this.mesh.providesIdentity;
    if (meshed && props.allowIngressGateway && !this.profile.ingressGateway.meshed) {
      p(`allowIngressGateway: the ingress gateway (${this.profile.ingressGateway.namespaceName}) is not in the mesh, so under STRICT mTLS it cannot reach this namespace and ${this.mesh.family} cannot authorize it by identity: mesh the gateway (ingressGateway.meshed: true in the ClusterProfile)`);
    }
    if (props.mtls?.permissive) {
      // Meshes that cannot relax mTLS say so in their checkNamespace hook.
      if (!meshed) p(`mtls.permissive is not expressible with mesh ${this.mesh.kind}: there is no mesh mTLS to relax`);
      for (const m of props.mtls.permissive.problems('PERMISSIVE mTLS')) p(`mtls.permissive: ${m}`);
    }
    for (const pe of props.mtls?.portExceptions ?? []) {
      if (!Number.isInteger(pe.port) || pe.port < 1 || pe.port > 65535) p(`mtls.portExceptions: port ${pe.port} is out of range: use 1-65535`);
      if (!meshed) p(`mtls.portExceptions: port ${pe.port}: there is no mesh mTLS to relax with mesh NONE`);
      for (const m of pe.exception.problems(`plaintext on port ${pe.port}`)) p(`mtls.portExceptions: ${m}`);
    }

    const validEnforcement = (Object.values(Enforcement) as string[]).includes(this.enforcement);
    if (!validEnforcement) p(`enforcement "${this.enforcement}" is not an Enforcement: use Enforcement.ENFORCE or Enforcement.DRY_RUN`);
    if (this.enforcement === Enforcement.DRY_RUN) {
      const ex = props.dryRunException ?? this.profile.dryRunException;
      if (!ex) {
        p(`enforcement DRY_RUN in namespace ${props.name} needs dryRunException: Exception.of({ reason, expires }) (here or on the ClusterProfile): a dry run enforces nothing, so it must say why and until when`);
      } else if (props.dryRunException || this.profile.enforcement !== Enforcement.DRY_RUN) {
        for (const m of ex.problems(`the dry run of namespace ${props.name}`)) p(`dryRunException: ${m}`);
      }
    } else if (props.dryRunException && validEnforcement) {
      p(`dryRunException is given but namespace ${props.name} is enforced (${props.enforcement ? 'enforcement is ENFORCE' : 'the profile enforces'}): remove it once the dry run is over`);
    }

    const init = privilegedInitContainer(this.mesh);
    const level = this.podSecurity;
    const validLevels = Object.values(PodSecurityLevel) as string[];
    if (!validLevels.includes(level)) p(`podSecurity "${level}" is not a Pod Security level: use PodSecurityLevel.RESTRICTED, BASELINE or PRIVILEGED`);
    if (init && level !== PodSecurityLevel.PRIVILEGED) {
      p(`mesh ${this.mesh.kind} without its CNI plugin injects the init container ${init} with NET_ADMIN and NET_RAW, which Pod Security "${level}" rejects (neither is in baseline's allowed capabilities): install the mesh CNI (cni: true), or pass podSecurityException: Exception.of({ reason, expires }) to enforce "privileged"`);
    }
    if (level !== PodSecurityLevel.RESTRICTED && validLevels.includes(level) && !props.podSecurityException) {
      p(`podSecurity ${level} lowers Pod Security below "restricted": justify it with podSecurityException: Exception.of({ reason, expires }), or remove podSecurity`);
    }
    if (props.podSecurityException) {
      if (level === PodSecurityLevel.RESTRICTED) {
        p(`podSecurityException is given but the namespace enforces "restricted" (${props.podSecurity ? 'podSecurity is RESTRICTED' : 'the mesh needs nothing more'}): remove it, or set podSecurity to the level the exception justifies`);
      }
      for (const m of props.podSecurityException.problems(`Pod Security "${level}" in namespace ${props.name}`)) p(`podSecurityException: ${m}`);
    }
  }
}
