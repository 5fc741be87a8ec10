/**
 * A parser for the subset of the Common Expression Language (CEL) used by
 * `x-kubernetes-validations` rules in CRD schemas. Library-internal.
 *
 * Grammar (https://github.com/google/cel-spec/blob/master/doc/langdef.md):
 *   Expr    = Or ['?' Or ':' Expr]
 *   Or      = And {'||' And}
 *   And     = Rel {'&&' Rel}
 *   Rel     = Add {('<'|'<='|'>'|'>='|'=='|'!='|'in') Add}
 *   Add     = Mul {('+'|'-') Mul}
 *   Mul     = Unary {('*'|'/'|'%') Unary}
 *   Unary   = Member | '!'{'!'} Member | '-'{'-'} Member
 *   Member  = Primary {'.' IDENT ['(' Args ')'] | '[' Expr ']'}
 *   Primary = IDENT ['(' Args ')'] | '(' Expr ')' | '[' Args ']' | '{' MapInits '}' | Literal
 */

/** A parsed CEL expression. */
export type CelAst =
  | { readonly k: 'lit'; readonly v: unknown }
  | { readonly k: 'ident'; readonly name: string }
  | { readonly k: 'select'; readonly obj: CelAst; readonly field: string }
  | { readonly k: 'index'; readonly obj: CelAst; readonly idx: CelAst }
  | { readonly k: 'call'; readonly fn: string; readonly target?: CelAst; readonly args: CelAst[] }
  | { readonly k: 'list'; readonly items: CelAst[] }
  | { readonly k: 'map'; readonly entries: Array<[CelAst, CelAst]> }
  | { readonly k: 'unary'; readonly op: string; readonly arg: CelAst }
  | { readonly k: 'binary'; readonly op: string; readonly l: CelAst; readonly r: CelAst }
  | { readonly k: 'cond'; readonly c: CelAst; readonly t: CelAst; readonly f: CelAst };

/** Thrown when an expression uses syntax or features this evaluator does not support. */
export class CelUnsupportedError extends Error {}

interface Token {
  readonly t: 'num' | 'str' | 'ident' | 'op' | 'eof';
  readonly v: string;
  readonly value?: unknown;
}

const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '?', ':', '+', '-', '*', '/', '%', '.', ',', '(', ')', '[', ']', '{', '}'];
const SIMPLE_ESCAPES: Record<string, string> = {
  'a': '\x07',
  'b': '\b',
  'f': '\f',
  'n': '\n',
  'r': '\r',
  't': '\t',
  'v': '\v',
  '\\': '\\',
  '\'': '\'',
  '"': '"',
  '`': '`',
  '?': '?',
};

