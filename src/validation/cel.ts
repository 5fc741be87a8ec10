import { CelAst, CelParser, CelUnsupportedError } from './cel-parser';
import { Re2 } from './re2';

export { CelUnsupportedError } from './cel-parser';

/**
 * A CEL runtime error the API server reports as a validation failure
 * (e.g. "no such key", index out of range, an unparsable duration or int).
 */
export class CelEvalError extends Error {}

/** A CEL runtime type mismatch ("no such overload"); the API server rejects these rules at CRD creation. */
export class CelTypeError extends Error {}

/** A CEL `google.protobuf.Duration` value, in nanoseconds. */
export class CelDuration {
  constructor(public readonly ns: number) {}
}

/** A Kubernetes CEL `URL` value (as returned by `url()`). */
export class CelUrl {
  constructor(
    public readonly scheme: string,
    public readonly host: string,
    public readonly path: string,
    public readonly query: string,
  ) {}
}

type Scope = Record<string, unknown>;
type Ev = (s: Scope) => unknown;

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const KEYWORDS = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof CelDuration) && !(v instanceof CelUrl);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (v instanceof CelDuration) return 'duration';
  if (v instanceof CelUrl) return 'URL';
  if (typeof v === 'object') return 'map';
  return typeof v;
}

function noOverload(fn: string, ...args: unknown[]): never {
  throw new CelTypeError(`no such overload: ${fn}(${args.map(typeName).join(', ')})`);
}

/** Kubernetes escapes property names that are CEL keywords or contain '.', '-', '/' (e.g. `__namespace__`). */
function unescapeField(name: string): string {
  if (!name.includes('__')) return name;
  const kw = /^__(.+)__$/.exec(name);
  if (kw && KEYWORDS.has(kw[1])) return kw[1];
  return name.replace(/__(underscores|dot|dash|slash)__/g, (_m, w: string) =>
    ({ underscores: '__', dot: '.', dash: '-', slash: '/' } as Record<string, string>)[w]);
}

function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof CelDuration && b instanceof CelDuration) return a.ns === b.ns;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every(k => Object.prototype.hasOwnProperty.call(b, k) && celEquals(a[k], b[k]));
  }
  return false;
}

function compare(a: unknown, b: unknown, op: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof CelDuration && b instanceof CelDuration) return a.ns - b.ns;
  return noOverload(op, a, b);
}

function parseDuration(s: string): CelDuration {
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(s);
  if (!m) throw new CelEvalError(`invalid duration '${s}'`);
  let ns = 0;
  for (const part of m[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    ns += Number(part[1]) * DURATION_UNITS[part[2]];
  }
  return new CelDuration(m[1] === '-' ? -ns : ns);
}

/** Go url.ParseRequestURI, as used by the Kubernetes CEL `url()`/`isURL()` functions (approximation). */
function parseUrl(s: string): CelUrl | undefined {
  if (/[\x00-\x20\x7f]/.test(s)) return undefined;
  if (s.startsWith('/')) {
    const [p, q = ''] = s.split('?', 2);
    return new CelUrl('', '', p, q);
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(s);
  if (!m) return undefined;
  const rest = m[2];
  if (!rest.startsWith('//')) {
    if (!rest.startsWith('/')) return undefined; // opaque URIs are rejected by ParseRequestURI only when empty
    const [p, q = ''] = rest.split('?', 2);
    return new CelUrl(m[1].toLowerCase(), '', p, q);
  }
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?#]/);
  const authority = end < 0 ? afterSlashes : afterSlashes.slice(0, end);
  const tail = end < 0 ? '' : afterSlashes.slice(end);
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  if (/[^A-Za-z0-9.\-_~%!$&'()*+,;=:[\]]/.test(host)) return undefined;
  const [pathAndQuery] = tail.split('#', 1);
  const [p, q = ''] = pathAndQuery.split('?', 2);
  return new CelUrl(m[1].toLowerCase(), host, p, q);
}

function toInt(v: unknown): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CelEvalError('int conversion out of range');
    return Math.trunc(v);
  }
  if (typeof v === 'string') {
    if (!/^[+-]?\d+$/.test(v)) throw new CelEvalError(`cannot convert '${v}' to int`);
    return parseInt(v, 10);
  }
  return noOverload('int', v);
}

function str(fn: string, v: unknown): string {
  if (typeof v !== 'string') noOverload(fn, v);
  return v as string;
}

function matches(s: unknown, re: unknown): boolean {
  const rx = Re2.compile(str('matches', re));
  if (!rx) throw new CelUnsupportedError(`regular expression not supported: ${re}`);
  return rx.test(str('matches', s));
}

function size(v: unknown): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  return noOverload('size', v);
}

function codePoints(fn: string, v: unknown): string[] {
  return [...str(fn, v)];
}

function list(fn: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) noOverload(fn, v);
  return v as unknown[];
}

