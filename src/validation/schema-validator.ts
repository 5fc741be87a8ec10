import { K8sMeta } from './k8s-meta';
import { Issue } from './schema-node';
import type { SchemaRegistry } from './schema-registry';

// The registry (and its YAML parser), the schema walker (and CEL) and the native checks
// load when a validator is created or first validates (issue 19).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const registryModule = (): typeof import('./schema-registry') => require('./schema-registry');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openapi = (): typeof import('./openapi') => require('./openapi');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const native = (): typeof import('./k8s-native') => require('./k8s-native');

/**
 * One problem found in a manifest: something the Kubernetes API server (with
 * the upstream CRDs installed) would reject.
 */
export interface SchemaFinding {
  /** `apiVersion` of the object ('' when missing). */
  readonly apiVersion: string;

  /** `kind` of the object ('' when missing). */
  readonly kind: string;

  /** `metadata.name` of the object ('' when missing). */
  readonly name: string;

  /**
   * `metadata.namespace` of the object.
   *
   * @default - the object has no namespace
   */
  readonly namespaceName?: string;

  /**
   * Where in the object, e.g. `spec.ingress[0].ports[0].port` or
   * `metadata.labels['app.kubernetes.io/name']`; '' is the object itself.
   */
  readonly path: string;

  /**
   * The kind of check that failed: `unknown-field`, `type`, `enum`, `required`,
   * `pattern`, `format`, `minLength`, `maxLength`, `minimum`, `maximum`,
   * `minItems`, `maxItems`, `minProperties`, `maxProperties`, `multipleOf`,
   * `list-type` (duplicate in a set/map list), `anyOf`, `oneOf`, `not`, `cel`
   * (x-kubernetes-validations rule), `unknown-kind`, `not-served`, `metadata`
   * (names, labels, annotations) or `go-validation` (other checks the API
   * server does in Go code for built-in kinds).
   */
  readonly rule: string;

  /** Human-readable explanation. */
  readonly message: string;
}

/**
 * Options for `SchemaValidator`.
 */
export interface SchemaValidatorOptions {
  /**
   * Directory holding the schemas (`kubernetes/swagger-v1.28.json` and CRD YAML
   * files in any sub-directory).
   *
   * @default - the package's own `schemas/` directory
   */
  readonly schemaDir?: string;
}

/**
 * Validates Kubernetes manifests against the upstream schemas, as strictly as
 * the API server: Kubernetes 1.28 OpenAPI plus the Go-coded checks for the
 * fields this library produces, and the installed CRDs' structural schemas
 * (with defaulting) and CEL `x-kubernetes-validations` rules.
 *
 * Not checked: admission webhooks (e.g. Linkerd's policy webhook), cross-object
 * references, update/transition rules (`oldSelf`), and CEL rules this evaluator
 * cannot compile (counted by `unsupportedCelRules()`, skipped). A CEL runtime
 * error that the API server reports (e.g. "no such key") is a finding; a
 * runtime type mismatch is not. As in the API server, CEL rules are not
 * evaluated on an object that has type errors.
 *
 * Schemas are loaded lazily and compiled once per apiVersion/kind.
 */
export class SchemaValidator {
  /** A shared validator using the package's own schemas (created on first use). */
  public static bundled(): SchemaValidator {
    if (!SchemaValidator.shared) SchemaValidator.shared = new SchemaValidator();
    return SchemaValidator.shared;
  }

  private static shared?: SchemaValidator;

  private readonly registry: SchemaRegistry;
  private allCompiled = false;

  /**
   * Creates a validator; nothing is loaded until the first validation.
   *
   * @param options where to find the schemas
   */
  constructor(options: SchemaValidatorOptions = {}) {
    const { SchemaRegistry: Registry } = registryModule();
    this.registry = new Registry(options.schemaDir ?? Registry.locate(__dirname));
  }

