// Internal: a fast reader for the plain block YAML that cdk8s, kubectl and Helm write.
//
// The `yaml` package composes a full node tree with source ranges for every
// node; on a 13 MB input of 20,000 objects that is ~4 s (and ~10 s when the
// input is one file: its tree stays alive until the end). This reader handles
// a strict subset of YAML 1.2 (block mappings and sequences, single-line plain
// and quoted scalars, `{}`/`[]`, comments) with the core schema of the `yaml`
// package (same null/bool/int/float resolution), and gives up on anything else
// by throwing `NotSimple`: the caller then reads that document with the `yaml`
// package. Tests compare both readers on every manifest in the repository.

/** Thrown when a document is outside the subset; the caller falls back to the full parser. */
export class NotSimple extends Error {}

/** One content line of a document (no blank or comment-only lines). */
interface Line {
  /** 1-based line number in the whole text. */
  readonly no: number;
  readonly indent: number;
  readonly s: string;
}

const bail = (): never => {
  throw new NotSimple();
};

// The `yaml` package's core schema (dist/schema/core/*.js, common/null.js).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** First characters of the core schema's null, bool, int and float forms (anything else is a string). */
const NON_STRING_START = new Set(['~', 'n', 'N', 't', 'T', 'f', 'F', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '-', '.']);

