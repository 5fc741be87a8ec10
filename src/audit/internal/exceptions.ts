// Internal: `zero-trust.cdk8s.io/exception.<topic>` annotations.
import { isObject } from './manifests';
import { EXCEPTION_ANNOTATION_PREFIX, isIsoDate, todayUtc } from '../../shared/exceptions';
import { podTemplateInSpec } from '../../shared/pod-template';

export const EXCEPTION_PREFIX = EXCEPTION_ANNOTATION_PREFIX;

/** Known exception topics. */
export const EXCEPTION_TOPICS = ['mtls-permissive', 'port-mtls', 'automount-token', 'secret-env', 'shared-service-account', 'allow-all', 'host-access', 'dry-run'];

export interface ExceptionAnnotation {
  readonly topic: string;
  readonly reason: string;
  readonly expires?: string;
  /** Problems (empty when valid). */
  readonly problems: string[];
  readonly expired: boolean;
}

/** `YYYY-MM-DD` (UTC) for `now`, or ZERO_TRUST_TODAY, or the system clock. */
export const todayOf = todayUtc;

/** Annotation maps that may carry exceptions: the object's metadata and, for workloads, its pod template. */
function annotationMaps(obj: any): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  if (isObject(obj?.metadata?.annotations)) out.push(obj.metadata.annotations);
  const tpl = podTemplateInSpec(obj?.spec)?.holder.metadata?.annotations;
  if (isObject(tpl)) out.push(tpl);
  return out;
}

/** All exception annotations on an object. */
export function exceptionsOn(obj: any, today: string): ExceptionAnnotation[] {
  const out: ExceptionAnnotation[] = [];
  for (const ann of annotationMaps(obj)) {
    for (const [k, v] of Object.entries(ann)) {
      if (!k.startsWith(EXCEPTION_PREFIX)) continue;
      const rest = k.slice(EXCEPTION_PREFIX.length);
      if (rest.endsWith('.expires') || rest.endsWith('.owner')) continue;
      const reason = String(v ?? '').trim();
      const expiresRaw = ann[`${k}.expires`];
      const expires = expiresRaw === undefined ? undefined : String(expiresRaw).trim();
      const problems: string[] = [];
      let expired = false;
      if (!reason) problems.push(`exception "${rest}" has no reason`);
      if (expires === undefined) {problems.push(`exception "${rest}" has no expiry (${k}.expires: "YYYY-MM-DD")`);} else if (!isIsoDate(expires)) {problems.push(`exception "${rest}" has an invalid expiry "${expires}" (expected YYYY-MM-DD)`);} else if (expires < today) {
        expired = true;
        problems.push(`exception "${rest}" expired on ${expires} (today is ${today})`);
      }
      out.push({ topic: rest, reason, expires, problems, expired });
    }
  }
  return out;
}

/** A valid (reasoned, unexpired) exception for `topic` on the object or on its Namespace object. */
export function hasValidException(obj: any, namespaceObj: any | undefined, topic: string, today: string): boolean {
  for (const o of [obj, namespaceObj]) {
    if (!o) continue;
    if (exceptionsOn(o, today).some(e => e.topic === topic && e.problems.length === 0)) return true;
  }
  return false;
}
