import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { expectValidManifests } from '../util/expect-valid';
import { find, one } from '../util/synth';

function synth(name: string): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ex = require(`../../examples/${name}`);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-'));
  try {
    const app = new App({ outdir });
    ex.build(app);
    app.synth(); // runs every construct validation
    return app.charts.flatMap(c => c.toJson());
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const NAME = 'allow-checkout-service-to-payment-processor';

describe('payments examples (checkout-service → payment-processor, POST /v1/payments on 8080)', () => {
  test.each([
    ['payments-istio-sidecar', 'AuthorizationPolicy'],
    ['payments-istio-ambient', 'AuthorizationPolicy'],
    ['payments-linkerd', 'HTTPRoute'],
    ['payments-cilium', 'CiliumNetworkPolicy'],
    ['payments-networkpolicy', 'NetworkPolicy'],
  ])('%s enforces the route (%s) in both directions', (name, l7Kind) => {
    const objs = synth(name);
    expectValidManifests(objs);
    expect(find(objs, l7Kind).some(o => o.metadata.name.startsWith(NAME))).toBe(true);
    const engine = name === 'payments-cilium' ? 'CiliumNetworkPolicy' : 'NetworkPolicy';
    one(objs, engine, `${NAME}-ingress`);
    one(objs, engine, `${NAME}-egress`);
    for (const d of find(objs, 'Deployment')) {
      expect(d.spec.template.spec.serviceAccountName).toMatch(/^(checkout-service|payment-processor)$/);
      expect(d.spec.template.spec.automountServiceAccountToken).toBe(false);
    }
  });

  test('cross-namespace example: gateway → storefront, storefront → payments-api (gRPC), payments-api → api.stripe.com', () => {
    const objs = synth('cross-namespace');
    expectValidManifests(objs);
    one(objs, 'AuthorizationPolicy', 'allow-ingress-gateway-to-storefront');
    one(objs, 'AuthorizationPolicy', 'allow-storefront-storefront-to-payments-payments-api');
    expect(find(objs, 'ServiceEntry')[0].spec.hosts).toEqual(['api.stripe.com']);
    expect(find(objs, 'CiliumNetworkPolicy').some(c => (c.spec.egress ?? []).some((e: any) => e.toFQDNs))).toBe(true);
  });
});
