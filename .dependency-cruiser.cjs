// Import boundaries of src/ (DESIGN.md "The shape"), checked by dependency-cruiser.
// test/lint/boundaries.test.ts runs it on src/ (part of `npm test`) and proves each rule fires;
// `npx projen boundaries` prints the violations; scripts/architecture.ts draws docs/architecture.md.
// Known violations (being removed) are listed in .dependency-cruiser-known-violations.json.

/** npm packages and node built-ins are not project layers. */
const EXTERNAL = ['(^|/)node_modules/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'backend-imports-only-model-profile-shared',
      comment:
        'A backend (src/backends/<engine>/, and src/backends/shared/) imports only src/model, src/profile, src/shared, ' +
        'src/backends/shared, its own folder, the generated imports/, the engine contract and src/synth/plain-json. ' +
        'Never another engine (core included), constructs, audit or validation: the registry wires engines together.',
      severity: 'error',
      from: { path: '^src/backends/([^/]+)/' },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: [
          ...EXTERNAL,
          '^src/(model|profile|shared)/',
          '^src/backends/shared/',
          '^src/backends/$1/',
          '^imports/',
          '^src/(engines|backends)/contract[^/]*\\.ts$',
          '^src/engines/contract/',
          '^src/synth/plain-json\\.ts$',
        ],
      },
    },
    {
      name: 'constructs-not-to-audit',
      comment: 'Constructs build intent; they never import the audit (src/audit/**), which reads synthesized manifests.',
      severity: 'error',
      from: { path: '^src/constructs/' },
      to: { path: '^src/audit/' },
    },
    {
      name: 'model-is-engine-neutral',
      comment:
        'src/model (the intent) imports only src/shared, src/validation and src/credentials: ' +
        'no constructs, engines, backends, profile, synth, audit, tools or generated CRD types.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: ['^src/(constructs|engines|backends|profile|synth|audit|pod-security|import|rollout)/', '^src/index\\.ts$', '^imports/'] },
    },
    {
      name: 'profile-depends-only-on-model',
      comment: 'src/profile (which engines a cluster runs) imports only src/model, src/shared and src/validation.',
      severity: 'error',
      from: { path: '^src/profile/' },
      to: { path: ['^src/(constructs|engines|backends|synth|audit|pod-security|credentials|import|rollout)/', '^src/index\\.ts$', '^imports/'] },
    },
    {
      name: 'audit-reads-manifests',
      comment:
        'src/audit reads plain synthesized manifests: it never imports constructs, renderers (backends), ' +
        'model, profile, synth or generated CRD types. It picks its engine evaluators from the one engine ' +
        'registry (src/engines/registry.ts), which constructs use to pick renderers.',
      severity: 'error',
      from: { path: '^src/audit/' },
      to: { path: ['^src/(constructs|engines|backends|model|profile|synth)/', '^src/index\\.ts$', '^imports/'], pathNot: '^src/engines/registry\\.ts$' },
    },
    {
      name: 'constructs-render-through-the-registry',
      comment:
        'Constructs build intent and reach an engine\'s renderer only through the engine registry: they never ' +
        'import an engine folder (only the contract and the non-engine backends: core objects, SPIRE, ESO, Vault).',
      severity: 'error',
      from: { path: '^src/constructs/' },
      to: { path: '^src/backends/[^/]+/', pathNot: '^src/backends/(core|spire|eso|vault|shared)/' },
    },
    {
      name: 'registry-above-renderers-and-evaluators',
      comment:
        'The engine registry (src/engines) names each engine once: it loads renderers (backends) and audit ' +
        'evaluators, and never imports constructs, synth or the tools.',
      severity: 'error',
      from: { path: '^src/engines/' },
      to: { path: ['^src/(constructs|synth|import|rollout)/', '^src/index\\.ts$'] },
    },
    {
      name: 'audit-not-to-tools',
      comment: 'src/import and src/rollout are tools built on the audit (and on constructs); the audit does not import them.',
      severity: 'error',
      from: { path: '^src/audit/' },
      to: { path: '^src/(import|rollout)/' },
    },
    {
      name: 'shared-is-a-leaf',
      comment: 'src/shared (and src/credentials) helpers import nothing else in the project.',
      severity: 'error',
      from: { path: '^src/(shared|credentials)/' },
      to: { path: ['^src/', '^imports/'], pathNot: ['^src/$1/'] },
    },
    {
      name: 'checks-import-only-shared',
      comment: 'src/validation and src/pod-security are standalone checkers: they import only src/shared (and each other\'s own folder).',
      severity: 'error',
      from: { path: '^src/(validation|pod-security)/' },
      to: { path: ['^src/', '^imports/'], pathNot: ['^src/$1/', '^src/shared/'] },
    },
    {
      name: 'synth-imports-no-layer-above',
      comment: 'src/synth turns ApiObjects into YAML: it never imports constructs, the registry, backends, audit or the tools.',
      severity: 'error',
      from: { path: '^src/synth/' },
      to: { path: ['^src/(constructs|engines|backends|audit|import|rollout)/', '^src/index\\.ts$'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycle anywhere in src/ (type-only imports included).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo in a relative path is caught here too).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: `import type { X } from '../audit'` crosses a boundary too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.dev.json' },
    doNotFollow: { path: EXTERNAL },
    exclude: { path: EXTERNAL },
    // node_modules is a symbolic link in helper worktrees: report packages by their link path.
    preserveSymlinks: true,
    // Resolve package subpath exports (`@bufbuild/cel/ext`) as node does.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      mainFields: ['main', 'types'],
    },
    reporterOptions: {
      mermaid: { minify: false },
    },
  },
};
