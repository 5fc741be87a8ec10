import { ApiObject, ApiObjectMetadataDefinition, App, GroupVersionKind, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * A generated cdk8s kind class (`cdk8s import` / cdk8s-plus `k8s` module):
 * `new Kind(scope, id, props)` and a static `GVK`.
 */
export interface KindClass<P> {
  readonly GVK: GroupVersionKind;
  new (scope: Construct, id: string, props: P): ApiObject;
}

/** Thrown inside `plainResolve` when a value needs cdk8s's own resolution. */
const NOT_PLAIN = Symbol('not plain');

let enabled = process.env.ZERO_TRUST_PLAIN_JSON !== 'off';
const stats = { plain: 0, fallback: 0 };

/**
 * How many objects took the plain path and how many fell back to cdk8s
 * since the last reset (tests check the renderers' objects stay plain).
 * @internal
 */
export function plainJsonStats(reset = false): { plain: number; fallback: number } {
  const result = { ...stats };
  if (reset) stats.plain = stats.fallback = 0;
  return result;
}

/**
 * Turns the fast path on or off (tests compare both; the environment
 * variable `ZERO_TRUST_PLAIN_JSON=off` turns it off for a whole process).
 * @internal
 */
export function setPlainJson(on: boolean): void {
  enabled = on;
}

const defaultResolversCache = new WeakMap<App, boolean>();
/** The same answer per chart (a chart belongs to one app): `App.of` walks up the tree. */
const defaultResolversByChart = new WeakMap<object, boolean>();

/** Whether the app resolves with cdk8s's three built-in resolvers only. */
function defaultResolvers(obj: ApiObject): boolean {
  const chart = obj.chart;
  const byChart = defaultResolversByChart.get(chart);
  if (byChart !== undefined) return byChart;
  const app = App.of(obj);
  let ok = defaultResolversCache.get(app);
  if (ok === undefined) {
    ok = app.resolvers.every(r => r instanceof LazyResolver || r instanceof ImplicitTokenResolver || r instanceof NumberStringUnionResolver);
    defaultResolversCache.set(app, ok);
  }
  defaultResolversByChart.set(chart, ok);
  return ok;
}

/**
 * cdk8s `resolve()` followed by `sanitizeValue()` for plain JSON data with
 * the built-in resolvers, in one walk: null/undefined members dropped,
 * keys sorted (unless CDK8S_DISABLE_SORT), number/string unions
 * (`IntOrString`, `Quantity`) turned into `{ value }` for the generated
 * converters, `Lazy` values produced. Anything else (implicit tokens, other
 * class instances) throws NOT_PLAIN and the caller falls back to cdk8s.
 */
function plainResolve(v: any, sort: boolean, unwrap: boolean): any {
  if (v == null) return undefined;
  const t = typeof v;
  if (t !== 'object') {
    if (t === 'function') throw NOT_PLAIN;
    return v;
  }
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = plainResolve(v[i], sort, unwrap);
    return out;
  }
  // cdk8s's resolvers, in cdk8s's order: Lazy, implicit tokens, number/string unions.
  if (v instanceof Lazy) return plainResolve(v.produce(), sort, unwrap);
  if (typeof v.resolve === 'function') throw NOT_PLAIN;
  if (Object.getPrototypeOf(v) !== Object.prototype) {
    const inner = v.value;
    if (typeof inner === 'number' || typeof inner === 'string') return unwrap ? inner : { value: inner };
    throw NOT_PLAIN;
  }
  const keys = Object.keys(v);
  if (sort) keys.sort();
  const out: any = {};
  for (const k of keys) {
    const x = plainResolve(v[k], sort, unwrap);
    if (x != null) out[k] = x;
  }
  return out;
}

