import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fx from './fixtures';
import { SchemaFinding, SchemaValidator } from '../../src/validation';
import { KIND_CHECKS, NATIVE_CHECKS, NATIVE_ENUMS } from '../../src/validation/k8s-native';
import { expectValidManifests } from '../util/expect-valid';

const validator = SchemaValidator.bundled();

function findingsOf(obj: any): SchemaFinding[] {
  return validator.validate([obj]);
}

/** Expects exactly one finding, with this rule and path (and message, when given). */
function expectSingle(obj: any, rule: string, at: string, message?: RegExp): SchemaFinding {
  const found = findingsOf(obj);
  expect(found.map(f => `${f.rule} ${f.path}: ${f.message}`)).toHaveLength(1);
  expect(found[0]).toMatchObject({ rule, path: at });
  if (message) expect(found[0].message).toMatch(message);
  return found[0];
}

/** Expects (at least) a finding with this rule and path. */
function expectFinding(obj: any, rule: string, at: string, message?: RegExp): void {
  const found = findingsOf(obj);
  const match = found.find(f => f.rule === rule && f.path === at && (!message || message.test(f.message)));
  if (!match) throw new Error(`no ${rule} finding at ${at}; got:\n${found.map(f => `  ${f.rule} ${f.path}: ${f.message}`).join('\n')}`);
}

describe('valid manifests pass', () => {
  test.each([
    ['NetworkPolicy', fx.networkPolicy],
    ['Namespace', fx.namespace],
    ['ServiceAccount', fx.serviceAccount],
    ['Deployment (probes, securityContext, resources)', fx.deployment],
    ['Service', fx.service],
    ['Role', fx.role],
    ['RoleBinding', fx.roleBinding],
    ['Secret', fx.secret],
    ['ConfigMap', fx.configMap],
    ['Job', fx.job],
    ['Istio PeerAuthentication security.istio.io/v1', fx.peerAuthentication],
    ['Istio AuthorizationPolicy security.istio.io/v1', fx.istioAuthorizationPolicy],
    ['Linkerd Server policy.linkerd.io/v1beta3', fx.linkerdServer],
    ['Linkerd AuthorizationPolicy policy.linkerd.io/v1alpha1', fx.linkerdAuthorizationPolicy],
    ['Linkerd MeshTLSAuthentication policy.linkerd.io/v1alpha1', fx.meshTlsAuthentication],
    ['CiliumNetworkPolicy cilium.io/v2', fx.ciliumNetworkPolicy],
    ['ExternalSecret external-secrets.io/v1', fx.externalSecret],
    ['ClusterSPIFFEID spire.spiffe.io/v1alpha1', fx.clusterSpiffeId],
    ['Gateway gateway.networking.k8s.io/v1', fx.gateway],
  ])('%s', (_name, make) => {
    expect(findingsOf(make())).toEqual([]);
  });

  test('validation does not modify the manifests (defaults are applied to a copy)', () => {
    const objs = fx.allValid();
    const before = JSON.stringify(objs);
    validator.validate(objs);
    expect(JSON.stringify(objs)).toEqual(before);
  });

  test('the Istio Gateway API waypoint and nullable/omitted optional fields pass', () => {
    const np = fx.networkPolicy();
    np.metadata.annotations = null; // null = unset, as the API server decodes it
    expect(findingsOf(np)).toEqual([]);
  });
});

describe('unknown fields', () => {
  test('top level of a built-in kind', () => {
    const np = fx.networkPolicy();
    np.status = {};
    expectSingle(np, 'unknown-field', 'status', /unknown field "status"/);
  });

  test('top level of a custom resource', () => {
    const pa = fx.peerAuthentication();
    pa.specs = {};
    expectSingle(pa, 'unknown-field', 'specs', /did you mean "spec"/);
  });

  test('nested in a built-in kind', () => {
    const np = fx.networkPolicy();
    np.spec.ingress[0].ports[0].protocl = 'TCP';
    expectSingle(np, 'unknown-field', 'spec.ingress[0].ports[0].protocl', /did you mean "protocol"/);
  });

  test('nested in a custom resource', () => {
    const pa = fx.peerAuthentication();
    pa.spec.mtls.modes = 'STRICT';
    expectSingle(pa, 'unknown-field', 'spec.mtls.modes');
  });

  test('in metadata (validated as ObjectMeta for custom resources too)', () => {
    const cnp = fx.ciliumNetworkPolicy();
    cnp.metadata.lables = { app: 'web' };
    expectSingle(cnp, 'unknown-field', 'metadata.lables', /did you mean "labels"/);
  });

  test('in a deep container field', () => {
    const d = fx.deployment();
    d.spec.template.spec.containers[0].securityContext.runAsNonroot = true;
    expectSingle(d, 'unknown-field', 'spec.template.spec.containers[0].securityContext.runAsNonroot');
  });
});

