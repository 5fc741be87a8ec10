import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { examples } from '../../examples/registry';
import * as lib from '../../src';
import '../util/synth';

/*
 * Issue 17: every public construct appears in at least one example that a test synthesizes
 * (test/examples.test.ts synthesizes, validates, audits and snapshots each one).
 * SpireFederation and ProjectedServiceAccountToken had none.
 */
test('every exported Construct class is instantiated by some example', () => {
  const exported = Object.entries(lib)
    .filter(([, v]) => typeof v === 'function' && (v as any).prototype instanceof Construct && !((v as any).prototype instanceof Chart))
    .map(([name]) => name)
    .sort();
  expect(exported).toEqual(expect.arrayContaining(['AllowRoute', 'MeshService', 'SpireFederation', 'ZeroTrustNamespace']));

  const used = new Set<string>();
  for (const ex of examples()) {
    // As `npm run synth:examples` (examples/synth-all.ts) builds them: in a ZeroTrustApp.
    const app = new lib.ZeroTrustApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-cov-')) });
    ex.build(app);
    fs.rmSync(app.outdir, { recursive: true, force: true });
    for (const c of app.node.findAll()) {
      for (let p = Object.getPrototypeOf(c); p && p !== Construct.prototype; p = Object.getPrototypeOf(p)) used.add(p.constructor.name);
    }
  }
  expect(exported.filter(name => !used.has(name))).toEqual([]);
});
