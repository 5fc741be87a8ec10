import { ManifestSet, PodWorkload } from '../internal/manifests';
import { effectiveTrustDomain } from '../internal/trust-domain';
import { EngineEvaluator, EvalContext, intersectL7, outsideWorkload } from './engines/common';
import { classLabel, PortClass, portClasses } from './ports';
import { Engine, OutsidePeer, OutsidePeerKind, ProbeRequestOptions, ReachabilityOptions, ReachabilityVerdict, RequestOptions, Verdict, VerdictStatus, WorkloadInfo, WorkloadRef } from './types';
import { engineEntry, evaluatedEngines } from '../../engines/registry';

// The engines' evaluators come from the engine registry and load when a Reachability is built
// (issue 19: apps that never audit do not load them).

/** The engine's label from the registry (its id for an engine not registered). */
function labelOf(engine: string): string {
  return engineEntry(engine)?.label ?? String(engine);
}

/**
 * Answers "can workload A reach workload B on port P (with method M, path Q)?"
 * for each policy engine in a manifest set, each on its own semantics.
 *
 * Workloads are the pod templates of the manifests; a workload's identity is
 * its namespace, service account, pod labels and namespace labels.
 *
 * @example
 * const r = Reachability.fromManifests(objects);
 * r.canReach({ namespaceName: 'payments', name: 'checkout-service' },
 *            { namespaceName: 'payments', name: 'payment-processor' }, 8080, { method: 'POST', path: '/v1/payments' });
 */
export class Reachability {
  /**
   * Builds an evaluator over plain manifest objects.
   * @param manifests the objects (`List` kinds are flattened)
   * @param options evaluator options
   */
  public static fromManifests(manifests: any[], options: ReachabilityOptions = {}): Reachability {
    return new Reachability(manifests, options);
  }

  /** Human-readable engine name (`NetworkPolicy`, `Cilium`, `Istio`, `Linkerd`). */
  public static engineName(engine: Engine): string {
    return labelOf(engine);
  }

  /** Engines with at least one object in the manifest set, in `Engine` order. */
  public readonly enginesPresent: Engine[];
  /** The trust domain used for mesh identities. */
  public readonly trustDomain: string;

  /** @internal */
  public readonly _set: ManifestSet;
  private readonly evaluators: EngineEvaluator[];

  private constructor(manifests: any[], options: ReachabilityOptions) {
    this._set = new ManifestSet(manifests);
    this.trustDomain = effectiveTrustDomain(this._set, options.trustDomain);
    const ctx: EvalContext = { set: this._set, trustDomain: this.trustDomain };
    // One evaluator per engine of the registry that the audit evaluates, in registry order.
    this.evaluators = evaluatedEngines().map(e => e.evaluator!()(ctx, options));
    // Engine ids are the `Engine` values for the built-in engines (src/engines/registry.ts).
    this.enginesPresent = this.evaluators.filter(e => e.present()).map(e => e.engine as Engine);
  }

  /** The workloads of the manifest set, sorted by namespace, name and kind. */
  public workloads(): WorkloadInfo[] {
    return this._sortedWorkloads().map(w => ({
      namespaceName: w.namespace,
      name: w.name,
      kind: w.kind,
      serviceAccount: w.serviceAccount,
      labels: { ...w.labels },
      ports: this._set.servedPorts(w),
    }));
  }

  /**
   * The combined answer of every present engine (ALLOWED only if every present engine allows).
   * @param source source workload
   * @param destination destination workload
   * @param port destination (container) port
   * @param options HTTP method and path
   */
  public canReach(source: WorkloadRef, destination: WorkloadRef, port: number, options: RequestOptions = {}): ReachabilityVerdict {
    return this._combine(this._resolve(source), this._resolve(destination), port, options);
  }

  /**
   * The combined answer for a peer outside the app (the internet, a node, a pod in an
   * unrelated namespace) reaching a workload: what an attacker would try.
   * @param source the outside peer
   * @param destination destination workload
   * @param port destination (container) port
   * @param options HTTP method and path
   */
  public canReachFromOutside(source: OutsidePeer, destination: WorkloadRef, port: number, options: RequestOptions = {}): ReachabilityVerdict {
    return this._combine(this._outside(source), this._resolve(destination), port, options);
  }

