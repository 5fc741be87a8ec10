import { CelEvalError, CelTypeError } from './cel';
import { Formats } from './formats';
import { Paths } from './paths';
import { CelStats, CompiledRule, Issue, SchemaNode } from './schema-node';

const EMBEDDED_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function hasType(type: string, v: unknown): boolean {
  switch (type) {
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    default: return true;
  }
}

function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

function suggestion(key: string, props: Record<string, SchemaNode> | undefined): string {
  if (!props) return '';
  let best: string | undefined;
  let bestD = 3;
  for (const p in props) {
    const dist = p.toLowerCase() === key.toLowerCase() ? 0 : levenshtein(key, p);
    if (dist < bestD) {
      best = p;
      bestD = dist;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function deepClone<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : JSON.parse(JSON.stringify(v));
}

/** Structural-schema defaulting, as the API server does before validating a custom resource. Library-internal. */
export class Defaulter {
  /**
   * Returns `v` with the defaults of `node` applied (copy-on-write: `v` itself is
   * never modified). Null values of non-nullable fields are treated as absent.
   */
  public static apply(node: SchemaNode, v: unknown): unknown {
    return applyDefaults(node, v);
  }
}

function applyDefaults(node: SchemaNode, v: unknown): unknown {
  if (!node.hasDefaults || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const items = node.items;
    if (!items?.hasDefaults) return v;
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const n = applyDefaults(items, x);
      if (n !== x) (out ??= v.slice())[i] = n;
    });
    return out ?? v;
  }
  const obj = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  const props = node.properties;
  if (props) {
    for (const k in props) {
      const child = props[k];
      if (!child.hasDefaults) continue;
      const cur = obj[k];
      let n: unknown;
      if (cur === undefined || (cur === null && !child.nullable)) {
        if (child.default === undefined) continue;
        n = applyDefaults(child, deepClone(child.default));
      } else {
        n = applyDefaults(child, cur);
      }
      if (n !== cur) (out ??= { ...obj })[k] = n;
    }
  }
  const add = node.additional;
  if (add?.hasDefaults) {
    for (const k in obj) {
      if (props && k in props) continue;
      const n = applyDefaults(add, obj[k]);
      if (n !== obj[k]) (out ??= { ...obj })[k] = n;
    }
  }
  return out ?? v;
}

/**
 * Validates a value against a compiled schema node, collecting issues. CEL rule
 * failures are collected separately (`celIssues`) because the API server skips
 * CEL evaluation when an object has type errors.
 */
export class SchemaWalker {
  public readonly issues: Issue[] = [];
  public readonly celIssues: Issue[] = [];
  public typeErrors = 0;

  /** @param stats where CEL rules that fail for lack of support are recorded */
  constructor(private readonly stats?: CelStats) {}