describe('types', () => {
  test('string where an integer is required', () => {
    const d = fx.deployment();
    d.spec.replicas = '2';
    expectSingle(d, 'type', 'spec.replicas', /must be of type integer/);
  });

  test('int-or-string rejects other types', () => {
    const np = fx.networkPolicy();
    np.spec.ingress[0].ports[0].port = true;
    expectSingle(np, 'type', 'spec.ingress[0].ports[0].port', /integer or a string/);
  });

  test('x-kubernetes-int-or-string in a CRD', () => {
    const s = fx.linkerdServer();
    s.spec.port = 80.5;
    expectSingle(s, 'type', 'spec.port');
  });

  test('a label value must be a string', () => {
    const ns = fx.namespace();
    ns.metadata.labels.team = 7;
    expectSingle(ns, 'type', 'metadata.labels.team');
  });

  test('quantities: string or number with the quantity syntax', () => {
    const d = fx.deployment();
    d.spec.template.spec.containers[0].resources.limits.memory = '256 MiB';
    expectSingle(d, 'format', 'spec.template.spec.containers[0].resources.limits.memory', /not a valid quantity/);
    const d2 = fx.deployment();
    d2.spec.template.spec.containers[0].resources.limits.cpu = true;
    expectSingle(d2, 'type', 'spec.template.spec.containers[0].resources.limits.cpu');
  });

  test('int32 fields are range-checked', () => {
    const d = fx.deployment();
    d.spec.template.spec.securityContext.runAsUser = 2 ** 40; // int64: fine
    d.spec.template.spec.containers[0].readinessProbe.periodSeconds = 2 ** 31; // int32
    expectSingle(d, 'maximum', 'spec.template.spec.containers[0].readinessProbe.periodSeconds');
  });

  test('Secret data must be base64', () => {
    const s = fx.secret();
    s.data.password = 'not base64!';
    expectSingle(s, 'format', 'data.password', /base64/);
  });

  test('a non-object manifest is a finding, not a crash', () => {
    const found = validator.validate([null, 42, 'x', [], {}]);
    expect(found.map(f => f.rule)).toEqual(['type', 'type', 'type', 'type', 'required', 'required']);
  });
});

