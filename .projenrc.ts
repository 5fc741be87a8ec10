import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-zero-trust',
  description:
    'Declare zero-trust intent once (namespaces, workload identities, allowed routes, secrets) and synthesize correct manifests for NetworkPolicy, Cilium, Istio, Linkerd, SPIRE, External Secrets and Vault.',
  author: 'cdk8s-zero-trust authors',
  authorAddress: 'maintainers@cdk8s-zero-trust.dev',
  repositoryUrl: 'https://github.com/cdk8s-zero-trust/cdk8s-zero-trust.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'zero-trust', 'istio', 'linkerd', 'cilium', 'spire', 'networkpolicy', 'mtls'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  // Released versions are cut by hand (no release workflow); see CHANGELOG.md.
  packageName: 'cdk8s-zero-trust',

  // Every cdk8s language (cdk8s-plus ships the same four). `npm run pacmak` generates the
  // bindings in code-only mode (no language toolchains needed) and fails on any warning.
  publishToPypi: {
    distName: 'cdk8s-zero-trust',
    module: 'cdk8s_zero_trust',
  },
  publishToMaven: {
    javaPackage: 'dev.cdk8s.zerotrust',
    mavenGroupId: 'dev.cdk8s',
    mavenArtifactId: 'cdk8s-zero-trust',
  },
  publishToNuget: {
    dotNetNamespace: 'Cdk8s.ZeroTrust',
    packageId: 'Cdk8s.ZeroTrust',
  },
  publishToGo: {
    moduleName: 'github.com/cdk8s-zero-trust/cdk8s-zero-trust-go',
  },

  cdk8sVersion: '2.68.91',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    'cdk8s-plus-28@2.5.6', 'cdk8s-cli@2.207.60', '@types/node@^26.6.6',
    // Vendored, not dependencies: scripts/vendor.js bundles what src/shared/vendor.ts lists of them
    // into lib/vendor/*.js with esbuild at compile time (issue 17: bundledDependencies shipped every
    // build of each package and cel-spec's test data, 1.85 MB packed).
    // yaml: parses the CRD schemas at run time (SchemaValidator) and the audit CLI's input.
    // @bufbuild/cel (+ its runtime deps cel-spec, re2 and peer protobuf): the CEL evaluator for
    // x-kubernetes-validations; @bufbuild/re2 also matches OpenAPI `pattern`s with RE2 semantics.
    // cel-spec also ships the conformance tests test/validation/cel.test.ts runs.
    'yaml@^2.8.0', '@bufbuild/cel@0.6.1', '@bufbuild/cel-spec@0.6.1', '@bufbuild/re2@0.6.1', '@bufbuild/protobuf@^2.6.2',
    'esbuild@^0.28.2',
    // dependency-cruiser: the import boundaries of src/ (.dependency-cruiser.cjs, checked by
    // test/lint/boundaries.test.ts) and the dependency diagram in docs/architecture.md. 17.4.3 is the
    // newest release whose engines still include node 20 (18.x needs node >= 22; CI runs node 20).
    'dependency-cruiser@17.4.3',
  ],

  // Offline, single-branch project: no workflows, no releases, no publishing.
  github: false,
  release: false,
  depsUpgrade: false,
  sampleCode: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  // The jsii compile covers src/ and the generated imports/ (kept top-level).
  tsconfig: {
    compilerOptions: {
      rootDir: '.',
      // No inline source maps: they tripled the size of lib/ (and of the npm tarball).
      inlineSourceMap: false,
      inlineSources: false,
    },
    include: ['imports/**/*.ts'],
  },
  excludeTypescript: ['examples/**', 'bench/**', 'scripts/**'],
  entrypoint: 'lib/src/index.js',
  entrypointTypes: 'lib/src/index.d.ts',

  jestOptions: {
    // CI must never rewrite a snapshot: `npm test` runs with --ci.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      collectCoverage: false,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Type checking is done by the jsii compile and `npm run typecheck:test`; tests are only transpiled.
      transform: {
        '^.+\\.[t]sx?$': new javascript.Transform('ts-jest', { tsconfig: 'test/tsconfig.json' }),
      },
      testTimeout: 60_000,
    },
  },

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts'],
    ignorePatterns: ['imports/', 'lib/', '*.d.ts', 'node_modules/'],
  },

});

// npm ci can fail on unrs-resolver's native postinstall; pin a version that installs cleanly.
project.package.addField('overrides', { 'unrs-resolver': '1.11.1' });
// jsii projects reset the types entry; with a top-level imports/ the compiled entry point is lib/src/.
project.package.addField('types', 'lib/src/index.d.ts');

project.package.addVersion('0.2.0');
// Node versions CI runs (node 20 and later). Set directly: projen's minNodeVersion would also pin @types/node.
project.package.addEngine('node', '>= 20.0.0');

// jsii warnings (JSII5018 reserved words included) fail the build: the API must bind in every language.
project.compileTask.reset('jsii --fail-on-warnings');
project.watchTask.reset('jsii -w --fail-on-warnings');

