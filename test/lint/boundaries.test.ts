/*
 * The import boundaries of src/ (DESIGN.md "The shape", .dependency-cruiser.cjs), checked with
 * dependency-cruiser on the real sources, and proven: every rule is made to fire by a probe file
 * planted in a temporary copy of src/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cruise, CruiseResult, CruiseViolation } from '../../scripts/architecture';

const ROOT = path.join(__dirname, '..', '..');
const KNOWN = '.dependency-cruiser-known-violations.json';

const show = (v: CruiseViolation) => `${v.rule.name}: ${v.from} → ${v.to}`;
const known = (): CruiseViolation[] => JSON.parse(fs.readFileSync(path.join(ROOT, KNOWN), 'utf8'));

describe('import boundaries of src/ (dependency-cruiser)', () => {
  let all: CruiseResult;
  beforeAll(() => {
    all = cruise(['src']);
  });

  test('no import breaks a rule beyond the known violations (npx projen boundaries lists them)', () => {
    const baseline = new Set(known().map(show));
    const fresh = all.summary.violations.filter(v => !baseline.has(show(v))).map(show);
    expect(fresh).toEqual([]);
  });

  test('every known violation still occurs: the baseline only shrinks (remove the entry with the fix)', () => {
    const current = new Set(all.summary.violations.map(show));
    expect(known().map(show).filter(k => !current.has(k))).toEqual([]);
  });

  test('the cruise saw the whole of src/ (the rules check something)', () => {
    const sources = all.modules.map(m => m.source);
    for (const f of ['src/constructs/mesh-service.ts', 'src/backends/istio/route.ts', 'src/backends/core/namespace.ts', 'src/model/port.ts', 'src/audit/audit.ts']) {
      expect(sources).toContain(f);
    }
    expect(all.modules.find(m => m.source === 'src/constructs/mesh-service.ts')!.dependencies.length).toBeGreaterThan(3);
  });
});

/** A planted file, the import it makes, and the rule that must report it (none: it is allowed). */
interface Probe {
  readonly file: string;
  readonly source: string;
  /** [imported module (resolved, relative to the root), rule] pairs the cruise must report from this file. */
  readonly expect: Array<[string, string]>;
}

