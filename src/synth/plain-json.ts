import { ApiObject, App, GroupVersionKind, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
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

/** Whether the app resolves with cdk8s's three built-in resolvers only. */
function defaultResolvers(obj: ApiObject): boolean {
  const app = App.of(obj);
  let ok = defaultResolversCache.get(app);
  if (ok === undefined) {
    ok = app.resolvers.every(r => r instanceof LazyResolver || r instanceof ImplicitTokenResolver || r instanceof NumberStringUnionResolver);
    defaultResolversCache.set(app, ok);
  }
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
function plainResolve(v: any, sort: boolean): any {
  if (v == null) return undefined;
  const t = typeof v;
  if (t !== 'object') {
    if (t === 'function') throw NOT_PLAIN;
    return v;
  }
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = plainResolve(v[i], sort);
    return out;
  }
  // cdk8s's resolvers, in cdk8s's order: Lazy, implicit tokens, number/string unions.
  if (v instanceof Lazy) return plainResolve(v.produce(), sort);
  if (typeof v.resolve === 'function') throw NOT_PLAIN;
  if (Object.getPrototypeOf(v) !== Object.prototype) {
    const inner = v.value;
    if (typeof inner === 'number' || typeof inner === 'string') return { value: inner };
    throw NOT_PLAIN;
  }
  const keys = Object.keys(v);
  if (sort) keys.sort();
  const out: any = {};
  for (const k of keys) {
    const x = plainResolve(v[k], sort);
    if (x != null) out[k] = x;
  }
  return out;
}

/**
 * What `ApiObject.prototype.toJson()` returns for an object built from
 * `{ ...gvk, ...props }`, computed without cdk8s's generic resolver when
 * the data is plain JSON; `undefined` when it is not (tokens, custom
 * resolvers, JSON patches), so the caller uses cdk8s's own path.
 */
function plainApiObjectJson(obj: ApiObject, gvk: GroupVersionKind, props: any): any {
  const patches = (obj as any).patches;
  if (!Array.isArray(patches) || patches.length > 0) return undefined;
  if (!defaultResolvers(obj)) return undefined;
  let json: any;
  try {
    json = plainResolve({ ...gvk, ...props, metadata: obj.metadata.toJson() }, !process.env.CDK8S_DISABLE_SORT);
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
  const result: any = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) {
    if (k in json && !(k in result)) result[k] = json[k];
  }
  return result;
}

/**
 * A subclass of a generated kind whose `toJson()` gives exactly the same
 * JSON (same keys, same order) as the generated class, without running
 * cdk8s's generic token resolver over data that is plain JSON — the
 * library's own renderers only produce plain data. Objects with JSON
 * patches, tokens or an app with custom resolvers take cdk8s's path.
 */
export function plainKind<P>(base: KindClass<P>, convert: (resolved: any) => any): KindClass<P> {
  class PlainKind extends (base as any) {
    private readonly ztProps: P;
    public constructor(scope: Construct, id: string, props: P) {
      super(scope, id, props);
      this.ztProps = props;
    }
    public toJson(): any {
      if (enabled) {
        const resolved = plainApiObjectJson(this as unknown as ApiObject, base.GVK, this.ztProps ?? {});
        if (resolved !== undefined) {
          stats.plain++;
          return { ...base.GVK, ...convert(resolved) };
        }
        stats.fallback++;
      }
      return super.toJson();
    }
  }
  Object.defineProperty(PlainKind, 'name', { value: (base as any).name });
  return PlainKind as unknown as KindClass<P>;
}
