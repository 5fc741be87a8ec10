// Internal: reads manifests from files, directories and stdin (CLI).
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { isObject, MANIFEST_SOURCES } from './manifests';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Parses YAML (multi-document) or JSON text; records `source` for each object. */
export function parseManifests(text: string, source: string): any[] {
  const out: any[] = [];
  const trimmed = text.trimStart();
  let docs: any[];
  if (source.endsWith('.json') || (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    try {
      const parsed = JSON.parse(text);
      docs = Array.isArray(parsed) ? parsed : [parsed];
    } catch (e) {
      if (source.endsWith('.json')) throw new Error(`${source}: invalid JSON: ${(e as Error).message}`);
      docs = parseYaml(text, source);
    }
  } else {
    docs = parseYaml(text, source);
  }
  for (const d of docs) {
    if (!isObject(d)) continue;
    MANIFEST_SOURCES.set(d, source);
    out.push(d);
  }
  return out;
}

function parseYaml(text: string, source: string): any[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: any[] = [];
  for (const d of list as any[]) {
    if (d.errors && d.errors.length > 0) throw new Error(`${source}: invalid YAML: ${d.errors[0].message}`);
    out.push(d.toJS());
  }
  return out;
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
