import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AllowRoute, AllowRouteOptions } from './allow-route';
import { ServiceEngines } from './internal/engines';
import { bindPodSecurity, podSecuritySourceOf } from './internal/pod-hardening';
import { brandRouteService } from './internal/route-service';
import { ZeroTrustNamespace } from './zero-trust-namespace';
import { exposedPorts, renderCoreService } from '../backends/core/service';
import { enginesFor } from '../engines/registry';
import { Exception } from '../model/exception';
import { ObjectNames } from '../model/names';
import { IPeer, Peer, PeerKind, PeerSpec } from '../model/peer';
import { Port } from '../model/port';
import { GrpcProbe, HttpProbe, ServiceIntent } from '../model/route-intent';
import { TrafficPolicy } from '../model/traffic-policy';
import { IWorkloadIdentity } from '../model/workload';
import { isAmbient, proxyOwnedPorts } from '../profile/mesh-facts';
import { hashedChildrenEnd, hashedChildrenStart } from '../shared/objects';
import { K8sMeta, K8sNames } from '../validation/k8s-meta';

/** Label the library puts on (and selects) the pods of a `MeshService` built from a workload. */
const SERVICE_LABEL = 'app.kubernetes.io/name';

/** Properties of a `MeshService`. */
export interface MeshServiceProps {
  /**
   * Service name (DNS-1035 label: lower-case letters, digits and "-",
   * starting with a letter); also the name of its dedicated ServiceAccount
   * unless `serviceAccountName` is given.
   */
  readonly name: string;

  /**
   * Ports the service exposes, each with its application protocol. Leave it
   * out (or empty) for a client-only workload (a load generator, a batch
   * client): no Service, Istio DestinationRule or Linkerd Server is rendered,
   * the namespace's default deny still applies, routes from it work on every
   * engine and a route to it fails synthesis.
   * @default - none: a client-only workload
   */
  readonly ports?: Port[];

  /**
   * Name of the dedicated ServiceAccount (the workload identity routes name),
   * when it must differ from `name`, e.g. an identity already bound in Vault
   * or a cloud IAM role. A DNS-1123 subdomain, not `default`.
   * @default - `name`
   */
  readonly serviceAccountName?: string;

  /**
   * The cdk8s-plus workload (Deployment, StatefulSet, DaemonSet) whose pods
   * are this service. The library sets its pod template's service account to
   * the dedicated one, labels its pods `app.kubernetes.io/name: <name>` and
   * puts it in the namespace. Do not give the workload a `serviceAccount`.
   * Its pod template is hardened for the namespace's Pod Security level where
   * unset (pod `seccompProfile: RuntimeDefault` and `runAsNonRoot: true`,
   * every container `capabilities.drop: [ALL]` and
   * `allowPrivilegeEscalation: false`); explicit values the level forbids
   * fail synthesis.
   * Exactly one of `workload` and `selector` is required.
   * @default - none: use `selector`
   */
  readonly workload?: kplus.Workload;

  /**
   * Labels of pods deployed elsewhere (Helm, another chart). Those pods must
   * run with the service account this construct creates (`serviceAccountName`).
   * Exactly one of `workload` and `selector` is required.
   * @default - none: use `workload`
   */
  readonly selector?: { [key: string]: string };

  /**
   * Mount the service account token into the pods. Off by default: only
   * workloads that call the Kubernetes API need it.
   * @default - no token mounted
   */
  readonly serviceAccountToken?: Exception;

  /**
   * Timeouts, retries, connection pool limits and outlier detection for
   * callers of this service (Istio only).
   * @default - mesh defaults
   */
  readonly traffic?: TrafficPolicy;

  /**
   * The application's metrics port. Prometheus (the profile's `monitoring`)
   * may scrape it on every engine; ports already allowed by the namespace's
   * `allowMonitoring` need no extra policy.
   * @default - no application metrics port
   */
  readonly metricsPort?: Port;

  /**
   * HTTP health probes of the pods. Linkerd stops authorizing probes
   * implicitly once a port has L7 routes, so the library authorizes these
   * paths explicitly.
   * @default - the HTTP probes of `workload`'s containers, or none with `selector`
   */
  readonly probes?: HttpProbe[];

