import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES_TODAY, EXPIRY_WARNING_DAYS, expiringExceptions } from '../../examples/calendar';
import { examples } from '../../examples/registry';
import '../util/synth';

/*
 * Issue 17: the examples' exceptions expire 2027-06-30 and synthesis fails on an expired
 * exception by design. Example synthesis pins "today" (EXAMPLES_TODAY); the real date only
 * drives a warning listing what expires within 90 days.
 */
function exampleManifests(validate = false): any[] {
  return examples().flatMap(ex => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-cal-')) });
    try {
      ex.build(app);
      if (validate) app.synth(); // runs every construct validation (expired exceptions fail here)
      return app.charts.flatMap(c => c.toJson());
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
}

const manifests = exampleManifests();

test('tests and example synthesis share the pinned date', () => {
  expect(process.env.ZERO_TRUST_TODAY).toBe(EXAMPLES_TODAY);
});

test('on the pinned date no example exception is within the warning window (the pin leaves room)', () => {
  expect(expiringExceptions(manifests, EXAMPLES_TODAY)).toEqual([]);
});

test('the examples carry dated exceptions, and 60 days before they end all are reported', () => {
  const found = expiringExceptions(manifests, '2027-05-01');
  expect(found.length).toBeGreaterThan(5);
  expect(new Set(found.map(e => e.expires))).toEqual(new Set(['2027-06-30']));
  expect(new Set(found.map(e => e.daysLeft))).toEqual(new Set([60]));
  // 91 days before: outside the 90-day window.
  expect(expiringExceptions(manifests, '2027-03-31')).toEqual([]);
  expect(EXPIRY_WARNING_DAYS).toBe(90);
});

test('after the real expiry, unpinned synthesis fails by design, pinned synthesis succeeds, the warning says "expired"', () => {
  const saved = process.env.ZERO_TRUST_TODAY;
  try {
    process.env.ZERO_TRUST_TODAY = '2027-07-10'; // what the system clock will say then
    expect(() => exampleManifests(true)).toThrow(/expired/);
    process.env.ZERO_TRUST_TODAY = EXAMPLES_TODAY;
    expect(() => exampleManifests(true)).not.toThrow();
  } finally {
    process.env.ZERO_TRUST_TODAY = saved;
  }
  const late = expiringExceptions(manifests, '2027-07-10');
  expect(late.length).toBeGreaterThan(0);
  expect(late.every(e => e.daysLeft === -10)).toBe(true);
});

test('annotations on pod templates count, undated or unparsable dates sort first as already expired', () => {
  const found = expiringExceptions([
    {
      kind: 'Deployment',
      metadata: { name: 'legacy', namespace: 'shop' },
      spec: {
        template: {
          metadata: {
            annotations: { 'zero-trust.cdk8s.io/exception.secret-env': 'vendor image reads env', 'zero-trust.cdk8s.io/exception.secret-env.expires': '2026-12-01' },
          },
        },
      },
    },
    {
      kind: 'PeerAuthentication',
      metadata: {
        name: 'default',
        namespace: 'billing',
        annotations: { 'zero-trust.cdk8s.io/exception.mtls-permissive.expires': 'soon' },
      },
    },
    { kind: 'Namespace', metadata: { name: 'far', annotations: { 'zero-trust.cdk8s.io/exception.pod-security.expires': '2030-01-01' } } },
  ], '2026-11-23');
  expect(found).toEqual([
    { object: 'PeerAuthentication/billing/default', topic: 'mtls-permissive', expires: 'soon', daysLeft: -Infinity },
    { object: 'Deployment/shop/legacy (pod template)', topic: 'secret-env', expires: '2026-12-01', daysLeft: 8 },
  ]);
});
