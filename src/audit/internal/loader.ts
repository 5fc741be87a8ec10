// Internal: reads manifests from files, directories and stdin (CLI).
import * as fs from 'fs';
import * as path from 'path';
import { NotSimple, readDocument, SimpleDocument, splitDocuments } from './fast-yaml';
import { isObject, MANIFEST_LOCATIONS } from './manifests';
import { vendoredYaml } from '../../shared/vendor';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A file (or stdin) that could not be read or parsed: reported, the other inputs are still audited. */
export interface InputError {
  /** The file, or `<stdin>`. */
  readonly file: string;
  /**
   * 1-based line of the problem.
   * @default - the problem is not at one line (unreadable file, encoding)
   */
  readonly line?: number;
  /** What is wrong. */
  readonly reason: string;
}

/** What one input yielded: its objects and, if it could not be parsed, why. */
export interface ParsedInput {
  readonly objects: any[];
  readonly errors: InputError[];
}

/**
 * Decodes file bytes: UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM.
 * (Windows PowerShell's `>` redirection writes UTF-16 LE with a BOM.)
 */
export function decodeText(buf: Uint8Array): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const body = Buffer.from(b.subarray(2));
    if (body.length % 2 === 1) throw new Error('UTF-16 BE text with an odd number of bytes');
    body.swap16();
    return body.toString('utf16le');
  }
  return b.toString('utf8');
}

/** The line (1-based) of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Line of a `JSON.parse` error ("... at position N" / "(line L column C)"), if the message says. */
function jsonErrorLine(text: string, message: string): number | undefined {
  const lc = /line (\d+) column \d+/.exec(message);
  if (lc) return Number(lc[1]);
  const pos = /at position (\d+)/.exec(message);
  return pos ? lineAt(text, Number(pos[1])) : undefined;
}

/**
 * Parses YAML (multi-document) or JSON text. Never throws: a document that cannot
 * be parsed becomes an `InputError` naming `source` and its line; the other
 * documents of the same text are kept. Each object's line range is recorded
 * (`MANIFEST_LOCATIONS`), items of `List` kinds included.
 *
 * Plain block YAML (what cdk8s, kubectl and Helm write) is read by the fast
 * reader of `fast-yaml.ts`, one document at a time; a document outside its
 * subset is read by the `yaml` package, and any document with an error sends
 * the whole text to the `yaml` package, so errors are reported as before.
 */
export function parseManifests(text: string, source: string): ParsedInput {
  if (source.toLowerCase().endsWith('.json')) return parseFull(text, source);
  let docs: SimpleDocument[];
  try {
    docs = splitDocuments(text);
  } catch (e) {
    if (e instanceof NotSimple) return parseFull(text, source);
    throw e;
  }
  const objects: any[] = [];
  for (const d of docs) {
    let js: any;
    let simple = true;
    try {
      js = readDocument(d);
    } catch (e) {
      if (!(e instanceof NotSimple)) throw e;
      simple = false;
    }
    if (simple && (Array.isArray(js) || isListKind(js))) simple = false; // item ranges: the full parser
    if (!simple) {
      const r = parseYaml(text.slice(d.from, d.to), source, false, d.fromLine - 1);
      if (r.errors.length > 0) return parseFull(text, source);
      objects.push(...r.objects);
      continue;
    }
    if (!isObject(js)) continue;
    MANIFEST_LOCATIONS.set(js, { file: source, startLine: d.startLine, endLine: d.endLine });
    objects.push(js);
  }
  return { objects, errors: [] };
}

function isListKind(o: any): boolean {
  return isObject(o) && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}

/** The `yaml` package over the whole text (JSON checked with JSON.parse first, for its error positions). */
function parseFull(text: string, source: string): ParsedInput {
  const isJsonFile = source.toLowerCase().endsWith('.json');
  if (isJsonFile) {
    try {
      JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      return { objects: [], errors: [{ file: source, line: jsonErrorLine(text, msg), reason: `invalid JSON: ${msg}` }] };
    }
  }
  return parseYaml(text, source, isJsonFile, 0);
}