function url(fn: string, v: unknown): CelUrl {
  if (!(v instanceof CelUrl)) noOverload(fn, v);
  return v as CelUrl;
}

/** Global functions: name -> [min arity, max arity, implementation]. */
const GLOBALS: Record<string, [number, number, (...a: unknown[]) => unknown]> = {
  size: [1, 1, size],
  int: [1, 1, toInt],
  uint: [1, 1, v => {
    const i = toInt(v);
    if (i < 0) throw new CelEvalError('uint conversion out of range');
    return i;
  }],
  double: [1, 1, v => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return Number(v);
    if (typeof v === 'string') throw new CelEvalError(`cannot convert '${v}' to double`);
    return noOverload('double', v);
  }],
  string: [1, 1, v => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return noOverload('string', v);
  }],
  bool: [1, 1, v => {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false|t|f|1|0|TRUE|FALSE|True|False)$/.test(v)) return /^(true|t|1|TRUE|True)$/.test(v);
    if (typeof v === 'string') throw new CelEvalError(`cannot convert '${v}' to bool`);
    return noOverload('bool', v);
  }],
  dyn: [1, 1, v => v],
  duration: [1, 1, v => (v instanceof CelDuration ? v : parseDuration(str('duration', v)))],
  matches: [2, 2, matches],
  isURL: [1, 1, v => parseUrl(str('isURL', v)) !== undefined],
  url: [1, 1, v => {
    const u = parseUrl(str('url', v));
    if (!u) throw new CelEvalError(`URL parse error during conversion from string: ${v}`);
    return u;
  }],
};

