import { CelProgram, CelUnsupportedError } from './cel';
import { vendoredCel } from '../shared/vendor';

/**
 * A compiled `pattern` (an @bufbuild/re2 `RE2JS`). A local type: the declaration files of the
 * package name no vendored package (they are not installed beside it).
 */
export interface Re2Pattern {
  /** Whether the pattern matches somewhere in `input` (unanchored). */
  test(input: string): boolean;
}

/** One problem found at a path inside an object. Library-internal. */
export interface Issue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** Extra checks the API server performs in Go code for a native definition. */
export type NativeCheck = (value: any, path: string, out: Issue[]) => void;

/** A compiled `x-kubernetes-validations` rule. */
export interface CompiledRule {
  readonly rule: string;
  readonly message?: string;
  readonly fieldPath?: string;
  /** undefined when the rule could not be compiled (counted as unsupported, skipped). */
  readonly program?: CelProgram;
  readonly messageProgram?: CelProgram;
}

/**
 * A compiled (OpenAPI v2 or structural v3) schema node. Library-internal.
 * Keywords are kept only when they constrain values.
 */
export interface SchemaNode {
  type?: string;
  intOrString?: boolean;
  quantity?: boolean;
  nullable?: boolean;
  /** object whose unknown properties are errors */
  closed?: boolean;
  /** x-kubernetes-embedded-resource: apiVersion, kind and metadata are implicitly allowed */
  embedded?: boolean;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additional?: SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  /** RE2 semantics (the API server's Go regexp), unanchored search */
  pattern?: Re2Pattern;
  patternSource?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  listType?: string;
  listMapKeys?: string[];
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  not?: SchemaNode;
  rules?: CompiledRule[];
  default?: unknown;
  /** true when this node or a descendant declares a default (CRD defaulting pass needed) */
  hasDefaults?: boolean;
  /** the native (Go) checks for this definition */
  check?: NativeCheck;
  /** native: the definition name, for diagnostics */
  def?: string;
}

/** Counts CEL rules that cannot be evaluated. */
export class CelStats {
  /** rules (schema locations) that could not be compiled */
  public unsupported = 0;
  public readonly unsupportedRules: string[] = [];
  /** rules that compiled but hit an unsupported feature while evaluating (e.g. an untranslatable regex) */
  public readonly failedAtRuntime = new Set<CompiledRule>();
  /** rules using `oldSelf` (update-only; skipped, not counted as unsupported) */
  public transitionRules = 0;
}

const PROGRAMS = new Map<string, CelProgram | Error>();

function compileCel(source: string): CelProgram | Error {
  let p = PROGRAMS.get(source);
  if (!p) {
    try {
      p = CelProgram.compile(source);
    } catch (e) {
      p = e instanceof Error ? e : new Error(String(e));
    }
    PROGRAMS.set(source, p);
  }
  return p;
}

const PATTERNS = new Map<string, Re2Pattern | undefined>();

/**
 * Compiles an OpenAPI `pattern` with RE2 semantics (@bufbuild/re2, the engine CEL `matches()`
 * uses too); undefined (not checked) when RE2 rejects it, as the API server rejects such a CRD.
 */
function compileRe2(pattern: string): Re2Pattern | undefined {
  if (!PATTERNS.has(pattern)) {
    let re: Re2Pattern | undefined;
    try {
      re = new (vendoredCel().RE2JS)(pattern);
    } catch {
      re = undefined;
    }
    PATTERNS.set(pattern, re);
  }
  return PATTERNS.get(pattern);
}

