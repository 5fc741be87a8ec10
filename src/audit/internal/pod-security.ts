// Internal: Pod Security Standards over a manifest set, for the `pod-security` rule pack.
// Uses src/pod-security (the one implementation of the checks); adds only namespace lookup.
import { ManifestSet, namespaceOf } from './manifests';
import { PodSecurityLevel } from '../../pod-security/level';
import { PodSecurityLevelVersion, PodSecurityNamespacePolicy } from '../../pod-security/namespace-policy';
import { PodSecurity } from '../../pod-security/pod-security';
import { PodSecurityViolation } from '../../pod-security/violation';

/** Namespace policies, read once per namespace from the Namespace objects of the set. */
const POLICIES = new WeakMap<ManifestSet, Map<string, PodSecurityNamespacePolicy | undefined>>();

/**
 * The policy of `ns` from its Namespace object in the set; undefined when the set has no
 * Namespace object for it (then the labels, hence the policy, are unknown).
 */
export function namespacePolicyOf(set: ManifestSet, ns: string): PodSecurityNamespacePolicy | undefined {
  let m = POLICIES.get(set);
  if (!m) POLICIES.set(set, m = new Map());
  if (!m.has(ns)) {
    const obj = set.namespaceObject(ns);
    m.set(ns, obj ? PodSecurity.namespacePolicy(obj) : undefined);
  }
  return m.get(ns);
}

/** `restricted:latest`, as upstream prints a LevelVersion. */
export function lvString(lv: PodSecurityLevelVersion): string {
  return `${lv.level}:${lv.version}`;
}

/** Violations of `obj` at a level+version (none at privileged). */
export function violationsAt(obj: any, lv: PodSecurityLevelVersion): PodSecurityViolation[] {
  if (lv.level === PodSecurityLevel.PRIVILEGED) return [];
  return PodSecurity.check(obj, { level: lv.level, version: lv.version });
}

/** `check: reason (detail); ...` */
export function describeViolations(vs: PodSecurityViolation[]): string {
  return vs.map(v => `${v.check}: ${v.reason} (${v.detail})`).join('; ');
}

/** The fixes of the violations, one sentence each, without repeats. */
export function fixesOf(vs: PodSecurityViolation[]): string {
  return [...new Set(vs.map(v => v.fix))].join(' ');
}

/** Pod-bearing objects of the set with their namespace (PodSecurity.isPodBearing). */
export function* podBearing(set: ManifestSet): Generator<{ obj: any; ns: string }> {
  for (const obj of set.objects) {
    if (PodSecurity.isPodBearing(obj)) yield { obj, ns: namespaceOf(obj) ?? 'default' };
  }
}