/** Receiver-style functions: name -> [min arity, max arity, implementation(target, ...args)]. */
const METHODS: Record<string, [number, number, (t: unknown, ...a: unknown[]) => unknown]> = {
  size: [0, 0, size],
  contains: [1, 1, (t, a) => str('contains', t).includes(str('contains', a))],
  startsWith: [1, 1, (t, a) => str('startsWith', t).startsWith(str('startsWith', a))],
  endsWith: [1, 1, (t, a) => str('endsWith', t).endsWith(str('endsWith', a))],
  matches: [1, 1, matches],
  lowerAscii: [0, 0, t => str('lowerAscii', t).replace(/[A-Z]/g, c => c.toLowerCase())],
  upperAscii: [0, 0, t => str('upperAscii', t).replace(/[a-z]/g, c => c.toUpperCase())],
  trim: [0, 0, t => str('trim', t).trim()],
  charAt: [1, 1, (t, i) => {
    const cps = codePoints('charAt', t);
    const n = toInt(i);
    if (n < 0 || n > cps.length) throw new CelEvalError(`index out of range: ${n}`);
    return cps[n] ?? '';
  }],
  indexOf: [1, 2, (t, s, from) => {
    const cps = codePoints('indexOf', t);
    const needle = codePoints('indexOf', s);
    const start = from === undefined ? 0 : toInt(from);
    if (start < 0 || start > cps.length) throw new CelEvalError(`index out of range: ${start}`);
    for (let i = start; i + needle.length <= cps.length; i++) {
      if (needle.every((c, j) => cps[i + j] === c)) return i;
    }
    return -1;
  }],
  substring: [1, 2, (t, a, b) => {
    const cps = codePoints('substring', t);
    const start = toInt(a);
    const end = b === undefined ? cps.length : toInt(b);
    if (start < 0 || start > cps.length || end < start || end > cps.length) {
      throw new CelEvalError(`index out of range: substring(${start}, ${end}) of a ${cps.length}-character string`);
    }
    return cps.slice(start, end).join('');
  }],
  split: [1, 2, (t, sep, limit) => {
    const s = str('split', t);
    const parts = s.split(str('split', sep));
    if (limit === undefined) return parts;
    const n = toInt(limit);
    if (n === 0) return [];
    if (n < 0 || parts.length <= n) return parts;
    return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep as string)];
  }],
  replace: [2, 3, (t, from, to, limit) => {
    const s = str('replace', t);
    const f = str('replace', from);
    const r = str('replace', to);
    const n = limit === undefined ? -1 : toInt(limit);
    if (n < 0) return s.split(f).join(r);
    const parts = s.split(f);
    return parts.slice(0, n + 1).join(r) + (parts.length > n + 1 ? f + parts.slice(n + 1).join(f) : '');
  }],
  join: [0, 1, (t, sep) => list('join', t).map(x => str('join', x)).join(sep === undefined ? '' : str('join', sep))],
  isSorted: [0, 0, t => list('isSorted', t).every((x, i, a) => i === 0 || compare(a[i - 1], x, 'isSorted') <= 0)],
  sum: [0, 0, t => list('sum', t).reduce<number>((acc, x) => acc + (typeof x === 'number' ? x : noOverload('sum', x)), 0)],
  getScheme: [0, 0, t => url('getScheme', t).scheme],
  getHost: [0, 0, t => url('getHost', t).host],
  getHostname: [0, 0, t => url('getHostname', t).host.replace(/^\[(.*)\](:\d*)?$/, '$1').replace(/:\d*$/, '')],
  getPort: [0, 0, t => /:(\d*)$/.exec(url('getPort', t).host.replace(/^\[.*\]/, ''))?.[1] ?? ''],
  getEscapedPath: [0, 0, t => url('getEscapedPath', t).path],
};

const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

function evalBool(ev: Ev, s: Scope, op: string): boolean {
  const v = ev(s);
  if (typeof v !== 'boolean') noOverload(op, v);
  return v as boolean;
}

/** CEL's commutative logical operators: an error on one side is absorbed when the other side decides the result. */
function logical(l: Ev, r: Ev, isAnd: boolean): Ev {
  const decisive = !isAnd;
  return s => {
    let lErr: unknown;
    try {
      if (evalBool(l, s, isAnd ? '&&' : '||') === decisive) return decisive;
    } catch (e) {
      lErr = e;
    }
    if (evalBool(r, s, isAnd ? '&&' : '||') === decisive) return decisive;
    if (lErr !== undefined) throw lErr;
    return !decisive;
  };
}

function rangeOf(v: unknown, macro: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return Object.keys(v);
  return noOverload(macro, v);
}