describe('enums', () => {
  test('Istio PeerAuthentication mtls.mode', () => {
    const pa = fx.peerAuthentication();
    pa.spec.mtls.mode = 'STRICTER';
    expectSingle(pa, 'enum', 'spec.mtls.mode', /"STRICTER".*"STRICT"/);
  });

  test('NetworkPolicy policyTypes (checked in Go by the API server)', () => {
    const np = fx.networkPolicy();
    np.spec.policyTypes = ['Both'];
    expectSingle(np, 'enum', 'spec.policyTypes[0]', /"Ingress", "Egress"/);
  });

  test.each([
    ['port protocol', (o: any) => { o.spec.ingress[0].ports[0].protocol = 'ICMP'; }, fx.networkPolicy, 'spec.ingress[0].ports[0].protocol'],
    ['Service type', (o: any) => { o.spec.type = 'Internal'; }, fx.service, 'spec.type'],
    ['imagePullPolicy', (o: any) => { o.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes'; }, fx.deployment, 'spec.template.spec.containers[0].imagePullPolicy'],
    ['seccompProfile.type', (o: any) => { o.spec.template.spec.securityContext.seccompProfile.type = 'Default'; }, fx.deployment, 'spec.template.spec.securityContext.seccompProfile.type'],
    ['Pod restartPolicy', (o: any) => { o.spec.template.spec.restartPolicy = 'Sometimes'; }, fx.job, 'spec.template.spec.restartPolicy'],
    ['label selector operator', (o: any) => { o.spec.podSelector = { matchExpressions: [{ key: 'a', operator: 'Is', values: ['b'] }] }; }, fx.networkPolicy, 'spec.podSelector.matchExpressions[0].operator'],
  ])('%s', (_name, mutate, make, at) => {
    const o = make();
    mutate(o);
    expectFinding(o, 'enum', at);
  });

  test('Cilium protocol enum', () => {
    const c = fx.ciliumNetworkPolicy();
    c.spec.ingress[0].toPorts[0].ports[0].protocol = 'tcp';
    expectSingle(c, 'enum', 'spec.ingress[0].toPorts[0].ports[0].protocol');
  });
});

describe('required fields', () => {
  test('NetworkPolicy spec.podSelector (required in Kubernetes 1.28)', () => {
    const np = fx.networkPolicy();
    delete np.spec.podSelector;
    expectSingle(np, 'required', 'spec.podSelector');
  });

  test('Linkerd AuthorizationPolicy requiredAuthenticationRefs', () => {
    const ap = fx.linkerdAuthorizationPolicy();
    delete ap.spec.requiredAuthenticationRefs;
    expectSingle(ap, 'required', 'spec.requiredAuthenticationRefs');
  });

  test('Linkerd Server needs exactly one of podSelector / externalWorkloadSelector (oneOf)', () => {
    const s = fx.linkerdServer();
    delete s.spec.podSelector;
    expectSingle(s, 'oneOf', 'spec', /podSelector/);
    const both = fx.linkerdServer();
    both.spec.externalWorkloadSelector = { matchLabels: { app: 'vm' } };
    expectSingle(both, 'oneOf', 'spec', /satisfies 2/);
  });

  test('ClusterSPIFFEID spiffeIDTemplate', () => {
    const c = fx.clusterSpiffeId();
    delete c.spec.spiffeIDTemplate;
    expectSingle(c, 'required', 'spec.spiffeIDTemplate');
  });

  test('container image (Go)', () => {
    const d = fx.deployment();
    delete d.spec.template.spec.containers[0].image;
    expectSingle(d, 'required', 'spec.template.spec.containers[0].image');
  });

  test('apiVersion and kind', () => {
    const found = validator.validate([{ kind: 'Namespace', metadata: { name: 'a' } }]);
    expect(found).toEqual([expect.objectContaining({ rule: 'required', path: 'apiVersion' })]);
  });
});

describe('patterns, lengths and bounds', () => {
  test('pattern: Linkerd targetRef.group', () => {
    const ap = fx.linkerdAuthorizationPolicy();
    ap.spec.targetRef.group = 'Policy.Linkerd.IO';
    expectSingle(ap, 'pattern', 'spec.targetRef.group');
  });

  test('minLength', () => {
    const ap = fx.linkerdAuthorizationPolicy();
    ap.spec.targetRef.name = '';
    expectSingle(ap, 'minLength', 'spec.targetRef.name');
  });

  test('maximum: Gateway listener port above 65535', () => {
    const g = fx.gateway();
    g.spec.listeners[0].port = 70000;
    expectSingle(g, 'maximum', 'spec.listeners[0].port', /65535/);
  });

  test('port range checked in Go for NetworkPolicy and container ports', () => {
    const np = fx.networkPolicy();
    np.spec.ingress[0].ports[0].port = 70000;
    expectSingle(np, 'maximum', 'spec.ingress[0].ports[0].port');
    const d = fx.deployment();
    d.spec.template.spec.containers[0].ports[0].containerPort = 0;
    expectSingle(d, 'minimum', 'spec.template.spec.containers[0].ports[0].containerPort');
  });

  test('minItems: MeshTLSAuthentication identities', () => {
    const m = fx.meshTlsAuthentication();
    m.spec.identities = [];
    expectFinding(m, 'minItems', 'spec.identities');
  });

  test('duplicate entries in an x-kubernetes-list-type=map list', () => {
    const g = fx.gateway();
    g.spec.listeners.push({ name: 'mesh', port: 15009, protocol: 'HBONE' });
    expectFinding(g, 'list-type', 'spec.listeners[1]', /name="mesh"/);
    const d = fx.deployment();
    d.spec.template.spec.containers[0].ports.push({ containerPort: 8080 }); // protocol defaults to TCP
    expectFinding(d, 'list-type', 'spec.template.spec.containers[0].ports[2]');
  });
});

describe('API versions and kinds', () => {
  test('ExternalSecret external-secrets.io/v1beta1 is not served', () => {
    const es = fx.externalSecret();
    es.apiVersion = 'external-secrets.io/v1beta1';
    expectSingle(es, 'not-served', 'apiVersion', /not served.*use external-secrets\.io\/v1/);
    expect(validator.knowsKind('external-secrets.io/v1beta1', 'ExternalSecret')).toBe(false);
  });

  test('an unknown kind is a finding', () => {
    expectSingle({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, 'unknown-kind', 'kind');
  });

  test('an unknown version of a known kind is a finding that names the known versions', () => {
    const ap = fx.linkerdAuthorizationPolicy();
    ap.apiVersion = 'policy.linkerd.io/v1beta3';
    expectSingle(ap, 'unknown-kind', 'kind', /use policy\.linkerd\.io\/v1alpha1/);
    const np = fx.networkPolicy();
    np.apiVersion = 'extensions/v1beta1';
    expectSingle(np, 'unknown-kind', 'kind', /networking\.k8s\.io\/v1/);
  });

  test('knowsKind', () => {
    expect(validator.knowsKind('networking.k8s.io/v1', 'NetworkPolicy')).toBe(true);
    expect(validator.knowsKind('v1', 'Namespace')).toBe(true);
    expect(validator.knowsKind('security.istio.io/v1', 'PeerAuthentication')).toBe(true);
    expect(validator.knowsKind('gateway.networking.k8s.io/v1', 'HTTPRoute')).toBe(true);
    expect(validator.knowsKind('spire.spiffe.io/v1alpha1', 'ClusterSPIFFEID')).toBe(true);
    expect(validator.knowsKind('v1', 'DeleteOptions')).toBe(false);
    expect(validator.knowsKind('example.com/v1', 'Widget')).toBe(false);
  });
});

describe('metadata', () => {
  test('metadata.name is required', () => {
    const sa = fx.serviceAccount();
    delete sa.metadata.name;
    expectSingle(sa, 'metadata', 'metadata.name', /required/);
  });

  test('invalid object name (DNS-1123 subdomain)', () => {
    const sa = fx.serviceAccount();
    sa.metadata.name = 'Web_App';
    expectSingle(sa, 'metadata', 'metadata.name', /DNS-1123 subdomain/);
  });

  test('Namespace names are DNS-1123 labels; Service names DNS-1035 labels', () => {
    const ns = fx.namespace();
    ns.metadata.name = 'shop.prod';
    expectSingle(ns, 'metadata', 'metadata.name', /DNS-1123 label/);
    const svc = fx.service();
    svc.metadata.name = '1web';
    expectSingle(svc, 'metadata', 'metadata.name', /DNS-1035/);
  });

  test('custom resource names are DNS-1123 subdomains, max 253', () => {
    const pa = fx.peerAuthentication();
    pa.metadata.name = 'a'.repeat(254);
    expectSingle(pa, 'metadata', 'metadata.name', /253/);
  });

  test('invalid namespace', () => {
    const np = fx.networkPolicy();
    np.metadata.namespace = 'Shop';
    expectSingle(np, 'metadata', 'metadata.namespace');
  });

  test('invalid label value and key', () => {
    const np = fx.networkPolicy();
    np.metadata.labels.team = 'not valid!';
    expectSingle(np, 'metadata', 'metadata.labels.team', /label value/);
    const ns = fx.namespace();
    ns.metadata.labels['-bad/key'] = 'x';
    expectSingle(ns, 'metadata', "metadata.labels['-bad/key']", /prefix part/);
    const long = fx.namespace();
    long.metadata.labels.x = 'v'.repeat(64);
    expectSingle(long, 'metadata', 'metadata.labels.x', /63/);
  });

  test('pod template labels and selector labels are checked too', () => {
    const d = fx.deployment();
    d.spec.template.metadata.labels.version = 'v1.0+build';
    expectSingle(d, 'metadata', 'spec.template.metadata.labels.version');
  });

  test('annotation keys and total size', () => {
    const sa = fx.serviceAccount();
    sa.metadata.annotations['example.com/a/b'] = 'x';
    expectSingle(sa, 'metadata', "metadata.annotations['example.com/a/b']");
    const big = fx.serviceAccount();
    big.metadata.annotations['example.com/big'] = 'x'.repeat(256 * 1024);
    expectSingle(big, 'metadata', 'metadata.annotations', /256KiB/);
  });
});

describe('CEL x-kubernetes-validations rules', () => {
  test('Istio PeerAuthentication: portLevelMtls requires selector', () => {
    const pa = fx.peerAuthentication();
    delete pa.spec.selector;
    expectSingle(pa, 'cel', 'spec', /^portLevelMtls requires selector$/);
  });

  test('Istio PeerAuthentication: portLevelMtls keys must be ports (CEL int() error)', () => {
    const pa = fx.peerAuthentication();
    pa.spec.portLevelMtls = { 0: { mode: 'DISABLE' } };
    expectSingle(pa, 'cel', 'spec.portLevelMtls', /port must be between 1-65535/);
    pa.spec.portLevelMtls = { http: { mode: 'DISABLE' } };
    expectSingle(pa, 'cel', 'spec.portLevelMtls', /evaluation error: .*\bhttp\b/);
  });

  test('Istio AuthorizationPolicy: only one of targetRefs or selector', () => {
    const ap = fx.istioAuthorizationPolicy();
    ap.spec.targetRefs = [{ group: '', kind: 'Service', name: 'web' }];
    expectSingle(ap, 'cel', 'spec', /only one of targetRefs or selector can be set/);
  });

  test('Istio AuthorizationPolicy: serviceAccounts excludes principals', () => {
    const ap = fx.istioAuthorizationPolicy();
    ap.spec.rules[0].from[0].source.serviceAccounts = ['gateway/gw'];
    expectSingle(ap, 'cel', 'spec.rules[0].from[0].source', /Cannot set serviceAccounts with namespaces or principals/);
  });

  test('Gateway API: listener names must be unique; TLS must not be set for HTTP', () => {
    const g = fx.gateway();
    g.spec.listeners.push({ name: 'mesh', port: 80, protocol: 'HTTP', tls: { mode: 'Terminate', certificateRefs: [{ name: 'c' }] } });
    const found = findingsOf(g);
    expect(found).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'cel', path: 'spec.listeners', message: 'Listener name must be unique within the Gateway' }),
      expect.objectContaining({ rule: 'cel', path: 'spec.listeners', message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']" }),
    ]));
  });

  test('Gateway API: defaults are applied before CEL (tls.mode defaults to Terminate)', () => {
    const g = fx.gateway();
    g.spec.listeners = [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: {} }];
    expectSingle(g, 'cel', 'spec.listeners[0].tls', /certificateRefs or options must be specified when mode is Terminate/);
    g.spec.listeners[0].tls = { certificateRefs: [{ name: 'shop-cert' }] };
    expect(findingsOf(g)).toEqual([]);
  });

  test('Cilium: spec or specs must be provided', () => {
    const c = fx.ciliumNetworkPolicy();
    delete c.spec;
    expectSingle(c, 'cel', '', /spec or specs must be provided/);
  });

  test('CEL rules are skipped when the object has type errors (as the API server does)', () => {
    const pa = fx.peerAuthentication();
    delete pa.spec.selector;
    pa.spec.mtls.mode = 1;
    expect(findingsOf(pa).map(f => f.rule)).toEqual(['type']);
  });

  test('every rule in the bundled CRDs is evaluated (none unsupported)', () => {
    expect(validator.unsupportedCelRules()).toBe(0);
  });
});

