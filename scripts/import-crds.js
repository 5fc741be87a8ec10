#!/usr/bin/env node
/* eslint-disable */
// Regenerates imports/ (run with `npx projen import`).
//
// 1. Reads the upstream CRDs in schemas/ (never modified: schemas/ is also used as-is by
//    the SchemaValidator), keeps only the kinds the library renders and, for each, only
//    the one API version we emit, prunes schema parts that jsii/json2jsii cannot handle
//    (see "Pruning" below), and writes the result to imports/crds/<module>.yaml. Those files
//    are committed so that the import is reproducible and reviewable.
// 2. Runs `cdk8s import <module>:=imports/crds/<module>.yaml` (offline, local file) and
//    writes the generated constructs to imports/<module>.ts. One module per API group,
//    so Istio's and Linkerd's AuthorizationPolicy live in different modules
//    (imports/istio-security.ts and imports/linkerd.ts) under their plain kind names.
//
// Core Kubernetes kinds are NOT generated here: cdk8s-plus-28 (a peer dependency) ships
// the generated Kubernetes 1.28 module in its jsii assembly (submodule `cdk8s-plus-28.k8s`)
// and re-exports it from its entry point (`export * as k8s from './imports/k8s'`). The
// package has no "exports" map, so both of these resolve under tsc and jsii, and both map
// to the same jsii types (cdk8s-plus-28.k8s.KubeNetworkPolicy, ...):
//     import { k8s } from 'cdk8s-plus-28';
//     import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
// Kinds used: KubeNamespace, KubeServiceAccount, KubeService, KubeNetworkPolicy,
// KubeConfigMap, KubeSecret, KubeRole, KubeRoleBinding, KubeClusterRole,
// KubeClusterRoleBinding, KubeStatefulSet, KubeDaemonSet, KubeDeployment, KubeJob,
// KubeCronJob, KubePersistentVolumeClaim (all apiVersion v1 / apps/v1 / batch/v1 /
// networking.k8s.io/v1 / rbac.authorization.k8s.io/v1 in Kubernetes 1.28).
//
// The script is deterministic: same schemas/ in, byte-identical imports/ out.
// `node scripts/import-crds.js cilium eso` regenerates only the named modules.

'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const OUT = path.join(ROOT, 'imports');
const OUT_CRDS = path.join(OUT, 'crds');
// cdk8s-cli has an "exports" map without ./bin: resolve its package.json and take "bin".
const CDK8S_CLI_PKG = require.resolve('cdk8s-cli/package.json', { paths: [ROOT] });
const CDK8S_CLI = path.join(path.dirname(CDK8S_CLI_PKG), require(CDK8S_CLI_PKG).bin.cdk8s);

// ---------------------------------------------------------------------------------------
// What we import. `kinds` maps kind -> the single API version kept.
// ---------------------------------------------------------------------------------------

/** ESO SecretStore/ClusterSecretStore providers kept (the other ~40 are dropped). */
const ESO_PROVIDERS = ['aws', 'azurekv', 'gcpsm', 'kubernetes', 'vault'];

const MODULES = [
  {
    module: 'istio-security',
    group: 'security.istio.io',
    files: ['istio/crd-all.gen.yaml'],
    kinds: { PeerAuthentication: 'v1', AuthorizationPolicy: 'v1', RequestAuthentication: 'v1' },
  },
  {
    module: 'istio-networking',
    group: 'networking.istio.io',
    files: ['istio/crd-all.gen.yaml'],
    kinds: { DestinationRule: 'v1', VirtualService: 'v1', ServiceEntry: 'v1', Sidecar: 'v1' },
  },
  {
    module: 'linkerd',
    group: 'policy.linkerd.io',
    files: [
      'linkerd/server.yaml',
      'linkerd/httproute.yaml',
      'linkerd/authorization-policy.yaml',
      'linkerd/meshtls-authentication.yaml',
      'linkerd/network-authentication.yaml',
    ],
    kinds: {
      Server: 'v1beta3',
      HTTPRoute: 'v1beta3',
      AuthorizationPolicy: 'v1alpha1',
      MeshTLSAuthentication: 'v1alpha1',
      NetworkAuthentication: 'v1alpha1',
    },
  },
  {
    module: 'cilium',
    group: 'cilium.io',
    files: ['cilium/ciliumnetworkpolicies.yaml', 'cilium/ciliumclusterwidenetworkpolicies.yaml'],
    kinds: { CiliumNetworkPolicy: 'v2', CiliumClusterwideNetworkPolicy: 'v2' },
    prune: pruneCilium,
  },
  {
    module: 'eso',
    group: 'external-secrets.io',
    files: [
      'external-secrets/external-secrets.io_externalsecrets.yaml',
      'external-secrets/external-secrets.io_secretstores.yaml',
      'external-secrets/external-secrets.io_clustersecretstores.yaml',
    ],
    kinds: { ExternalSecret: 'v1', SecretStore: 'v1', ClusterSecretStore: 'v1' },
    prune: pruneEso,
  },
  {
    module: 'spire',
    group: 'spire.spiffe.io',
    files: [
      'spire/spire.spiffe.io_clusterspiffeids.yaml',
      'spire/spire.spiffe.io_clusterfederatedtrustdomains.yaml',
      'spire/spire.spiffe.io_clusterstaticentries.yaml',
    ],
    kinds: { ClusterSPIFFEID: 'v1alpha1', ClusterFederatedTrustDomain: 'v1alpha1', ClusterStaticEntry: 'v1alpha1' },
  },
  {
    module: 'gateway',
    group: 'gateway.networking.k8s.io',
    files: ['gateway-api/gateway.networking.k8s.io_gateways.yaml', 'gateway-api/gateway.networking.k8s.io_httproutes.yaml'],
    kinds: { Gateway: 'v1', HTTPRoute: 'v1' },
  },
];

