import { Construct } from 'constructs';
import { rootOf } from '../shared/objects';

/**
 * Whether the zero-trust policies of a namespace are enforced or only observed.
 *
 * `DRY_RUN` is for the first rollout into a running cluster: nothing that the
 * intent would deny is dropped, and every engine that can observe a would-be
 * denial does (Istio sidecar: `istio.io/dry-run` AuthorizationPolicies;
 * Linkerd: the `audit` access policy). Engines without a per-policy dry run
 * (Kubernetes NetworkPolicy, Cilium) do not enforce in a dry-run namespace.
 * A dry run is an exception with an expiry, not a state: it needs
 * `dryRunException`.
 */
export enum Enforcement {
  /** Policies are enforced (the default). */
  ENFORCE = 'ENFORCE',
  /** Policies are rendered in each engine's dry-run/audit form: nothing is denied, would-be denials are observable where the engine can. */
  DRY_RUN = 'DRY_RUN',
}

/** Annotation on a dry-run Namespace (value `dry-run`). */
export const ENFORCEMENT_ANNOTATION = 'zero-trust.cdk8s.io/enforcement';
/** Value of `ENFORCEMENT_ANNOTATION` on a namespace in dry run. */
export const DRY_RUN_VALUE = 'dry-run';
/** Prefix of the annotations that say, per engine, what a dry run withholds or cannot observe. */
export const DRY_RUN_NOTE_PREFIX = 'zero-trust.cdk8s.io/dry-run.';

const registry = new WeakMap<object, Map<string, Enforcement>>();

/** Records the enforcement of a namespace of the app `scope` belongs to (called by ZeroTrustNamespace). */
export function registerNamespaceEnforcement(scope: Construct, namespace: string, enforcement: Enforcement): void {
  const root = rootOf(scope);
  let m = registry.get(root);
  if (!m) { m = new Map(); registry.set(root, m); }
  m.set(namespace, enforcement);
}

/**
 * Whether objects rendered into `namespace` are in dry run: the enforcement of the
 * ZeroTrustNamespace of that name in the same app, else `fallback` (the profile's).
 */
export function isDryRun(scope: Construct, namespace: string | undefined, fallback: Enforcement = Enforcement.ENFORCE): boolean {
  if (namespace === undefined) return false;
  const e = registry.get(rootOf(scope))?.get(namespace) ?? fallback;
  return e === Enforcement.DRY_RUN;
}