/**
 * What `ApiObject.prototype.toJson()` returns for an object built from
 * `{ ...gvk, ...props }` (`props` is that object), computed without cdk8s's
 * generic resolver when the data is plain JSON: `apiVersion`, `kind`,
 * `metadata`, then the other members (sorted unless CDK8S_DISABLE_SORT),
 * built in one object. `undefined` when it is not plain (tokens, custom
 * resolvers, JSON patches), so the caller uses cdk8s's own path.
 * `unwrapped.value` tells whether number/string unions were unwrapped (the
 * converter can then be skipped).
 */
function plainApiObjectJson(obj: ApiObject, props: any, sort: boolean, identity: boolean, unwrapped: { value: boolean }): any {
  if (!plainEligible(obj)) return undefined;
  const result: any = {};
  try {
    const metadata = plainMetadata(obj.metadata);
    // The generated converter copies only ObjectMeta's own members: skipped only when the
    // metadata has nothing else (e.g. an attribute added with metadata.add()).
    const unwrap = identity && identityMetadata(metadata);
    unwrapped.value = unwrap;
    const apiVersion = plainResolve(props.apiVersion, sort, unwrap);
    if (apiVersion != null) result.apiVersion = apiVersion;
    const kind = plainResolve(props.kind, sort, unwrap);
    if (kind != null) result.kind = kind;
    // The metadata is already resolved and sanitized: not walked again.
    if (metadata !== undefined) result.metadata = metadata;
    const keys = Object.keys(props);
    if (sort) keys.sort();
    for (const k of keys) {
      if (k === 'apiVersion' || k === 'kind' || k === 'metadata') continue;
      const x = plainResolve(props[k], sort, unwrap);
      if (x != null) result[k] = x;
    }
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
  return result;
}

/**
 * What a kind's generated `toJson()` returns (`{ ...GVK, ...toJson_<Kind>Props(resolved) }`) for
 * plain data, in one walk that follows the converter's plan (its members in its order, under
 * their wire names, nested converters as nested plans) instead of resolving every member, then
 * converting: for kinds whose converter renames members, which `isIdentityKindConverter` refuses.
 * `undefined` when the converter has no plan (a pattern the plan does not know), the data is not
 * plain, or the object needs cdk8s's path (patches, custom resolvers, metadata beyond ObjectMeta's
 * copied members).
 */
function plannedApiObjectJson(obj: ApiObject, props: any, sort: boolean, convert: Function, gvk: GroupVersionKind): any {
  const plan = planOf(convert, true);
  if (plan === undefined) return undefined;
  if (!plainEligible(obj)) return undefined;
  try {
    const metadata = plainMetadata(obj.metadata);
    if (!identityMetadata(metadata)) return undefined;
    const result: any = { apiVersion: gvk.apiVersion, kind: gvk.kind };
    for (let i = 0; i < plan.length; i++) {
      const m = plan[i];
      // The metadata is the object's (ApiObjectMetadataDefinition's, resolved above), whatever the member's form.
      const x = m.wire === 'metadata' ? metadata : memberValue(props[m.ts], m, sort);
      if (x !== undefined) result[m.wire] = x;
    }
    return result;
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
}

/**
 * One member of a converter's plan: `copy` (`obj.x`, `obj.x?.map(y => y)`, a string map: the value
 * resolved as it is), `value` (`obj.x?.value`: a number/string union), `nested` (`toJson_Y(obj.x)`)
 * or `nestedArray` (`obj.x?.map(y => toJson_Y(y))`).
 */
interface PlanMember {
  readonly wire: string;
  readonly ts: string;
  readonly kind: 'copy' | 'value' | 'nested' | 'nestedArray';
  readonly plan?: PlanMember[];
}

/**
 * Whether a kind's converter has a plan (its objects take the planned walk when the converter is
 * not the identity); for tests.
 * @internal
 */
export function hasConverterPlan(fn: Function): boolean {
  return planOf(fn, true) !== undefined;
}

/** The members of a converter, per converter; `null` when it has none (an unknown pattern, recursion). */
const plans = new Map<Function, PlanMember[] | null>();
const planning = new Set<Function>();

/** The plan of a converter (its module registered by `plainKind`), or undefined. */
function planOf(fn: Function, top: boolean): PlanMember[] | undefined {
  const known = plans.get(fn);
  if (known !== undefined) return known ?? undefined;
  if (planning.has(fn)) return undefined; // recursive types: not planned
  planning.add(fn);
  let plan: PlanMember[] | null = null;
  try {
    const module = converterModules.get(fn);
    if (module) plan = readPlan(fn, module, top) ?? null;
  } finally {
    planning.delete(fn);
  }
  plans.set(fn, plan);
  return plan ?? undefined;
}

/** `'wire': obj.ts...` members of a generated converter, as a plan; undefined for anything else. */
function readPlan(fn: Function, module: { [name: string]: unknown }, top: boolean): PlanMember[] | undefined {
  const members = converterMembers(fn, module);
  if (!members) return undefined;
  const out: PlanMember[] = [];
  for (const { wire, ts, kind, callee } of members) {
    // The top-level metadata is the object's own, resolved apart (ObjectMeta's converter is not walked).
    if (top && wire === 'metadata') {
      out.push({ wire, ts: wire, kind: 'copy' });
      continue;
    }
    // Dates are not plain data: a kind with a date member keeps the walk-then-convert path.
    if (kind === undefined || kind === 'date') return undefined;
    if (!/^[A-Za-z_$][\w$]*$/.test(ts) || !/^[A-Za-z_$][\w$-]*$/.test(wire)) return undefined;
    if (top && (wire === 'apiVersion' || wire === 'kind')) return undefined;
    if (kind === 'nested' || kind === 'nestedArray') {
      const plan = callee && planOf(callee, false);
      if (!plan) return undefined;
      out.push({ wire, ts, kind, plan });
    } else {
      out.push({ wire, ts, kind });
    }
  }
  return out;
}

/** A member's JSON: what the walk, then the member's converter expression, give. */
function memberValue(v: any, m: PlanMember, sort: boolean): any {
  switch (m.kind) {
    case 'copy':
      return plainResolve(v, sort, false) ?? undefined;
    case 'value': {
      const r = plainResolve(v, sort, false);
      return r == null ? undefined : r.value;
    }
    case 'nested':
      return plannedStruct(v, m.plan!, sort);
    default: {
      if (v == null) return undefined;
      if (v instanceof Lazy) return memberValue(v.produce(), m, sort);
      if (!Array.isArray(v)) throw NOT_PLAIN;
      const out = new Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = plannedStruct(v[i], m.plan!, sort);
      return out;
    }
  }
}

/** A nested converter's result for a value: its members in its order, under their wire names. */
function plannedStruct(v: any, plan: PlanMember[], sort: boolean): any {
  if (v == null) return undefined;
  if (v instanceof Lazy) return plannedStruct(v.produce(), plan, sort);
  if (typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype || typeof v.resolve === 'function') throw NOT_PLAIN;
  const out: any = {};
  for (let i = 0; i < plan.length; i++) {
    const m = plan[i];
    const x = memberValue(v[m.ts], m, sort);
    if (x !== undefined) out[m.wire] = x;
  }
  return out;
}

/** Reused by every `toJson` call (not re-entered: the walk never renders another object). */
const UNWRAPPED = { value: false };

/** Whether `obj` can take a plain path: no JSON patches, and its app resolves with cdk8s's built-in resolvers only. */
function plainEligible(obj: ApiObject): boolean {
  const patches = (obj as any).patches;
  return Array.isArray(patches) && patches.length === 0 && defaultResolvers(obj);
}

/** Whether resolved metadata has only members `toJson_ObjectMeta` copies as they are (or is empty). */
function identityMetadata(metadata: any): boolean {
  if (metadata !== undefined) {
    for (const k in metadata) if (!IDENTITY_METADATA.has(k)) return false;
  }
  return true;
}

/** Metadata members that `toJson_ObjectMeta` copies as they are (strings, string maps, string lists). */
const IDENTITY_METADATA = new Set(['annotations', 'finalizers', 'generateName', 'labels', 'name', 'namespace']);

/**
 * What cdk8s `ApiObjectMetadataDefinition.toJson()` returns (cdk8s `resolve`, then
 * `sanitizeValue` with keys always sorted and empty arrays and objects dropped), for
 * metadata that is plain JSON data; throws NOT_PLAIN otherwise (tokens, `Lazy`, class
 * instances, functions), and the caller takes cdk8s's path.
 */
function plainMetadata(md: ApiObjectMetadataDefinition): any {
  const m = md as any;
  // `_additionalAttributes` (the options, less the deleted `apiObject`: a dictionary-mode object,
  // slow to spread) adds the members the six fields do not cover.
  const extra = m._additionalAttributes ?? {};
  let keys = METADATA_FIELDS;
  for (const k of Object.keys(extra)) {
    if (METADATA_FIELD_SET.has(k)) continue;
    if (keys === METADATA_FIELDS) keys = [...METADATA_FIELDS];
    keys.push(k);
  }
  if (keys !== METADATA_FIELDS) keys.sort();
  const out: any = {};
  let empty = true;
  for (const k of keys) {
    const x = plainSanitize(METADATA_FIELD_SET.has(k) ? m[k] : extra[k]);
    if (x != null) {
      out[k] = x;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

/** The fields `ApiObjectMetadataDefinition.toJson()` writes over the additional attributes, sorted. */
const METADATA_FIELDS = ['annotations', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences'];
const METADATA_FIELD_SET = new Set(METADATA_FIELDS);

/** cdk8s `sanitizeValue(resolve(v), { filterEmptyArrays: true, filterEmptyObjects: true })` for plain data. */
function plainSanitize(v: any): any {
  if (v == null) return undefined;
  const t = typeof v;
  if (t !== 'object') {
    if (t === 'function') throw NOT_PLAIN;
    return v;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = plainSanitize(v[i]);
    return out;
  }
  // cdk8s's resolvers, in cdk8s's order: Lazy (produced, then resolved), implicit tokens; no unions in metadata.
  if (v instanceof Lazy) return plainSanitize(v.produce());
  if (Object.getPrototypeOf(v) !== Object.prototype || typeof v.resolve === 'function') throw NOT_PLAIN;
  const keys = Object.keys(v).sort();
  const out: any = {};
  let empty = true;
  for (const k of keys) {
    const x = plainSanitize(v[k]);
    if (x != null) {
      out[k] = x;
      empty = false;
    }
  }
  return empty ? undefined : out;
}

/**
 * A subclass of a generated kind whose `toJson()` gives exactly the same
 * JSON (same keys, same order) as the generated class, without running
 * cdk8s's generic token resolver over data that is plain JSON — the
 * library's own renderers only produce plain data. Objects with JSON
 * patches, tokens or an app with custom resolvers take cdk8s's path.
 *
 * @param module the generated module (`cdk8s import` output or cdk8s-plus `k8s`)
 * @param name the kind's class name in it; its converter is `toJson_<name>Props`
 */
export function plainKind<M extends { [name: string]: any }, K extends keyof M & string>(module: M, name: K): M[K] {
  const base: KindClass<unknown> = module[name];
  const convert: (resolved: any) => any = module[`toJson_${name}Props`];
  if (typeof base !== 'function' || typeof convert !== 'function') {
    throw new Error(`plainKind: the module has no kind ${name} with a converter toJson_${name}Props`);
  }
  converterModules.set(convert, module);
  const gvk = base.GVK;
  const apiVersion = gvk.apiVersion;
  const kind = gvk.kind;
  // Extends ApiObject itself, not the generated class: the generated constructor stores
  // `{ ...GVK, ...props }`, a spread whose copies get a V8 map (hidden class) each when
  // many kinds' GVKs meet at one site. Here the object cdk8s stores is built once, member by
  // member (one map per member list). The generated class stays on the prototype chain
  // (`instanceof`, its methods), and its statics are copied.
  // The props objects of this kind come from one constructor, so V8 sizes them from the first
  // ones (slack tracking): their members stay in the object (an `{}` holds four, and each further
  // member would take a separate property array per object).
  const Props = function (this: any) {} as unknown as new () => any;
  Props.prototype = Object.prototype;
  class PlainKind extends ApiObject {
    public constructor(scope: Construct, id: string, props: any) {
      const own = new Props();
      own.apiVersion = apiVersion;
      own.kind = kind;
      if (props) for (const k in props) own[k] = props[k];
      super(scope, id, own);
      // cdk8s has copied the metadata into this.metadata (ApiObjectMetadataDefinition); every toJson path
      // renders that, never props.metadata: the caller's metadata object is not kept (issue 19, retained per object).
      if (own.metadata !== undefined) own.metadata = undefined;
    }
    public toJson(): any {
      if (enabled) {
        const sort = !process.env.CDK8S_DISABLE_SORT;
        // The converter is the identity on sorted data: skip it (unions unwrapped in the walk).
        const identity = sort && isIdentityKindConverter(convert);
        const unwrapped = UNWRAPPED;
        if (!identity) {
          // A converter that renames members (e.g. Cilium's toCidr -> toCIDR): the walk follows its plan.
          const planned = plannedApiObjectJson(this as unknown as ApiObject, (this as any).props, sort, convert, gvk);
          if (planned !== undefined) {
            stats.plain++;
            return planned;
          }
        }
        const json = plainApiObjectJson(this as unknown as ApiObject, (this as any).props, sort, identity, unwrapped);
        if (json !== undefined) {
          stats.plain++;
          // `json` starts with apiVersion and kind (the GVK's): as `{ ...GVK, ...json }`, without the copy.
          return unwrapped.value && json.apiVersion === apiVersion && json.kind === kind ? json : { ...gvk, ...convert(json) };
        }
        stats.fallback++;
      }
      return (base.prototype as ApiObject).toJson.call(this);
    }
  }
  Object.setPrototypeOf(PlainKind.prototype, base.prototype);
  for (const k of Object.getOwnPropertyNames(base)) {
    if (!(k in PlainKind) && k !== 'prototype') Object.defineProperty(PlainKind, k, Object.getOwnPropertyDescriptor(base, k)!);
  }
  Object.defineProperty(PlainKind, 'name', { value: name });
  return PlainKind as unknown as M[K];
}

/** The module each converter comes from (to follow its calls to other converters). */
const converterModules = new Map<Function, { [name: string]: unknown }>();
/** Whether a converter is the identity, for nested converters [0] and kinds' converters [1]. */
const identityCache = [new Map<Function, boolean>(), new Map<Function, boolean>()];

/** One member of a generated converter's result: `'wireKey': <expression over obj.camelKey>`. */
const MEMBER = /^\s*'([^']+)': (.*),$/;

/** A converter member read from its source: the wire name, the TypeScript name, the expression's form. */
interface ConverterMember {
  readonly wire: string;
  readonly ts: string;
  /** Undefined: an expression none of `MEMBER_FORMS` matches. */
  readonly kind?: PlanMember['kind'] | 'date';
  /** The nested converter (`nested`, `nestedArray`), registered with the same module; undefined if the module has none. */
  readonly callee?: Function;
}

/**
 * The member expressions the generators write, one static pattern each (issue 19: compiled once):
 * group `ts` the TypeScript name, `fn` a nested converter. Shared by the identity check and the plans.
 */
const MEMBER_FORMS: ReadonlyArray<{ re: RegExp; kind: NonNullable<ConverterMember['kind']> }> = [
  { re: /^obj\.(?<ts>\w+)(?:\?\.map\(y => y\))?$/, kind: 'copy' },
  { re: /^obj\.(?<ts>\w+)\?\.value$/, kind: 'value' },
  { re: /^obj\.(?<ts>\w+)\?\.toISOString\(\)$/, kind: 'date' },
  { re: /^obj\.(?<ts>\w+)\?\.map\(y => (?<fn>toJson_\w+)\(y\)\)$/, kind: 'nestedArray' },
  { re: /^(?<fn>toJson_\w+)\(obj\.(?<ts>\w+)\)$/, kind: 'nested' },
  // String maps: cdk8s's reduce, or the module-local dropUndefined of scripts/import-crds.js (copy the defined members in order).
  { re: /^\(\(obj\.(?<ts>\w+)\) === undefined\) \? undefined : \(Object\.entries\(obj\.\k<ts>\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\)\)$/, kind: 'copy' },
  { re: /^\(\(obj\.(?<ts>\w+)\) === undefined\) \? undefined : \(dropUndefined\(obj\.\k<ts>\)\)$/, kind: 'copy' },
];

/**
 * The members of a generated converter (`const result = { 'wire': <expression>, ... };`), in
 * order, read from its source; undefined when the source has another shape or a line is not a
 * member. Nested converters are registered with `module` (to follow them in turn).
 */
function converterMembers(fn: Function, module: { [name: string]: unknown }): ConverterMember[] | undefined {
  const src = fn.toString();
  const start = src.indexOf('const result = {');
  const end = src.indexOf('};', start);
  if (start < 0 || end < 0) return undefined;
  const out: ConverterMember[] = [];
  for (const line of src.slice(start + 'const result = {'.length, end).split('\n')) {
    if (line.trim().length === 0) continue;
    const m = MEMBER.exec(line);
    if (!m) return undefined;
    const [, wire, expr] = m;
    let member: ConverterMember = { wire, ts: wire };
    for (const form of MEMBER_FORMS) {
      const r = form.re.exec(expr);
      if (!r) continue;
      const callee = r.groups!.fn === undefined ? undefined : module[r.groups!.fn];
      if (typeof callee === 'function') converterModules.set(callee, module);
      member = { wire, ts: r.groups!.ts, kind: form.kind, callee: typeof callee === 'function' ? callee : undefined };
      break;
    }
    out.push(member);
  }
  return out;
}

/**
 * Whether a kind's generated `toJson_<Kind>Props` converter (and every
 * converter it calls) only copies members under their own names in sorted
 * order (the wire name equals the TypeScript name; at the top, `metadata`
 * first), unwraps unions and copies string maps — then, on data the walk
 * has sorted, it returns what it was given and can be skipped. Read from the
 * converters' source once; anything unexpected (a renamed member, another
 * pattern, a change of the generator) answers false and the converter runs.
 */
export function isIdentityKindConverter(fn: Function): boolean {
  return isIdentity(fn, true);
}

function isIdentity(fn: Function, top: boolean): boolean {
  const cache = identityCache[top ? 1 : 0];
  const known = cache.get(fn);
  if (known !== undefined) return known;
  cache.set(fn, true); // recursive types: assume, then check
  const module = converterModules.get(fn);
  const ok = module !== undefined && checkConverter(fn, module, top);
  cache.set(fn, ok);
  return ok;
}

function checkConverter(fn: Function, module: { [name: string]: unknown }, top: boolean): boolean {
  const members = converterMembers(fn, module);
  if (!members) return false;
  const keys: string[] = [];
  for (const { wire, ts, kind, callee } of members) {
    if (!/^[A-Za-z_$][\w$]*$/.test(wire)) return false;
    // Copied under its own name (dates too: the walk refuses a Date, so such data never skips the converter).
    if (kind === undefined || ts !== wire) return false;
    if (kind === 'nested' || kind === 'nestedArray') {
      if (!callee || !isIdentity(callee, false)) return false;
    }
    keys.push(wire);
  }
  // At the top the walk puts apiVersion, kind and metadata first, then the rest sorted.
  if (top && (keys.includes('apiVersion') || keys.includes('kind') || (keys.includes('metadata') && keys[0] !== 'metadata'))) return false;
  const rest = top && keys[0] === 'metadata' ? keys.slice(1) : keys;
  return rest.every((k, i) => i === 0 || rest[i - 1] < k);
}