/** Copies the scalar keywords shared by both dialects. */
function copyValueKeywords(raw: any, node: SchemaNode): void {
  if (typeof raw.pattern === 'string') {
    node.patternSource = raw.pattern;
    node.pattern = compileRe2(raw.pattern);
  }
  for (const k of ['minLength', 'maxLength', 'minimum', 'maximum', 'multipleOf', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    if (typeof raw[k] === 'number') node[k] = raw[k];
  }
  if (raw.exclusiveMinimum === true) node.exclusiveMinimum = true;
  if (raw.exclusiveMaximum === true) node.exclusiveMaximum = true;
  if (raw.uniqueItems === true) node.uniqueItems = true;
  if (Array.isArray(raw.enum)) node.enum = raw.enum;
  if (raw.nullable === true) node.nullable = true;
  if (typeof raw.format === 'string') node.format = raw.format;
  const lt = raw['x-kubernetes-list-type'];
  if (lt === 'set' || lt === 'map') {
    node.listType = lt;
    if (Array.isArray(raw['x-kubernetes-list-map-keys'])) node.listMapKeys = raw['x-kubernetes-list-map-keys'];
  }
}

/**
 * Compiles structural (apiextensions.k8s.io/v1) schemas. In value-validation
 * context (inside allOf/anyOf/oneOf/not) unknown fields are not errors and
 * defaults and CEL rules do not apply, as in the API server.
 */
export class CrdSchemaCompiler {
  constructor(private readonly stats: CelStats) {}

  public compile(raw: any, junctor = false): SchemaNode {
    const node: SchemaNode = {};
    if (!raw || typeof raw !== 'object') return node;
    copyValueKeywords(raw, node);
    const preserve = raw['x-kubernetes-preserve-unknown-fields'] === true;
    if (raw['x-kubernetes-int-or-string'] === true) node.intOrString = true;
    else if (typeof raw.type === 'string') node.type = raw.type;
    if (raw['x-kubernetes-embedded-resource'] === true) node.embedded = true;
    if (raw.properties && typeof raw.properties === 'object') {
      node.properties = Object.create(null) as Record<string, SchemaNode>;
      for (const [k, v] of Object.entries(raw.properties)) node.properties[k] = this.compile(v, junctor);
    }
    if (Array.isArray(raw.required) && raw.required.length > 0) node.required = raw.required;
    if (raw.additionalProperties && typeof raw.additionalProperties === 'object') {
      node.additional = this.compile(raw.additionalProperties, junctor);
    }
    if (raw.items && typeof raw.items === 'object' && !Array.isArray(raw.items)) node.items = this.compile(raw.items, junctor);
    node.closed = !junctor && !preserve && raw.additionalProperties !== true && !node.additional
      && (node.type === 'object' || node.properties !== undefined);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
      if (Array.isArray(raw[k])) node[k] = raw[k].map((s: any) => this.compile(s, true));
    }
    if (raw.not && typeof raw.not === 'object') node.not = this.compile(raw.not, true);
    if (!junctor) {
      if (raw.default !== undefined) node.default = raw.default;
      node.hasDefaults = node.default !== undefined
        || Object.values(node.properties ?? {}).some(p => p.hasDefaults)
        || !!node.additional?.hasDefaults || !!node.items?.hasDefaults;
      if (Array.isArray(raw['x-kubernetes-validations'])) node.rules = this.rules(raw['x-kubernetes-validations']);
    }
    return node;
  }

  private rules(raw: any[]): CompiledRule[] {
    const out: CompiledRule[] = [];
    for (const r of raw) {
      if (!r || typeof r.rule !== 'string') continue;
      if (/\boldSelf\b/.test(r.rule)) {
        this.stats.transitionRules++; // transition rules need the previous object: not applicable on create
        continue;
      }
      const p = compileCel(r.rule);
      let program: CelProgram | undefined;
      if (p instanceof CelProgram) {
        program = p;
      } else {
        this.stats.unsupported++;
        this.stats.unsupportedRules.push(`${r.rule} (${p instanceof CelUnsupportedError ? p.message : 'internal error'})`);
      }
      let messageProgram: CelProgram | undefined;
      if (typeof r.messageExpression === 'string') {
        const m = compileCel(r.messageExpression);
        if (m instanceof CelProgram) messageProgram = m;
      }
      out.push({
        rule: r.rule,
        message: typeof r.message === 'string' ? r.message : undefined,
        fieldPath: typeof r.fieldPath === 'string' ? r.fieldPath : undefined,
        program,
        messageProgram,
      });
    }
    return out;
  }
}

const INT32 = { minimum: -2147483648, maximum: 2147483647 };

/**
 * Compiles the Kubernetes OpenAPI v2 document's definitions lazily, following
 * `$ref`s (shared, possibly recursive nodes). `enums` and `checks` add the
 * validation the API server does in Go code, keyed by definition name.
 */
export class NativeSchemaCompiler {
  private readonly cache = new Map<string, SchemaNode>();

  constructor(
    private readonly definitions: Record<string, any>,
    private readonly enums: Record<string, Record<string, string[]>>,
    private readonly checks: Record<string, NativeCheck>,
  ) {}

  /** The node for `#/definitions/<name>`, or undefined when there is no such definition. */
  public definition(name: string): SchemaNode | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const raw = this.definitions[name];
    if (!raw) return undefined;
    const node: SchemaNode = { def: name };
    this.cache.set(name, node);
    switch (name) {
      case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
        node.intOrString = true;
        return node;
      case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
        node.quantity = true;
        return node;
      default:
        this.fill(raw, node, name);
        return node;
    }
  }

  private fill(raw: any, node: SchemaNode, defName?: string): void {
    copyValueKeywords(raw, node);
    if (raw.format === 'int-or-string') node.intOrString = true;
    else if (typeof raw.type === 'string') node.type = raw.type;
    if (node.type === 'integer' && raw.format === 'int32') Object.assign(node, INT32);
    if (raw.properties) {
      node.properties = Object.create(null) as Record<string, SchemaNode>;
      const enums = defName ? this.enums[defName] : undefined;
      for (const [k, v] of Object.entries<any>(raw.properties)) {
        const child = this.node(v);
        const allowed = enums?.[k];
        if (allowed) {
          // copy so that the shared $ref node is not changed
          if (child.type === 'array' && child.items) node.properties[k] = { ...child, items: { ...child.items, enum: allowed } };
          else node.properties[k] = { ...child, enum: allowed };
        } else {
          node.properties[k] = child;
        }
      }
    }
    if (Array.isArray(raw.required) && raw.required.length > 0) node.required = raw.required;
    if (raw.additionalProperties && typeof raw.additionalProperties === 'object') node.additional = this.node(raw.additionalProperties);
    if (raw.items) node.items = this.node(raw.items);
    node.closed = (node.type === 'object' || node.properties !== undefined) && !node.additional;
    if (defName && this.checks[defName]) node.check = this.checks[defName];
  }

  private node(raw: any): SchemaNode {
    if (typeof raw.$ref === 'string') {
      const name = raw.$ref.replace(/^#\/definitions\//, '');
      const def = this.definition(name);
      if (!def) throw new Error(`unresolved $ref ${raw.$ref}`);
      return def;
    }
    const node: SchemaNode = {};
    this.fill(raw, node);
    return node;
  }
}
