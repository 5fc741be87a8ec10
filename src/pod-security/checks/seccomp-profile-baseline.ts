// Upstream: k8s.io/pod-security-admission policy/check_seccompProfile_baseline.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, goQuote, joinQuote, pluralize, sc, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

export const SECCOMP_PROFILE_BASELINE_ID = 'seccompProfile_baseline';
const ANNOTATION_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const ANNOTATION_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** Whether a seccompProfile.type is RuntimeDefault or Localhost. */
export function validSeccompType(t: any): boolean {
  return t === 'Localhost' || t === 'RuntimeDefault';
}

/** The type as a string (Go zero value "" when unset). */
export function seccompTypeString(t: any): string {
  return typeof t === 'string' ? t : t === undefined || t === null ? '' : String(t);
}

function validAnnotationValue(v: any): boolean {
  return v === 'runtime/default' || v === 'docker/default' || (typeof v === 'string' && v.startsWith('localhost/'));
}

function annotationValue(ann: any, key: string): string | undefined {
  if (ann === null || typeof ann !== 'object' || !Object.prototype.hasOwnProperty.call(ann, key)) return undefined;
  const v = ann[key];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function seccompProfileBaseline1_0(podMetadata: any, podSpec: any): Forbidden | undefined {
  let forbidden: string[] | undefined;
  const ann = podMetadata?.annotations;
  const podValue = annotationValue(ann, ANNOTATION_POD);
  if (podValue !== undefined && !validAnnotationValue(podValue)) (forbidden ??= []).push(`${ANNOTATION_POD}=${goQuote(podValue)}`);
  visitContainers(podSpec, c => {
    const key = ANNOTATION_CONTAINER_PREFIX + containerName(c);
    const v = annotationValue(ann, key);
    if (v !== undefined && !validAnnotationValue(v)) (forbidden ??= []).push(`${key}=${goQuote(v)}`);
  });
  if (!forbidden) return undefined;
  const list = sortedSet(forbidden);
  return { reason: 'seccompProfile', detail: `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}` };
}

function seccompProfileBaseline1_19(_m: any, podSpec: any): Forbidden | undefined {
  let setters: string[] | undefined;
  let values: string[] | undefined;
  const podProfile = sc(podSpec)?.seccompProfile;
  if (podProfile !== undefined && podProfile !== null && !validSeccompType(podProfile.type)) {
    (setters ??= []).push('pod');
    (values ??= []).push(seccompTypeString(podProfile.type));
  }
  let bad: string[] | undefined;
  visitContainers(podSpec, c => {
    const p = sc(c)?.seccompProfile;
    if (p !== undefined && p !== null && !validSeccompType(p.type)) {
      (bad ??= []).push(containerName(c));
      (values ??= []).push(seccompTypeString(p.type));
    }
  });
  if (bad) (setters ??= []).push(containersPhrase(bad));
  if (!setters) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values!))}`,
  };
}

/** A seccomp profile, if set, must be RuntimeDefault or Localhost (baseline; annotations before 1.19, fields from 1.19). */
export const SECCOMP_PROFILE_BASELINE: CheckDefinition = {
  id: SECCOMP_PROFILE_BASELINE_ID,
  level: PodSecurityLevel.BASELINE,
  versions: [
    { minimumMinor: 0, checkPod: seccompProfileBaseline1_0 },
    { minimumMinor: 19, checkPod: seccompProfileBaseline1_19 },
  ],
  fix: 'Set securityContext.seccompProfile.type to RuntimeDefault or Localhost (never Unconfined) on the pod and containers; before v1.19 use only the runtime/default, docker/default or localhost/<profile> seccomp annotations.',
};
