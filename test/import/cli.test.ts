// `cdk8s-zero-trust import`: writes the app and the report, proves the result, and proves a
// migration (--to): Istio sidecar → ambient of the payments example, and a broken ambient migration
// whose L7 policy is bound to a waypoint that does not exist (istio/istio#57315: "a migration tool
// pointed policies at waypoints that did not exist and left traffic open").
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { synthGenerated } from './generated-app';
import { examples } from '../../examples/registry';
import { ZeroTrustCli } from '../../src/cli';
import { Importer, ImportTarget, ReachabilityDiff } from '../../src/import';
import '../util/synth';

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = ZeroTrustCli.run(args, { stdout: t => { out += t; }, stderr: t => { err += t; }, readStdin: () => '' });
  return { code, out, err };
}

function example(name: string): any[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-import-cli-'));
  try {
    const app = new App({ outdir });
    examples().find(e => e.name === name)!.build(app);
    return app.charts.flatMap(c => c.toJson());
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-import-cli-'));
  fs.writeFileSync(path.join(dir, 'payments.yaml'), example('payments-istio-sidecar').map(o => JSON.stringify(o)).join('\n---\n'));
  fs.copyFileSync(path.join(__dirname, 'fixtures', 'bookinfo-hubble.jsonl'), path.join(dir, 'flows.jsonl'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('import CLI', () => {
  test('manifests: writes the app (-o) and a report with the proof; exit 0', () => {
    const out = path.join(dir, 'app.ts');
    const r = run(['import', path.join(dir, 'payments.yaml'), '-o', out, '--expires', '2027-06-30']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const source = fs.readFileSync(out, 'utf8');
    expect(source).toContain("paymentProcessor.allowFrom(paymentsCheckoutService, { ports: [Port.http(8080)], http: [HttpMatch.of({ methods: [HttpMethod.POST], path: '/v1/payments' })] });".replace('paymentProcessor', 'paymentsPaymentProcessor'));
    expect(r.err).toContain('Import: 2 services, 1 route, target ISTIO_SIDECAR.');
    expect(r.err).toContain('OK: nothing opened; what is closed is exactly the reported non-least-privilege rules.');
    // the in-process build (the CLI's proof) and the generated source synthesize the same objects
    const viaSource = synthGenerated(source).objects;
    const result = Importer.fromManifests(example('payments-istio-sidecar'), { exceptionExpires: '2027-06-30', sourceDescription: path.join(dir, 'payments.yaml') });
    expect(Importer.synthesize(result)).toEqual(viaSource);
  });

  test('--to istio-ambient: the sidecar → ambient migration opens nothing', () => {
    const r = run(['import', path.join(dir, 'payments.yaml'), '--to', 'istio-ambient', '--expires', '2027-06-30']);
    expect(r.err).toContain('target ISTIO_AMBIENT');
    expect(r.err).toContain('Proof (source vs. source workloads with the generated policies, every port range):\nReachability unchanged.\n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Mesh.istioAmbient()');
  });

  test('--to network-policy from an Istio L7 source: the target cannot enforce POST /v1/payments, exit 1', () => {
    const r = run(['import', path.join(dir, 'payments.yaml'), '--to', 'network-policy', '--expires', '2027-06-30']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\+ payments\/payments-checkout-service-c899c810 → payments\/payments-payment-processor-c858057a:8080 \(HTTP: before only POST \/v1\/payments; after any request\)/);
    expect(r.err).toContain('FAIL: the NETWORK_POLICY app opens 1 path the source did not.');
  });

  test('the generated ambient app needs its waypoint: without it the L7 route closes, nothing opens', () => {
    const source = example('payments-istio-sidecar');
    const result = Importer.fromManifests(source, { target: ImportTarget.ISTIO_AMBIENT, exceptionExpires: '2027-06-30' });
    const generated = Importer.synthesize(result);
    const waypoints = generated.filter(o => o.kind === 'Gateway' && o.spec?.gatewayClassName === 'istio-waypoint');
    expect(waypoints.length).toBe(1); // the POST /v1/payments rule needs the namespace's waypoint
    expect(ReachabilityDiff.between(source, Importer.adopted(source, generated, result)).same).toBe(true);
    const diff = ReachabilityDiff.between(source, Importer.adopted(source, generated.filter(o => !waypoints.includes(o)), result));
    expect(diff.opened).toEqual([]);
    expect(diff.closed.map(c => `${c.source} → ${c.destination}:${c.ports}`)).toEqual(['payments/payments-checkout-service-c899c810 → payments/payments-payment-processor-c858057a:8080']);
  });

  test('a broken sidecar → ambient migration (policies re-pointed at a waypoint that does not exist) is caught as opened', () => {
    // What istio/istio#57315 describes: the sidecar AuthorizationPolicies rewritten to targetRefs (the Service, or
    // the namespace's waypoint for namespace-wide ones), the namespace switched to ambient, no waypoint deployed.
    // ztunnel then enforces none of them (https://istio.io/latest/docs/ambient/usage/l7-features/: policies with
    // targetRefs are enforced by the waypoint).
    const source = example('payments-istio-sidecar');
    const broken = source.map(o => {
      if (o.kind === 'Namespace' && o.metadata.name === 'payments') {
        const labels = { ...o.metadata.labels, 'istio.io/dataplane-mode': 'ambient' };
        delete labels['istio-injection'];
        return { ...o, metadata: { ...o.metadata, labels } };
      }
      if (o.kind !== 'AuthorizationPolicy') return o;
      const app = o.spec?.selector?.matchLabels?.['app.kubernetes.io/name'];
      const spec = { ...o.spec, targetRefs: [app ? { group: '', kind: 'Service', name: app } : { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }] };
      delete spec.selector;
      return { ...o, spec };
    });
    const diff = ReachabilityDiff.between(source, broken);
    expect(diff.opened.map(c => `${c.source} → ${c.destination}:${c.ports}`)).toContain('payments/payments-checkout-service-c899c810 → payments/payments-payment-processor-c858057a:8080');
    expect(diff.toText()).toMatch(/HTTP: before only POST \/v1\/payments; after any request/);
  });

  test('--flows with --min-count: the app from observed traffic; no proof (flows narrow on purpose)', () => {
    const r = run(['import', '--flows', path.join(dir, 'flows.jsonl'), '--min-count', '2', '--expires', '2027-06-30']);
    expect(r.code).toBe(0);
    expect(r.out).toContain("bookinfoProductpageV1.allowTo(Peer.fqdn('api.example.com'), { ports: [Port.tcp(443)], acceptL4Only: l4Only });");
    expect(r.err).toContain('Below the noise floor (--min-count):');
    expect(r.err).not.toContain('Proof');
  });

  test.each([
    [['import'], 'no input'],
    [['import', '--flows', 'x.jsonl', '--min-count', '0'], '--min-count must be a positive integer'],
    [['import', 'a.yaml', '--min-count', '2'], '--min-count applies to --flows only'],
    [['import', 'a.yaml', '--to', 'consul'], '--to must be one of'],
    [['import', 'a.yaml', '--expires', 'soon'], '--expires must be a date'],
    [['import', 'a.yaml', '--bogus'], 'unknown option --bogus'],
  ])('usage error %j: exit 2', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test('a missing file is an input error: exit 2', () => {
    const r = run(['import', path.join(dir, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such file or directory');
  });
});

describe('the binary dispatches; the audit does not import the tools', () => {
  const io = () => {
    const o = { out: '', err: '' };
    return { o, io: { stdout: (t: string) => { o.out += t; }, stderr: (t: string) => { o.err += t; }, readStdin: () => '' } };
  };
  test('ZeroTrustCli --help lists every command', () => {
    const { o, io: cli } = io();
    expect(ZeroTrustCli.run(['--help'], cli)).toBe(0);
    for (const cmd of ['audit', 'diff', 'graph', 'import', 'rollout-plan']) expect(o.out).toContain(`cdk8s-zero-trust ${cmd}`);
  });
  test('AuditCli names ZeroTrustCli for import and rollout-plan', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AuditCli } = require('../../src/audit') as typeof import('../../src/audit');
    const { o, io: cli } = io();
    expect(AuditCli.run(['import', 'a.yaml'], cli)).toBe(2);
    expect(o.err).toContain('ZeroTrustCli.run');
  });
});