  /**
   * gRPC health probes of the pods (container probes with `grpc`). The
   * kubelet calls `grpc.health.v1.Health/Check` with POST, which Linkerd
   * never authorizes by itself; the library authorizes exactly that call on
   * these ports once they have L7 routes.
   * @default - the gRPC probes of `workload`'s containers, or none with `selector`
   */
  readonly grpcProbes?: GrpcProbe[];
}

/** Services per namespace (names are unique per namespace). */
const servicesByNamespace = new WeakMap<ZeroTrustNamespace, Map<string, MeshService>>();
function servicesOf(ns: ZeroTrustNamespace): Map<string, MeshService> {
  let r = servicesByNamespace.get(ns);
  if (!r) { r = new Map(); servicesByNamespace.set(ns, r); }
  return r;
}

/**
 * One service with one workload identity: a dedicated ServiceAccount, a
 * Service whose ports carry their application protocol, and the binding to
 * its pods; plus, per engine, what the mesh needs to serve it (Istio
 * DestinationRule with ISTIO_MUTUAL and the traffic policy, a Linkerd
 * `Server` per port).
 *
 * Nothing may reach it and it may reach nothing until routes allow it:
 * `processor.allowFrom(checkout, { ... })`, `checkout.allowTo(processor)` or
 * `new AllowRoute(...)`.
 *
 * @example
 * const processor = new MeshService(payments, 'processor', {
 *   name: 'payment-processor',
 *   ports: [Port.http(8080)],
 *   workload: deployment,
 * });
 */
export class MeshService extends Construct implements IWorkloadIdentity, IPeer {
  /** Whether `x` is a `MeshService`. */
  public static isMeshService(x: any): boolean {
    return x instanceof MeshService;
  }

  /**
   * `addProblem` as a function for the engines' hooks, returned where no name is inferred for it (a
   * closure kept per service: see `ServiceEngines.waypointReader`).
   */
  private static problemRecorder(s: MeshService): (message: string) => void {
    return m => s.addProblem(m);
  }

  /** Service name. */
  public readonly name: string;
  /** Namespace the pods run in. */
  public readonly namespaceName: string;
  /** The dedicated ServiceAccount. */
  public readonly serviceAccountName: string;
  /** Labels that select exactly this service's pods. */
  public readonly podLabels: { [key: string]: string };
  /** The workload, when given. */
  public readonly workload?: kplus.Workload;
  /** Exposed ports (without the metrics port). */
  public readonly ports: Port[];
  /** Metrics port, if any. */
  public readonly metricsPort?: Port;
  /** Traffic policy, if any. */
  public readonly traffic?: TrafficPolicy;
  /** Kind of route endpoint. */
  public readonly peerKind = PeerKind.MESH_SERVICE;
  /** The namespace this service is in. */
  public readonly zeroTrustNamespace: ZeroTrustNamespace;
  /** The Service object (escape hatch); none for a client-only workload (no ports). */
  public readonly serviceObject?: ApiObject;
  /** The ServiceAccount object (escape hatch). */
  public readonly serviceAccountObject: ApiObject;

  /** What is wrong with the service; its validation is added with the first problem (issue 19: most services have none). */
  private problems?: string[];
  private readonly _intent: ServiceIntent;
  /** @internal The engines that render this service and its routes (src/engines/registry.ts). */
  public readonly _engines: ServiceEngines;

  public constructor(scope: Construct, id: string, props: MeshServiceProps) {
    super(scope, id);
    brandRouteService(this);
    const ns = ZeroTrustNamespace.of(scope);
    if (!ns) {
      throw new Error(`MeshService ${props.name} must be created inside a ZeroTrustNamespace (new MeshService(namespace, '${id}', {...}))`);
    }
    this.zeroTrustNamespace = ns;
    // Its routes' objects get ids of their own: its children become a hash table (issue 19).
    hashedChildrenStart(this);
    this.name = props.name;
    this.namespaceName = ns.name;
    this.serviceAccountName = props.serviceAccountName ?? props.name;
    this.workload = props.workload;
    this.ports = [...(props.ports ?? [])];
    this.metricsPort = props.metricsPort;
    this.traffic = props.traffic;
    this.podLabels = props.selector ? { ...props.selector } : { [SERVICE_LABEL]: props.name };

    this.check(props);
    if (props.workload) this.bindWorkload(props.workload, props);

    // The constructor's parts are functions of their own (issue 19: V8 compiles a long function
    // late and at length; this one runs once per service).
    this._intent = serviceIntentOf(this, ns, props);
    AllowRoute._prepareEnd(this);
    const core = renderCoreService(this, this._intent);
    this.serviceObject = core.service;
    this.serviceAccountObject = core.serviceAccount;
    this._engines = engineRendering(this, ns, this._intent, this.serviceObject, MeshService.problemRecorder(this));
    this._engines.renderService();
    this.allowMetrics(ns);
    hashedChildrenEnd(this);
  }

