import { Paths } from './paths';
import { Issue } from './schema-node';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** How a kind's metadata.name is validated by the API server. */
const NAME_RULES: Record<string, (name: string) => string | undefined> = {
  '/Namespace': n => K8sNames.dns1123Label(n),
  '/Service': n => K8sNames.dns1035Label(n),
  'rbac.authorization.k8s.io/Role': n => K8sNames.pathSegment(n),
  'rbac.authorization.k8s.io/ClusterRole': n => K8sNames.pathSegment(n),
  'rbac.authorization.k8s.io/RoleBinding': n => K8sNames.pathSegment(n),
  'rbac.authorization.k8s.io/ClusterRoleBinding': n => K8sNames.pathSegment(n),
  'batch/Job': n => K8sNames.dns1123Subdomain(n) ?? K8sNames.maxLen(n, 63, 'a Job name (it becomes the batch.kubernetes.io/job-name label value)'),
  'batch/CronJob': n => K8sNames.dns1123Subdomain(n) ?? K8sNames.maxLen(n, 52, 'a CronJob name (11 characters are appended for its Jobs)'),
};

/** Kubernetes name and key syntax (k8s.io/apimachinery/pkg/util/validation). Library-internal. */
export class K8sNames {
  /** Why `v` is not a DNS-1123 label, or undefined. */
  public static dns1123Label(v: string): string | undefined {
    if (v.length > 63) return `must be no more than 63 characters (is ${v.length})`;
    if (!DNS1123_LABEL.test(v)) return 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';
    return undefined;
  }

  /** Why `v` is not a DNS-1035 label (Service names), or undefined. */
  public static dns1035Label(v: string): string | undefined {
    if (v.length > 63) return `must be no more than 63 characters (is ${v.length})`;
    if (!DNS1035_LABEL.test(v)) return 'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
    return undefined;
  }

  /** Why `v` is not a DNS-1123 subdomain, or undefined. */
  public static dns1123Subdomain(v: string): string | undefined {
    if (v.length > 253) return `must be no more than 253 characters (is ${v.length})`;
    if (!DNS1123_SUBDOMAIN.test(v)) return 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
    return undefined;
  }

  /**
   * Why `v` is not a ServiceAccount name (k8s.io/kubernetes
   * pkg/apis/core/validation `ValidateServiceAccountName` = DNS-1123
   * subdomain), or undefined.
   */
  public static serviceAccountName(v: string): string | undefined {
    if (v.length === 0) return 'must not be empty';
    return K8sNames.dns1123Subdomain(v);
  }

  /** Why `v` is not a path segment name (RBAC object names), or undefined. */
  public static pathSegment(v: string): string | undefined {
    if (v === '.' || v === '..') return `may not be '${v}'`;
    if (/[/%]/.test(v)) return 'may not contain "/" or "%"';
    return undefined;
  }

  /** Why `v` is longer than `max`, or undefined. */
  public static maxLen(v: string, max: number, what: string): string | undefined {
    return v.length > max ? `must be no more than ${max} characters for ${what} (is ${v.length})` : undefined;
  }

  /** Why `v` is not a qualified name (label and annotation keys: [prefix/]name), or undefined. */
  public static qualifiedName(v: string): string | undefined {
    const parts = v.split('/');
    if (parts.length > 2) return 'must be an optional DNS subdomain prefix and "/" followed by a name';
    const name = parts[parts.length - 1];
    if (parts.length === 2) {
      if (parts[0].length === 0) return 'prefix part must be non-empty';
      const p = K8sNames.dns1123Subdomain(parts[0]);
      if (p) return `prefix part ${p}`;
    }
    if (name.length === 0) return 'name part must be non-empty';
    if (name.length > 63) return `name part must be no more than 63 characters (is ${name.length})`;
    if (!QUALIFIED_NAME.test(name)) return 'name part must consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
    return undefined;
  }

  /** Why `v` is not a label value, or undefined. */
  public static labelValue(v: string): string | undefined {
    if (v.length > 63) return `must be no more than 63 characters (is ${v.length})`;
    if (!LABEL_VALUE.test(v)) return 'must be empty or consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
    return undefined;
  }

  /** Why `v` is not an IANA service name (named ports), or undefined. */
  public static portName(v: string): string | undefined {
    if (v.length > 15) return `must be no more than 15 characters (is ${v.length})`;
    if (!IANA_SVC_NAME.test(v)) return 'must contain only lower-case letters, digits and "-"';
    if (v.includes('--')) return 'must not contain consecutive hyphens';
    if (!/[a-z]/.test(v)) return 'must contain at least one letter';
    if (v.startsWith('-') || v.endsWith('-')) return 'must not begin or end with a hyphen';
    return undefined;
  }

