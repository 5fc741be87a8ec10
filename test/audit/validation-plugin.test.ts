// ZeroTrustValidation as cdk8s-cli runs it: the class named in examples/validation-plugin/cdk8s.yaml,
// loaded from the package entry point, constructed with `properties`, and given cdk8s-cli's own
// ValidationContext (node_modules/cdk8s-cli/lib/plugins/validation.js; the contract is
// `validate(context)`, `context.manifests`, `context.report.addViolation/submit`, and
// PluginManager.load does `new module[class](properties)`, lib/plugins/_manager.js).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { parse } from 'yaml';
import * as entry from '../../src';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'validation-plugin');

/** The plugin as cdk8s-cli would instantiate it from the example's cdk8s.yaml. */
function pluginFromConfig(overrides: Record<string, any> = {}): any {
  const config = parse(fs.readFileSync(path.join(EXAMPLE, 'cdk8s.yaml'), 'utf8'));
  const v = config.validations[0];
  const clazz = (entry as any)[v.class];
  expect(typeof clazz).toBe('function');
  const plugin = new clazz({ ...(v.properties ?? {}), ...overrides });
  expect(typeof plugin.validate).toBe('function');
  return plugin;
}

let dir: string;
let good: string[];
beforeAll(() => {
  process.env.ZERO_TRUST_TODAY = '2026-11-23';
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-plugin-'));
  // What `cdk8s synth` writes for the example's app (main.ts builds payments-istio-sidecar).
  const app = new App({ outdir: path.join(dir, 'dist') });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../examples/payments-istio-sidecar').build(app);
  app.synth();
  good = fs.readdirSync(app.outdir).filter(f => f.endsWith('.yaml')).map(f => path.join(app.outdir, f));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function runPlugin(plugin: any, manifests: string[]) {
  const context = new ValidationContext(manifests, 'cdk8s-zero-trust', '0.0.0', {}, false);
  await plugin.validate(context);
  return context.report;
}

describe('ZeroTrustValidation (cdk8s validation plugin)', () => {
  test('the example app passes', async () => {
    const report = await runPlugin(pluginFromConfig(), good);
    expect(report.success).toBe(true);
    expect(report.toJson().violations).toEqual([]);
    expect(report.toJson().summary.metadata).toMatchObject({ manifests: String(good.length) });
  });

  test('a bad manifest fails synth: one violation per rule, naming the resource, file and lines', async () => {
    // PERMISSIVE mTLS for the namespace (ZT-MTLS-001, HIGH: plaintext accepted).
    const bad = path.join(dir, 'bad.k8s.yaml');
    fs.writeFileSync(bad, [
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      'metadata:',
      '  name: permissive',
      '  namespace: payments',
      'spec:',
      '  mtls:',
      '    mode: PERMISSIVE',
      '',
    ].join('\n'));
    const report = await runPlugin(pluginFromConfig(), [...good, bad]);
    expect(report.success).toBe(false);
    const json = report.toJson();
    const mtls = json.violations.find(v => v.ruleName.startsWith('ZT-MTLS-001'));
    expect(mtls).toBeDefined();
    expect(mtls!.violatingConstructs).toEqual([expect.objectContaining({
      resourceName: 'permissive',
      manifestPath: bad,
      locations: [expect.stringMatching(/^HIGH PeerAuthentication\/payments\/permissive \(lines 1-8\): /)],
    })]);
    // The report renders as cdk8s prints it.
    expect(report.toString()).toContain('ZT-MTLS-001');
  });

  test('minSeverity from properties: the same manifest passes when only CRITICAL fails', async () => {
    const bad = path.join(dir, 'bad.k8s.yaml');
    const report = await runPlugin(pluginFromConfig({ minSeverity: 'CRITICAL' }), [...good, bad]);
    expect(report.toJson().violations.filter(v => v.ruleName.startsWith('ZT-MTLS-001'))).toEqual([]);
  });

  test('an unreadable manifest fails the report', async () => {
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'a: [\n');
    const report = await runPlugin(pluginFromConfig(), [...good, broken]);
    expect(report.success).toBe(false);
    expect(report.toJson().violations.map(v => v.ruleName)).toContain('unreadable manifest');
  });

  test('bad properties fail when cdk8s loads the plugin', () => {
    expect(() => pluginFromConfig({ minSeverity: 'SEVERE' })).toThrow(/minSeverity "SEVERE" is not a severity/);
    expect(() => pluginFromConfig({ packs: ['nope'] })).toThrow(/unknown audit pack "nope"/);
  });
});