  /** Prometheus may scrape the metrics port unless the namespace already allows it. */
  private allowMetrics(ns: ZeroTrustNamespace): void {
    const metrics = this.metricsPort;
    if (metrics && !(ns._intent.monitoringPorts ?? []).some(p => p.targetPort === metrics.targetPort)) {
      new AllowRoute(this, 'MetricsRoute', { source: Peer.monitoring(), destination: this, ports: [metrics] });
    }
  }

  /** Records a problem, reported at synthesis under this service's path. */
  private addProblem(message: string): void {
    if (!this.problems) {
      const problems: string[] = [];
      this.problems = problems;
      this.node.addValidation({ validate: () => [...problems] });
    }
    this.problems.push(message);
  }

  /** Describes this service as a route endpoint. */
  public toPeerSpec(): PeerSpec {
    return {
      kind: PeerKind.MESH_SERVICE,
      name: this.name,
      namespaceName: this.namespaceName,
      podLabels: { ...this.podLabels },
      serviceAccount: this.serviceAccountName,
    };
  }

  /**
   * Allows `source` to call this service.
   * @returns the route (an existing one when the same route was declared before)
   */
  public allowFrom(source: IPeer, options: AllowRouteOptions = {}): AllowRoute {
    return AllowRoute._fluent(this, source, this, options);
  }

  /**
   * Allows this service to call `destination`.
   * @returns the route (an existing one when the same route was declared before)
   */
  public allowTo(destination: IPeer, options: AllowRouteOptions = {}): AllowRoute {
    return AllowRoute._fluent(this, this, destination, options);
  }

  /** Whether this is a client-only workload: it exposes no port, so nothing can route to it. */
  public get clientOnly(): boolean {
    return this.exposedPorts.length === 0;
  }

  /** Every port a route may target: the ports and the metrics port. */
  public get exposedPorts(): Port[] {
    return exposedPorts(this._intent);
  }

  /** Whether this service's traffic goes through an Istio ambient waypoint. */
  public get usesWaypoint(): boolean {
    return this._engines.usesWaypoint;
  }

  /** @internal */
  public get _serviceIntent(): ServiceIntent {
    return this._intent;
  }

