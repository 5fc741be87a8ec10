import { createHash } from 'crypto';
import { K8sNames } from '../validation/k8s-meta';


/**
 * Kubernetes name rules and stable, DNS-safe object names (library-internal, not exported;
 * not called `Names` so it does not shadow cdk8s `Names`).
 */
export class ObjectNames {
  /** Returns why `value` is not a DNS-1123 label (namespace names), or undefined. */
  public static dns1123LabelProblem(value: string): string | undefined {
    if (value.length === 0) return 'must not be empty';
    return K8sNames.dns1123Label(value);
  }

  /** Returns why `value` is not a DNS-1035 label (Service names: must start with a letter), or undefined. */
  public static dns1035LabelProblem(value: string): string | undefined {
    if (value.length === 0) return 'must not be empty';
    return K8sNames.dns1035Label(value);
  }

  /** Returns why `value` is not a DNS-1123 subdomain (most object names), or undefined. */
  public static dns1123SubdomainProblem(value: string): string | undefined {
    if (value.length === 0) return 'must not be empty';
    return K8sNames.dns1123Subdomain(value);
  }

  /** Returns why `value` is not a valid label value, or undefined. */
  public static labelValueProblem(value: string): string | undefined {
    return K8sNames.labelValue(value);
  }

  /**
   * A deterministic DNS-1123 label built from parts: lower-cased, invalid
   * characters replaced by "-", and when longer than `max`, truncated with an
   * 8-character hash of the full name so distinct inputs stay distinct.
   */
  public static stable(parts: string[], max: number = 63): string {
    // Joined by `join`, not `+`: names are kept (object names, route names, keys), and a joined
    // string is one flat string where `a + b` keeps a concatenation node over its parts (issue 19).
    let nonEmpty = 0;
    for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) nonEmpty++;
    const full = nonEmpty === parts.length ? parts.join('-') : parts.filter(x => x.length > 0).join('-');
    // Already a clean DNS label: returned as it is, not remembered (the memo would only keep strings alive).
    if (full.length <= max && CLEAN_LABEL.test(full)) return full;
    const key = `${max}:${full}`;
    const known = stableCache.get(key);
    if (known !== undefined) return known;
    const name = stableName(full, max);
    remember(stableCache, key, name);
    return name;
  }

  /** First 8 hex characters of sha256(value). */
  public static hash(value: string): string {
    let h = hashCache.get(value);
    if (h === undefined) {
      h = createHash('sha256').update(value).digest('hex').slice(0, 8);
      remember(hashCache, value, h);
    }
    return h;
  }
}

// Route and object names repeat (every route re-derives its ends' names): memoised, bounded.
const CACHE_MAX = 100_000;
const stableCache = new Map<string, string>();
const hashCache = new Map<string, string>();

function remember(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, value);
}

/** A DNS-1123 label without doubled, leading or trailing dashes: `stable` returns it unchanged. */
const CLEAN_LABEL = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function stableName(full: string, max: number): string {
  let name = full.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (name.length === 0) name = 'x';
  if (name.length <= max && name === full) return name;
  if (name.length <= max && name !== full) {
    // sanitised: keep it readable but make collisions between e.g. "a_b" and "a.b" impossible
    if (name.length + 9 > max) name = name.slice(0, max - 9).replace(/-+$/g, '');
    return `${name}-${ObjectNames.hash(full)}`;
  }
  const head = name.slice(0, max - 9).replace(/-+$/g, '');
  return `${head}-${ObjectNames.hash(full)}`;
}
