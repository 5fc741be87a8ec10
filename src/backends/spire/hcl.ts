/**
 * A tiny, deterministic HCL writer for SPIRE's server.conf / agent.conf
 * (library-internal). Keys keep insertion order; strings are JSON-quoted,
 * which is valid HCL string syntax for the values the library writes.
 */
export type HclValue = string | number | boolean | string[] | HclMap;
/** An HCL object written as `key = { ... }`. */
export interface HclMap { readonly [key: string]: HclValue }

/** A block `name "label" { ... }` or `name { ... }`. */
export interface HclBlock {
  readonly name: string;
  readonly labels?: string[];
  readonly attributes?: Array<[string, HclValue | undefined]>;
  readonly blocks?: HclBlock[];
}

const IND = '  ';

function value(v: HclValue, depth: number): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(x => JSON.stringify(x)).join(', ')}]`;
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  const inner = keys.map(k => `${IND.repeat(depth + 1)}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k)} = ${value(v[k], depth + 1)}`);
  return `{\n${inner.join('\n')}\n${IND.repeat(depth)}}`;
}

function block(b: HclBlock, depth: number): string[] {
  const pad = IND.repeat(depth);
  const head = [b.name, ...(b.labels ?? []).map(l => JSON.stringify(l))].join(' ');
  const attrs = (b.attributes ?? []).filter(([, v]) => v !== undefined) as Array<[string, HclValue]>;
  const blocks = b.blocks ?? [];
  if (attrs.length === 0 && blocks.length === 0) return [`${pad}${head} {}`];
  const out = [`${pad}${head} {`];
  for (const [k, v] of attrs) out.push(`${pad}${IND}${k} = ${value(v, depth + 1)}`);
  for (const c of blocks) out.push(...block(c, depth + 1));
  out.push(`${pad}}`);
  return out;
}

/** Renders top-level blocks separated by blank lines, ending with a newline. */
export function renderHcl(blocks: HclBlock[]): string {
  return blocks.map(b => block(b, 0).join('\n')).join('\n\n') + '\n';
}
