import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import * as gen from 'cdk8s-plus-28/lib/imports/k8s';
import { buildLibraryApp, ENGINES } from '../../bench/generate';
import { examples } from '../../examples/registry';
import * as ciliumGen from '../../imports/cilium';
import * as istioSecurity from '../../imports/istio-security';
import * as cilium from '../../src/backends/shared/plain/cilium';
import '../../src/backends/shared/plain/istio-security';
import * as k8s from '../../src/backends/shared/plain/k8s';
import { hasConverterPlan, isIdentityKindConverter, plainJsonStats, plainKind, setPlainJson } from '../../src/synth/plain-json';
import '../util/synth';

/** Every object's JSON, as text (so key order counts), through cdk8s's own path or the plain one. */
function render(build: (app: App) => void, plain: boolean): { texts: string[]; plain: number; fallback: number } {
  setPlainJson(plain);
  plainJsonStats(true);
  try {
    const app = new App();
    build(app);
    const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    const texts = objects.map(o => JSON.stringify(o.toJson()));
    return { texts, ...plainJsonStats(true) };
  } finally {
    setPlainJson(true);
  }
}

describe('plain-JSON toJson of the generated kinds', () => {
  for (const ex of examples()) {
    test(`${ex.name}: same JSON, same key order as cdk8s's resolver`, () => {
      const fast = render(app => ex.build(app), true);
      const slow = render(app => ex.build(app), false);
      expect(fast.texts).toEqual(slow.texts);
    });
  }

  for (const engine of ENGINES) {
    test(`benchmark app on ${engine}: same JSON, and the renderers' kinds take the plain path`, () => {
      const build = (app: App) => buildLibraryApp(app, 60, engine, 'chart-per-namespace');
      const fast = render(build, true);
      const slow = render(build, false);
      expect(fast.texts).toEqual(slow.texts);
      // Every object of the benchmark app is rendered by the library's renderers: all plain, no fallback.
      expect(fast.fallback).toBe(0);
      expect(fast.plain).toBe(fast.texts.length);
      expect(slow.plain).toBe(0);
    });
  }

  test('tokens, JSON patches and user metadata still go through cdk8s', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const a = new k8s.KubeServiceAccount(chart, 'a', { metadata: { name: Lazy.any({ produce: () => 'lazy-name' }) }, automountServiceAccountToken: Lazy.any({ produce: () => false }) });
    const token = { resolve: () => true };
    const d = new k8s.KubeServiceAccount(chart, 'd', { metadata: { name: 'd' }, automountServiceAccountToken: token as any });
    const b = new k8s.KubeServiceAccount(chart, 'b', { metadata: { name: 'b' }, automountServiceAccountToken: false });
    b.addJsonPatch(JsonPatch.add('/metadata/labels', { patched: 'yes' }));
    const c = new k8s.KubeNetworkPolicy(chart, 'c', { metadata: { name: 'c' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: k8s.IntOrString.fromNumber(80) }] }] } });
    c.metadata.addLabel('team', 'payments');
    plainJsonStats(true);
    expect(a.toJson()).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'lazy-name' }, automountServiceAccountToken: false });
    expect(d.toJson().automountServiceAccountToken).toBe(true);
    expect(b.toJson().metadata.labels).toEqual({ patched: 'yes' });
    expect(c.toJson()).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'c', labels: { team: 'payments' } },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] },
    });
    // a and c are plain (Lazy values are produced); b (patch) and d (implicit token) take cdk8s's path.
    expect(plainJsonStats()).toEqual({ plain: 2, fallback: 2 });
  });

  test('a plain kind is still an instance of the generated class, with its statics, and stores one props object', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const props = { metadata: { name: 'np' }, spec: { podSelector: {} } };
    const np = new k8s.KubeNetworkPolicy(chart, 'np', props);
    expect(np).toBeInstanceOf(gen.KubeNetworkPolicy);
    expect(np).toBeInstanceOf(ApiObject);
    expect(np.constructor.name).toBe('KubeNetworkPolicy');
    expect((k8s.KubeNetworkPolicy as any).GVK).toEqual(gen.KubeNetworkPolicy.GVK);
    expect((k8s.KubeNetworkPolicy as any).manifest(props)).toEqual(gen.KubeNetworkPolicy.manifest(props));
    expect([np.apiVersion, np.kind, np.apiGroup, np.name]).toEqual(['networking.k8s.io/v1', 'NetworkPolicy', 'networking.k8s.io', 'np']);
    // The stored props: the GVK first, then the caller's members, in one object (not the caller's, not two copies).
    const stored = (np as any).props;
    expect(Object.keys(stored)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(stored).not.toBe(props);
    expect(Object.keys(np).includes('ztProps')).toBe(false);
    // The fallback path (a JSON patch) is the generated class's toJson.
    np.addJsonPatch(JsonPatch.add('/spec/policyTypes', ['Ingress']));
    expect(np.toJson()).toEqual({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
  });

  test('kinds whose converter renames members follow its plan: the same JSON as the converter, in one walk', () => {
    // Renamed members (toCidr -> toCIDR, toFqdNs -> toFQDNs, clusterIp -> clusterIP) have a plan; a map of
    // converted values (PeerAuthentication portLevelMtls) and dates (Deployment's ObjectMeta in its template) have none.
    expect(hasConverterPlan(ciliumGen.toJson_CiliumNetworkPolicyProps)).toBe(true);
    expect(hasConverterPlan(gen.toJson_KubeServiceProps)).toBe(true);
    expect(hasConverterPlan(istioSecurity.toJson_PeerAuthenticationProps)).toBe(false);
    plainKind({ KubeDeployment: gen.KubeDeployment, toJson_KubeDeploymentProps: gen.toJson_KubeDeploymentProps }, 'KubeDeployment');
    expect(hasConverterPlan(gen.toJson_KubeDeploymentProps)).toBe(false);

    const build = (app: App) => {
      const chart = new Chart(app, 'c', { labels: { team: 'payments' } });
      new cilium.CiliumNetworkPolicy(chart, 'cnp', {
        metadata: { name: 'cnp', namespace: 'payments', annotations: { b: '2', a: '1' } },
        spec: {
          endpointSelector: { matchLabels: { 'k8s:z': '1', 'k8s:a': '2', 'k8s:dropped': undefined as any } },
          description: Lazy.any({ produce: () => 'lazy description' }) as any,
          egress: [
            { toCidr: ['10.0.0.0/8'], toFqdNs: [{ matchName: 'api.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' as any }] }] },
            Lazy.any({ produce: () => ({ toEntities: ['kube-apiserver'], bogus: 'not a member: dropped by the converter' }) }) as any,
            null as any,
          ],
          ingress: [{ fromCidrSet: [{ cidr: '192.168.0.0/16', except: ['192.168.1.0/24'] }], fromEndpoints: [] }],
        },
      });
      new k8s.KubeService(chart, 'svc', {
        metadata: { name: 'svc', namespace: 'payments' },
        spec: { clusterIp: 'None', ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromNumber(8080), appProtocol: 'http' }], selector: { app: 'x' } },
      });
    };
    const fast = render(build, true);
    const slow = render(build, false);
    expect(fast.texts).toEqual(slow.texts);
    expect(fast.fallback).toBe(0);
    const cnp = JSON.parse(fast.texts[0]);
    expect(Object.keys(cnp.spec)).toEqual(['description', 'egress', 'endpointSelector', 'ingress']);
    expect(cnp.spec.egress[0]).toEqual({ toCIDR: ['10.0.0.0/8'], toFQDNs: [{ matchName: 'api.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] });
    expect(cnp.spec.egress[1]).toEqual({ toEntities: ['kube-apiserver'] });
    expect(cnp.spec.ingress[0].fromCIDRSet).toEqual([{ cidr: '192.168.0.0/16', except: ['192.168.1.0/24'] }]);
    expect(JSON.parse(fast.texts[1]).spec.clusterIP).toBe('None');
  });

  test('metadata: the same JSON as cdk8s for every kind of metadata content', () => {
    // cdk8s ApiObjectMetadataDefinition.toJson(): resolve, then sanitizeValue with keys sorted and
    // empty arrays and objects dropped (at any depth); tokens and class instances take cdk8s's path.
    const build = (app: App) => {
      const chart = new Chart(app, 'c', { labels: { chart: 'label' }, namespace: 'chart-ns' });
      new k8s.KubeServiceAccount(chart, 'plain', { metadata: { name: 'plain', labels: { b: '2', a: '1' }, annotations: { z: 'x', y: '' } } });
      new k8s.KubeServiceAccount(chart, 'empty', { metadata: { name: 'empty', labels: {}, annotations: {}, finalizers: [] } });
      const extra = new k8s.KubeServiceAccount(chart, 'extra', {
        metadata: { name: 'extra', namespace: 'other', finalizers: ['f/one'], ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u' }] },
      });
      extra.metadata.add('generateName', 'gen-');
      extra.metadata.add('nested', { empty: {}, list: [], keep: { b: 1, a: [{}] }, nil: null });
      extra.metadata.addAnnotation('lazy', Lazy.any({ produce: () => 'produced' }) as any);
      new k8s.KubeServiceAccount(chart, 'lazy-labels', { metadata: { name: 'lazy-labels', labels: Lazy.any({ produce: () => ({ k: 'v', e: undefined }) }) as any } });
      new k8s.KubeServiceAccount(chart, 'token', { metadata: { name: 'token', annotations: { t: { resolve: () => 'resolved' } as any } } });
      new k8s.KubeServiceAccount(chart, 'unnamed', {});
    };
    const fast = render(build, true);
    const slow = render(build, false);
    expect(fast.texts).toEqual(slow.texts);
    // The implicit token, and the Lazy spread into the labels by cdk8s's ApiObject (a function
    // member in the metadata), take cdk8s's path; the rest is plain.
    expect(fast.fallback).toBe(2);
  });

  test('converters that only copy sorted members are recognised (and skipped); others run', () => {
    // Registered by src/backends/shared/plain/k8s.ts.
    expect(isIdentityKindConverter(gen.toJson_KubeNetworkPolicyProps)).toBe(true);
    expect(isIdentityKindConverter(gen.toJson_KubeServiceAccountProps)).toBe(true);
    expect(isIdentityKindConverter(gen.toJson_KubeNamespaceProps)).toBe(true);
    // clusterIp -> clusterIP: a renamed member, so the converter runs.
    expect(isIdentityKindConverter(gen.toJson_KubeServiceProps)).toBe(false);
    // The CRD modules written by scripts/import-crds.js copy string maps with their dropUndefined:
    // AuthorizationPolicy (selector.matchLabels) is recognised, as the equivalence tests above check.
    expect(isIdentityKindConverter(istioSecurity.toJson_AuthorizationPolicyProps)).toBe(true);
    // A map of converted values (portLevelMtls) is not a copy: the converter runs.
    expect(isIdentityKindConverter(istioSecurity.toJson_PeerAuthenticationProps)).toBe(false);
    // A module without the kind's converter is refused.
    expect(() => plainKind({ KubeConfigMap: gen.KubeConfigMap }, 'KubeConfigMap')).toThrow(/no kind KubeConfigMap with a converter toJson_KubeConfigMapProps/);
    // Not registered with its module: never skipped.
    expect(isIdentityKindConverter(gen.toJson_KubeDeploymentProps)).toBe(false);

    const fake = (body: string) => {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const fn = new Function('obj', `if (obj === undefined) { return undefined; }\n    const result = {\n${body}\n    };\n    return result;`);
      plainKind({ KubeConfigMap: gen.KubeConfigMap, toJson_KubeConfigMapProps: fn, toJson_ObjectMeta: gen.toJson_ObjectMeta }, 'KubeConfigMap');
      return isIdentityKindConverter(fn);
    };
    expect(fake("        'metadata': toJson_ObjectMeta(obj.metadata),\n        'b': obj.b,\n        'c': obj.c?.map(y => y),")).toBe(true);
    expect(fake("        'metadata': toJson_ObjectMeta(obj.metadata),\n        'c': obj.c,\n        'b': obj.b,")).toBe(false);
    expect(fake("        'b': obj.b,\n        'metadata': toJson_ObjectMeta(obj.metadata),")).toBe(false);
    expect(fake("        'metadata': toJson_ObjectMeta(obj.metadata),\n        'b': obj.c,")).toBe(false);
    expect(fake("        'metadata': toJson_Unknown(obj.metadata),")).toBe(false);
    expect(fake("        'metadata': toJson_ObjectMeta(obj.metadata),\n        'b': String(obj.b),")).toBe(false);
  });
});
