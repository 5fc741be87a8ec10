import type { CelEnv, CelError, CelInput, CelMap, CelValue } from '@bufbuild/cel';
import { vendoredCel } from '../shared/vendor';

// @bufbuild/cel is vendored (lib/vendor/cel.js, see src/shared/vendor.ts).
const {
  CelScalar, celEnv, celFunc, celMethod, isCelError, isCelList, isCelMap, isCelUint, mapType,
  parse, plan, strings,
} = vendoredCel();

/**
 * CEL for `x-kubernetes-validations`, on the maintained `@bufbuild/cel` evaluator
 * (https://github.com/bufbuild/cel-es, tested against google/cel-spec's conformance suite).
 * This file keeps only what Kubernetes adds and the CRDs in `schemas/` use:
 * the cel-go `strings` extension (Kubernetes enables it), the URL library
 * (`url()`, `isURL()`, `getScheme()` & co., k8s.io/apiserver/pkg/cel/library/urls.go),
 * property-name escaping (k8s.io/apiserver/pkg/cel/escaping.go) and the
 * OpenAPI-type -> CEL-type mapping (`integer` is `int`, `number` is `double`).
 * Library-internal.
 */

/** Thrown when an expression uses syntax, functions or variables this evaluator does not support. */
export class CelUnsupportedError extends Error {}

/**
 * A CEL runtime error the API server reports as a validation failure
 * (e.g. "no such key", index out of range, an unparsable duration or int, int64 overflow).
 */
export class CelEvalError extends Error {}

/** A CEL type mismatch ("no such overload"); the API server rejects these rules at CRD creation. */
export class CelTypeError extends Error {}

/** The part of a structural schema that decides CEL types (a subset of SchemaNode). */
export interface CelSchema {
  readonly type?: string;
  readonly intOrString?: boolean;
  readonly properties?: Record<string, CelSchema>;
  readonly additional?: CelSchema;
  readonly items?: CelSchema;
}

// --- Kubernetes URL library (k8s.io/apiserver/pkg/cel/library/urls.go) -------------------------

const URL_MARK = '\u0000k8s.URL';

/** Go url.ParseRequestURI, as used by the Kubernetes CEL `url()`/`isURL()` functions (approximation). */
function parseUrl(s: string): Map<string, string> | undefined {
  if (/[\x00-\x20\x7f]/.test(s)) return undefined;
  const make = (scheme: string, host: string, pathAndQuery: string) => {
    const [p, q = ''] = pathAndQuery.split('?', 2);
    return new Map([[URL_MARK, ''], ['scheme', scheme], ['host', host], ['path', p], ['query', q]]);
  };
  if (s.startsWith('/')) return make('', '', s);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(s);
  if (!m) return undefined;
  const rest = m[2];
  if (!rest.startsWith('//')) return rest.startsWith('/') ? make(m[1].toLowerCase(), '', rest) : undefined;
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?#]/);
  const authority = end < 0 ? afterSlashes : afterSlashes.slice(0, end);
  const tail = end < 0 ? '' : afterSlashes.slice(end);
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  if (/[^A-Za-z0-9.\-_~%!$&'()*+,;=:[\]]/.test(host)) return undefined;
  return make(m[1].toLowerCase(), host, tail.split('#', 1)[0]);
}

/** The Kubernetes `URL` type is opaque; here it is a map carrying a private marker key. */
const URL_TYPE = mapType(CelScalar.STRING, CelScalar.STRING);

function urlPart(u: CelMap, part: string): string {
  if (!u.has(URL_MARK)) throw new Error(`no such overload: ${part} on a map that is not a URL`);
  return u.get(part) as string;
}

const KUBERNETES_FUNCS = [
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, s => parseUrl(s) !== undefined),
  celFunc('url', [CelScalar.STRING], URL_TYPE, s => {
    const u = parseUrl(s);
    if (!u) throw new Error(`URL parse error during conversion from string: ${s}`);
    return u;
  }),
  celMethod('getScheme', URL_TYPE, [], CelScalar.STRING, function () { return urlPart(this, 'scheme'); }),
  celMethod('getHost', URL_TYPE, [], CelScalar.STRING, function () { return urlPart(this, 'host'); }),
  celMethod('getHostname', URL_TYPE, [], CelScalar.STRING, function () {
    return urlPart(this, 'host').replace(/^\[(.*)\](:\d*)?$/, '$1').replace(/:\d*$/, '');
  }),
  celMethod('getPort', URL_TYPE, [], CelScalar.STRING, function () {
    return /:(\d*)$/.exec(urlPart(this, 'host').replace(/^\[.*\]/, ''))?.[1] ?? '';
  }),
  celMethod('getEscapedPath', URL_TYPE, [], CelScalar.STRING, function () { return urlPart(this, 'path'); }),
];

const ENV: CelEnv = celEnv({ funcs: [...strings, ...KUBERNETES_FUNCS] });

// --- Kubernetes property-name escaping (k8s.io/apiserver/pkg/cel/escaping.go) -------------------

const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** The name a CEL expression uses for an object property (`namespace` -> `__namespace__`, `a.b` -> `a__dot__b`). */
function escapeProperty(name: string): string {
  if (RESERVED.has(name)) return `__${name}__`;
  return name.replace(/__|[./-]/g, c => ({ '__': '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' } as Record<string, string>)[c]);
}

/**
 * JSON data -> CEL value, typed by the schema as the API server does: `integer` -> int,
 * `number` -> double, int-or-string -> int or string, declared properties escaped; map keys
 * (`additionalProperties`) and untyped data keep their keys. Without a schema, whole numbers are ints.
 */
function toCel(v: unknown, schema: CelSchema | undefined): CelInput {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    const asInt = schema?.type === 'integer' || schema?.intOrString || (!schema?.type && Number.isInteger(v));
    return asInt && Number.isSafeInteger(v) ? BigInt(v) : v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(x => toCel(x, schema?.items));
  if (typeof v === 'object') {
    const out = new Map<string, CelInput>();
    const props = schema?.properties;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined) continue;
      const declared = props !== undefined && Object.prototype.hasOwnProperty.call(props, k);
      out.set(declared ? escapeProperty(k) : k, toCel(x, declared ? props[k] : schema?.additional));
    }
    return out;
  }
  return null;
}

