/*
 * The engine registry (issue 18), library-internal: every policy engine, exactly once.
 *
 * One line per engine: its id (the audit's `Engine` value for the built-ins), a
 * human-readable label, the profiles and meshes it applies to, a lazy loader of its
 * renderer (src/backends/<engine>/renderer.ts, the `EngineRenderer` contract of
 * src/backends/contract.ts) and, when the audit evaluates it, a lazy loader of its
 * `EngineEvaluator` (src/audit/reachability/engines/<engine>.ts).
 *
 * Constructs ask `enginesFor(profile, mesh)` and call the renderers' hooks in registry
 * order; `Reachability` builds its evaluators from `evaluatedEngines()`. Nothing else in
 * the library chooses an engine. The registry imports only types (the audit loads it without
 * loading the constructs, profile or backends). Loaders run on first use (issue 19: an app rendering
 * for one engine does not load the others' renderers, CRD classes or evaluators).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { EngineEvaluator, EvalContext } from '../audit/reachability/engines/common';
import type { ReachabilityOptions } from '../audit/reachability/types';
import type { EngineId, EngineRenderer } from '../backends/contract';
import type { ClusterProfile } from '../profile/cluster-profile';
import type { Mesh } from '../profile/mesh';
import { lazy } from '../shared/lazy';

/** Builds an engine's audit evaluator over a manifest set. */
export type EvaluatorFactory = (ctx: EvalContext, options: ReachabilityOptions) => EngineEvaluator;

/** One engine of the registry. */
export interface EngineEntry {
  /** Unique id; for the built-in engines the audit's `Engine` enum value. */
  readonly id: EngineId;
  /** Human-readable name (reports, `Reachability.engineName`). */
  readonly label: string;
  /** The audit evaluator's factory (loaded on first use); undefined: the audit does not evaluate this engine. */
  readonly evaluator?: () => EvaluatorFactory;
  /** Whether the engine renders for a namespace of this profile running this mesh. */
  appliesTo(profile: ClusterProfile, mesh: Mesh): boolean;
  /** The renderer (loaded on first use). */
  renderer(): EngineRenderer;
}

function rendererOf(load: () => { default: EngineRenderer }): () => EngineRenderer {
  return lazy(() => load().default);
}

/** Every engine, in rendering (and audit reporting) order. */
const BUILT_IN: readonly EngineEntry[] = [
  {
    id: 'NETWORK_POLICY',
    label: 'NetworkPolicy',
    appliesTo: profile => profile.usesKubernetesNetworkPolicy,
    renderer: rendererOf(() => require('../backends/network-policy/renderer')),
    evaluator: lazy((): EvaluatorFactory => {
      const { NetworkPolicyEvaluator } = require('../audit/reachability/engines/network-policy') as typeof import('../audit/reachability/engines/network-policy');
      // The same network plugin enforces ClusterNetworkPolicy's Admin and Baseline tiers around NetworkPolicy: one verdict.
      const cnp = require('../audit/reachability/engines/cluster-network-policy') as typeof import('../audit/reachability/engines/cluster-network-policy');
      return ctx => (ctx.set.objects.some(cnp.isClusterNetworkPolicy)
        ? new cnp.ClusterNetworkPolicyEvaluator(ctx, new NetworkPolicyEvaluator(ctx)) : new NetworkPolicyEvaluator(ctx));
    }),
  },
  {
    id: 'CILIUM',
    label: 'Cilium',
    appliesTo: profile => profile.usesCilium,
    renderer: rendererOf(() => require('../backends/cilium/renderer')),
    evaluator: lazy((): EvaluatorFactory => {
      const { CiliumEvaluator } = require('../audit/reachability/engines/cilium') as typeof import('../audit/reachability/engines/cilium');
      return (ctx, options) => new CiliumEvaluator(ctx, { allowLocalhost: options.ciliumAllowLocalhost ?? true });
    }),
  },
  {
    id: 'CLUSTER_NETWORK_POLICY',
    label: 'ClusterNetworkPolicy',
    appliesTo: profile => profile.clusterNetworkPolicy !== undefined,
    renderer: rendererOf(() => require('../backends/cluster-network-policy/renderer')),
  },
  {
    id: 'ISTIO',
    label: 'Istio',
    appliesTo: (_profile, mesh) => mesh.isIstio,
    renderer: rendererOf(() => require('../backends/istio/renderer')),
    evaluator: lazy((): EvaluatorFactory => {
      const { IstioEvaluator } = require('../audit/reachability/engines/istio') as typeof import('../audit/reachability/engines/istio');
      return ctx => new IstioEvaluator(ctx);
    }),
  },
  {
    id: 'LINKERD',
    label: 'Linkerd',
    appliesTo: (_profile, mesh) => mesh.family === 'linkerd',
    renderer: rendererOf(() => require('../backends/linkerd/renderer')),
    evaluator: lazy((): EvaluatorFactory => {
      const { LinkerdEvaluator } = require('../audit/reachability/engines/linkerd') as typeof import('../audit/reachability/engines/linkerd');
      return ctx => new LinkerdEvaluator(ctx);
    }),
  },
];

let engines: readonly EngineEntry[] = BUILT_IN;
let applicable = new WeakMap<ClusterProfile, Map<Mesh, readonly EngineEntry[]>>();

/** Every registered engine, in registry order. */
export function allEngines(): readonly EngineEntry[] {
  return engines;
}

/** The engines that render for a namespace of `profile` running `mesh`, in registry order. */
export function enginesFor(profile: ClusterProfile, mesh: Mesh): readonly EngineEntry[] {
  let byMesh = applicable.get(profile);
  if (!byMesh) { byMesh = new Map(); applicable.set(profile, byMesh); }
  let found = byMesh.get(mesh);
  if (!found) { found = engines.filter(e => e.appliesTo(profile, mesh)); byMesh.set(mesh, found); }
  return found;
}

/** The engines the audit evaluates, in registry order. */
export function evaluatedEngines(): readonly EngineEntry[] {
  return engines.filter(e => e.evaluator !== undefined);
}

/** The registry entry of an engine id, if registered. */
export function engineEntry(id: EngineId): EngineEntry | undefined {
  return engines.find(e => e.id === id);
}

/**
 * Registers one more engine after the built-in ones, for tests (an engine of
 * the library is a line in `BUILT_IN`). Returns the function that removes it.
 */
export function registerEngineForTesting(entry: EngineEntry): () => void {
  if (engines.some(e => e.id === entry.id)) throw new Error(`engine ${entry.id} is registered already`);
  engines = [...engines, entry];
  applicable = new WeakMap();
  return () => {
    engines = engines.filter(e => e !== entry);
    applicable = new WeakMap();
  };
}
