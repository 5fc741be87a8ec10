// Internal: Kubernetes label selector matching.
import { arr, isObject } from './manifests';

/** Kubernetes LabelSelector matching: one implementation, shared with the schema validation. */
export { labelSelectorMatches as selectorMatches } from '../../shared/label-selector';

/** Whether a selector is present and empty (`{}`: selects everything). */
export function isEmptySelector(selector: any): boolean {
  return isObject(selector)
    && Object.keys(selector.matchLabels ?? {}).length === 0
    && arr(selector.matchExpressions).length === 0;
}

/** Istio-style selector: `{ matchLabels }` only. */
export function matchLabelsMatch(selector: any, labels: Record<string, string>): boolean {
  if (!isObject(selector)) return true;
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === String(v));
}

/** Glob match with `*` only at the start or end (Istio principals/namespaces/paths, Linkerd identities). */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*') && pattern.endsWith('*') && pattern.length > 1) return value.includes(pattern.slice(1, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return pattern === value;
}