function unescape(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
    } else if (n === 'x' || n === 'X' || n === 'u' || n === 'U') {
      const len = n === 'x' || n === 'X' ? 2 : n === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new CelUnsupportedError(`bad escape \\${n}${hex}`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (n >= '0' && n <= '3') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new CelUnsupportedError(`bad octal escape \\${oct}`);
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else {
      throw new CelUnsupportedError(`bad escape \\${n}`);
    }
  }
  return out;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    // string literals, optionally raw (r/R) or bytes (b/B, unsupported)
    const strMatch = /^([rRbB]{0,2})('''|"""|'|")/.exec(src.slice(i, i + 5));
    if (strMatch && (strMatch[1] === '' || /^[rR]$/.test(strMatch[1]) || /^[bB]/.test(strMatch[1]))) {
      const prefix = strMatch[1];
      if (/[bB]/.test(prefix)) throw new CelUnsupportedError('bytes literals are not supported');
      const quote = strMatch[2];
      const raw = /[rR]/.test(prefix);
      let j = i + prefix.length + quote.length;
      let body = '';
      for (;;) {
        if (j >= src.length) throw new CelUnsupportedError('unterminated string literal');
        if (src.startsWith(quote, j)) break;
        if (!raw && src[j] === '\\') {
          body += src[j] + src[j + 1];
          j += 2;
          continue;
        }
        if (quote.length === 1 && src[j] === '\n') throw new CelUnsupportedError('newline in string literal');
        body += src[j++];
      }
      tokens.push({ t: 'str', v: body, value: raw ? body : unescape(body) });
      i = j + quote.length;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+[uU]?|(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?[uU]?)/.exec(src.slice(i));
    if (num && (c !== '.' || /\d/.test(src[i + 1] ?? ''))) {
      const text = num[1];
      const isUint = /[uU]$/.test(text);
      const body = isUint ? text.slice(0, -1) : text;
      const value = /^0[xX]/.test(body) ? parseInt(body, 16) : Number(body);
      tokens.push({ t: 'num', v: text, value });
      i += text.length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ t: 'ident', v: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find(o => src.startsWith(o, i));
    if (!op) throw new CelUnsupportedError(`unexpected character '${c}'`);
    tokens.push({ t: 'op', v: op });
    i += op.length;
  }
  tokens.push({ t: 'eof', v: '' });
  return tokens;
}

const RESERVED = new Set(['as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  public parseAll(): CelAst {
    const e = this.expr();
    if (this.peek().t !== 'eof') throw new CelUnsupportedError(`unexpected '${this.peek().v}'`);
    return e;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }

  private accept(v: string): boolean {
    if (this.isOp(v)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(v: string): void {
    if (!this.accept(v)) throw new CelUnsupportedError(`expected '${v}' but found '${this.peek().v}'`);
  }

  private expr(): CelAst {
    const c = this.or();
    if (!this.accept('?')) return c;
    const t = this.or();
    this.expect(':');
    const f = this.expr();
    return { k: 'cond', c, t, f };
  }

  private or(): CelAst {
    let l = this.and();
    while (this.accept('||')) l = { k: 'binary', op: '||', l, r: this.and() };
    return l;
  }

  private and(): CelAst {
    let l = this.rel();
    while (this.accept('&&')) l = { k: 'binary', op: '&&', l, r: this.rel() };
    return l;
  }

  private rel(): CelAst {
    let l = this.add();
    for (;;) {
      const t = this.peek();
      const isRel = (t.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.v)) || (t.t === 'ident' && t.v === 'in');
      if (!isRel) return l;
      this.pos++;
      l = { k: 'binary', op: t.v, l, r: this.add() };
    }
  }

  private add(): CelAst {
    let l = this.mul();
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op' || (t.v !== '+' && t.v !== '-')) return l;
      this.pos++;
      l = { k: 'binary', op: t.v, l, r: this.mul() };
    }
  }

  private mul(): CelAst {
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op' || (t.v !== '*' && t.v !== '/' && t.v !== '%')) return l;
      this.pos++;
      l = { k: 'binary', op: t.v, l, r: this.unary() };
    }
  }

  private unary(): CelAst {
    if (this.accept('!')) return { k: 'unary', op: '!', arg: this.unary() };
    if (this.isOp('-')) {
      this.pos++;
      const next = this.peek();
      if (next.t === 'num') {
        // fold negative numeric literals so that -9223372036854775808 style literals work
        const arg = this.member();
        if (arg.k === 'lit' && typeof arg.v === 'number') return { k: 'lit', v: -arg.v };
        return { k: 'unary', op: '-', arg };
      }
      return { k: 'unary', op: '-', arg: this.unary() };
    }
    return this.member();
  }

  private args(close: string): CelAst[] {
    const out: CelAst[] = [];
    if (this.accept(close)) return out;
    do {
      if (this.isOp(close)) break; // trailing comma
      out.push(this.expr());
    } while (this.accept(','));
    this.expect(close);
    return out;
  }

  private member(): CelAst {
    let e = this.primary();
    for (;;) {
      if (this.accept('.')) {
        const t = this.peek();
        if (t.t !== 'ident') throw new CelUnsupportedError(`expected field name after '.', found '${t.v}'`);
        this.pos++;
        if (this.accept('(')) {
          e = { k: 'call', fn: t.v, target: e, args: this.args(')') };
        } else {
          e = { k: 'select', obj: e, field: t.v };
        }
      } else if (this.accept('[')) {
        const idx = this.expr();
        this.expect(']');
        e = { k: 'index', obj: e, idx };
      } else if (this.isOp('{') && e.k === 'ident') {
        throw new CelUnsupportedError('message construction is not supported');
      } else {
        return e;
      }
    }
  }

  private primary(): CelAst {
    const t = this.peek();
    this.pos++;
    if (t.t === 'num' || t.t === 'str') return { k: 'lit', v: t.value };
    if (t.t === 'ident') {
      if (t.v === 'true') return { k: 'lit', v: true };
      if (t.v === 'false') return { k: 'lit', v: false };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (t.v === 'in' || RESERVED.has(t.v)) throw new CelUnsupportedError(`reserved word '${t.v}'`);
      if (this.accept('(')) return { k: 'call', fn: t.v, args: this.args(')') };
      return { k: 'ident', name: t.v };
    }
    if (t.t === 'op') {
      if (t.v === '(') {
        const e = this.expr();
        this.expect(')');
        return e;
      }
      if (t.v === '[') return { k: 'list', items: this.args(']') };
      if (t.v === '{') {
        const entries: Array<[CelAst, CelAst]> = [];
        if (!this.accept('}')) {
          do {
            if (this.isOp('}')) break;
            const key = this.expr();
            this.expect(':');
            entries.push([key, this.expr()]);
          } while (this.accept(','));
          this.expect('}');
        }
        return { k: 'map', entries };
      }
    }
    throw new CelUnsupportedError(`unexpected '${t.v || 'end of expression'}'`);
  }
}

/** CEL parsing entry point. Library-internal. */
export class CelParser {
  /** Parses a CEL expression; throws CelUnsupportedError on syntax it does not understand. */
  public static parse(source: string): CelAst {
    return new Parser(tokenize(source)).parseAll();
  }
}