describe('checks the API server does in Go for built-in kinds', () => {
  test('Deployment selector must match the template labels', () => {
    const d = fx.deployment();
    d.spec.selector.matchLabels.app = 'api';
    expectSingle(d, 'go-validation', 'spec.template.metadata.labels', /does not match/);
  });

  test('Job restartPolicy must be OnFailure or Never (the default Always is rejected)', () => {
    const j = fx.job();
    delete j.spec.template.spec.restartPolicy;
    expectSingle(j, 'enum', 'spec.template.spec.restartPolicy', /"OnFailure", "Never"/);
  });

  test('a Service with several ports needs port names', () => {
    const s = fx.service();
    delete s.spec.ports[1].name;
    expectSingle(s, 'required', 'spec.ports[1].name');
  });

  test('named target ports must be IANA service names', () => {
    const s = fx.service();
    s.spec.ports[0].targetPort = 'http_port';
    expectSingle(s, 'go-validation', 'spec.ports[0].targetPort', /IANA/);
  });

  test('resource requests may not exceed limits', () => {
    const d = fx.deployment();
    d.spec.template.spec.containers[0].resources.requests.memory = '512Mi';
    expectSingle(d, 'go-validation', 'spec.template.spec.containers[0].resources.requests.memory', /limit of 256Mi/);
  });

  test('a probe needs exactly one handler', () => {
    const d = fx.deployment();
    d.spec.template.spec.containers[0].livenessProbe.httpGet = { path: '/', port: 8080 };
    expectSingle(d, 'go-validation', 'spec.template.spec.containers[0].livenessProbe', /more than one probe handler/);
  });

  test('volume mounts must reference a volume', () => {
    const d = fx.deployment();
    d.spec.template.spec.containers[0].volumeMounts[0].name = 'cache';
    expectSingle(d, 'go-validation', 'spec.template.spec.containers[0].volumeMounts[0].name', /not found/);
  });

  test('NetworkPolicy: ipBlock except must be inside cidr; a peer must not be empty', () => {
    const np = fx.networkPolicy();
    np.spec.egress[0].to[0].ipBlock.except = ['192.168.0.0/16'];
    expectSingle(np, 'go-validation', 'spec.egress[0].to[0].ipBlock.except[0]', /strict subset/);
    const np2 = fx.networkPolicy();
    np2.spec.ingress[0].from.push({});
    expectSingle(np2, 'required', 'spec.ingress[0].from[2]', /must specify a peer/);
    const np3 = fx.networkPolicy();
    np3.spec.egress[0].ports[0].endPort = 5000;
    expectSingle(np3, 'minimum', 'spec.egress[0].ports[0].endPort');
  });

  test('RBAC: roleRef apiGroup and rule verbs', () => {
    const rb = fx.roleBinding();
    rb.roleRef.apiGroup = 'rbac';
    expectSingle(rb, 'enum', 'roleRef.apiGroup');
    const r = fx.role();
    r.rules[0].verbs = [];
    expectSingle(r, 'required', 'rules[0].verbs');
  });

  test('Secret of type kubernetes.io/tls needs tls.crt and tls.key', () => {
    const s = fx.secret();
    s.type = 'kubernetes.io/tls';
    const found = findingsOf(s);
    expect(found.map(f => f.path)).toEqual(["data['tls.crt']", "data['tls.key']"]);
    const bad = fx.configMap();
    bad.data['../etc'] = 'x';
    expectSingle(bad, 'go-validation', "data['../etc']", /must consist of/);
  });
});