function resolvePlain(s: string): any {
  if (s.length > 0 && !NON_STRING_START.has(s[0])) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT_OCT.test(s)) return intOf(s.slice(2), 8);
  if (INT_DEC.test(s)) {
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    const n = intOf(sign ? s.slice(1) : s, 10);
    return sign === '-' ? -n : n;
  }
  if (INT_HEX.test(s)) return intOf(s.slice(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

function intOf(digits: string, radix: number): number {
  const n = parseInt(digits, radix);
  // Beyond 2^53 the `yaml` package's rounding is not ours to copy.
  if (!Number.isSafeInteger(n)) bail();
  return n;
}

/** Characters a plain scalar must not start with (YAML 1.2 c-indicator), handled cases aside. */
const INDICATOR = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
const JSON_ESCAPES = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

/** A quoted scalar at the start of `s`: its value and the rest of the line after the closing quote. */
function quoted(s: string): { value: string; rest: string } {
  if (s[0] === "'") {
    let i = 1;
    let out = '';
    for (;;) {
      const j = s.indexOf("'", i);
      if (j < 0) bail(); // spans lines
      out += s.slice(i, j);
      if (s[j + 1] === "'") {
        out += "'";
        i = j + 2;
        continue;
      }
      return { value: out, rest: s.slice(j + 1) };
    }
  }
  let j = 1;
  for (;;) {
    const k = s.indexOf('"', j);
    if (k < 0) bail();
    let bs = 0;
    for (let b = k - 1; b > 0 && s[b] === '\\'; b--) bs++;
    if (bs % 2 === 0) {
      j = k;
      break;
    }
    j = k + 1;
  }
  const body = s.slice(1, j);
  // Only the escapes YAML and JSON share; others (\x, \e, \N, \ , line folding) go to the full parser.
  if (body.replace(JSON_ESCAPES, '').includes('\\')) bail();
  for (let c = 0; c < body.length; c++) if (body.charCodeAt(c) < 0x20) bail();
  return { value: JSON.parse(`"${body}"`), rest: s.slice(j + 1) };
}

/** The rest of a line after a value must be blank or a comment. */
function endOfLine(rest: string): void {
  const t = rest.trimStart();
  if (t.length > 0 && !(t[0] === '#' && rest.length > t.length)) bail();
}

/** A scalar (or `{}`/`[]`) value written on one line. */
function scalar(s: string): any {
  const c = s[0];
  if (c === '"' || c === "'") {
    const q = quoted(s);
    endOfLine(q.rest);
    return q.value;
  }
  if (c === '{' || c === '[') {
    const t = stripComment(s).trimEnd();
    if (t === '{}') return {};
    if (t === '[]') return [];
    bail();
  }
  if (INDICATOR.has(c) && !((c === '-' || c === '?' || c === ':') && s.length > 1 && s[1] !== ' ')) bail();
  const v = stripComment(s).trimEnd();
  if (v.includes(': ') || v.endsWith(':') || v.includes('\t')) bail();
  return resolvePlain(v);
}

/** Drops a ` #` comment from a plain scalar line. */
function stripComment(s: string): string {
  const i = s.indexOf(' #');
  return i < 0 ? s : s.slice(0, i);
}

/** If `s` starts a mapping entry, its key and the text after `:` (trimmed at the start). */
function entry(s: string): { key: string; value: string } | undefined {
  let key: any;
  let after: string;
  if (s[0] === '"' || s[0] === "'") {
    const q = quoted(s);
    if (q.rest[0] !== ':' || (q.rest.length > 1 && q.rest[1] !== ' ')) return undefined;
    key = q.value;
    after = q.rest.slice(1);
  } else {
    const body = stripComment(s);
    let i = body.indexOf(': ');
    if (i < 0) {
      const t = body.trimEnd();
      if (!t.endsWith(':')) return undefined;
      i = t.length - 1;
    }
    const raw = body.slice(0, i).trimEnd();
    if (raw.length === 0 || (INDICATOR.has(raw[0]) && !(raw[0] === '-' && raw.length > 1 && raw[1] !== ' '))) bail();
    key = resolvePlain(raw);
    // Keys become property names: only strings and decimal integers written as such keep their text.
    if (typeof key === 'number' && String(key) === raw) key = raw;
    if (typeof key !== 'string' || key !== raw) bail();
    after = s.slice(i + 1);
  }
  if (key === '__proto__' || key === '<<') bail();
  return { key, value: after.trimStart() };
}

const isSeqStart = (s: string, col: number) => s[col] === '-' && (s.length === col + 1 || s[col + 1] === ' ');

/** A block-YAML reader over the content lines of one document. */
class Reader {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  public document(): any {
    if (this.lines.length === 0) return null;
    const v = this.node(this.lines[0].indent, -1);
    if (this.i !== this.lines.length) bail();
    return v;
  }

  /** The node whose first token is at column `col` of the current line; `parent` is the indent of the enclosing collection. */
  private node(col: number, parent: number): any {
    const l = this.lines[this.i];
    if (isSeqStart(l.s, col)) return this.seq(col);
    const text = l.s.slice(col);
    if (entry(text)) return this.map(col);
    const v = scalar(text);
    this.i++;
    if (this.i < this.lines.length && this.lines[this.i].indent > parent) bail(); // multi-line scalar
    return v;
  }

  private seq(col: number): any[] {
    const out: any[] = [];
    for (;;) {
      const l = this.lines[this.i];
      let c = col + 1;
      while (l.s[c] === ' ') c++;
      if (c >= l.s.length || l.s[c] === '#') {
        if (c < l.s.length) endOfLine(l.s.slice(col + 1));
        this.i++;
        const next = this.lines[this.i];
        out.push(next && next.indent > col ? this.node(next.indent, col) : null);
      } else {
        out.push(this.node(c, col));
      }
      const next = this.lines[this.i];
      if (!next || next.indent < col) return out;
      if (next.indent > col || !isSeqStart(next.s, col)) bail();
    }
  }

  private map(col: number): Record<string, any> {
    const out: Record<string, any> = {};
    for (;;) {
      const l = this.lines[this.i];
      const e = entry(l.s.slice(col));
      if (!e) bail();
      if (Object.prototype.hasOwnProperty.call(out, e!.key)) bail(); // the full parser reports it
      let v: any;
      if (e!.value.length === 0 || e!.value[0] === '#') {
        this.i++;
        const next = this.lines[this.i];
        if (next && next.indent > col) v = this.node(next.indent, col);
        else if (next && next.indent === col && isSeqStart(next.s, col)) v = this.seq(col);
        else v = null;
      } else {
        if (isSeqStart(e!.value, 0)) bail();
        v = scalar(e!.value);
        this.i++;
        const next = this.lines[this.i];
        if (next && next.indent > col) bail(); // multi-line scalar, or an error
      }
      out[e!.key] = v;
      const next = this.lines[this.i];
      if (!next || next.indent < col) return out;
      if (next.indent > col || isSeqStart(next.s, col)) bail();
    }
  }
}

/** One document found by `splitDocuments`: its content lines. */
export interface SimpleDocument {
  /** First and last content line (1-based), undefined for an empty document. */
  readonly startLine?: number;
  readonly endLine?: number;
  readonly lines: Line[];
  /**
   * Set when an indented comment line comes before the first or after the last content line:
   * the `yaml` package counts such lines into the node's range, so the full parser reads it.
   */
  readonly edgeComment?: boolean;
  /** The document's text: `text.slice(from, to)`, starting on line `fromLine` (after its `---` line, if any). */
  readonly from: number;
  readonly to: number;
  readonly fromLine: number;
}

/**
 * Splits text into documents at `---` lines. A line starting with `---` or
 * `...` followed by a space or the end of the line ends a document anywhere
 * (YAML 1.2 c-forbidden), so the split is exact; `---` followed by content on
 * the same line, `...`, directives (`%`) and tabs in indentation are not in
 * the subset (NotSimple for the whole text).
 */
export function splitDocuments(text: string): SimpleDocument[] {
  const docs: SimpleDocument[] = [];
  let lines: Line[] = [];
  let sawMarker = false;
  let from = 0;
  let fromLine = 1;
  let edgeComment = false;
  let pendingComment = false;
  const flush = (to: number) => {
    const edge = edgeComment || pendingComment;
    docs.push({ startLine: lines[0]?.no, endLine: lines[lines.length - 1]?.no, lines, from, to, fromLine, edgeComment: edge });
    lines = [];
    edgeComment = false;
    pendingComment = false;
  };
  let pos = 0;
  let no = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let s = text.slice(pos, end);
    const lineStart = pos;
    pos = end + 1;
    no++;
    if (s.endsWith('\r')) s = s.slice(0, -1);
    if (s.startsWith('---') && (s.length === 3 || s[3] === ' ' || s[3] === '\t')) {
      if (s.slice(3).trim().length > 0 && !s.slice(3).trim().startsWith('#')) bail();
      if (lines.length > 0 || sawMarker) flush(lineStart);
      sawMarker = true;
      from = Math.min(pos, text.length);
      fromLine = no + 1;
      continue;
    }
    if (s.startsWith('...') || s.startsWith('%')) bail();
    let indent = 0;
    while (s.charCodeAt(indent) === 32) indent++;
    if (indent === s.length) continue; // blank
    if (s[indent] === '\t') bail();
    if (s[indent] === '#') { // comment line
      if (indent > 0) {
        if (lines.length === 0) edgeComment = true;
        else pendingComment = true;
      }
      continue;
    }
    pendingComment = false;
    lines.push({ no, indent, s: s.trimEnd() });
    if (end === text.length) break;
  }
  if (lines.length > 0 || !sawMarker || docs.length === 0) flush(text.length);
  return docs;
}

/** Reads one document's lines; throws NotSimple when it is outside the subset. */
export function readDocument(doc: SimpleDocument): any {
  if (doc.edgeComment) bail();
  return new Reader(doc.lines).document();
}