// ---------------------------------------------------------------------------------------
// Pruning (applied to the kept version's openAPIV3Schema, never to schemas/).
// ---------------------------------------------------------------------------------------

/** True when a property's description marks it deprecated (a line starting "Deprecated"). */
function isDeprecated(prop) {
  return typeof prop.description === 'string' && /(^|\n)\s*Deprecated\b/.test(prop.description);
}

/**
 * Removes every deprecated property (recursively); records the paths in `notes`.
 * Only used for modules that would otherwise exceed ~10k generated lines.
 */
function pruneDeprecated(kind, schema, notes, at = '') {
  if (!schema || typeof schema !== 'object') {
    return;
  }
  if (schema.properties) {
    for (const name of Object.keys(schema.properties).sort()) {
      const prop = schema.properties[name];
      if (isDeprecated(prop)) {
        delete schema.properties[name];
        if (Array.isArray(schema.required)) {
          schema.required = schema.required.filter(r => r !== name);
        }
        notes.push(`${kind}: deprecated ${at}${name}`);
      } else {
        pruneDeprecated(kind, prop, notes, `${at}${name}.`);
      }
    }
  }
  if (schema.items) {
    pruneDeprecated(kind, schema.items, notes, `${at.replace(/\.$/, '')}[].`);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    pruneDeprecated(kind, schema.additionalProperties, notes, `${at.replace(/\.$/, '')}{}.`);
  }
}

/**
 * Cilium: CNP/CCNP carry the whole rule schema twice (spec and specs[]) and both kinds
 * repeat it: ~24.5k generated lines as imported. We render one rule per policy and, by
 * design, only allow rules (default deny + explicit allows; the intent model has no
 * deny), so drop `specs`, `ingressDeny`, `egressDeny`, and the deprecated fields
 * (toRequires/fromRequires are maxItems: 0; toGroups/fromGroups aws.region is unused).
 */
const CILIUM_DROPPED = ['specs', 'spec.ingressDeny', 'spec.egressDeny'];
function pruneCilium(kind, schema, notes) {
  for (const p of CILIUM_DROPPED) {
    dropPath(schema, p);
  }
  notes.push(`${kind}: ${CILIUM_DROPPED.join(', ')}`);
  pruneDeprecated(kind, schema.properties.spec, notes, 'spec.');
}

/** Deletes the property at a dotted path of `properties` (throws if absent). */
function dropPath(schema, dotted) {
  const parts = dotted.split('.');
  let s = schema;
  for (const p of parts.slice(0, -1)) {
    s = s.properties && s.properties[p];
    if (!s) {
      throw new Error(`prune: ${dotted} not found`);
    }
  }
  const last = parts[parts.length - 1];
  if (!s.properties || !(last in s.properties)) {
    throw new Error(`prune: ${dotted} not found`);
  }
  delete s.properties[last];
  if (Array.isArray(s.required)) {
    s.required = s.required.filter(r => r !== last);
  }
}

/**
 * ESO: spec.provider of SecretStore/ClusterSecretStore lists every provider ESO supports
 * (43, each with its own auth sub-schemas): thousands of generated interfaces, a
 * multi-MB file and a very slow jsii compile. Keep only the providers we render
 * (ESO_PROVIDERS). Vault's `iam` and `gcp` auth methods (Vault login with AWS/GCP
 * cloud credentials, ~1k generated lines) are dropped too: workloads authenticate
 * to Vault with their Kubernetes service account (kubernetes / jwt auth), or with
 * appRole/cert/token/ldap/userPass where unavoidable. Plus deprecated fields.
 */
