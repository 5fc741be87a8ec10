/**
 * Kubernetes label selector matching (k8s.io/apimachinery/pkg/apis/meta/v1 LabelSelector,
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements),
 * shared by the schema validation and the audit. Library-internal; depends on nothing in the project.
 */

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/**
 * Whether a LabelSelector (`matchLabels` + `matchExpressions`) matches `labels`.
 * An empty selector `{}` matches everything; `undefined`/`null` means "no selector" and also matches.
 * An unknown operator matches nothing. `keyMapper` rewrites selector keys (Cilium `k8s:` prefixes).
 */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>, keyMapper: (k: string) => string = k => k): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) return false;
  for (const [k0, v] of Object.entries(isObject(selector.matchLabels) ? selector.matchLabels : {})) {
    const k = keyMapper(k0);
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== String(v)) return false;
  }
  for (const e of list(selector.matchExpressions)) {
    const k = keyMapper(String(e?.key));
    const has = Object.prototype.hasOwnProperty.call(labels, k);
    const values = list(e?.values).map(String);
    switch (e?.operator) {
      case 'In': if (!has || !values.includes(labels[k])) return false; break;
      case 'NotIn': if (has && values.includes(labels[k])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