/** CEL value -> plain JS (ints stay `bigint`; lists become arrays, maps objects). */
function fromCel(v: CelValue): unknown {
  if (isCelUint(v)) return v.value;
  if (isCelList(v)) return [...v].map(fromCel);
  if (isCelMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = fromCel(x);
    return out;
  }
  return v;
}

function classify(e: CelError): Error {
  const msg = e.message;
  if (/no matching overload|no such overload/.test(msg)) return new CelTypeError(msg);
  if (/unbound function|unresolved attribute|unknown type/.test(msg)) return new CelUnsupportedError(msg);
  return new CelEvalError(msg);
}

/** Operators the planner evaluates itself (short-circuit logic, indexing), not in the function registry. */
const PLANNER_OPERATORS = new Set(['_&&_', '_||_', '_?_:_', '@not_strictly_false', '_[_]', '_[?_]', '_?._']);

/** Rejects what the environment cannot evaluate: unknown functions, variables other than `self`, message literals. */
function checkSupported(node: any, scope: ReadonlySet<string>): void {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
  if (Array.isArray(node)) {
    node.forEach(n => checkSupported(n, scope));
    return;
  }
  const kind = node.exprKind;
  switch (kind?.case) {
    case 'identExpr':
      if (!scope.has(kind.value.name)) throw new CelUnsupportedError(`undeclared reference to '${kind.value.name}'`);
      return;
    case 'callExpr':
      if (!PLANNER_OPERATORS.has(kind.value.function) && !ENV.funcs.find(kind.value.function)) throw new CelUnsupportedError(`function '${kind.value.function}' is not supported`);
      break;
    case 'structExpr':
      if (kind.value.messageName) throw new CelUnsupportedError(`message construction '${kind.value.messageName}' is not supported`);
      break;
    case 'comprehensionExpr': {
      const c = kind.value;
      checkSupported([c.iterRange, c.accuInit], scope);
      const inner = new Set(scope).add(c.iterVar).add(c.accuVar);
      if (c.iterVar2) inner.add(c.iterVar2);
      checkSupported([c.loopCondition, c.loopStep, c.result], inner);
      return;
    }
  }
  for (const [k, x] of Object.entries(node)) if (k !== '$typeName') checkSupported(x, scope);
}

/** A compiled CEL expression over the variable `self`. Library-internal. */
export class CelProgram {
  /**
   * Parses and plans `source`. Throws CelUnsupportedError when the expression does not
   * parse or uses functions or variables (e.g. `oldSelf`) this environment does not define.
   */
  public static compile(source: string): CelProgram {
    let parsed;
    try {
      parsed = parse(source);
    } catch (e) {
      throw new CelUnsupportedError(e instanceof Error ? e.message : String(e));
    }
    checkSupported(parsed.expr, new Set(['self']));
    return new CelProgram(plan(ENV, parsed) as (ctx?: Record<string, CelInput>) => CelValue | CelError);
  }

  private constructor(private readonly run: (ctx?: Record<string, CelInput>) => CelValue | CelError) {}

  /**
   * Evaluates the expression with `self` bound to `self`, typed by `schema` when given.
   * Throws CelEvalError for runtime errors the API server reports, CelTypeError for a
   * type mismatch, CelUnsupportedError otherwise.
   */
  public eval(self: unknown, schema?: CelSchema): unknown {
    let r: CelValue | CelError;
    try {
      r = this.run({ self: toCel(self, schema) });
    } catch (e) {
      throw new CelEvalError(e instanceof Error ? e.message : String(e));
    }
    if (isCelError(r)) throw classify(r);
    return fromCel(r);
  }
}
