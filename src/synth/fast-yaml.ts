import { Yaml } from 'cdk8s';

/**
 * A fast YAML emitter for Kubernetes manifests, byte-identical to cdk8s `Yaml.stringify`.
 *
 * cdk8s renders each document with its bundled `yaml` package as
 * `YAML.stringify(doc, { keepUndefined: true, lineWidth: 0, version: '1.1' })`. For plain JSON
 * data that output is simple: block style, 2-space indent, indented sequences, `{}` / `[]` for
 * empty collections, `null` for null and undefined, no line folding. This module emits that
 * layout itself and asks `yaml` only for the strings it cannot prove plain; every rendering
 * it is unsure about makes the whole document fall back to cdk8s.
 */

/**
 * Strings emitted as they are: a letter or `/`, then only these characters, words separated by
 * single spaces (checked against `yaml` on generated strings, as values and keys), at most 200.
 */
const PLAIN = /^[A-Za-z/][A-Za-z0-9._/()*-]*(?: [A-Za-z0-9._/()*-]+)*$/;
const PLAIN_MAX = 200;
/**
 * YAML 1.1 floats that start with a letter: an empty mantissa (`e1`, `E-5`; `yaml`'s 1.1 float is
 * `[-+]?([0-9][0-9_]*)?(\.[0-9_]*)?[eE][-+]?[0-9]+`), which `yaml` quotes.
 */
const FLOAT_LIKE = /^[eE][-+]?[0-9]+$/;
/** YAML 1.1 booleans and null are all short: any case variant of these goes through `yaml`. */
const RESERVED = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);
/** Strings whose rendering may depend on their depth (document markers) or span lines. */
const CONTEXTUAL = /^(?:---|\.\.\.)|[\n\r\u2028\u2029]/;
/** Renderings that are not a single-line flow scalar. */
const UNUSUAL = /^[|>&*!?]|\n/;

const MEMO_LIMIT = 100_000;
const valueMemo = new Map<string, string | null>();
const keyMemo = new Map<string, string | null>();

/** Thrown inside the emitter when a document must fall back to cdk8s. */
const UNHANDLED = new Error('fast-yaml: unhandled value');

/**
 * `yaml`'s own rendering of a single-line string, as a mapping value or as a mapping key.
 * Returns `null` when the rendering is multi-line or otherwise unusual.
 */
function render(s: string, asKey: boolean): string | null {
  if (CONTEXTUAL.test(s)) return null;
  const out = asKey ? Yaml.stringify({ [s]: 1 }) : Yaml.stringify({ a: s });
  const text = asKey
    ? (out.endsWith(': 1\n') ? out.slice(0, -4) : '\n')
    : (out.startsWith('a: ') ? out.slice(3, -1) : '\n');
  return UNUSUAL.test(text) || !out.endsWith('\n') ? null : text;
}

function str(s: string, asKey: boolean): string {
  if (s.length <= PLAIN_MAX && PLAIN.test(s) && !(s.length <= 5 && RESERVED.has(s.toLowerCase())) && !FLOAT_LIKE.test(s)) return s;
  const memo = asKey ? keyMemo : valueMemo;
  let text = memo.get(s);
  if (text === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    text = render(s, asKey);
    memo.set(s, text);
  }
  if (text === null) throw UNHANDLED;
  return text;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A value that fits after `key: ` or `- ` on one line (scalars and empty collections), or
 * `undefined` for a non-empty collection (rendered by `block`). Objects are checked once
 * here: `yaml` would write anchors and aliases for repeated references.
 */
function inline(v: unknown, seen: Set<object>): string | undefined {
  switch (typeof v) {
    case 'string': return str(v, false);
    case 'number': if (Number.isFinite(v)) return String(v); break;
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
    case 'object': {
      if (v === null) return 'null';
      if (seen.has(v)) break;
      seen.add(v);
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype || 'toJSON' in v) break;
        return v.length === 0 ? '[]' : undefined;
      }
      if (!isPlainObject(v)) break;
      return Object.keys(v).length === 0 ? '{}' : undefined;
    }
  }
  throw UNHANDLED;
}

/**
 * Appends a non-empty collection to `out`: its first line continues the current line, its
 * other lines start with `indent`; it ends with a newline.
 */
function block(v: any, indent: string, seen: Set<object>, out: string[]): void {
  const inner = indent + '  ';
  let first = true;
  if (Array.isArray(v)) {
    for (const item of v) {
      if (!first) out.push(indent);
      first = false;
      const flat = inline(item, seen);
      if (flat !== undefined) {
        out.push('- ', flat, '\n');
      } else {
        out.push('- ');
        block(item, inner, seen, out);
      }
    }
  } else {
    for (const key of Object.keys(v)) {
      if (!first) out.push(indent);
      first = false;
      const value = v[key];
      const flat = inline(value, seen);
      if (flat !== undefined) {
        out.push(str(key, true), ': ', flat, '\n');
      } else {
        out.push(str(key, true), ':\n', inner);
        block(value, inner, seen, out);
      }
    }
  }
}

/**
 * Renders one document exactly as cdk8s `Yaml.stringify(doc)` would, or returns `undefined`
 * when this emitter does not handle it (top-level scalars, `undefined`, repeated object
 * references, non-plain objects, non-finite numbers, multi-line strings, document markers,
 * long keys...). Object and array documents of plain JSON data are handled.
 */
export function fastYamlDocument(doc: any): string | undefined {
  if (doc === null || typeof doc !== 'object') return undefined;
  const seen = new Set<object>();
  try {
    const flat = inline(doc, seen);
    if (flat !== undefined) return flat + '\n';
    const out: string[] = [];
    block(doc, '', seen, out);
    return out.join('');
  } catch (e) {
    if (e === UNHANDLED) return undefined;
    throw e;
  }
}

/**
 * Multi-document YAML, byte-identical to cdk8s `Yaml.stringify(...docs)`: documents joined
 * with `---\n`, `undefined` documents as an empty line. Each document is rendered by
 * `fastYamlDocument`, or by cdk8s `Yaml.stringify(doc)` (same bundled `yaml` and options)
 * when the fast emitter does not handle it, so the result never depends on the path taken.
 */
export function fastYamlStringify(docs: any[]): string {
  return docs.map(fastYamlOrCdk8s).join(DOCUMENT_SEPARATOR);
}

/** What separates two documents in `fastYamlStringify` (and cdk8s `Yaml.stringify`). */
export const DOCUMENT_SEPARATOR = '---\n';

/** One document as `fastYamlStringify` renders it: `fastYamlDocument`, or cdk8s `Yaml.stringify`. */
export function fastYamlOrCdk8s(doc: any): string {
  return fastYamlDocument(doc) ?? Yaml.stringify(doc);
}