  /**
   * Validates every manifest and returns all findings (empty when all are valid).
   *
   * @param manifests plain objects, e.g. `Testing.synth(chart)`
   */
  public validate(manifests: any[]): SchemaFinding[] {
    if (!Array.isArray(manifests)) throw new Error('SchemaValidator.validate() expects an array of manifests');
    const findings: SchemaFinding[] = [];
    for (const m of manifests) {
      const isObj = typeof m === 'object' && m !== null && !Array.isArray(m);
      const meta = isObj && typeof m.metadata === 'object' && m.metadata !== null ? m.metadata : {};
      const base = {
        apiVersion: isObj && typeof m.apiVersion === 'string' ? m.apiVersion : '',
        kind: isObj && typeof m.kind === 'string' ? m.kind : '',
        name: typeof meta.name === 'string' ? meta.name : '',
        namespaceName: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined,
      };
      for (const issue of isObj ? this.validateOne(m) : [{ path: '', rule: 'type', message: 'a manifest must be an object' }]) {
        findings.push({ ...base, ...issue });
      }
    }
    return findings;
  }

  /**
   * Validates every manifest and throws an Error listing all findings, one per
   * line as `<kind>/<namespace>/<name>: <path>: <message>` (`<kind>/<name>` for
   * objects without a namespace).
   *
   * @param manifests plain objects, e.g. `Testing.synth(chart)`
   */
  public validateOrThrow(manifests: any[]): void {
    const findings = this.validate(manifests);
    if (findings.length === 0) return;
    const lines = findings.map(f => {
      const id = [f.kind || '(no kind)', f.namespaceName, f.name || '(no name)'].filter(x => x !== undefined).join('/');
      return `${id}: ${f.path || '(object)'}: ${f.message}`;
    });
    throw new Error(`${findings.length} schema validation finding(s):\n${lines.join('\n')}`);
  }

  /**
   * Whether a served schema is known for `apiVersion`/`kind`.
   *
   * @param apiVersion e.g. `networking.k8s.io/v1`
   * @param kind e.g. `NetworkPolicy`
   */
  public knowsKind(apiVersion: string, kind: string): boolean {
    const state = this.registry.resolve(apiVersion, kind).state;
    return state === 'native' || state === 'crd';
  }

  /**
   * Number of `x-kubernetes-validations` rules (schema locations) in the known
   * CRDs that this validator cannot evaluate and therefore skips: rules that do
   * not compile (all CRDs are compiled on the first call), plus rules that hit
   * an unsupported feature while validating so far. Transition rules (using
   * `oldSelf`) are not counted: they only apply to updates.
   */
  public unsupportedCelRules(): number {
    if (!this.allCompiled) {
      this.registry.compileAll();
      this.allCompiled = true;
    }
    return this.registry.celStats.unsupported + this.registry.celStats.failedAtRuntime.size;
  }

  private validateOne(m: any): Issue[] {
    const issues: Issue[] = [];
    if (typeof m.apiVersion !== 'string' || m.apiVersion === '') issues.push({ path: 'apiVersion', rule: 'required', message: 'apiVersion is required' });
    if (typeof m.kind !== 'string' || m.kind === '') issues.push({ path: 'kind', rule: 'required', message: 'kind is required' });
    if (issues.length > 0) return issues;
    const r = this.registry.resolve(m.apiVersion, m.kind);
    if (r.state !== 'native' && r.state !== 'crd') {
      return [{ path: r.state === 'not-served' ? 'apiVersion' : 'kind', rule: r.state, message: r.message }];
    }
    const { Defaulter, SchemaWalker } = openapi();
    const walker = new SchemaWalker(this.registry.celStats);
    const value = r.state === 'crd' ? Defaulter.apply(r.root, m) : m;
    walker.walk(r.root, value, '');
    if (r.state === 'crd' && r.metadata && typeof m.metadata === 'object') walker.walk(r.metadata, m.metadata, 'metadata');
    K8sMeta.checkName(r.group, m.kind, m.metadata, walker.issues);
    if (r.state === 'native') native().KIND_CHECKS[`${r.group}/${m.kind}`]?.(m, walker.issues);
    // like the API server, CEL rules are not evaluated on objects with type errors
    return walker.typeErrors === 0 ? [...walker.issues, ...walker.celIssues] : walker.issues;
  }
}
