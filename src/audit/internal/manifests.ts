// Internal: indexes a set of plain manifest objects (no cdk8s, no generated classes).
import { podTemplateOf as sharedPodTemplateOf } from '../../shared/pod-template';

/** Where an object loaded from a file is: the file and its 1-based line range. */
export interface ManifestLocation {
  readonly file: string;
  readonly startLine?: number;
  readonly endLine?: number;
}

/** Where manifests loaded from files came from (set by the CLI loader). */
export const MANIFEST_LOCATIONS = new WeakMap<object, ManifestLocation>();

/** Kinds without a namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'CiliumClusterwideNetworkPolicy', 'ClusterSPIFFEID', 'ClusterStaticEntry', 'ClusterFederatedTrustDomain',
  'ClusterSecretStore', 'ClusterExternalSecret', 'APIService', 'IngressClass', 'RuntimeClass',
]);

/** A container port of a pod template. */
export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
}

/** A pod template found in the manifests (Deployment, StatefulSet, ..., or a bare Pod). */
export interface PodWorkload {
  readonly obj: any;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Pod template labels. */
  readonly labels: Record<string, string>;
  /** Pod template annotations. */
  readonly annotations: Record<string, string>;
  readonly podSpec: any;
  /** Effective service account (`default` when none is set). */
  readonly serviceAccount: string;
  /** Whether a service account name is set explicitly. */
  readonly serviceAccountExplicit: boolean;
  readonly ports: ContainerPort[];
}