  /** Validates `v` (a present value) against `node` at `path`. */
  public walk(node: SchemaNode, v: unknown, path: string): void {
    if (v === null) {
      if (!node.nullable && (node.type || node.intOrString || node.quantity)) this.type(path, `must not be null (expected ${this.expected(node)})`);
      return;
    }
    if (node.intOrString) {
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) {
        return this.type(path, `must be an integer or a string, got ${jsonType(v)} ${show(v)}`);
      }
    } else if (node.quantity) {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return this.type(path, `must be a quantity, got ${show(v)}`);
      } else if (typeof v !== 'string') {
        return this.type(path, `must be a quantity (string or number), got ${jsonType(v)} ${show(v)}`);
      } else if (!Formats.isQuantity(v)) {
        this.issue(path, 'format', `${show(v)} is not a valid quantity (e.g. 100m, 128Mi, 1.5, 2G)`);
      }
    } else if (node.type && !hasType(node.type, v)) {
      return this.type(path, `must be of type ${node.type}, got ${jsonType(v)} ${show(v)}`);
    }
    if (node.enum && !node.enum.some(e => e === v || (typeof e === 'object' && JSON.stringify(e) === JSON.stringify(v)))) {
      this.issue(path, 'enum', `unsupported value ${show(v)}: supported values: ${node.enum.map(show).join(', ')}`);
    }
    if (typeof v === 'string') this.string(node, v, path);
    else if (typeof v === 'number') this.number(node, v, path);
    else if (Array.isArray(v)) this.array(node, v, path);
    else if (typeof v === 'object') this.object(node, v as Record<string, unknown>, path);
    if (node.allOf || node.anyOf || node.oneOf || node.not) this.junctors(node, v, path);
    if (node.rules) this.cel(node, node.rules, v, path);
    if (node.check) node.check(v, path, this.issues);
  }

  private expected(node: SchemaNode): string {
    return node.intOrString ? 'integer or string' : node.quantity ? 'quantity' : node.type ?? 'a value';
  }

  private issue(path: string, rule: string, message: string): void {
    this.issues.push({ path, rule, message });
  }

  private type(path: string, message: string): void {
    this.typeErrors++;
    this.issue(path, 'type', message);
  }

  private string(node: SchemaNode, v: string, path: string): void {
    if (node.maxLength !== undefined && v.length > node.maxLength && codePointLength(v) > node.maxLength) {
      this.issue(path, 'maxLength', `must be at most ${node.maxLength} characters long (is ${codePointLength(v)})`);
    }
    if (node.minLength !== undefined && (v.length < node.minLength || codePointLength(v) < node.minLength)) {
      this.issue(path, 'minLength', `must be at least ${node.minLength} characters long (is ${codePointLength(v)})`);
    }
    if (node.pattern && !node.pattern.test(v)) {
      this.issue(path, 'pattern', `${show(v)} does not match the pattern ${node.patternSource}`);
    }
    if (node.format) {
      const problem = Formats.check(node.format, v);
      if (problem) this.issue(path, 'format', `${show(v)} ${problem} (format ${node.format})`);
    }
  }

  private number(node: SchemaNode, v: number, path: string): void {
    if (node.minimum !== undefined && (node.exclusiveMinimum ? v <= node.minimum : v < node.minimum)) {
      this.issue(path, 'minimum', `${v} must be ${node.exclusiveMinimum ? 'greater than' : 'greater than or equal to'} ${node.minimum}`);
    }
    if (node.maximum !== undefined && (node.exclusiveMaximum ? v >= node.maximum : v > node.maximum)) {
      this.issue(path, 'maximum', `${v} must be ${node.exclusiveMaximum ? 'less than' : 'less than or equal to'} ${node.maximum}`);
    }
    if (node.multipleOf !== undefined) {
      const q = v / node.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) this.issue(path, 'multipleOf', `${v} must be a multiple of ${node.multipleOf}`);
    }
  }

  private array(node: SchemaNode, v: unknown[], path: string): void {
    if (node.maxItems !== undefined && v.length > node.maxItems) {
      this.issue(path, 'maxItems', `must have at most ${node.maxItems} items (has ${v.length})`);
    }
    if (node.minItems !== undefined && v.length < node.minItems) {
      this.issue(path, 'minItems', `must have at least ${node.minItems} items (has ${v.length})`);
    }
    const items = node.items;
    if (items) for (let i = 0; i < v.length; i++) this.walk(items, v[i], `${path}[${i}]`);
    if (node.listType === 'set' || node.uniqueItems) this.uniqueSet(v, path);
    else if (node.listType === 'map' && node.listMapKeys) this.uniqueMap(v, node.listMapKeys, items, path);
  }

  private uniqueSet(v: unknown[], path: string): void {
    if (v.length < 2) return;
    const seen = new Set<string>();
    v.forEach((x, i) => {
      const key = JSON.stringify(x);
      if (seen.has(key)) this.issue(`${path}[${i}]`, 'list-type', `duplicate value ${show(x)} (x-kubernetes-list-type: set)`);
      seen.add(key);
    });
  }

  private uniqueMap(v: unknown[], keys: string[], items: SchemaNode | undefined, path: string): void {
    if (v.length < 2) return;
    const seen = new Set<string>();
    v.forEach((x, i) => {
      if (!isObject(x)) return;
      const parts = keys.map(k => {
        const kv = x[k] ?? items?.properties?.[k]?.default ?? (k === 'protocol' && items?.def ? 'TCP' : undefined);
        return `${k}=${kv === undefined ? '<unset>' : show(kv)}`;
      });
      const key = parts.join(', ');
      if (seen.has(key)) this.issue(`${path}[${i}]`, 'list-type', `duplicate entry for key (${key}) (x-kubernetes-list-type: map)`);
      seen.add(key);
    });
  }

  private object(node: SchemaNode, v: Record<string, unknown>, path: string): void {
    const props = node.properties;
    const add = node.additional;
    let count = 0;
    for (const k in v) {
      const cv = v[k];
      if (cv === undefined) continue;
      count++;
      const child = props?.[k];
      if (child) {
        if (cv !== null || child.nullable) this.walk(child, cv, Paths.child(path, k));
      } else if (add) {
        this.walk(add, cv, Paths.child(path, k));
      } else if (node.closed && !(node.embedded && EMBEDDED_FIELDS.has(k))) {
        this.issue(Paths.child(path, k), 'unknown-field', `unknown field "${k}"${suggestion(k, props)}`);
      }
    }
    if (node.required) {
      for (const r of node.required) {
        const cv = v[r];
        if (cv === undefined || (cv === null && !props?.[r]?.nullable)) this.issue(Paths.child(path, r), 'required', `required field "${r}" is missing`);
      }
    }
    if (node.maxProperties !== undefined && count > node.maxProperties) {
      this.issue(path, 'maxProperties', `must have at most ${node.maxProperties} properties (has ${count})`);
    }
    if (node.minProperties !== undefined && count < node.minProperties) {
      this.issue(path, 'minProperties', `must have at least ${node.minProperties} properties (has ${count})`);
    }
  }

  /** Issues `v` would have against `node` (value validation only). */
  private probe(node: SchemaNode, v: unknown, path: string): Issue[] {
    const w = new SchemaWalker();
    w.walk(node, v, path);
    return w.issues;
  }

  private junctors(node: SchemaNode, v: unknown, path: string): void {
    for (const s of node.allOf ?? []) this.issues.push(...this.probe(s, v, path));
    if (node.anyOf) {
      const results = node.anyOf.map(s => this.probe(s, v, path));
      if (!results.some(r => r.length === 0)) {
        this.issue(path, 'anyOf', `must satisfy at least one of the anyOf schemas: ${this.alternatives(results, path)}`);
      }
    }
    if (node.oneOf) {
      const results = node.oneOf.map(s => this.probe(s, v, path));
      const ok = results.filter(r => r.length === 0).length;
      if (ok === 0) this.issue(path, 'oneOf', `must satisfy exactly one of the oneOf schemas, satisfies none: ${this.alternatives(results, path)}`);
      else if (ok > 1) this.issue(path, 'oneOf', `must satisfy exactly one of the oneOf schemas, satisfies ${ok} (fields that exclude each other are set together)`);
    }
    if (node.not && this.probe(node.not, v, path).length === 0) {
      this.issue(path, 'not', 'must not satisfy the "not" schema (fields that exclude each other are set together)');
    }
  }

  private alternatives(results: Issue[][], path: string): string {
    return results.map(r => r.map(i => {
      const rel = i.path.startsWith(path) ? i.path.slice(path.length).replace(/^\./, '') : i.path;
      return rel ? `${rel}: ${i.message}` : i.message;
    }).join(' and ')).join(' | ');
  }

  private cel(node: SchemaNode, rules: CompiledRule[], v: unknown, path: string): void {
    for (const r of rules) {
      if (!r.program) continue;
      const at = r.fieldPath ? this.fieldPath(path, r.fieldPath) : path;
      try {
        const result = r.program.eval(v, node);
        if (result === false) this.celIssues.push({ path: at, rule: 'cel', message: this.celMessage(r, v, node) });
        else if (result !== true) this.stats?.failedAtRuntime.add(r);
      } catch (e) {
        if (e instanceof CelEvalError) {
          this.celIssues.push({ path: at, rule: 'cel', message: `${r.message ?? 'rule'}: CEL evaluation error: ${e.message} (rule: ${r.rule})` });
        } else if (!(e instanceof CelTypeError)) {
          // a limitation of this evaluator (a type mismatch comes from mistyped data, which the
          // schema checks report): never a finding, but counted
          this.stats?.failedAtRuntime.add(r);
        }
      }
    }
  }

  /** `spec` + `.size` -> `spec.size`; `spec` + `['a.b']` -> `spec['a.b']` */
  private fieldPath(path: string, fieldPath: string): string {
    if (fieldPath.startsWith('[')) return `${path}${fieldPath}`;
    const rel = fieldPath.replace(/^\./, '');
    return path ? `${path}.${rel}` : rel;
  }

  private celMessage(r: CompiledRule, v: unknown, node: SchemaNode): string {
    if (r.messageProgram) {
      try {
        const m = r.messageProgram.eval(v, node);
        if (typeof m === 'string' && m.trim() !== '') return m;
      } catch {
        // fall back to message
      }
    }
    return r.message ?? `failed rule: ${r.rule}`;
  }
}