describe('Go-coded checks are wired to existing definitions', () => {
  const definitions = JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/kubernetes/swagger-v1.28.json'), 'utf8')).definitions;

  test('every enum names an existing definition property', () => {
    const missing = Object.entries(NATIVE_ENUMS).flatMap(([def, props]) =>
      Object.keys(props).filter(p => !definitions[def]?.properties?.[p]).map(p => `${def}.${p}`));
    expect(missing).toEqual([]);
  });

  test('every check names an existing definition or kind', () => {
    expect(Object.keys(NATIVE_CHECKS).filter(def => !definitions[def])).toEqual([]);
    expect(Object.keys(KIND_CHECKS).filter(k => {
      const [group, kind] = k.split('/');
      return !['v1', 'v1beta1'].some(v => validator.knowsKind(group ? `${group}/${v}` : v, kind));
    })).toEqual([]);
  });
});

describe('robustness', () => {
  function paths(v: any, prefix: Array<string | number> = []): Array<Array<string | number>> {
    if (v === null || typeof v !== 'object') return [prefix];
    const keys: Array<string | number> = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    return [prefix, ...keys.flatMap(k => paths(v[k], [...prefix, k]))];
  }

  test('no crash when any field of a valid manifest has any other type', () => {
    const replacements = [null, 0, -1.5, '', 'x', true, [], [1, 'a'], {}, { a: { b: 1 } }];
    let runs = 0;
    for (const original of fx.allValid()) {
      for (const p of paths(original)) {
        if (p.length === 0) continue;
        for (const r of replacements) {
          const o = JSON.parse(JSON.stringify(original));
          let parent = o;
          for (const k of p.slice(0, -1)) parent = parent[k];
          parent[p[p.length - 1]] = r;
          expect(() => validator.validate([o])).not.toThrow();
          runs++;
        }
      }
    }
    expect(runs).toBeGreaterThan(3000);
  });
});