export function isObject(x: any): boolean {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

export function arr(x: any): any[] {
  return Array.isArray(x) ? x : [];
}

export function apiGroup(apiVersion: string | undefined): string {
  const v = String(apiVersion ?? '');
  return v.includes('/') ? v.split('/')[0] : '';
}

/** Namespace of an object (`default` when unset), undefined for cluster-scoped kinds. */
export function namespaceOf(obj: any): string | undefined {
  if (CLUSTER_SCOPED.has(obj?.kind)) return undefined;
  return obj?.metadata?.namespace ?? 'default';
}

export function nameOf(obj: any): string {
  return String(obj?.metadata?.name ?? '(unnamed)');
}

/** `<kind>/<ns>/<name>` or `<kind>/<name>` for cluster-scoped objects. */
export function logicalName(obj: any): string {
  const ns = namespaceOf(obj);
  return ns === undefined ? `${obj?.kind}/${nameOf(obj)}` : `${obj?.kind}/${ns}/${nameOf(obj)}`;
}

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

/** The pod template of a built-in workload (metadata and spec default to `{}`); undefined for other kinds. */
export function podTemplateOf(obj: any): { metadata: any; spec: any } | undefined {
  if (!WORKLOAD_KINDS.has(obj?.kind)) return undefined;
  const t = sharedPodTemplateOf(obj);
  return t ? { metadata: t.holder.metadata ?? {}, spec: t.holder.spec ?? {} } : undefined;
}

/** All containers of a pod spec (containers, initContainers, ephemeralContainers). */
export function allContainers(podSpec: any): any[] {
  return [...arr(podSpec?.initContainers), ...arr(podSpec?.containers), ...arr(podSpec?.ephemeralContainers)];
}

/** An indexed, read-only set of manifests. */
export class ManifestSet {
  public readonly objects: any[];
  public readonly workloads: PodWorkload[];
  private readonly namespaceObjects = new Map<string, any>();
  private presentNamespaces?: Set<string>;
  private managed?: PodWorkload[];
  /** Indexes built on first use (the set is read-only): objects by kind, by kind+group, by identity; workloads by namespace. */
  private byKind?: Map<string, any[]>;
  private readonly byKindGroup = new Map<string, any[]>();
  private byIdentity?: Map<string, any>;
  private readonly byKindGroupNs = new Map<string, Map<string, any[]>>();
  private workloadsByNs?: Map<string, PodWorkload[]>;
  private managedByNs?: Map<string, PodWorkload[]>;
  private readonly servicesByNs = new Map<string, any[]>();
  private readonly serviceAccountsByNs = new Map<string, Set<string>>();

  constructor(manifests: any[]) {
    this.objects = flatten(manifests);
    for (const o of this.objects) {
      if (o.kind === 'Namespace' && o.metadata?.name) this.namespaceObjects.set(o.metadata.name, o);
    }
    this.workloads = [];
    for (const o of this.objects) {
      const t = podTemplateOf(o);
      if (!t) continue;
      const sa = t.spec.serviceAccountName ?? t.spec.serviceAccount;
      const ports: ContainerPort[] = [];
      for (const c of arr(t.spec.containers)) {
        for (const p of arr(c.ports)) {
          if (typeof p.containerPort === 'number') ports.push({ name: p.name, port: p.containerPort, protocol: p.protocol ?? 'TCP' });
        }
      }
      this.workloads.push({
        obj: o,
        kind: o.kind,
        name: nameOf(o),
        namespace: namespaceOf(o) ?? 'default',
        labels: { ...(t.metadata?.labels ?? {}) },
        annotations: { ...(t.metadata?.annotations ?? {}) },
        podSpec: t.spec,
        serviceAccount: sa ? String(sa) : 'default',
        serviceAccountExplicit: !!sa,
        ports,
      });
    }
  }

  /**
   * Workloads the mesh control plane creates from the manifests, not pod
   * templates: Istio waypoints. Istio deploys a Gateway API `Gateway` of class
   * `istio-waypoint` as a Deployment named after the Gateway (no class suffix for
   * waypoints) whose pods carry `gateway.networking.k8s.io/gateway-name: <gateway>`
   * and run as ServiceAccount `<gateway>` (or the `gateway.istio.io/service-account`
   * / `gateway.istio.io/name-override` annotation). Ports are the listeners' ports.
   */
  public get managedWorkloads(): PodWorkload[] {
    if (!this.managed) {
      this.managed = [];
      for (const g of this.objects) {
        if (!isWaypointGateway(g)) continue;
        const name = nameOf(g);
        const ann = g.metadata?.annotations ?? {};
        const sa = String(ann['gateway.istio.io/service-account'] ?? ann['gateway.istio.io/name-override'] ?? name);
        const ports: ContainerPort[] = arr(g.spec?.listeners).filter((l: any) => typeof l?.port === 'number')
          .map((l: any) => ({ name: l.name, port: l.port, protocol: 'TCP' }));
        this.managed.push({
          obj: g,
          kind: 'Gateway',
          name,
          namespace: namespaceOf(g) ?? 'default',
          labels: { 'gateway.networking.k8s.io/gateway-name': name },
          annotations: {},
          podSpec: {},
          serviceAccount: sa,
          serviceAccountExplicit: true,
          ports,
        });
      }
    }
    return this.managed;
  }

  /** Pod templates plus mesh-managed workloads (waypoints) of `ns`: what a policy selector can select. */
  public selectableWorkloadsIn(ns: string): PodWorkload[] {
    if (!this.managedByNs) this.managedByNs = groupBy(this.managedWorkloads, w => w.namespace);
    return [...this.workloadsIn(ns), ...(this.managedByNs.get(ns) ?? [])];
  }

  /**
   * Objects of a kind (and optionally an API group), in input order. Indexed:
   * callers must not modify the returned array.
   */
  public ofKind(kind: string, group?: string): any[] {
    if (!this.byKind) this.byKind = groupBy(this.objects, o => String(o.kind));
    const all = this.byKind.get(kind) ?? [];
    if (group === undefined) return all;
    const key = `${kind}\u0000${group}`;
    let list = this.byKindGroup.get(key);
    if (!list) {
      list = all.filter(o => apiGroup(o.apiVersion) === group);
      this.byKindGroup.set(key, list);
    }
    return list;
  }

  /** Objects of a kind and API group in namespace `ns` (undefined: cluster-scoped ones), in input order. Indexed: do not modify. */
  public ofKindIn(kind: string, group: string, ns: string | undefined): any[] {
    const key = `${kind}\u0000${group}`;
    let byNs = this.byKindGroupNs.get(key);
    if (!byNs) {
      byNs = groupBy(this.ofKind(kind, group), o => namespaceOf(o) ?? '\u0001');
      this.byKindGroupNs.set(key, byNs);
    }
    return byNs.get(ns ?? '\u0001') ?? [];
  }

  /** The first object with this kind, API group, namespace (undefined: cluster-scoped) and name. */
  public find(kind: string, group: string, ns: string | undefined, name: string): any | undefined {
    if (!this.byIdentity) {
      this.byIdentity = new Map();
      for (const o of this.objects) {
        const key = identityKey(String(o.kind), apiGroup(o.apiVersion), namespaceOf(o), nameOf(o));
        if (!this.byIdentity.has(key)) this.byIdentity.set(key, o);
      }
    }
    return this.byIdentity.get(identityKey(kind, group, ns, name));
  }

  /** The Namespace object for `ns`, if the set contains it. */
  public namespaceObject(ns: string | undefined): any | undefined {
    return ns === undefined ? undefined : this.namespaceObjects.get(ns);
  }

  /** Namespaces seen as Namespace objects or as the namespace of workloads, sorted. */
  public namespaces(): string[] {
    const s = new Set<string>(this.namespaceObjects.keys());
    for (const w of this.workloads) s.add(w.namespace);
    return [...s].sort();
  }

  /** Whether `ns` appears in the set: as a Namespace object or as the namespace of any namespaced object. */
  public namespacePresent(ns: string): boolean {
    if (this.namespaceObjects.has(ns)) return true;
    if (!this.presentNamespaces) {
      this.presentNamespaces = new Set();
      for (const o of this.objects) {
        const n = namespaceOf(o);
        if (n !== undefined) this.presentNamespaces.add(n);
      }
    }
    return this.presentNamespaces.has(ns);
  }

  /** Labels of a namespace (its Namespace object's labels plus `kubernetes.io/metadata.name`). */
  public namespaceLabels(ns: string): Record<string, string> {
    return { ...(this.namespaceObjects.get(ns)?.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': ns };
  }

  /** Pod templates of `ns`, in input order. */
  public workloadsIn(ns: string): PodWorkload[] {
    if (!this.workloadsByNs) this.workloadsByNs = groupBy(this.workloads, w => w.namespace);
    return [...(this.workloadsByNs.get(ns) ?? [])];
  }

  /** Service accounts known in `ns`: ServiceAccount objects plus names used by workloads. */
  public serviceAccountsIn(ns: string): Set<string> {
    let cached = this.serviceAccountsByNs.get(ns);
    if (!cached) {
      cached = new Set<string>();
      for (const o of this.ofKind('ServiceAccount', '')) if (namespaceOf(o) === ns) cached.add(nameOf(o));
      for (const w of this.selectableWorkloadsIn(ns)) cached.add(w.serviceAccount);
      this.serviceAccountsByNs.set(ns, cached);
    }
    return new Set(cached);
  }

  /** Services of `ns` that have a non-empty selector, in input order. */
  private selectingServicesIn(ns: string): any[] {
    if (this.servicesByNs.size === 0) {
      for (const s of this.ofKind('Service', '')) {
        if (!isObject(s.spec?.selector) || Object.keys(s.spec.selector).length === 0) continue;
        const n = namespaceOf(s) ?? '';
        const list = this.servicesByNs.get(n);
        if (list) list.push(s); else this.servicesByNs.set(n, [s]);
      }
      if (this.servicesByNs.size === 0) this.servicesByNs.set('\u0000', []);
    }
    return this.servicesByNs.get(ns) ?? [];
  }

  /** Services in the workload's namespace whose selector matches the workload's pod labels. */
  public servicesFor(w: PodWorkload): any[] {
    return this.selectingServicesIn(w.namespace).filter(s => namespaceOf(s) === w.namespace
      && isObject(s.spec?.selector) && Object.keys(s.spec.selector).length > 0
      && Object.entries(s.spec.selector).every(([k, v]) => w.labels[k] === v));
  }

  /**
   * Ports a workload serves: its container ports plus the target ports of
   * Services selecting it (named target ports resolved against the containers), sorted.
   */
  public servedPorts(w: PodWorkload): number[] {
    const s = new Set<number>();
    for (const p of w.ports) if (p.protocol === 'TCP') s.add(p.port);
    for (const svc of this.servicesFor(w)) {
      for (const sp of arr(svc.spec?.ports)) {
        if ((sp.protocol ?? 'TCP') !== 'TCP') continue;
        const tp = sp.targetPort ?? sp.port;
        if (typeof tp === 'number') {s.add(tp);} else if (typeof tp === 'string' && /^\d+$/.test(tp)) {s.add(Number(tp));} else if (typeof tp === 'string') {
          const named = w.ports.find(p => p.name === tp);
          if (named) s.add(named.port);
        }
      }
    }
    return [...s].sort((a, b) => a - b);
  }

  /** The source file of an object when it was loaded from a file. */
  public sourceOf(obj: any): string | undefined {
    return this.locationOf(obj)?.file;
  }

  /** The source file and line range of an object when it was loaded from a file. */
  public locationOf(obj: any): ManifestLocation | undefined {
    return isObject(obj) ? MANIFEST_LOCATIONS.get(obj) : undefined;
  }
}

function identityKey(kind: string, group: string, ns: string | undefined, name: string): string {
  return `${kind}\u0000${group}\u0000${ns ?? '\u0001'}\u0000${name}`;
}

/** Groups items by a key, keeping input order within each group. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t); else out.set(k, [t]);
  }
  return out;
}

/** A Gateway API `Gateway` that Istio deploys as a waypoint (gatewayClassName `istio-waypoint`). */
export function isWaypointGateway(o: any): boolean {
  return o?.kind === 'Gateway' && apiGroup(o.apiVersion) === 'gateway.networking.k8s.io'
    && o.spec?.gatewayClassName === 'istio-waypoint';
}

/** Flattens `List` kinds and drops null documents. */
export function flatten(manifests: any[]): any[] {
  const out: any[] = [];
  const visit = (o: any) => {
    if (!isObject(o)) return;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      const src = MANIFEST_LOCATIONS.get(o);
      for (const item of o.items) {
        if (src && isObject(item) && !MANIFEST_LOCATIONS.has(item)) MANIFEST_LOCATIONS.set(item, src);
        visit(item);
      }
      return;
    }
    out.push(o);
  };
  for (const m of manifests ?? []) visit(m);
  return out;
}