const ESO_VAULT_AUTH_DROPPED = ['iam', 'gcp'];
function pruneEso(kind, schema, notes) {
  if (kind === 'SecretStore' || kind === 'ClusterSecretStore') {
    const provider = schema.properties.spec.properties.provider;
    const dropped = Object.keys(provider.properties).filter(p => !ESO_PROVIDERS.includes(p)).sort();
    for (const p of dropped) {
      delete provider.properties[p];
    }
    notes.push(`${kind}: spec.provider keeps ${ESO_PROVIDERS.join(', ')}; dropped ${dropped.length} providers (${dropped.join(', ')})`);
    for (const a of ESO_VAULT_AUTH_DROPPED) {
      dropPath(schema, `spec.provider.vault.auth.${a}`);
    }
    notes.push(`${kind}: spec.provider.vault.auth.{${ESO_VAULT_AUTH_DROPPED.join(',')}}`);
  }
  pruneDeprecated(kind, schema.properties.spec, notes, 'spec.');
}

/**
 * `x-kubernetes-int-or-string: true` on its own (no anyOf/type) means "integer or string"
 * (structural schemas imply anyOf [integer, string]); json2jsii only understands the
 * explicit anyOf and would type the field `any`. Spell it out so the field gets a
 * union class with fromNumber()/fromString() (e.g. linkerd ServerSpecPort), like the
 * int-or-string fields that already carry the anyOf.
 */
function normalizeIntOrString(kind, schema, notes, at = '') {
  if (!schema || typeof schema !== 'object') {
    return;
  }
  if (schema['x-kubernetes-int-or-string'] === true && !schema.anyOf && !schema.oneOf && !schema.type) {
    schema.anyOf = [{ type: 'integer' }, { type: 'string' }];
    notes.push(`${kind}: ${at.replace(/\.$/, '')} x-kubernetes-int-or-string -> explicit anyOf [integer, string] (not pruned, normalized)`);
  }
  for (const name of Object.keys(schema.properties || {}).sort()) {
    normalizeIntOrString(kind, schema.properties[name], notes, `${at}${name}.`);
  }
  if (schema.items) {
    normalizeIntOrString(kind, schema.items, notes, `${at.replace(/\.$/, '')}[].`);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    normalizeIntOrString(kind, schema.additionalProperties, notes, `${at.replace(/\.$/, '')}{}.`);
  }
}

// ---------------------------------------------------------------------------------------

function readCrds(file) {
  const text = fs.readFileSync(path.join(SCHEMAS, file), 'utf8');
  return YAML.parseAllDocuments(text)
    .map(d => {
      if (d.errors.length > 0) {
        throw new Error(`${file}: ${d.errors[0].message}`);
      }
      return d.toJS();
    })
    .filter(d => d && d.kind === 'CustomResourceDefinition');
}

/** Returns the filtered CRD documents of one module, in the order of `kinds`. */
function filterModule(mod, notes) {
  const byKind = new Map();
  for (const file of mod.files) {
    for (const crd of readCrds(file)) {
      if (crd.spec.group !== mod.group || !(crd.spec.names.kind in mod.kinds)) {
        continue;
      }
      byKind.set(crd.spec.names.kind, { crd, file });
    }
  }
  const out = [];
  for (const [kind, version] of Object.entries(mod.kinds)) {
    const found = byKind.get(kind);
    if (!found) {
      throw new Error(`${mod.module}: ${mod.group} ${kind} not found in ${mod.files.join(', ')}`);
    }
    const { crd, file } = found;
    const v = crd.spec.versions.find(x => x.name === version);
    if (!v) {
      throw new Error(`${mod.module}: ${kind} has no version ${version} (has ${crd.spec.versions.map(x => x.name).join(', ')})`);
    }
    const droppedVersions = crd.spec.versions.map(x => x.name).filter(n => n !== version);
    const schema = structuredClone(v.schema.openAPIV3Schema);
    if (mod.prune) {
      mod.prune(kind, schema, notes);
    }
    normalizeIntOrString(kind, schema, notes);
    const version0 = { ...v, served: true, storage: true, schema: { openAPIV3Schema: schema } };
    const spec = { ...crd.spec, versions: [version0] };
    delete spec.conversion; // single version: no conversion webhook
    out.push({
      apiVersion: crd.apiVersion,
      kind: crd.kind,
      metadata: {
        name: crd.metadata.name,
        annotations: {
          'cdk8s-zero-trust/source': `schemas/${file}`,
          'cdk8s-zero-trust/kept-version': version,
          ...(droppedVersions.length ? { 'cdk8s-zero-trust/dropped-versions': droppedVersions.join(', ') } : {}),
        },
      },
      spec,
    });
  }
  return out;
}