  /**
   * The combined answer for a workload reaching a peer outside the app (exfiltration, lateral movement).
   * Istio and Linkerd authorize at the destination's proxy, so they allow it (only engines that
   * enforce egress at the source, NetworkPolicy and Cilium, can stop it).
   * @param source source workload
   * @param destination the outside peer
   * @param port destination port
   * @param options HTTP method and path
   */
  public canReachOutside(source: WorkloadRef, destination: OutsidePeer, port: number, options: RequestOptions = {}): ReachabilityVerdict {
    return this._combine(this._resolve(source), this._outside(destination), port, options);
  }

  /**
   * Every TCP port range the manifests treat alike, as `<port>` or `<from>-<to>`: each port or
   * range any object mentions, the ranges between them, and one high port (47823) on its own.
   * Probing one port of each range covers 1-65535.
   */
  public portRanges(): string[] {
    return this._portClasses().map(classLabel);
  }

  /** @internal */
  public _portClasses(): PortClass[] {
    return portClasses(this._set.objects);
  }

  /** @internal */
  public _outside(peer: OutsidePeer): PodWorkload {
    switch (peer.kind) {
      case OutsidePeerKind.WORLD: return outsideWorkload('WORLD', peer.serviceAccount, peer.serviceAccount, {}, false, peer.address, peer.fqdn);
      case OutsidePeerKind.NODE: return outsideWorkload('NODE', peer.serviceAccount, peer.serviceAccount, {}, false);
      case OutsidePeerKind.REMOTE_NODE: return outsideWorkload('REMOTE_NODE', peer.serviceAccount, peer.serviceAccount, {}, false);
      case OutsidePeerKind.KUBE_APISERVER: return outsideWorkload('KUBE_APISERVER', peer.serviceAccount, peer.serviceAccount, {}, false, peer.address);
      default: return outsideWorkload('UNRELATED_NAMESPACE', OutsidePeer.UNRELATED_NAMESPACE, peer.serviceAccount, peer.labels, peer.meshed);
    }
  }


  /** @internal */
  public _combine(src: PodWorkload, dst: PodWorkload, port: number, options: RequestOptions = {}): ReachabilityVerdict {
    return this.combine(this.evaluators.map(e => this._evaluate(e.engine as Engine, src, dst, port, options)));
  }

  private combine(verdicts: Verdict[]): ReachabilityVerdict {
    const present = verdicts.filter(v => v.status !== VerdictStatus.NOT_PRESENT);
    let status = VerdictStatus.ALLOWED;
    if (present.some(v => v.status === VerdictStatus.DENIED)) status = VerdictStatus.DENIED;
    else if (present.some(v => v.status === VerdictStatus.UNKNOWN)) status = VerdictStatus.UNKNOWN;
    let l7: string[] | undefined = undefined;
    for (const v of present) if (v.allowed && v.l7.length > 0) l7 = intersectL7(l7, v.l7);
    if (status === VerdictStatus.ALLOWED && l7 !== undefined && l7.length === 0) status = VerdictStatus.DENIED;
    const reasons = present.length === 0
      ? ['no policy engine objects in the manifests: Kubernetes allows all pod-to-pod traffic']
      : present.flatMap(v => v.reasons.map(r => `${Reachability.engineName(v.engine)}: ${r}`));
    if (status === VerdictStatus.DENIED && l7 !== undefined && l7.length === 0 && present.every(v => v.allowed)) {
      reasons.push('the engines allow no common HTTP request');
    }
    return { status, allowed: status === VerdictStatus.ALLOWED, reasons, l7: status === VerdictStatus.ALLOWED ? l7 ?? [] : [], engines: verdicts };
  }

