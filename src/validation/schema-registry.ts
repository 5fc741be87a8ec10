import * as fs from 'fs';
import * as path from 'path';
import { NATIVE_CHECKS, NATIVE_ENUMS } from './k8s-native';
import { CelStats, CrdSchemaCompiler, NativeSchemaCompiler, SchemaNode } from './schema-node';
import { vendoredYaml } from '../shared/vendor';

const SWAGGER = path.join('kubernetes', 'swagger-v1.28.json');
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** How to validate one apiVersion/kind. */
export type Resolution =
  | { readonly state: 'native'; readonly group: string; readonly root: SchemaNode }
  | { readonly state: 'crd'; readonly group: string; readonly root: SchemaNode; readonly metadata?: SchemaNode }
  | { readonly state: 'not-served' | 'unknown-kind'; readonly group: string; readonly message: string };

interface CrdDocument {
  readonly file: string;
  readonly text: string;
  parsed?: any;
}

function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

function unquote(s: string): string {
  const t = s.trim();
  return /^(["']).*\1$/.test(t) ? t.slice(1, -1) : t;
}

/**
 * Finds `spec.group` and `spec.names.kind` of a CRD document without parsing
 * the whole YAML (CRD files are large; only the documents used get parsed).
 */
function scanCrdHeader(text: string): { group: string; kind: string } | undefined {
  if (!/^kind:\s*["']?CustomResourceDefinition["']?\s*$/m.test(text)) return undefined;
  const lines = text.split('\n');
  const specAt = lines.findIndex(l => /^spec:\s*$/.test(l));
  if (specAt < 0) return undefined;
  let group: string | undefined;
  let kind: string | undefined;
  let childIndent = -1;
  for (let i = specAt + 1; i < lines.length && !(group && kind); i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) break;
    if (childIndent < 0) childIndent = indent;
    if (indent !== childIndent) continue;
    const m = /^\s*(group|names):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'group') {
      group = unquote(m[2]);
    } else {
      let namesIndent = -1;
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j];
        if (l.trim() === '') continue;
        const ind = l.length - l.trimStart().length;
        if (ind <= indent) break;
        if (namesIndent < 0) namesIndent = ind;
        const k = ind === namesIndent ? /^\s*kind:\s*(.+)$/.exec(l) : null;
        if (k) kind = unquote(k[1]);
      }
    }
  }
  return group && kind ? { group, kind } : undefined;
}

/**
 * The `spec.versions[]` entries (`name`, `served`) of a CRD document, read line by line
 * without parsing the whole YAML (a CRD with every provider schema takes a second to parse).
 * `test/validation/schema-registry.test.ts` checks it against a full parse of every bundled CRD.
 */
