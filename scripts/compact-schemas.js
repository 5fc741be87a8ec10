#!/usr/bin/env node
/*
 * Writes the compact copy of schemas/ that the package ships (lib/schemas/): the same
 * files, kinds and versions, without what the validator never reads — `description`
 * texts, the schemas of CRD versions that are not served (only their names and
 * `served: false` are needed to report them) — and minified. SchemaRegistry.locate()
 * finds lib/schemas/ first when the compiled code runs (lib/src/validation/ walks up).
 * Usage: node scripts/compact-schemas.js [from=schemas] [to=lib/schemas]
 */
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

/** Removes every string-valued `description` key (a property *named* description has a schema object as its value). */
function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') continue;
    out[k] = strip(v);
  }
  return out;
}

function compactCrd(doc) {
  if (!doc || doc.kind !== 'CustomResourceDefinition' || !Array.isArray(doc.spec?.versions)) return strip(doc);
  const versions = doc.spec.versions.map(v => (v && v.served === false ? { name: v.name, served: false, storage: !!v.storage } : v));
  return strip({ ...doc, spec: { ...doc.spec, versions } });
}

function compactSchemas(from, to) {
  fs.rmSync(to, { recursive: true, force: true });
  const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(from).sort()) {
    const rel = path.relative(from, file);
    const out = path.join(to, rel);
    if (/\.json$/.test(file)) {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify(strip(JSON.parse(fs.readFileSync(file, 'utf8')))));
    } else if (/\.ya?ml$/.test(file)) {
      const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { maxAliasCount: -1 }).map(d => d.toJS({ maxAliasCount: -1 })).filter(d => d !== null && d !== undefined);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, docs.map(d => YAML.stringify(compactCrd(d), { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n'));
    }
    // UPSTREAM.md and other notes stay in the repository only.
  }
}

module.exports = { compactSchemas };

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const from = path.resolve(root, process.argv[2] ?? 'schemas');
  const to = path.resolve(root, process.argv[3] ?? path.join('lib', 'schemas'));
  compactSchemas(from, to);
  const size = dir => fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);
  console.log(`compact-schemas: ${path.relative(root, from)} (${size(from)} bytes) -> ${path.relative(root, to)} (${size(to)} bytes)`);
}