  /**
   * Whether the kubelet's health probe of `destination` on `port` gets through, per
   * engine: NetworkPolicy and Cilium always let the pod's node in; Istio
   * rewrites probes to its agent (sidecar) or bypasses ztunnel (ambient);
   * Linkerd authorizes them like any unauthenticated client from the node
   * (plus its default probe route for HTTP GET probes on ports without
   * HTTPRoutes).
   * @param destination the probed workload
   * @param port the probed container port
   * @param options the probe request
   */
  public canProbe(destination: WorkloadRef, port: number, options: ProbeRequestOptions = {}): ReachabilityVerdict {
    const dst = this._resolve(destination);
    const req = {
      src: dst,
      dst,
      port,
      method: options.method,
      path: options.path,
      headers: lowerHeaders(options.headers),
      kubelet: { address: options.sourceAddress },
    };
    const verdicts: Verdict[] = this.evaluators.map(ev => {
      const engine = ev.engine as Engine;
      if (!ev.present()) {
        return { engine, status: VerdictStatus.NOT_PRESENT, allowed: false, reasons: [`no ${Reachability.engineName(engine)} objects in the manifests: not evaluated`], l7: [] };
      }
      const r = ev.evaluate(req);
      return { engine, status: r.status, allowed: r.status === VerdictStatus.ALLOWED, reasons: r.reasons, l7: r.l7 };
    });
    return this.combine(verdicts);
  }

  /**
   * The answer of one engine (NOT_PRESENT when the manifests contain none of its objects).
   * @param engine the engine
   * @param source source workload
   * @param destination destination workload
   * @param port destination (container) port
   * @param options HTTP method and path
   */
  public canReachWith(engine: Engine, source: WorkloadRef, destination: WorkloadRef, port: number, options: RequestOptions = {}): Verdict {
    const src = this._resolve(source);
    const dst = this._resolve(destination);
    return this._evaluate(engine, src, dst, port, options);
  }

  /** @internal The evaluator of an engine. */
  public _evaluator(engine: Engine): EngineEvaluator {
    const ev = this.evaluators.find(e => e.engine === engine);
    if (!ev) throw new Error(`unknown engine ${engine}`);
    return ev;
  }

  /** @internal */
  public _evaluate(engine: Engine, src: PodWorkload, dst: PodWorkload, port: number, options: RequestOptions = {}): Verdict {
    const ev = this.evaluators.find(e => e.engine === engine);
    if (!ev) throw new Error(`unknown engine ${engine}`);
    if (!ev.present()) {
      return { engine, status: VerdictStatus.NOT_PRESENT, allowed: false, reasons: [`no ${Reachability.engineName(engine)} objects in the manifests: not evaluated`], l7: [] };
    }
    // Cases an engine decides without its policies (EngineEvaluator.fixedVerdict).
    const fixed = ev.fixedVerdict?.(src, dst);
    if (fixed) return { engine, status: VerdictStatus.ALLOWED, allowed: true, reasons: [fixed], l7: [] };
    const r = ev.evaluate({ src, dst, port, method: options.method, path: options.path, headers: lowerHeaders(options.headers) });
    return { engine, status: r.status, allowed: r.status === VerdictStatus.ALLOWED, reasons: r.reasons, l7: r.l7 };
  }

  /** @internal */
  public _resolve(ref: WorkloadRef): PodWorkload {
    const found = this._set.workloads.filter(w => w.namespace === ref.namespaceName && w.name === ref.name && (!ref.kind || w.kind === ref.kind));
    if (found.length === 1) return found[0];
    const known = this._sortedWorkloads().map(w => `${w.kind}/${w.namespace}/${w.name}`).join(', ');
    if (found.length === 0) throw new Error(`no workload ${ref.kind ? `${ref.kind}/` : ''}${ref.namespaceName}/${ref.name} in the manifests (workloads: ${known || 'none'})`);
    throw new Error(`${found.length} workloads named ${ref.namespaceName}/${ref.name} (${found.map(w => w.kind).join(', ')}): pass kind`);
  }

  /** @internal */
  public _sortedWorkloads(): PodWorkload[] {
    return [...this._set.workloads].sort((a, b) => a.namespace.localeCompare(b.namespace)
      || a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
  }
}

function lowerHeaders(h: { [name: string]: string } | undefined): { [name: string]: string } | undefined {
  if (h === undefined) return undefined;
  const out: { [name: string]: string } = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
