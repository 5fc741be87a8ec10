import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { podSecurityViolations } from './pod-security-gate';
import { PodSecurityLevel } from '../../pod-security/level';
import { podTemplateInSpec } from '../../shared/pod-template';

// Library-internal: hardens the pod template of a cdk8s-plus workload the library binds
// (MeshService, VaultInjectedSecret, ExternalSecretSync, ProjectedToken, SpiffeWorkload), and
// fails synthesis when the user's explicit values break the namespace's Pod Security level.

/** Where a bound workload's pods run: the namespace's enforce level and who set it. */
export interface PodSecuritySource {
  /** The namespace name (for messages). */
  readonly namespace: string;
  /** The namespace's effective enforce level. */
  readonly level: PodSecurityLevel;
  /** The Pod Security version the namespace pins (`pod-security.kubernetes.io/enforce-version`). */
  readonly version: string;
  /** Construct path of the ZeroTrustNamespace (for the fix). */
  readonly path: string;
}

/**
 * What `podSecuritySourceOf` reads of a `ZeroTrustNamespace` (structural, so this module does not
 * import the namespace construct, which imports it: no import cycle).
 */
export interface PodSecurityHost {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly profile: { readonly podSecurityVersion: string };
  readonly node: { readonly path: string };
}

/** The Pod Security source of a ZeroTrustNamespace, or undefined. */
export function podSecuritySourceOf(ns: PodSecurityHost | undefined): PodSecuritySource | undefined {
  return ns ? { namespace: ns.name, level: ns.podSecurity, version: ns.profile.podSecurityVersion, path: ns.node.path } : undefined;
}

const bound = new WeakMap<kplus.Workload, { source?: PodSecuritySource }>();

/**
 * Fills in, at render time and only where the rendered pod template leaves them unset:
 * pod `securityContext.seccompProfile: RuntimeDefault` and `runAsNonRoot: true`; on every
 * container and init container `capabilities.drop: [ALL]` and (unless privileged)
 * `allowPrivilegeEscalation: false`. Values the user set are kept as they are and checked:
 * a validation on the workload fails synthesis when they break `source`'s level.
 * Idempotent: the first source given wins.
 */
export function bindPodSecurity(workload: kplus.Workload, source: PodSecuritySource | undefined): void {
  const existing = bound.get(workload);
  if (existing) {
    if (!existing.source && source) (existing as any).source = source;
    return;
  }
  const record: { source?: PodSecuritySource } = { source };
  bound.set(workload, record);

  // cdk8s-plus renders the workload spec lazily (`Lazy.any({ produce: () => this._toKube() })`),
  // so wrapping `_toKube` hardens containers added after binding too, and user JSON patches on
  // the ApiObject still apply after it (and are checked below).
  const w = workload as any;
  const render = w._toKube.bind(w);
  w._toKube = () => hardenWorkloadSpec(render());

  workload.node.addValidation({
    validate: () => {
      const src = record.source;
      if (!src) return [];
      let manifest: any;
      try {
        manifest = ApiObject.of(workload).toJson();
      } catch {
        return []; // the workload cannot render: cdk8s reports why when it synthesizes it
      }
      const out = podSecurityViolations(manifest, src.level, src.version).map(x =>
        `Pod Security "${src.level}" of namespace ${src.namespace} rejects this pod template: ${x.check} (${x.reason}): ${x.detail}; fix: ${x.fix.replace(/\.$/, '')}` +
        (src.level === PodSecurityLevel.PRIVILEGED ? '' : `, or lower the namespace's level with a justified exception (podSecurity: PodSecurityLevel.${src.level === PodSecurityLevel.RESTRICTED ? 'BASELINE or PRIVILEGED' : 'PRIVILEGED'} and podSecurityException: Exception.of({ reason, expires }) on ${src.path})`));
      return [...out, ...apiProblems(manifest)];
    },
  });
}

/** A copy of a rendered workload spec with the hardened defaults filled in where unset. */
export function hardenWorkloadSpec(spec: any): any {
  const at = podTemplateInSpec(spec);
  if (!at?.holder.spec) return spec;
  at.holder.spec = hardenPodSpec(at.holder.spec);
  return spec;
}

/** A copy of a pod spec with the hardened defaults filled in where unset (never changes a value that is set). */
export function hardenPodSpec(pod: any): any {
  const psc = { ...(pod.securityContext ?? {}) };
  if (psc.seccompProfile === undefined) psc.seccompProfile = { type: 'RuntimeDefault' };
  if (psc.runAsNonRoot === undefined) psc.runAsNonRoot = true;
  const out = { ...pod, securityContext: psc };
  for (const group of ['initContainers', 'containers']) {
    if (Array.isArray(pod[group])) out[group] = pod[group].map(hardenContainer);
  }
  return out;
}

function hardenContainer(c: any): any {
  const sc = { ...(c.securityContext ?? {}) };
  if (sc.capabilities === undefined) sc.capabilities = { drop: ['ALL'] };
  else if (sc.capabilities.drop === undefined) sc.capabilities = { ...sc.capabilities, drop: ['ALL'] };
  // The API server rejects allowPrivilegeEscalation=false together with privileged=true.
  if (sc.allowPrivilegeEscalation === undefined && sc.privileged !== true) sc.allowPrivilegeEscalation = false;
  return { ...c, securityContext: sc };
}

/** API-server validation the hardening relies on (not Pod Security): privileged with allowPrivilegeEscalation=false is invalid. */
function apiProblems(manifest: any): string[] {
  const pod = podTemplateInSpec(manifest?.spec)?.holder.spec;
  const out: string[] = [];
  for (const group of ['initContainers', 'containers']) {
    for (const c of Array.isArray(pod?.[group]) ? pod[group] : []) {
      if (c?.securityContext?.privileged === true && c.securityContext.allowPrivilegeEscalation === false) {
        out.push(`container "${c.name}" sets privileged=true with allowPrivilegeEscalation=false, which the API server rejects ("cannot set allowPrivilegeEscalation to false and privileged to true"); cdk8s-plus defaults allowPrivilegeEscalation to false: set allowPrivilegeEscalation: true next to privileged: true`);
      }
    }
  }
  return out;
}