export function scanCrdVersions(text: string): Array<{ name: string; served: boolean }> | undefined {
  const lines = text.split('\n');
  const specAt = lines.findIndex(l => /^spec:\s*$/.test(l));
  if (specAt < 0) return undefined;
  let versionsAt = -1;
  let versionsIndent = -1;
  for (let i = specAt + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const indent = l.length - l.trimStart().length;
    if (indent === 0) break;
    if (versionsIndent < 0 || indent <= versionsIndent) {
      const m = /^(\s*)versions:\s*$/.exec(l);
      if (m) { versionsAt = i; versionsIndent = indent; break; }
    }
  }
  if (versionsAt < 0) return undefined;
  const out: Array<{ name: string; served: boolean }> = [];
  let keyIndent = -1;
  let current: { name?: string; served?: boolean } | undefined;
  const flush = () => {
    if (current?.name !== undefined) out.push({ name: current.name, served: current.served === true });
  };
  for (let i = versionsAt + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const indent = l.length - l.trimStart().length;
    const item = /^(\s*)- (.*)$/.exec(l);
    if (item && (keyIndent < 0 || indent === keyIndent - 2) && indent >= versionsIndent) {
      flush();
      current = {};
      keyIndent = indent + 2;
      const rest = item[2];
      const kv = /^([A-Za-z]+):\s*(.*)$/.exec(rest);
      if (kv) apply(current, kv[1], kv[2]);
      continue;
    }
    if (indent < keyIndent || (keyIndent < 0 && indent <= versionsIndent)) break;
    if (indent !== keyIndent || !current) continue;
    const kv = /^\s*([A-Za-z]+):\s*(.*)$/.exec(l);
    if (kv) apply(current, kv[1], kv[2]);
  }
  flush();
  return out;

  function apply(v: { name?: string; served?: boolean }, key: string, raw: string) {
    const value = unquote(raw.replace(/\s+#.*$/, ''));
    if (key === 'name') v.name = value;
    if (key === 'served') v.served = value === 'true';
  }
}

/**
 * Loads and compiles the upstream schemas lazily, once per apiVersion/kind.
 * Library-internal.
 */
export class SchemaRegistry {
  /** Walks up from `start` to the first directory holding schemas/kubernetes/swagger-v1.28.json. */
  public static locate(start: string): string {
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, 'schemas');
      if (fs.existsSync(path.join(candidate, SWAGGER))) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`cannot find schemas/${SWAGGER} in ${start} or any parent directory`);
      dir = parent;
    }
  }

  public readonly celStats = new CelStats();
  private native?: { compiler: NativeSchemaCompiler; gvk: Map<string, string> };
  private crdIndex?: Map<string, CrdDocument[]>;
  private readonly resolved = new Map<string, Resolution>();
  private readonly crdCompiler = new CrdSchemaCompiler(this.celStats);
  private readonly compiledCrds = new Map<string, SchemaNode>();

  constructor(private readonly dir: string) {}

  /** How to validate `apiVersion`/`kind` (cached). */
  public resolve(apiVersion: string, kind: string): Resolution {
    const key = `${apiVersion}|${kind}`;
    let r = this.resolved.get(key);
    if (!r) {
      r = this.doResolve(apiVersion, kind);
      this.resolved.set(key, r);
    }
    return r;
  }

  /**
   * The served versions of the bundled CRD for `group`/`kind` (in the CRD's order),
   * or undefined when no CRD for that kind is bundled.
   */
  public servedVersions(group: string, kind: string): string[] | undefined {
    const docs = this.crds().get(`${group}/${kind}`);
    if (!docs || docs.length === 0) return undefined;
    const versions = scanCrdVersions(docs[0].text);
    if (versions === undefined) return undefined;
    return versions.filter(v => v.served).map(v => v.name);
  }

  /** Every bundled CRD as `{ group, kind, text }` (for tests that check the scanners against a full parse). */
  public crdDocuments(): Array<{ group: string; kind: string; file: string; text: string }> {
    const out: Array<{ group: string; kind: string; file: string; text: string }> = [];
    for (const [key, docs] of this.crds()) {
      const i = key.lastIndexOf('/');
      for (const d of docs) out.push({ group: key.slice(0, i), kind: key.slice(i + 1), file: d.file, text: d.text });
    }
    return out;
  }

  /** Compiles every CRD version (to count the CEL rules that cannot be evaluated). */
  public compileAll(): void {
    for (const docs of this.crds().values()) {
      for (const doc of docs) {
        for (const v of this.parsed(doc)?.spec?.versions ?? []) this.compileCrdVersion(doc, v);
      }
    }
  }

  private doResolve(apiVersion: string, kind: string): Resolution {
    const [group, version] = splitApiVersion(apiVersion);
    const def = this.nativeIndex().gvk.get(`${group}/${version}/${kind}`);
    if (def) return { state: 'native', group, root: this.nativeIndex().compiler.definition(def)! };
    const docs = this.crds().get(`${group}/${kind}`) ?? [];
    for (const doc of docs) {
      const crd = this.parsed(doc);
      const versions: any[] = crd?.spec?.versions ?? [];
      const v = versions.find(x => x?.name === version);
      const served = versions.filter(x => x?.served).sort((a, b) => Number(!!b.storage) - Number(!!a.storage)).map(x => x.name);
      const use = served.length > 0 ? `use ${served.map(s => `${group}/${s}`).join(' or ')}` : 'no version is served';
      const where = path.relative(this.dir, doc.file);
      if (!v) {
        return { state: 'unknown-kind', group, message: `${kind} has no version ${version} in schemas/${where}; ${use}` };
      }
      if (!v.served) {
        return { state: 'not-served', group, message: `${apiVersion} ${kind} is not served (served: false in schemas/${where}); ${use}` };
      }
      const root = this.compileCrdVersion(doc, v);
      const rawMeta = v.schema?.openAPIV3Schema?.properties?.metadata;
      const metadata = rawMeta?.properties ? this.crdCompiler.compile(rawMeta, true) : undefined;
      return { state: 'crd', group, root, metadata };
    }
    const nativeKinds = [...this.nativeIndex().gvk.keys()].filter(k => k.endsWith(`/${kind}`)).map(k => k.replace(/^\//, '').replace(/\/[^/]*$/, ''));
    const crdKinds = [...this.crds().keys()].filter(k => k.endsWith(`/${kind}`)).map(k => k.replace(/\/[^/]*$/, ''));
    const hint = nativeKinds.length + crdKinds.length > 0 ? `; ${kind} is known as ${[...nativeKinds, ...crdKinds.map(g => `${g}/*`)].join(', ')}` : '';
    return { state: 'unknown-kind', group, message: `no schema known for apiVersion ${JSON.stringify(apiVersion)} kind ${JSON.stringify(kind)}${hint}` };
  }

  private compileCrdVersion(doc: CrdDocument, v: any): SchemaNode {
    const key = `${doc.file}#${doc.parsed?.metadata?.name}#${v.name}`;
    let root = this.compiledCrds.get(key);
    if (!root) {
      const compiled = this.crdCompiler.compile(v.schema?.openAPIV3Schema ?? { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true });
      const properties = Object.assign(Object.create(null), compiled.properties ?? {}) as Record<string, SchemaNode>;
      properties.apiVersion = { type: 'string' };
      properties.kind = { type: 'string' };
      properties.metadata = this.nativeIndex().compiler.definition(OBJECT_META)!;
      root = { ...compiled, type: 'object', properties };
      this.compiledCrds.set(key, root);
    }
    return root;
  }

  private nativeIndex(): { compiler: NativeSchemaCompiler; gvk: Map<string, string> } {
    if (!this.native) {
      const doc = JSON.parse(fs.readFileSync(path.join(this.dir, SWAGGER), 'utf8'));
      const definitions: Record<string, any> = doc.definitions ?? {};
      const gvk = new Map<string, string>();
      for (const [name, def] of Object.entries<any>(definitions)) {
        if (!String(def.properties?.metadata?.$ref ?? '').endsWith(`/${OBJECT_META}`)) continue;
        for (const g of def['x-kubernetes-group-version-kind'] ?? []) gvk.set(`${g.group}/${g.version}/${g.kind}`, name);
      }
      this.native = { compiler: new NativeSchemaCompiler(definitions, NATIVE_ENUMS, NATIVE_CHECKS), gvk };
    }
    return this.native;
  }

  /** CRD documents by "<group>/<kind>", found by scanning every *.yaml/*.yml below the schema directory. */
  private crds(): Map<string, CrdDocument[]> {
    if (!this.crdIndex) {
      this.crdIndex = new Map();
      for (const file of this.yamlFiles(this.dir)) {
        const text = fs.readFileSync(file, 'utf8');
        for (const part of text.split(/^---[ \t]*$/m)) {
          if (!/\S/.test(part)) continue;
          const doc: CrdDocument = { file, text: part };
          let header = scanCrdHeader(part);
          if (!header && /CustomResourceDefinition/.test(part)) {
            const crd = this.parsed(doc);
            if (crd?.kind === 'CustomResourceDefinition' && crd.spec?.group && crd.spec?.names?.kind) {
              header = { group: crd.spec.group, kind: crd.spec.names.kind };
            }
          }
          if (!header) continue;
          const key = `${header.group}/${header.kind}`;
          this.crdIndex.set(key, [...(this.crdIndex.get(key) ?? []), doc]);
        }
      }
    }
    return this.crdIndex;
  }

  private parsed(doc: CrdDocument): any {
    if (doc.parsed === undefined) {
      try {
        doc.parsed = vendoredYaml().parse(doc.text, { maxAliasCount: -1 }) ?? null;
      } catch (e) {
        throw new Error(`cannot parse ${doc.file}: ${(e as Error).message}`);
      }
    }
    return doc.parsed;
  }

  private yamlFiles(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) out.push(...this.yamlFiles(full));
      else if (/\.ya?ml$/.test(entry.name)) out.push(full);
    }
    return out;
  }
}
