// Upstream: k8s.io/pod-security-admission policy/check_appArmorProfile.go
import { CheckDefinition, Forbidden } from '../check';
import { byteOrder, containerName, containersPhrase, goQuote, joinQuote, pluralize, sc, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

/** corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix */
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(v: string): boolean {
  return v.length === 0 || v === 'runtime/default' || v.startsWith('localhost/');
}

function allowedProfileType(t: any): boolean {
  return t === 'RuntimeDefault' || t === 'Localhost';
}

/** Go's zero value for a missing string field. */
function str(x: any): string {
  return typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x);
}

function appArmorProfile1_0(podMetadata: any, podSpec: any): Forbidden | undefined {
  let setters: string[] | undefined;
  let values: string[] | undefined;
  const podProfile = sc(podSpec)?.appArmorProfile;
  if (podProfile !== undefined && podProfile !== null && !allowedProfileType(podProfile.type)) {
    (setters ??= []).push('pod');
    (values ??= []).push(str(podProfile.type));
  }
  let bad: string[] | undefined;
  visitContainers(podSpec, c => {
    const p = sc(c)?.appArmorProfile;
    if (p !== undefined && p !== null && !allowedProfileType(p.type)) {
      (bad ??= []).push(containerName(c));
      (values ??= []).push(str(p.type));
    }
  });
  if (bad) (setters ??= []).push(containersPhrase(bad));
  let annotations: string[] | undefined;
  const ann = podMetadata?.annotations;
  if (ann !== null && typeof ann === 'object') {
    for (const k of Object.keys(ann)) {
      const v = str(ann[k]);
      if (k.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(v)) (annotations ??= []).push(`${k}=${goQuote(v)}`);
    }
  }
  const valueList = values ? sortedSet(values) : [];
  if (annotations) {
    annotations.sort(byteOrder);
    valueList.push(...annotations);
    (setters ??= []).push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (!setters) return undefined;
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
  };
}

/** AppArmor may only be the runtime default or a localhost profile (baseline, 1.0+; fields and beta annotations). */
export const APP_ARMOR_PROFILE: CheckDefinition = {
  id: 'appArmorProfile',
  level: PodSecurityLevel.BASELINE,
  versions: [{ minimumMinor: 0, checkPod: appArmorProfile1_0 }],
  fix: 'Set securityContext.appArmorProfile.type to RuntimeDefault or Localhost (or remove it), and remove container.apparmor.security.beta.kubernetes.io/* annotations other than runtime/default or localhost/<profile>.',
};