const PROBES: Probe[] = [
  {
    file: 'src/backends/network-policy/__probe__construct.ts',
    source: "import { MeshService } from '../../constructs/mesh-service';\nexport const probe = MeshService;\n",
    expect: [['src/constructs/mesh-service.ts', 'backend-imports-only-model-profile-shared']],
  },
  {
    file: 'src/backends/network-policy/__probe__core.ts',
    source: "import * as core from '../core/namespace';\nexport const probe = core;\n",
    expect: [['src/backends/core/namespace.ts', 'backend-imports-only-model-profile-shared']],
  },
  {
    file: 'src/backends/cilium/__probe__audit.ts',
    source: "import * as netpol from '../../audit/internal/netpol';\nimport * as formats from '../../validation/formats';\nexport const probe = [netpol, formats];\n",
    expect: [
      ['src/audit/internal/netpol.ts', 'backend-imports-only-model-profile-shared'],
      ['src/validation/formats.ts', 'backend-imports-only-model-profile-shared'],
    ],
  },
  {
    file: 'src/backends/shared/__probe__engine.ts',
    source: "import * as istio from '../istio/route';\nexport const probe = istio;\n",
    expect: [['src/backends/istio/route.ts', 'backend-imports-only-model-profile-shared']],
  },
  {
    // An engine folder that does not exist yet is covered without a configuration change.
    file: 'src/backends/new-engine/__probe__.ts',
    source: "import * as np from '../network-policy/route';\nexport const probe = np;\n",
    expect: [['src/backends/network-policy/route.ts', 'backend-imports-only-model-profile-shared']],
  },
  {
    file: 'src/model/__probe__synth.ts',
    source: "import * as yaml from '../synth/fast-yaml';\nexport const probe = yaml;\n",
    expect: [['src/synth/fast-yaml.ts', 'model-is-engine-neutral']],
  },
  {
    // Type-only imports count: the audit's types are the audit's too.
    file: 'src/constructs/__probe__audit.ts',
    source: "import type { InputError } from '../audit/internal/loader';\nexport type Probe = InputError;\n",
    expect: [['src/audit/internal/loader.ts', 'constructs-not-to-audit']],
  },
  {
    // A construct reaching an engine's renderer past the registry (a new engine folder counts too).
    file: 'src/constructs/__probe__engine.ts',
    source: "import * as np from '../backends/network-policy/renderer';\nimport * as next from '../backends/new-engine/__probe__';\nexport const probe = [np, next];\n",
    expect: [
      ['src/backends/network-policy/renderer.ts', 'constructs-render-through-the-registry'],
      ['src/backends/new-engine/__probe__.ts', 'constructs-render-through-the-registry'],
    ],
  },
  {
    // Allowed: the audit picks its evaluators from the one engine registry.
    file: 'src/audit/__probe__registry.ts',
    source: "import { evaluatedEngines } from '../engines/registry';\nexport const probe = evaluatedEngines;\n",
    expect: [],
  },
  {
    file: 'src/engines/__probe__construct.ts',
    source: "import { MeshService } from '../constructs/mesh-service';\nexport const probe = MeshService;\n",
    expect: [['src/constructs/mesh-service.ts', 'registry-above-renderers-and-evaluators']],
  },
  {
    file: 'src/profile/__probe__backend.ts',
    source: "import * as istio from '../backends/istio/route';\nexport const probe = istio;\n",
    expect: [['src/backends/istio/route.ts', 'profile-depends-only-on-model']],
  },
  {
    file: 'src/audit/__probe__construct.ts',
    source: "import { MeshService } from '../constructs/mesh-service';\nimport * as rollout from '../rollout/cli';\nexport const probe = [MeshService, rollout];\n",
    expect: [
      ['src/constructs/mesh-service.ts', 'audit-reads-manifests'],
      ['src/rollout/cli.ts', 'audit-not-to-tools'],
    ],
  },
  {
    file: 'src/shared/__probe__model.ts',
    source: "import { Port } from '../model/port';\nexport const probe = Port;\n",
    expect: [['src/model/port.ts', 'shared-is-a-leaf']],
  },
  {
    file: 'src/validation/__probe__model.ts',
    source: "import { Port } from '../model/port';\nexport const probe = Port;\n",
    expect: [['src/model/port.ts', 'checks-import-only-shared']],
  },
  {
    file: 'src/synth/__probe__construct.ts',
    source: "import { MeshService } from '../constructs/mesh-service';\nexport const probe = MeshService;\n",
    expect: [['src/constructs/mesh-service.ts', 'synth-imports-no-layer-above']],
  },
  {
    file: 'src/model/__probe__cycle_a.ts',
    source: "import { b } from './__probe__cycle_b';\nexport const a = () => b;\n",
    expect: [['src/model/__probe__cycle_b.ts', 'no-circular']],
  },
  {
    file: 'src/model/__probe__cycle_b.ts',
    source: "import { a } from './__probe__cycle_a';\nexport const b = () => a;\n",
    // A cycle is reported once, from its first module (a, above).
    expect: [],
  },
  {
    file: 'src/shared/__probe__typo.ts',
    source: "import * as nothing from './no-such-module';\nexport const probe = nothing;\n",
    expect: [['./no-such-module', 'not-to-unresolvable']],
  },
  {
    // Allowed: what a backend may import (the rules are not so broad that they forbid everything).
    file: 'src/backends/network-policy/__probe__allowed.ts',
    source: [
      "import { NetworkPolicyEngine } from '../../profile/cluster-profile';",
      "import { Port } from '../../model/port';",
      "import * as selector from '../../shared/label-selector';",
      "import * as k8s from '../shared/plain/k8s';",
      "import * as own from './route';",
      "import { plainKind } from '../../synth/plain-json';",
      "import * as cilium from '../../../imports/cilium';",
      "import * as contract from '../../engines/contract-probe';",
      "import * as yaml from 'yaml';",
      "import * as fs from 'fs';",
      'export const probe = [NetworkPolicyEngine, Port, selector, k8s, own, plainKind, cilium, contract, yaml, fs];',
      '',
    ].join('\n'),
    expect: [],
  },
  {
    file: 'src/engines/contract-probe.ts',
    source: 'export const contract = 1;\n',
    expect: [],
  },
];

describe('each boundary rule fires on a planted forbidden import (temporary copy of src/)', () => {
  let result: CruiseResult;
  beforeAll(() => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
    try {
      fs.cpSync(path.join(ROOT, 'src'), path.join(tmp, 'src'), { recursive: true });
      for (const f of ['.dependency-cruiser.cjs', KNOWN, 'tsconfig.json', 'tsconfig.dev.json']) fs.copyFileSync(path.join(ROOT, f), path.join(tmp, f));
      for (const d of ['node_modules', 'imports']) fs.symlinkSync(fs.realpathSync(path.join(ROOT, d)), path.join(tmp, d), 'dir');
      for (const p of PROBES) {
        fs.mkdirSync(path.dirname(path.join(tmp, p.file)), { recursive: true });
        fs.writeFileSync(path.join(tmp, p.file), p.source);
      }
      result = cruise(['src', '--ignore-known', KNOWN], tmp);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  const RULES = new Set(PROBES.flatMap(p => p.expect.map(([, rule]) => rule)));
  test('the probes cover every rule of .dependency-cruiser.cjs', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require('../../.dependency-cruiser.cjs') as { forbidden: Array<{ name: string }> };
    expect([...RULES].sort()).toEqual(config.forbidden.map(r => r.name).sort());
  });

  test.each(PROBES.map(p => [p.file, p] as const))('%s', (file, probe) => {
    const reported = result.summary.violations.filter(v => v.from === file && v.rule.severity !== 'ignore').map(v => `${v.rule.name}: ${v.to}`).sort();
    expect(reported).toEqual(probe.expect.map(([to, rule]) => `${rule}: ${to}`).sort());
  });

  test('nothing but the probes is reported (known violations are ignored, not dropped)', () => {
    const reported = result.summary.violations.filter(v => v.rule.severity !== 'ignore');
    expect(reported.filter(v => !v.from.includes('probe')).map(show)).toEqual([]);
    expect(result.summary.violations.filter(v => v.rule.severity === 'ignore').map(show).sort()).toEqual(known().map(show).sort());
  });
});