  /** Why `v` is not a ConfigMap/Secret data key, or undefined. */
  public static configMapKey(v: string): string | undefined {
    if (v.length > 253) return `must be no more than 253 characters (is ${v.length})`;
    if (!/^[-._a-zA-Z0-9]+$/.test(v)) return 'must consist of alphanumeric characters, "-", "_" or "."';
    if (v === '.' || v === '..' || v.startsWith('..')) return 'must not be "." or start with ".."';
    return undefined;
  }
}

/** ObjectMeta validation the API server does in Go (labels, annotations, names). Library-internal. */
export class K8sMeta {
  /** Checks for every ObjectMeta (objects and pod templates): namespace, labels, annotations. */
  public static checkObjectMeta(meta: any, path: string, out: Issue[]): void {
    if (typeof meta !== 'object' || meta === null) return;
    if (typeof meta.namespace === 'string' && meta.namespace !== '') {
      const p = K8sNames.dns1123Label(meta.namespace);
      if (p) out.push({ path: `${path}.namespace`, rule: 'metadata', message: `namespace ${JSON.stringify(meta.namespace)} ${p}` });
    }
    K8sMeta.checkLabels(meta.labels, `${path}.labels`, out);
    const ann = meta.annotations;
    if (typeof ann === 'object' && ann !== null) {
      for (const k of Object.keys(ann)) {
        const p = K8sMeta.annotationKeyProblem(k);
        if (p) out.push({ path: Paths.child(`${path}.annotations`, k), rule: 'metadata', message: p });
      }
      const size = K8sMeta.annotationSizeProblem(ann);
      if (size) out.push({ path: `${path}.annotations`, rule: 'metadata', message: size });
    }
  }

  /** Label keys and values (metadata.labels, selectors' matchLabels). */
  public static checkLabels(labels: unknown, path: string, out: Issue[]): void {
    if (typeof labels !== 'object' || labels === null) return;
    for (const [k, v] of Object.entries(labels)) {
      for (const message of K8sMeta.labelProblems({ [k]: v })) out.push({ path: Paths.child(path, k), rule: 'metadata', message });
    }
  }

  /**
   * Problems with a label map (k8s.io/apimachinery pkg/apis/meta/v1/validation
   * `ValidateLabels`: keys are qualified names, values label values); empty
   * when valid.
   */
  public static labelProblems(labels: { [key: string]: unknown }): string[] {
    const out: string[] = [];
    for (const k of Object.keys(labels)) {
      const v = labels[k];
      const kp = K8sNames.qualifiedName(k);
      if (kp) out.push(`label key ${JSON.stringify(k)}: ${kp}`);
      if (typeof v === 'string') {
        const vp = K8sNames.labelValue(v);
        if (vp) out.push(`label value ${JSON.stringify(v)}: ${vp}`);
      }
    }
    return out;
  }

  /**
   * Why `k` is not an annotation key (k8s.io/apimachinery
   * pkg/api/validation `ValidateAnnotations`: a qualified name, checked
   * lower-cased), or undefined.
   */
  public static annotationKeyProblem(k: string): string | undefined {
    const p = K8sNames.qualifiedName(k.toLowerCase());
    return p ? `annotation key ${JSON.stringify(k)}: ${p}` : undefined;
  }

  /**
   * Why an annotation map is too large (`TotalAnnotationSizeLimitB`: 256 KiB
   * of keys and values in total), or undefined.
   */
  public static annotationSizeProblem(annotations: { [key: string]: unknown }): string | undefined {
    let size = 0;
    for (const [k, v] of Object.entries(annotations)) size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    return size > TOTAL_ANNOTATION_SIZE ? `annotations may not be larger than 256KiB in total (are ${size} bytes)` : undefined;
  }

  /** Problems with an annotation map (keys and total size); empty when valid. */
  public static annotationProblems(annotations: { [key: string]: unknown }): string[] {
    const out = Object.keys(annotations).map(k => K8sMeta.annotationKeyProblem(k)).filter((m): m is string => m !== undefined);
    const size = K8sMeta.annotationSizeProblem(annotations);
    if (size) out.push(size);
    return out;
  }

  /** Checks for a top-level object: metadata.name present and valid for its kind. */
  public static checkName(group: string, kind: string, meta: any, out: Issue[]): void {
    const name = meta?.name;
    if (typeof name !== 'string' || name === '') {
      if (name === undefined || name === null || name === '') {
        out.push({ path: 'metadata.name', rule: 'metadata', message: 'metadata.name is required' });
      }
      return;
    }
    const rule = NAME_RULES[`${group}/${kind}`] ?? K8sNames.dns1123Subdomain;
    const p = rule(name);
    if (p) out.push({ path: 'metadata.name', rule: 'metadata', message: `name ${JSON.stringify(name)} ${p}` });
  }
}
