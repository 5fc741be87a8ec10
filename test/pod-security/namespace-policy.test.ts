// PodSecurity.namespacePolicy against upstream api/helpers.go PolicyToEvaluate (and its
// unit test api/helpers_test.go) at kubernetes/pod-security-admission 8f84a87.
import { PodSecurity, PodSecurityLevel } from '../../src';

const ns = (labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', ...(labels ? { labels } : {}) } });
const P = PodSecurityLevel.PRIVILEGED;
const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;
const lv = (level: PodSecurityLevel, version = 'latest') => ({ level, version });

test('no labels: the cluster defaults, privileged:latest unless configured (admission/api/v1/defaults.go)', () => {
  expect(PodSecurity.namespacePolicy(ns())).toEqual({ enforce: lv(P), audit: lv(P), warn: lv(P), labelled: false, errors: [] });
  expect(PodSecurity.namespacePolicy(ns(), { enforce: lv(B, 'v1.30') }).enforce).toEqual(lv(B, 'v1.30'));
});

test('each mode reads its level and version label', () => {
  const p = PodSecurity.namespacePolicy(ns({
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/enforce-version': 'v1.28',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'v1.30',
  }));
  expect(p).toEqual({ enforce: lv(B, 'v1.28'), audit: lv(R), warn: lv(R, 'v1.30'), labelled: true, errors: [] });
});

test('warn follows a stricter enforce when warn is not set (helpers.go: !hasWarnLevel && hasEnforceLevel)', () => {
  expect(PodSecurity.namespacePolicy(ns({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.29' })).warn).toEqual(lv(R, 'v1.29'));
  // an explicit warn-version is kept
  expect(PodSecurity.namespacePolicy(ns({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.29', 'pod-security.kubernetes.io/warn-version': 'v1.25' })).warn).toEqual(lv(R, 'v1.25'));
});

test('invalid values: enforce fails closed (restricted), audit and warn fail open (privileged), versions become latest (ParseLevel, ParseVersion)', () => {
  const p = PodSecurity.namespacePolicy(ns({
    'pod-security.kubernetes.io/enforce': 'strict',
    'pod-security.kubernetes.io/enforce-version': 'v1.028',
    'pod-security.kubernetes.io/audit': 'Baseline',
    'pod-security.kubernetes.io/warn': 'foo',
  }));
  expect(p.enforce).toEqual(lv(R));
  expect(p.audit).toEqual(lv(P));
  expect(p.warn).toEqual(lv(P)); // explicit (invalid) warn: no defaulting from enforce
  expect(p.errors).toEqual([
    'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    'metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "v1.028": must be "latest" or "v1.x"',
    'metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "Baseline": must be one of privileged, baseline, restricted',
    'metadata.labels[pod-security.kubernetes.io/warn]: Invalid value: "foo": must be one of privileged, baseline, restricted',
  ]);
  // an invalid enforce level does not make warn follow it (hasEnforceLevel = err == nil)
  expect(PodSecurity.namespacePolicy(ns({ 'pod-security.kubernetes.io/enforce': 'strict' })).warn).toEqual(lv(P));
});