/** The `yaml` package over `text`, which starts after line `lineOffset` of `source`. */
function parseYaml(text: string, source: string, isJsonFile: boolean, lineOffset: number): ParsedInput {
  // Loaded on first use: plain manifests never need it (saves ~0.1 s of CLI start-up).
  const { LineCounter, parseAllDocuments } = vendoredYaml();
  const objects: any[] = [];
  const errors: InputError[] = [];
  // JSON is YAML: one parser for both gives positions for every node.
  const lineCounter = new LineCounter();
  let docs: any[];
  try {
    docs = parseAllDocuments(text, { lineCounter }) as any;
    if (!Array.isArray(docs)) docs = [docs];
  } catch (e) {
    return { objects, errors: [{ file: source, reason: `invalid YAML: ${(e as Error).message}` }] };
  }
  const endLine = (start: number, end: number) => {
    let e = end;
    while (e > start + 1 && /\s/.test(text[e - 1])) e--;
    return lineCounter.linePos(Math.max(start, e - 1)).line + lineOffset;
  };
  const place = (obj: any, node: any) => {
    const r = node?.range;
    if (!isObject(obj) || !Array.isArray(r)) return;
    MANIFEST_LOCATIONS.set(obj, { file: source, startLine: lineCounter.linePos(r[0]).line + lineOffset, endLine: endLine(r[0], r[1]) });
  };
  // An error found at the end of the text (an unclosed flow collection) is reported on the last line.
  for (const d of docs) {
    const firstError = d.errors?.[0];
    if (firstError) {
      const at = Array.isArray(firstError.linePos) ? firstError.linePos[0]?.line : undefined;
      const line = at === undefined ? undefined : Math.min(at, text.replace(/\s+$/, '').split('\n').length) + lineOffset;
      errors.push({ file: source, line, reason: `invalid ${isJsonFile ? 'JSON' : 'YAML'}: ${String(firstError.message).split('\n')[0]}` });
      continue;
    }
    let js: any;
    try {
      js = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      const line = d.contents?.range ? lineCounter.linePos(d.contents.range[0]).line + lineOffset : undefined;
      const msg = (e as Error).message;
      const reason = e instanceof RangeError ? `document nested too deeply to read (${msg})` : msg;
      errors.push({ file: source, line, reason });
      continue;
    }
    const docs2 = Array.isArray(js) ? js : [js];
    const nodes = Array.isArray(js) ? (d.contents?.items ?? []) : [d.contents];
    docs2.forEach((o: any, i: number) => {
      if (!isObject(o)) return;
      place(o, nodes[i]);
      // Items of a List: each gets its own range.
      if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
        const seq = typeof nodes[i]?.get === 'function' ? nodes[i].get('items', true) : undefined;
        o.items.forEach((item: any, j: number) => place(item, seq?.items?.[j]));
      }
      objects.push(o);
    });
  }
  return { objects, errors };
}

/** Files under a path: the file itself, or every .yaml/.yml/.json file below a directory (sorted). */
export function expandPath(p: string): string[] {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  const out: string[] = [];
  for (const entry of fs.readdirSync(p).sort()) {
    const full = path.join(p, entry);
    const s = fs.statSync(full);
    if (s.isDirectory()) out.push(...expandPath(full));
    else if (EXTENSIONS.includes(path.extname(entry).toLowerCase())) out.push(full);
  }
  return out;
}

/** Reads and parses one file; unreadable or undecodable files become input errors. */
export function loadFile(file: string): ParsedInput {
  let text: string;
  try {
    text = decodeText(fs.readFileSync(file));
  } catch (e) {
    return { objects: [], errors: [{ file, reason: `cannot read: ${(e as Error).message}` }] };
  }
  return parseManifests(text, file);
}

/**
 * Reads every input: a file, every manifest below a directory, or `-` (standard input, when
 * `readStdin` is given). A path or file that cannot be read or parsed is an input error, never the
 * end of the run: the rest is still read. One loop for every command that reads manifests.
 */
export function loadInputs(paths: readonly string[], readStdin?: () => string): ParsedInput {
  const objects: any[] = [];
  const errors: InputError[] = [];
  for (const p of paths) {
    if (p === '-' && readStdin) {
      const r = parseManifests(readStdin(), '<stdin>');
      objects.push(...r.objects);
      errors.push(...r.errors);
      continue;
    }
    let files: string[];
    try {
      files = expandPath(p);
    } catch (e) {
      errors.push({ file: p, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message });
      continue;
    }
    for (const f of files) {
      const r = loadFile(f);
      objects.push(...r.objects);
      errors.push(...r.errors);
    }
  }
  return { objects, errors };
}

/** An input error as the commands print it: `error: file[:line]: reason`. */
export function formatInputError(e: InputError): string {
  return `error: ${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.reason}\n`;
}

/** @internal for tests: the `yaml` package path alone. */
export const parseFullForTest = (text: string, source: string): ParsedInput => parseFull(text, source);