  private check(props: MeshServiceProps): void {
    const p = MeshService.problemRecorder(this);
    // Service metadata.name: DNS-1035 label (k8s.io/kubernetes pkg/apis/core/validation ValidateServiceName).
    const nameProblem = ObjectNames.dns1035LabelProblem(props.name ?? '');
    if (nameProblem) p(`service name "${props.name}" ${nameProblem}; e.g. "payment-processor"`);
    if (props.serviceAccountName !== undefined) {
      // ServiceAccount metadata.name: DNS-1123 subdomain (ValidateServiceAccountName); a principal with another name never matches.
      const sp = K8sNames.serviceAccountName(props.serviceAccountName);
      if (sp) p(`serviceAccountName "${props.serviceAccountName}" ${sp}: the API server rejects the ServiceAccount and no mesh principal naming it can ever match; e.g. "load-generator"`);
    }
    if (this.serviceAccountName === 'default') p(`${props.serviceAccountName !== undefined ? 'serviceAccountName' : 'service name'} "default" would reuse the namespace's default ServiceAccount: every service needs an identity of its own; choose another name`);
    const services = servicesOf(this.zeroTrustNamespace);
    if (services.has(props.name)) {
      p(`a MeshService named "${props.name}" already exists in namespace ${this.zeroTrustNamespace.name} (${services.get(props.name)!.node.path}): service names are unique per namespace`);
    } else {
      services.set(props.name, this);
    }
    if ((props.workload === undefined) === (props.selector === undefined)) {
      p('give exactly one of workload (a cdk8s-plus Deployment, StatefulSet or DaemonSet defined here) and selector (labels of pods deployed elsewhere)');
    }
    if (props.selector !== undefined) {
      if (Object.keys(props.selector).length === 0) p('selector is empty: it would select every pod in the namespace; give the labels of this service\'s pods');
      for (const m of K8sMeta.labelProblems(props.selector)) p(`selector: ${m}: a selector with it is rejected by the API server and can never match a pod`);
    }
    // Indexed loops over the ports and the metrics port (issue 19: no iterator or copy per service).
    const ports = props.ports ?? [];
    const mp = props.metricsPort;
    const owned = proxyOwnedPorts(this.zeroTrustNamespace.mesh);
    for (let i = 0; i <= ports.length; i++) {
      const port = i < ports.length ? ports[i] : mp;
      if (port === undefined) continue;
      const problems = port.problems();
      for (let k = 0; k < problems.length; k++) p(`port ${port.name}: ${problems[k]}`);
    }
    for (let i = 0; i <= ports.length; i++) {
      const port = i < ports.length ? ports[i] : mp;
      if (port === undefined) continue;
      const clash = owned.find(o => o.port === port.targetPort);
      if (clash) {
        p(`port ${port.name}: container port ${clash.port} is used by the ${this.zeroTrustNamespace.mesh.family === 'linkerd' ? 'Linkerd proxy' : 'Istio proxy'} in every pod of this mesh (${this.zeroTrustNamespace.mesh.kind}: ${clash.use}), so traffic to it never reaches the application: move the application to another port (${owned.map(o => o.port).join(', ')} are taken)`);
      }
    }
    // Repeated numbers and names: pairwise (a service has a few ports; no map and set per service).
    for (let i = 0; i < ports.length; i++) {
      for (let j = 0; j < i; j++) {
        if (ports[j].number === ports[i].number) { p(`port ${ports[i].number} is listed twice: each port once`); break; }
      }
      for (let j = 0; j < i; j++) {
        if (ports[j].name === ports[i].name) { p(`port name "${ports[i].name}" is used twice: port names are unique within a Service`); break; }
      }
    }
    if (mp) {
      // The last service port with the metrics port's number (what a number-to-port map would keep).
      let same: Port | undefined;
      for (let i = 0; i < ports.length; i++) if (ports[i].number === mp.number) same = ports[i];
      if (same && (same.name !== mp.name || same.protocol !== mp.protocol || same.targetPort !== mp.targetPort)) {
        p(`metricsPort ${mp.number} differs from the service port ${same.name} with the same number: pass the same Port object, or another number`);
      } else if (!same && ports.some(x => x.name === mp.name)) {
        p(`metricsPort name "${mp.name}" is already used by a service port: name it differently (e.g. Port.http(9090, { name: 'metrics' }))`);
      }
    }
    if (props.serviceAccountToken) for (const m of props.serviceAccountToken.problems('a mounted service account token')) p(`serviceAccountToken: ${m}`);
    if (props.traffic) {
      for (const m of props.traffic.problems()) p(m);
      const l7 = (props.ports ?? []).some(x => x.supportsL7);
      if (props.traffic.needsL7 && !l7) p('traffic sets timeouts or retries, which need an HTTP, HTTP/2 or gRPC port; this service has none');
      const ns = this.zeroTrustNamespace;
      if (!enginesFor(ns.profile, ns.mesh).some(e => e.renderer().rendersTrafficPolicy)) p(`traffic is rendered for Istio only; the mesh here is ${this.zeroTrustNamespace.mesh.kind}: remove it`);
    }
    for (const probe of props.probes ?? []) {
      if (!Number.isInteger(probe.port) || probe.port < 1 || probe.port > 65535) p(`probe port ${probe.port} is out of range: use 1-65535`);
      if (!probe.path.startsWith('/')) p(`probe path "${probe.path}" must start with "/"`);
    }
    for (const probe of props.grpcProbes ?? []) {
      if (!Number.isInteger(probe.port) || probe.port < 1 || probe.port > 65535) p(`gRPC probe port ${probe.port} is out of range: use 1-65535`);
    }
  }

