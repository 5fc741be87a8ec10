import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { build as buildCrossNamespace } from '../../examples/cross-namespace';
import { build as buildCiliumDryRun } from '../../examples/payments-cilium-dry-run';
import { build as buildAmbient } from '../../examples/payments-istio-ambient';
import { build as buildIstioDryRun } from '../../examples/payments-istio-sidecar-dry-run';
import { build as buildLinkerdDryRun } from '../../examples/payments-linkerd-dry-run';
import { RolloutCli } from '../../src/rollout/cli';
import { RolloutPlan } from '../../src/rollout/rollout-plan';
import '../util/synth';

function plan(build: (app: App) => void, options = {}): string {
  const app = new App();
  build(app);
  return RolloutPlan.of(app, options).toMarkdown();
}

/** The fenced shell lines of step `n` of the (single) namespace. */
function step(md: string, n: number): string {
  const start = md.indexOf(`\n${n}. **`);
  const end = md.indexOf(`\n${n + 1}. **`, start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

describe('RolloutPlan', () => {
  // Envoy's RBAC filter logs "shadow denied, matched policy ..." at debug and counts shadow_denied under the
  // shadow rules' stat prefix (envoyproxy/envoy source/extensions/filters/http/rbac/rbac_filter.cc), which Istio sets
  // to istio_dry_run_allow_ (istio/istio pilot/pkg/security/authz/model/model.go).
  test('Istio sidecar: the shadow-denial counters and logs of each workload, and PassthroughCluster egress', () => {
    const md = plan(buildIstioDryRun);
    const watch = step(md, 3);
    expect(watch).toContain('kubectl -n payments exec deploy/payments-payment-processor-c858057a -c istio-proxy -- pilot-agent request GET stats | grep shadow_denied');
    expect(watch).toContain('istioctl proxy-config log deploy/payments-payment-processor-c858057a -n payments --level rbac:debug');
    expect(watch).toContain('grep \'shadow denied\'');
    expect(watch).toContain('destination_service_name="PassthroughCluster"');
    expect(watch).not.toContain('linkerd');
    expect(md).toContain('Synthesized as: in DRY_RUN until 2027-06-30');
    expect(step(md, 5)).toContain('the `istio.io/dry-run` annotations go, the Sidecar becomes `REGISTRY_ONLY`; the NetworkPolicies');
  });

  // linkerd/linkerd2-proxy linkerd/app/inbound/src/policy/http.rs logs "Request allowed" with authz.name for an audit
  // authorization; metrics labels authz_kind/authz_name (linkerd/app/core/src/metrics.rs); `linkerd viz authz` lists them.
  test('Linkerd: linkerd viz authz, the audit authorization in the proxy log and metrics', () => {
    const watch = step(plan(buildLinkerdDryRun), 3);
    expect(watch).toContain('linkerd viz authz -n payments deploy/payments-checkout-service-c899c810');
    expect(watch).toContain('kubectl -n payments logs deploy/payments-payment-processor-c858057a -c linkerd-proxy -f | grep \'authz.name=audit\'');
    expect(watch).toContain('inbound_http_authz_allow_total{namespace="payments", authz_name="audit"}');
    expect(watch).not.toContain('istio');
  });

  test('Cilium without a mesh: says that nothing observes a would-be denial instead of claiming one', () => {
    const md = plan(buildCiliumDryRun);
    expect(step(md, 3)).toContain('No engine of this namespace can observe a would-be denial in a dry run');
    expect(step(md, 3)).not.toContain('```sh');
    expect(step(md, 2)).toContain('Policy Audit Mode is agent- or endpoint-wide, not per policy');
    expect(step(md, 1)).not.toContain('rollout restart'); // no mesh: nothing to inject
  });

  test('the connectivity TestPlan of the namespace follows the switch: the declared route first, then the denied probes', () => {
    const probes = step(plan(buildIstioDryRun), 6);
    const lines = probes.split('\n').filter(l => l.trim().startsWith('# '));
    expect(lines.map(l => l.trim())).toEqual([
      '# allowed  payments/payments-checkout-service-c899c810 -> payments/payments-payment-processor-c858057a:8080 POST /v1/payments',
      '# denied   payments/payments-checkout-service-c899c810 -> payments/payments-payment-processor-c858057a:8080 DELETE /v1/payments',
      '# denied   payments/payments-checkout-service-c899c810 -> payments/payments-payment-processor-c858057a:9090 GET /',
      '# denied   payments/payments-payment-processor-c858057a -> payments/payments-checkout-service-c899c810:8080 GET /',
      '# denied   payments/payments-payment-processor-c858057a -> payments/payments-checkout-service-c899c810:9090 GET /',
    ]);
    expect(probes).toContain('kubectl exec -n payments deploy/payments-checkout-service-c899c810 -- curl -s -o /dev/null -w \'%{http_code}\' --max-time 3 -X POST http://payment-processor.payments:8080/v1/payments');
  });

  test('one section per namespace, in name order, with the ordered steps; observationDays and manifestsPath are used', () => {
    const md = plan(buildCrossNamespace, { observationDays: 14, manifestsPath: 'dist/cross-namespace/' });
    expect(md.match(/^## .+$/gm)).toEqual(['## Namespace `payments`', '## Namespace `storefront`']);
    const sections = md.split('\n## ').slice(1);
    for (const s of sections) {
      expect(s.match(/^\d\. \*\*[^*]+\*\*/gm)!.map(x => x.replace(/`[^`]+`/g, 'NS'))).toEqual([
        '1. **Apply identities and allow rules, in dry run.**', '2. **What the dry run does here.**', '3. **Watch for 14 days**',
        '4. **Fix every would-be denial**', '5. **Switch NS to ENFORCE**', '6. **Run the connectivity test plan**', '7. **Roll back**',
      ]);
      expect(s).toContain('kubectl apply -f dist/cross-namespace/');
      expect(s).toContain('Synthesized as: ENFORCE.');
    }
    expect(() => plan(buildCrossNamespace, { observationDays: 0 })).toThrow(/observationDays 0 must be a whole number of days, at least 1/);
  });

  test('from manifests alone: no probes, and it says where they come from', () => {
    const app = new App();
    buildIstioDryRun(app);
    const md = RolloutPlan.fromManifests(app.charts.flatMap(c => c.toJson())).toMarkdown();
    expect(step(md, 6)).toContain('No routes given: build the plan with `RolloutPlan.of(app)`');
    expect(step(md, 3)).toContain('pilot-agent request GET stats');
  });
});

describe('cdk8s-zero-trust rollout-plan', () => {
  const run = (argv: string[]) => {
    let out = '';
    let err = '';
    const code = RolloutCli.run(argv, { stdout: t => { out += t; }, stderr: t => { err += t; }, readStdin: () => '' });
    return { code, out, err };
  };
  test('an app module: the same plan as RolloutPlan.of(app)', () => {
    const r = run(['--days', '10', path.join(__dirname, '..', '..', 'examples', 'payments-linkerd-dry-run.ts')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(plan(buildLinkerdDryRun, { observationDays: 10 }));
  });
  test('manifests: the plan without probes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-rollout-test-'));
    try {
      const app = new App();
      buildIstioDryRun(app);
      fs.writeFileSync(path.join(dir, 'payments.k8s.yaml'), Yaml.stringify(...app.charts.flatMap(c => c.toJson())));
      const r = run([dir]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(RolloutPlan.fromManifests(app.charts.flatMap(c => c.toJson())).toMarkdown());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('usage errors exit 2 with the reason', () => {
    expect(run([])).toEqual({ code: 2, out: '', err: expect.stringContaining('error: give an app module or manifests') });
    expect(run(['--days', 'x', 'dist/'])).toEqual({ code: 2, out: '', err: expect.stringContaining('--days must be a whole number of days, at least 1 (got "x")') });
    expect(run(['/nonexistent-zt'])).toEqual({ code: 2, out: '', err: 'error: /nonexistent-zt: no such file or directory\n' });
  });
});

test('Istio ambient: no dry run is claimed; the plan checks the enforced manifests, switches, probes, and says how to roll back', () => {
  const md = plan(buildAmbient);
  expect(md).toContain('1. **No dry run on Istio ambient.**');
  expect(md).toContain('AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY=true');
  expect(md).not.toContain('Enforcement.DRY_RUN');
  expect(md.match(/^\d\. \*\*[^*]+\*\*/gm)).toEqual([
    '1. **No dry run on Istio ambient.**', '2. **Switch `payments` to ENFORCE**', '3. **Run the connectivity test plan**', '4. **Roll back**',
  ]);
  expect(md).toContain('kubectl -n payments delete authorizationpolicies.security.istio.io --all');
});