describe('generic structural-schema features (custom CRD)', () => {
  const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.test.example.com
spec:
  group: test.example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
  - name: v0
    served: false
    storage: false
    schema: { openAPIV3Schema: { type: object } }
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-validations:
        - rule: "self.metadata.name.startsWith('w-')"
          messageExpression: "'name must start with w-, got ' + self.metadata.name"
        properties:
          spec:
            type: object
            required: [size]
            x-kubernetes-validations:
            - rule: self.size <= self.max
              message: size must not exceed max
              fieldPath: .size
            - rule: self.mode == 'fast' || !has(self.turbo)
              message: turbo needs fast mode
            - rule: quantity(self.q).isGreaterThan(quantity('1'))
              message: unsupported by this evaluator
            - rule: self.size >= oldSelf.size
              message: transition rule
            - rule: "!has(self.q) || self.q.matches('^a(?i)b$')"
              message: regex with an inline flag (RE2 syntax)
            properties:
              size: { type: integer, minimum: 1 }
              max: { type: integer, default: 10 }
              mode: { type: string, enum: [fast, slow], default: slow }
              turbo: { type: boolean }
              q: { type: string }
              tags: { type: array, items: { type: string }, x-kubernetes-list-type: set, maxItems: 3 }
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [port, protocol]
                items:
                  type: object
                  required: [port]
                  properties:
                    port: { type: integer }
                    protocol: { type: string, default: TCP }
              labels: { type: object, additionalProperties: { type: string }, maxProperties: 2 }
              target:
                x-kubernetes-int-or-string: true
                anyOf: [{ type: integer, minimum: 1 }, { type: string, pattern: '^[a-z]+$' }]
              note: { type: string, nullable: true }
              raw: { type: object, x-kubernetes-preserve-unknown-fields: true }
              empty: { type: object }
              cidr: { type: string, format: cidr }
              anchored: { type: string, pattern: '(?m)\\Ab' }
              dotted: { type: string, pattern: '^a.b$' }
              choice:
                type: object
                properties: { a: { type: string }, b: { type: string } }
                oneOf: [{ required: [a] }, { required: [b] }]
`;
  let dir: string;
  let custom: SchemaValidator;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
    fs.mkdirSync(path.join(dir, 'kubernetes'));
    fs.copyFileSync(path.join(__dirname, '../../schemas/kubernetes/swagger-v1.28.json'), path.join(dir, 'kubernetes/swagger-v1.28.json'));
    fs.mkdirSync(path.join(dir, 'test'));
    fs.writeFileSync(path.join(dir, 'test/widgets.yaml'), `---\n${crd}\n---\n`);
    custom = new SchemaValidator({ schemaDir: dir });
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function widget(spec: any, name = 'w-one'): any {
    return { apiVersion: 'test.example.com/v1', kind: 'Widget', metadata: { name, namespace: 'a' }, spec: { size: 2, ...spec } };
  }

  function only(obj: any): string[] {
    return custom.validate([obj]).map(f => `${f.rule} ${f.path}: ${f.message}`);
  }

  test('a valid object passes (defaults, nullable, preserve-unknown-fields, int-or-string)', () => {
    expect(only(widget({ note: null, raw: { anything: [1, { x: 2 }] }, target: 5, tags: ['a', 'b'], ports: [{ port: 80 }, { port: 80, protocol: 'UDP' }], choice: { a: 'x' } }))).toEqual([]);
    expect(only(widget({ target: 'abc' }))).toEqual([]);
  });

  test('fieldPath, message and messageExpression', () => {
    expect(only(widget({ size: 20 }))).toEqual(['cel spec.size: size must not exceed max']);
    expect(only(widget({}, 'x-one'))).toEqual(['cel : name must start with w-, got x-one']);
  });

  test('CEL sees defaulted values (mode defaults to slow)', () => {
    expect(only(widget({ turbo: true }))).toEqual(['cel spec: turbo needs fast mode']);
    expect(only(widget({ turbo: true, mode: 'fast' }))).toEqual([]);
  });

  test('unsupported rules are counted and skipped; transition rules are not counted', () => {
    expect(custom.unsupportedCelRules()).toBe(1); // quantity() does not compile
    // RE2 inline flags mid-pattern (https://github.com/google/re2/wiki/Syntax: "(?flags:re)"/"(?flags)")
    // are evaluated by the RE2 engine, not skipped as they were by the old JS translation
    expect(only(widget({ q: 'aB' }))).toEqual([]);
    expect(only(widget({ q: '5' }))).toEqual(['cel spec: regex with an inline flag (RE2 syntax)']);
    expect(custom.unsupportedCelRules()).toBe(1);
  });

  test('list-type set and map (with defaulted keys), maxItems, maxProperties', () => {
    expect(only(widget({ tags: ['a', 'a'] }))).toEqual(['list-type spec.tags[1]: duplicate value "a" (x-kubernetes-list-type: set)']);
    expect(only(widget({ ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] }))[0]).toMatch(/^list-type spec.ports\[1\]/);
    expect(only(widget({ tags: ['a', 'b', 'c', 'd'] }))).toEqual(['maxItems spec.tags: must have at most 3 items (has 4)']);
    expect(only(widget({ labels: { a: '1', b: '2', c: '3' } }))[0]).toMatch(/^maxProperties spec.labels/);
  });

  test('anyOf, oneOf, format, enum, minimum, unknown fields in an empty object', () => {
    expect(only(widget({ target: 'ABC' }))[0]).toMatch(/^anyOf spec.target/);
    expect(only(widget({ target: 0 }))[0]).toMatch(/^anyOf spec.target/);
    expect(only(widget({ choice: {} }))[0]).toMatch(/^oneOf spec.choice/);
    expect(only(widget({ choice: { a: 'x', b: 'y' } }))[0]).toMatch(/^oneOf spec.choice/);
    expect(only(widget({ cidr: '10.0.0.0/33' }))[0]).toMatch(/^format spec.cidr/);
    expect(only(widget({ mode: 'medium' }))[0]).toMatch(/^enum spec.mode/);
    expect(only(widget({ size: 0 }))[0]).toMatch(/^minimum spec.size/);
    expect(only(widget({ empty: { x: 1 } }))).toEqual(['unknown-field spec.empty.x: unknown field "x"']);
    expect(only(widget({ note: 5 }))[0]).toMatch(/^type spec.note/);
  });

  // Go regexp (RE2) semantics, https://github.com/google/re2/wiki/Syntax: "\A beginning of text
  // (even with multi-line mode)"; "." is "any character, possibly including newline (s=true)", i.e.
  // everything but \n, so also \r (JavaScript's "." excludes \r, \u2028, \u2029).
  test('pattern: \\A anchors at the start of text even in (?m) mode; . matches \\r', () => {
    expect(only(widget({ anchored: 'b' }))).toEqual([]);
    expect(only(widget({ anchored: 'a\nb' }))[0]).toMatch(/^pattern spec.anchored/); // the old translator turned \A into ^
    expect(only(widget({ dotted: 'a\rb' }))).toEqual([]); // the old translator kept JavaScript's .
    expect(only(widget({ dotted: 'a\nb' }))[0]).toMatch(/^pattern spec.dotted/);
  });

  test('served: false', () => {
    const w = widget({});
    w.apiVersion = 'test.example.com/v0';
    expect(only(w)).toEqual([expect.stringMatching(/^not-served apiVersion: .*use test\.example\.com\/v1$/)]);
  });
});

describe('reporting', () => {
  test('validateOrThrow lists every finding, one per line', () => {
    const np = fx.networkPolicy();
    np.spec.policyTypes = ['Both'];
    const sa = fx.serviceAccount();
    sa.metadata.name = 'Bad';
    const ns = fx.namespace();
    ns.metadata.labels.x = '!';
    expect(() => validator.validateOrThrow([np, sa, ns])).toThrow(
      '3 schema validation finding(s):\n'
      + 'NetworkPolicy/shop/web-ingress: spec.policyTypes[0]: unsupported value "Both": supported values: "Ingress", "Egress"\n'
      + 'ServiceAccount/shop/Bad: metadata.name: name "Bad" must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit\n'
      + 'Namespace/shop: metadata.labels.x: label value "!": must be empty or consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character',
    );
    expect(() => validator.validateOrThrow(fx.allValid())).not.toThrow();
  });

  test('findings carry the object identity', () => {
    const np = fx.networkPolicy();
    delete np.spec.podSelector;
    expect(findingsOf(np)).toEqual([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      name: 'web-ingress',
      namespaceName: 'shop',
      path: 'spec.podSelector',
      rule: 'required',
      message: 'required field "podSelector" is missing',
    }]);
  });

  test('expectValidManifests passes valid manifests and lists all findings otherwise', () => {
    expect(() => expectValidManifests(fx.allValid())).not.toThrow();
    const pa = fx.peerAuthentication();
    pa.spec.mtls.mode = 'STRICTER';
    expect(() => expectValidManifests([pa, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]))
      .toThrow(/2 problem\(s\):\n {2}PeerAuthentication\/shop\/web: spec\.mtls\.mode: .*\[enum\]\n {2}Widget\/w: kind: no schema known.*\[unknown-kind\]/);
  });

  test('SchemaValidator.bundled() is a shared instance', () => {
    expect(SchemaValidator.bundled()).toBe(validator);
  });
});

describe('batches', () => {
  // Speed is measured by `npm run bench`, not by timed tests; this checks a large mixed batch stays clean.
  test('a batch of 5,000 typical objects has no findings', () => {
    const batch: any[] = [];
    while (batch.length < 5000) batch.push(...fx.allValid());
    batch.length = 5000;
    expect(validator.validate(batch)).toEqual([]);
  });
});