class Compiler {
  public compile(ast: CelAst, vars: ReadonlySet<string>): Ev {
    switch (ast.k) {
      case 'lit': {
        const v = ast.v;
        return () => v;
      }
      case 'ident': {
        const name = ast.name;
        if (!vars.has(name)) throw new CelUnsupportedError(`undeclared reference to '${name}'`);
        return s => s[name];
      }
      case 'select': {
        const obj = this.compile(ast.obj, vars);
        const field = unescapeField(ast.field);
        return s => {
          const o = obj(s);
          if (!isMap(o)) return noOverload(`.${field}`, o);
          if (!Object.prototype.hasOwnProperty.call(o, field) || o[field] === undefined) throw new CelEvalError(`no such key: ${field}`);
          return o[field];
        };
      }
      case 'index': {
        const obj = this.compile(ast.obj, vars);
        const idx = this.compile(ast.idx, vars);
        return s => {
          const o = obj(s);
          const i = idx(s);
          if (Array.isArray(o)) {
            if (typeof i !== 'number' || !Number.isInteger(i)) return noOverload('_[_]', o, i);
            if (i < 0 || i >= o.length) throw new CelEvalError(`index out of bounds: ${i}`);
            return o[i];
          }
          if (isMap(o)) {
            const key = String(i);
            if (!Object.prototype.hasOwnProperty.call(o, key) || o[key] === undefined) throw new CelEvalError(`no such key: ${key}`);
            return o[key];
          }
          return noOverload('_[_]', o, i);
        };
      }
      case 'list': {
        const items = ast.items.map(i => this.compile(i, vars));
        return s => items.map(i => i(s));
      }
      case 'map': {
        const entries = ast.entries.map(([k, v]) => [this.compile(k, vars), this.compile(v, vars)]);
        return s => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of entries) {
            const key = k(s);
            if (typeof key !== 'string') throw new CelUnsupportedError('only string map keys are supported');
            out[key] = v(s);
          }
          return out;
        };
      }
      case 'unary': {
        const arg = this.compile(ast.arg, vars);
        if (ast.op === '!') return s => !evalBool(arg, s, '!');
        return s => {
          const v = arg(s);
          if (typeof v === 'number') return -v;
          if (v instanceof CelDuration) return new CelDuration(-v.ns);
          return noOverload('-', v);
        };
      }
      case 'cond': {
        const c = this.compile(ast.c, vars);
        const t = this.compile(ast.t, vars);
        const f = this.compile(ast.f, vars);
        return s => (evalBool(c, s, '?:') ? t(s) : f(s));
      }
      case 'binary':
        return this.binary(ast.op, this.compile(ast.l, vars), this.compile(ast.r, vars));
      case 'call':
        return this.call(ast, vars);
    }
  }

  private binary(op: string, l: Ev, r: Ev): Ev {
    switch (op) {
      case '&&': return logical(l, r, true);
      case '||': return logical(l, r, false);
      case '==': return s => celEquals(l(s), r(s));
      case '!=': return s => !celEquals(l(s), r(s));
      case '<': return s => compare(l(s), r(s), op) < 0;
      case '<=': return s => compare(l(s), r(s), op) <= 0;
      case '>': return s => compare(l(s), r(s), op) > 0;
      case '>=': return s => compare(l(s), r(s), op) >= 0;
      case 'in': return s => {
        const x = l(s);
        const c = r(s);
        if (Array.isArray(c)) return c.some(e => celEquals(e, x));
        if (isMap(c)) return typeof x === 'string' && Object.prototype.hasOwnProperty.call(c, x);
        return noOverload('in', x, c);
      };
      case '+': return s => {
        const a = l(s);
        const b = r(s);
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        if (typeof a === 'string' && typeof b === 'string') return a + b;
        if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
        if (a instanceof CelDuration && b instanceof CelDuration) return new CelDuration(a.ns + b.ns);
        return noOverload('+', a, b);
      };
      case '-': return s => {
        const a = l(s);
        const b = r(s);
        if (typeof a === 'number' && typeof b === 'number') return a - b;
        if (a instanceof CelDuration && b instanceof CelDuration) return new CelDuration(a.ns - b.ns);
        return noOverload('-', a, b);
      };
      case '*': case '/': case '%': return s => {
        const a = l(s);
        const b = r(s);
        if (typeof a !== 'number' || typeof b !== 'number') return noOverload(op, a, b);
        if (op === '*') return a * b;
        const ints = Number.isInteger(a) && Number.isInteger(b);
        if (ints && b === 0) throw new CelEvalError(op === '/' ? 'division by zero' : 'modulus by zero');
        if (op === '%') return a % b;
        return ints ? Math.trunc(a / b) : a / b;
      };
      default:
        throw new CelUnsupportedError(`operator '${op}' is not supported`);
    }
  }

  private call(ast: Extract<CelAst, { k: 'call' }>, vars: ReadonlySet<string>): Ev {
    const { fn, target, args } = ast;
    if (!target && fn === 'has') {
      const arg = args[0];
      if (args.length !== 1 || arg.k !== 'select') throw new CelUnsupportedError('has() needs a field selection');
      const obj = this.compile(arg.obj, vars);
      const field = unescapeField(arg.field);
      return s => {
        const o = obj(s);
        if (!isMap(o)) return noOverload('has', o);
        return Object.prototype.hasOwnProperty.call(o, field) && o[field] !== undefined;
      };
    }
    if (target && MACROS.has(fn)) return this.macro(fn, target, args, vars);
    const table = target ? METHODS : GLOBALS;
    const entry = Object.prototype.hasOwnProperty.call(table, fn) ? table[fn] : undefined;
    if (!entry) throw new CelUnsupportedError(`function '${fn}' is not supported`);
    const [min, max, impl] = entry;
    if (args.length < min || args.length > max) throw new CelUnsupportedError(`wrong number of arguments to '${fn}'`);
    const argEvs = args.map(a => this.compile(a, vars));
    if (target) {
      const t = this.compile(target, vars);
      return s => (impl as (...a: unknown[]) => unknown)(t(s), ...argEvs.map(a => a(s)));
    }
    return s => impl(...argEvs.map(a => a(s)));
  }

  private macro(fn: string, target: CelAst, args: CelAst[], vars: ReadonlySet<string>): Ev {
    const v = args[0];
    if (!v || v.k !== 'ident') throw new CelUnsupportedError(`${fn}() needs a variable name`);
    const arity = fn === 'map' ? [2, 3] : [2];
    if (!arity.includes(args.length)) throw new CelUnsupportedError(`wrong number of arguments to '${fn}'`);
    const name = v.name;
    const inner = new Set(vars).add(name);
    const range = this.compile(target, vars);
    const bodies = args.slice(1).map(a => this.compile(a, inner));
    const bind = (s: Scope, x: unknown): Scope => {
      const child = Object.create(s) as Scope;
      child[name] = x;
      return child;
    };
    const pred = bodies[0];
    switch (fn) {
      case 'all':
      case 'exists': {
        const decisive = fn === 'exists';
        return s => {
          let err: unknown;
          for (const x of rangeOf(range(s), fn)) {
            try {
              if (evalBool(pred, bind(s, x), fn) === decisive) return decisive;
            } catch (e) {
              err = err ?? e;
            }
          }
          if (err !== undefined) throw err;
          return !decisive;
        };
      }
      case 'exists_one':
        return s => rangeOf(range(s), fn).filter(x => evalBool(pred, bind(s, x), fn)).length === 1;
      case 'filter':
        return s => rangeOf(range(s), fn).filter(x => evalBool(pred, bind(s, x), fn));
      default: { // map
        if (bodies.length === 2) {
          const [p, t] = bodies;
          return s => rangeOf(range(s), fn).filter(x => evalBool(p, bind(s, x), fn)).map(x => t(bind(s, x)));
        }
        return s => rangeOf(range(s), fn).map(x => pred(bind(s, x)));
      }
    }
  }
}

/** A compiled CEL expression over the variable `self`. Library-internal. */
export class CelProgram {
  /**
   * Parses and compiles `source`. Throws CelUnsupportedError when the expression
   * uses syntax, functions or variables (e.g. `oldSelf`) this evaluator does not support.
   */
  public static compile(source: string): CelProgram {
    return new CelProgram(new Compiler().compile(CelParser.parse(source), new Set(['self'])));
  }

  private constructor(private readonly ev: Ev) {}

  /**
   * Evaluates the expression with `self` bound to `self`. Throws CelEvalError for
   * runtime errors the API server reports, CelTypeError / CelUnsupportedError otherwise.
   */
  public eval(self: unknown): unknown {
    return this.ev({ self });
  }
}