function writeCrdFile(mod, docs) {
  const header = [
    `# Generated by scripts/import-crds.js from schemas/ - do not edit; run \`npx projen import\`.`,
    `# Module "${mod.module}": ${mod.group} ${Object.entries(mod.kinds).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ].join('\n');
  const body = docs.map(d => YAML.stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
  const file = path.join(OUT_CRDS, `${mod.module}.yaml`);
  fs.writeFileSync(file, `${header}\n---\n${body}`);
  return file;
}

/**
 * The generated toJson_* converters drop undefined members with
 * `Object.entries(x).reduce((r, i) => ... ({ ...r, [i[0]]: i[1] }), {})`,
 * which copies the object once per member (quadratic). Synthesis runs them
 * for every object: replace them with one loop (same keys, same order).
 */
function fasterConverters(module, code) {
  const FILTER = '.reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})';
  const before = code.split(FILTER).length - 1;
  let out = code.split(`return Object.entries(result)${FILTER};`).join('return dropUndefined(result);');
  // The same filter over a map member: Object.entries(obj.x)<FILTER>.
  const escaped = FILTER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  out = out.replace(new RegExp(`Object\\.entries\\(([\\w.?]+)\\)${escaped}`, 'g'), 'dropUndefined($1)');
  const after = out.split(FILTER).length - 1;
  if (before > 0 && after === before) throw new Error(`${module}: the converter pattern changed; update fasterConverters() in scripts/import-crds.js`);
  return out + `
/**
 * A copy of \`obj\` without its undefined members, keys in the same order
 * (added by scripts/import-crds.js in place of the generated quadratic reduce).
 */
function dropUndefined(obj: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
`;
}

function runImport(mod, crdFile, tmp) {
  const outdir = path.join(tmp, mod.module);
  fs.mkdirSync(outdir, { recursive: true });
  // cwd = tmp: the CLI reads ./cdk8s.yaml for defaults; make sure none is picked up.
  execFileSync(process.execPath, [
    CDK8S_CLI, 'import', `${mod.module}:=${crdFile}`,
    '--output', outdir, '--language', 'typescript', '--no-save', '--no-check-upgrade',
  ], { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] });
  const produced = fs.readdirSync(outdir).filter(f => f.endsWith('.ts'));
  const expected = `${mod.module}-${mod.group}.ts`;
  if (produced.length !== 1 || produced[0] !== expected) {
    throw new Error(`${mod.module}: expected ${expected}, cdk8s import produced ${produced.join(', ')}`);
  }
  let code = fs.readFileSync(path.join(outdir, expected), 'utf8');
  const HEADER = '// generated by cdk8s\n';
  if (!code.startsWith(HEADER)) {
    throw new Error(`${mod.module}: unexpected header in generated file`);
  }
  code = HEADER
    + `// source: imports/crds/${mod.module}.yaml (filtered from schemas/ by scripts/import-crds.js).\n`
    + '// Never edit by hand: run `npx projen import`.\n'
    + code.slice(HEADER.length);
  // jsii rejects struct properties named getXxx (Java getter clash, JSII5000) once the
  // types are part of the public API; fail here instead of at the library's compile.
  const getters = [...new Set([...code.matchAll(/^  readonly (get[A-Z]\w*)\??:/gm)].map(m => m[1]))];
  if (getters.length > 0) {
    throw new Error(`${mod.module}: jsii-incompatible property names ${getters.join(', ')}; prune them in scripts/import-crds.js`);
  }
  code = fasterConverters(mod.module, code);
  const dest = path.join(OUT, `${mod.module}.ts`);
  fs.writeFileSync(dest, code);
  return { dest, lines: code.split('\n').length - (code.endsWith('\n') ? 1 : 0) };
}

function main() {
  const only = process.argv.slice(2);
  fs.mkdirSync(OUT_CRDS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crds-'));
  const summary = [];
  try {
    for (const mod of MODULES) {
      if (only.length && !only.includes(mod.module)) {
        continue;
      }
      const notes = [];
      const docs = filterModule(mod, notes);
      const crdFile = writeCrdFile(mod, docs);
      const { lines } = runImport(mod, crdFile, tmp);
      summary.push({ module: mod.module, kinds: Object.entries(mod.kinds).map(([k, v]) => `${k}@${v}`).join(' '), lines, notes });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('\nmodule            lines  kinds');
  for (const s of summary) {
    console.log(`${s.module.padEnd(17)} ${String(s.lines).padStart(6)}  ${s.kinds}`);
    for (const n of s.notes) {
      console.log(`${' '.repeat(25)}${n}`);
    }
  }
}

main();
