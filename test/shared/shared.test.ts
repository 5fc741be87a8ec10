import { isIsoDate, todayUtc } from '../../src/shared/exceptions';
import { labelSelectorMatches } from '../../src/shared/label-selector';
import { podTemplateInSpec, podTemplateOf } from '../../src/shared/pod-template';

// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#set-based-requirement:
// "tier notin (frontend)" also selects resources without a `tier` label; "!partition" selects those without it;
// all requirements are ANDed; an empty selector selects everything.
describe('labelSelectorMatches (one implementation for validation and audit)', () => {
  const labels = { app: 'web', tier: 'backend' };
  test.each<[string, unknown, boolean]>([
    ['empty selector selects everything', {}, true],
    ['no selector', undefined, true],
    ['matchLabels equal', { matchLabels: { app: 'web' } }, true],
    ['matchLabels differ', { matchLabels: { app: 'api' } }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'db'] }] }, true],
    ['In, key absent', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    ['NotIn, key absent selects', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    ['NotIn, value listed', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['requirements are ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, false],
    ['unknown operator selects nothing', { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, false],
  ])('%s', (_name, selector, expected) => {
    expect(labelSelectorMatches(selector, labels)).toBe(expected);
  });

  test('keyMapper rewrites selector keys (Cilium k8s: prefixes)', () => {
    expect(labelSelectorMatches({ matchLabels: { 'k8s:app': 'web' } }, labels, k => k.replace(/^k8s:/, ''))).toBe(true);
  });
});

describe('podTemplateOf (one place that knows where pod templates live)', () => {
  const tpl = { metadata: { labels: { a: 'b' } }, spec: { containers: [] } };
  test.each<[string, any, string | undefined]>([
    ['Pod', { kind: 'Pod', ...tpl }, ''],
    ['PodTemplate', { kind: 'PodTemplate', template: tpl }, '/template'],
    ['Deployment', { kind: 'Deployment', spec: { template: tpl } }, '/spec/template'],
    ['Job', { kind: 'Job', spec: { template: tpl } }, '/spec/template'],
    ['CronJob', { kind: 'CronJob', spec: { jobTemplate: { spec: { template: tpl } } } }, '/spec/jobTemplate/spec/template'],
    ['custom workload (Argo Rollout)', { kind: 'Rollout', spec: { template: tpl } }, '/spec/template'],
    ['ConfigMap', { kind: 'ConfigMap', data: {} }, undefined],
  ])('%s', (_kind, manifest, path) => {
    const t = podTemplateOf(manifest);
    expect(t?.path).toBe(path);
    if (path !== undefined) expect(t!.holder.spec).toBe(tpl.spec);
  });

  test('inside a workload spec (cdk8s-plus renders the spec before the kind is known)', () => {
    expect(podTemplateInSpec({ jobTemplate: { spec: { template: tpl } } })?.holder).toBe(tpl);
    expect(podTemplateInSpec({ template: tpl })?.holder).toBe(tpl);
    expect(podTemplateInSpec({ replicas: 1 })).toBeUndefined();
  });
});

describe('exception dates (one "today" for Exception and the audit)', () => {
  test('isIsoDate accepts real calendar dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-28')).toBe(false);
  });

  test('todayUtc: an explicit date, else ZERO_TRUST_TODAY, else the clock', () => {
    const saved = process.env.ZERO_TRUST_TODAY;
    try {
      process.env.ZERO_TRUST_TODAY = '2026-03-04';
      expect(todayUtc()).toBe('2026-03-04');
      expect(todayUtc(new Date('2027-01-02T23:59:59Z'))).toBe('2027-01-02');
      delete process.env.ZERO_TRUST_TODAY;
      expect(todayUtc()).toBe(new Date().toISOString().slice(0, 10));
    } finally {
      if (saved === undefined) delete process.env.ZERO_TRUST_TODAY;
      else process.env.ZERO_TRUST_TODAY = saved;
    }
  });
});
