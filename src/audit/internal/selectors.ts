// Internal: Kubernetes label selector matching.
import { arr, isObject } from './manifests';

/**
 * Whether a LabelSelector (`matchLabels` + `matchExpressions`) matches `labels`.
 * An empty selector `{}` matches everything; `undefined` means "no selector" and also matches.
 * `keyMapper` lets callers rewrite selector keys (Cilium `k8s:` prefixes).
 */
export function selectorMatches(selector: any, labels: Record<string, string>, keyMapper: (k: string) => string = k => k): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) return false;
  for (const [k0, v] of Object.entries(selector.matchLabels ?? {})) {
    const k = keyMapper(k0);
    if (labels[k] !== String(v)) return false;
  }
  for (const e of arr(selector.matchExpressions)) {
    const k = keyMapper(String(e.key));
    const has = Object.prototype.hasOwnProperty.call(labels, k);
    const values = arr(e.values).map(String);
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[k])) return false; break;
      case 'NotIn': if (has && values.includes(labels[k])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

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