// The audit CLI (npx cdk8s-zero-trust audit|graph).
project.addBins({ 'cdk8s-zero-trust': 'bin/cdk8s-zero-trust' });

// The tarball ships what runs: lib/ (the library bundled into lib/src/index.js by scripts/bundle.js,
// the jest matchers lib/src/audit/jest.js, the generated CRD classes lib/imports/*.js the bundle
// loads per engine, the declarations; the compact schemas in lib/schemas/ written
// by scripts/compact-schemas.js, the vendored third-party code in lib/vendor/ written by
// scripts/vendor.js), bin/, .jsii, README.md, RULES.md, CHANGELOG.md, LICENSE. Sources, generated
// imports/*.ts, the full schemas/, docs/, examples/ and API.md (the README links to it in the
// repository; package pages render the API from .jsii) stay in the repository. Of the generated
// imports, only the declarations the public API refers to ship (lib/imports/spire.d.ts); their
// code always ships. test/package/pack.test.ts checks the file list, the size (< 1 MB) and that a
// fresh TypeScript app type-checks against the declarations that ship.
project.npmignore?.exclude(
  '/bench/', '/examples/', '/scripts/', '/.ci/', '/dist/', '/docs/', '/imports/', '/schemas/',
  '/tsconfig.dev.json', '/CONTRIBUTING.md', '/test-reports/', '/coverage/', '/lib/**/*.map',
  '/lib/tsconfig.tsbuildinfo', '/.eslintrc.json', '/.gitignore', '/.npmignore', '/.projen/',
  '/.dependency-cruiser.cjs', '/.dependency-cruiser-known-violations.json',
  '/API.md', '/lib/imports/*.d.ts',
  // The per-file compiled modules are the bundle's input (issue 19): one copy of every class at run time.
  '/lib/**/*.js', '/lib/src/bundle-meta.json',
);
project.npmignore?.include('/lib/imports/spire.d.ts', '/lib/src/index.js', '/lib/src/audit/jest.js', '/lib/imports/*.js', '/lib/vendor/*.js');

project.eslint?.addRules({
  // Error messages are long sentences by design (what is wrong and how to fix it).
  '@stylistic/max-len': ['error', { code: 150, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true, ignoreRegExpLiterals: true }],
});

// Regenerate imports/ from the CRD files kept in crds/ (filtered to the kinds we render).
project.addTask('import', {
  description: 'Filter crds/ to the kinds the library renders and regenerate imports/ with cdk8s import',
  exec: 'node scripts/import-crds.js',
});

// The compiled code validates against lib/schemas/ (compact), the sources against schemas/.
project.compileTask.exec('node scripts/compact-schemas.js');
// The vendored third-party code (lib/vendor/cel.js, yaml.js, THIRD-PARTY-NOTICES); reads the
// compiled lib/src/shared/vendor.js, so it runs after jsii.
project.compileTask.exec('node scripts/vendor.js');
// The package entry lib/src/index.js becomes one esbuild bundle of the library (issue 19: load time);
// reads jsii's per-file lib/src/, so it runs after jsii and scripts/vendor.js.
project.compileTask.exec('node scripts/bundle.js');

project.addTask('pacmak', {
  description: 'Generate the Python, Java, .NET and Go bindings (code only, no toolchains) into dist/pacmak/; fails on any warning',
  exec: 'node scripts/pacmak.js',
});

project.addTask('synth:examples', {
  description: 'Synthesize every example app to dist/examples/<example>/ ("today" pinned; lists exceptions expiring within 90 days of the real date)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json examples/synth-all.ts',
});

project.addTask('readme', {
  description: 'Assemble README.md from docs/*.md and the example registry',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json scripts/readme.ts',
});

// Import boundaries (DESIGN.md "The shape"): dependency-cruiser rules in .dependency-cruiser.cjs;
// `npm test` checks them through test/lint/boundaries.test.ts. The known-violations baseline only shrinks.
project.addTask('boundaries', {
  description: 'Check the import boundaries of src/ with dependency-cruiser (known violations listed, not failed)',
  exec: 'depcruise src --config .dependency-cruiser.cjs --ignore-known .dependency-cruiser-known-violations.json --output-type err-long',
});

project.addTask('architecture', {
  description: 'Regenerate the dependency diagram in docs/architecture.md from src/ (dependency-cruiser)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json scripts/architecture.ts',
});

project.addTask('bench', {
  description: 'Synthesis benchmark: library vs raw cdk8s ApiObjects vs YAML floor',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/run.ts',
  receiveArgs: true,
});

project.addTask('typecheck:test', {
  description: 'Type-check tests, examples and bench (jest only transpiles)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});

project.testTask.prependSpawn(project.tasks.tryFind('typecheck:test')!);


project.gitignore.exclude('/dist/', '/bench/out/', '/test-reports/');

project.synth();