  private bindWorkload(workload: kplus.Workload, props: MeshServiceProps): void {
    const p = MeshService.problemRecorder(this);
    const existing = workload.podMetadata.getLabel(SERVICE_LABEL);
    if (existing !== undefined && existing !== props.name) {
      p(`workload ${workload.node.path} labels its pods ${SERVICE_LABEL}=${existing}, but this service selects ${SERVICE_LABEL}=${props.name}: remove the label or use the service name`);
    }
    workload.podMetadata.addLabel(SERVICE_LABEL, props.name);
    if (workload.serviceAccount && workload.serviceAccount.name !== this.serviceAccountName) {
      p(`workload ${workload.node.path} has its own serviceAccount "${workload.serviceAccount.name}": MeshService gives the pods a dedicated ServiceAccount "${this.serviceAccountName}"; drop serviceAccount from the workload`);
    }
    if (workload.automountServiceAccountToken && !props.serviceAccountToken) {
      p(`workload ${workload.node.path} mounts the service account token (automountServiceAccountToken: true): only workloads that call the Kubernetes API need it; remove it, or justify it with serviceAccountToken: Exception.of({ reason, expires })`);
    }
    const obj = ApiObject.of(workload);
    const wns = obj.metadata.namespace;
    if (wns !== undefined && wns !== this.namespaceName) {
      p(`workload ${workload.node.path} is in namespace "${wns}", but the service is in "${this.namespaceName}": create the workload without a namespace (the service sets it) or in the same namespace`);
    } else if (wns === undefined) {
      obj.addJsonPatch(JsonPatch.add('/metadata/namespace', this.namespaceName));
    }
    obj.addJsonPatch(JsonPatch.add('/spec/template/spec/serviceAccountName', this.serviceAccountName));
    obj.addJsonPatch(JsonPatch.add('/spec/template/spec/automountServiceAccountToken', props.serviceAccountToken !== undefined));
    // Pod Security: fill in the hardened defaults where unset; fail on explicit values the namespace's level forbids.
    bindPodSecurity(workload, podSecuritySourceOf(this.zeroTrustNamespace));
  }
}

/** The intent of a service: what its engines render, as plain data. */
function serviceIntentOf(s: MeshService, ns: ZeroTrustNamespace, props: MeshServiceProps): ServiceIntent {
  const nsIntent = ns._intent;
  // The workload's probes, read once (only for what props do not give).
  const workloadProbes = props.probes && props.grpcProbes ? undefined : probesOf(props.workload);
  return {
    name: s.name,
    namespace: s.namespaceName,
    serviceAccount: s.serviceAccountName,
    podLabels: { ...s.podLabels },
    ports: [...s.ports],
    metricsPort: s.metricsPort,
    probes: props.probes ? [...props.probes] : workloadProbes!.http,
    grpcProbes: props.grpcProbes ? [...props.grpcProbes] : workloadProbes!.grpc,
    traffic: s.traffic,
    tokenException: props.serviceAccountToken,
    meshFamily: ns.mesh.family,
    ambient: isAmbient(ns.mesh),
    namespaceMonitoringPorts: nsIntent.monitoringPorts,
    namespaceIngressGatewayPorts: nsIntent.ingressGatewayPorts,
  };
}

/** The engines that render a service and its routes, after each has checked the service (its `checkService` hook). */
function engineRendering(s: MeshService, ns: ZeroTrustNamespace, intent: ServiceIntent, serviceObject: ApiObject | undefined,
  problem: (message: string) => void): ServiceEngines {
  const engines = new ServiceEngines(s, ns, intent, serviceObject, problem);
  for (const e of engines.engines) e.renderer().checkService?.({ profile: ns.profile, mesh: ns.mesh, service: intent, problem });
  return engines;
}

/**
 * HTTP and gRPC probes of a cdk8s-plus workload's containers. cdk8s-plus-28
 * has no gRPC probe factory, but a `Probe` whose `_toKube` returns a `grpc`
 * handler (a subclass) is read too.
 */
function probesOf(workload: kplus.Workload | undefined): { http: HttpProbe[]; grpc: GrpcProbe[] } {
  const grpc: GrpcProbe[] = [];
  if (!workload) return { http: [], grpc };
  const out: HttpProbe[] = [];
  for (const c of workload.containers) {
    const anyC = c as any;
    for (const probe of [anyC._readiness, anyC._liveness, anyC._startup]) {
      if (!probe) continue;
      const kube = (probe as any)._toKube?.(c);
      const gp = kube?.grpc?.port;
      if (typeof gp === 'number' && !grpc.some(x => x.port === gp)) grpc.push({ port: gp });
      const get = kube?.httpGet;
      if (!get || typeof get.path !== 'string') continue;
      const port = typeof get.port?.value === 'number' ? get.port.value : c.portNumber;
      if (typeof port === 'number' && !out.some(x => x.port === port && x.path === get.path)) out.push({ port, path: get.path });
    }
  }
  return { http: out, grpc };
}
