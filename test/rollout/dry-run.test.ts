import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { build as buildCilium } from '../../examples/payments-cilium';
import { build as buildCiliumDryRun } from '../../examples/payments-cilium-dry-run';
import { build as buildIstio } from '../../examples/payments-istio-sidecar';
import { build as buildIstioDryRun } from '../../examples/payments-istio-sidecar-dry-run';
import { build as buildLinkerd } from '../../examples/payments-linkerd';
import { build as buildLinkerdDryRun } from '../../examples/payments-linkerd-dry-run';
import { Audit, DifferenceKind, Equivalence, OutsidePeer, Reachability } from '../../src/audit';
import { AllowRoute } from '../../src/constructs/allow-route';
import { MeshService } from '../../src/constructs/mesh-service';
import { ZeroTrustNamespace } from '../../src/constructs/zero-trust-namespace';
import { Exception } from '../../src/model/exception';
import { HttpMatch, HttpMethod } from '../../src/model/http-match';
import { Peer } from '../../src/model/peer';
import { Port } from '../../src/model/port';
import { ClusterProfile, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Enforcement } from '../../src/profile/enforcement';
import { Mesh } from '../../src/profile/mesh';
import { expectValidManifests } from '../util/expect-valid';
import { validationErrors } from '../util/synth';

const EXCEPTION = Exception.of({ reason: 'first rollout of zero trust: watch would-be denials (PLAT-120)', expires: '2026-12-15' });

function synth(build: (app: App) => void): { app: App; objects: any[] } {
  const app = new App();
  build(app);
  const errors = validationErrors(app);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return { app, objects: app.charts.flatMap(c => c.toJson()) };
}

const key = (o: any) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
const byKey = (objs: any[]) => new Map(objs.map(o => [key(o), o]));
const clone = (o: any) => JSON.parse(JSON.stringify(o));

/** Every key of the Namespace's annotations that the dry run adds (enforcement, exception, per-engine notes). */
function withoutDryRunNamespaceAnnotations(ns: any): any {
  const out = clone(ns);
  for (const k of Object.keys(out.metadata.annotations ?? {})) {
    if (k === 'zero-trust.cdk8s.io/enforcement' || k.startsWith('zero-trust.cdk8s.io/dry-run.') || k.startsWith('zero-trust.cdk8s.io/exception.dry-run')) {
      delete out.metadata.annotations[k];
    }
  }
  if (out.metadata.annotations && Object.keys(out.metadata.annotations).length === 0) delete out.metadata.annotations;
  return out;
}

describe('DRY_RUN renders each engine\'s own mechanism (exact objects, derived from the enforced output)', () => {
  // Istio: https://istio.io/latest/docs/tasks/security/authorization/authz-dry-run/ — the annotation
  // `istio.io/dry-run: "true"` turns a policy into shadow rules (istio/istio pilot/pkg/security/authz/builder/builder.go
  // `isDryRun`). Every AuthorizationPolicy of the namespace carries it: one enforced ALLOW policy denies whatever it does
  // not match (https://istio.io/latest/docs/reference/config/security/authorization-policy/). Sidecar egress: ALLOW_ANY
  // sends unknown hosts to PassthroughCluster instead of refusing them
  // (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/). PeerAuthentication stays STRICT.
  // NetworkPolicy: every policy isolates the pods it selects
  // (https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation): withheld.
  test('Istio sidecar: the enforced objects, with istio.io/dry-run on every AuthorizationPolicy, Sidecar ALLOW_ANY, no NetworkPolicy', () => {
    const enforced = synth(buildIstio).objects;
    const dry = synth(buildIstioDryRun).objects;
    expectValidManifests(dry);
    const expected = enforced.filter(o => o.kind !== 'NetworkPolicy').map(o => {
      const e = clone(o);
      if (o.kind === 'AuthorizationPolicy') e.metadata.annotations = { ...(e.metadata.annotations ?? {}), 'istio.io/dry-run': 'true' };
      if (o.kind === 'Sidecar') e.spec.outboundTrafficPolicy = { mode: 'ALLOW_ANY' };
      return e;
    });
    const actual = dry.map(o => o.kind === 'Namespace' ? withoutDryRunNamespaceAnnotations(o) : o);
    expect(byKey(actual)).toEqual(byKey(expected));
    expect(dry.filter(o => o.kind === 'AuthorizationPolicy').map(o => o.metadata.name).sort())
      .toEqual(['allow-checkout-service-to-payment-processor', 'allow-monitoring', 'allow-nothing']);
    expect(dry.filter(o => o.kind === 'PeerAuthentication').map(o => o.spec.mtls.mode)).toEqual(['STRICT']);
    expect(enforced.filter(o => o.kind === 'NetworkPolicy').length).toBeGreaterThan(0);
  });

  // Linkerd 2.16+: `config.linkerd.io/default-inbound-policy: audit` and Server `accessPolicy: audit`
  // (https://linkerd.io/2/reference/authorization-policy/ "audit: Same as all-unauthenticated but requests get flagged in
  // logs and metrics"; linkerd/linkerd2 policy-controller/k8s/index/src/defaults.rs `DefaultPolicy::Audit`;
  // schemas/linkerd/server.yaml `accessPolicy`, default deny).
  test('Linkerd: the enforced objects, with the audit default inbound policy, accessPolicy audit on every Server, no NetworkPolicy', () => {
    const enforced = synth(buildLinkerd).objects;
    const dry = synth(buildLinkerdDryRun).objects;
    expectValidManifests(dry);
    const expected = enforced.filter(o => o.kind !== 'NetworkPolicy').map(o => {
      const e = clone(o);
      if (o.kind === 'Namespace') e.metadata.annotations['config.linkerd.io/default-inbound-policy'] = 'audit';
      if (o.kind === 'Server') e.spec = { accessPolicy: 'audit', ...e.spec };
      return e;
    });
    const actual = dry.map(o => o.kind === 'Namespace' ? withoutDryRunNamespaceAnnotations(o) : o);
    expect(byKey(actual)).toEqual(byKey(expected));
    expect(dry.filter(o => o.kind === 'Server').map(o => [o.metadata.name, o.spec.accessPolicy]).sort()).toEqual([
      ['checkout-service-http-8080', 'audit'], ['linkerd-admin', 'audit'], ['metrics-9090', 'audit'], ['payment-processor-http-8080', 'audit'],
    ]);
    expect(dry.find(o => o.kind === 'Namespace').metadata.annotations['config.linkerd.io/default-inbound-policy']).toBe('audit');
  });

  // Cilium: no per-policy dry run (Policy Audit Mode is agent- or endpoint-wide,
  // https://docs.cilium.io/en/stable/security/policy-creation/). Allow rules only: `enableDefaultDeny` false in both
  // directions (CRD description: "If multiple policies apply to an endpoint, that endpoint's default deny will be
  // enabled if any policy requests it"), the default-deny policy not rendered, L7 rules dropped (cilium/cilium#38676:
  // L7 rules with enableDefaultDeny false still denied other requests until cilium/cilium#38841).
  test('Cilium: the enforced policies minus default-deny, each with enableDefaultDeny false and no L7 rules', () => {
    const enforced = synth(buildCilium).objects;
    const dry = synth(buildCiliumDryRun).objects;
    expectValidManifests(dry);
    const expected = enforced.filter(o => !(o.kind === 'CiliumNetworkPolicy' && o.metadata.name === 'default-deny')).map(o => {
      if (o.kind !== 'CiliumNetworkPolicy') return o;
      const e = clone(o);
      e.spec.enableDefaultDeny = { egress: false, ingress: false };
      for (const dir of ['ingress', 'egress']) for (const r of e.spec[dir] ?? []) for (const tp of r.toPorts ?? []) delete tp.rules;
      return e;
    });
    const actual = dry.map(o => o.kind === 'Namespace' ? withoutDryRunNamespaceAnnotations(o) : o);
    expect(byKey(actual)).toEqual(byKey(expected));
    // The enforced output did have L7 rules and a default deny that the dry run drops.
    expect(enforced.some(o => o.kind === 'CiliumNetworkPolicy' && JSON.stringify(o.spec).includes('"http"'))).toBe(true);
    expect(enforced.some(o => o.kind === 'CiliumNetworkPolicy' && o.metadata.name === 'default-deny')).toBe(true);
  });

  test('the Namespace says what each engine withholds, and records the exception', () => {
    const ns = synth(buildCiliumDryRun).objects.find(o => o.kind === 'Namespace');
    expect(ns.metadata.annotations).toEqual(expect.objectContaining({
      'zero-trust.cdk8s.io/enforcement': 'dry-run',
      'zero-trust.cdk8s.io/exception.dry-run.expires': '2027-06-30',
      'zero-trust.cdk8s.io/dry-run.cilium': expect.stringContaining('no per-policy dry run'),
    }));
  });
});

describe('DRY_RUN denies nothing the enforced output allows (Reachability: dry-run ⊇ enforced ⊇ intent)', () => {
  const cases: Array<[string, (app: App) => void, (app: App) => void]> = [
    ['Istio sidecar', buildIstio, buildIstioDryRun],
    ['Linkerd', buildLinkerd, buildLinkerdDryRun],
    ['Cilium', buildCilium, buildCiliumDryRun],
  ];
  const outside = [OutsidePeer.world(), OutsidePeer.node(), OutsidePeer.unrelatedNamespace(), OutsidePeer.unrelatedNamespace({ meshed: false })];
  const requests = [{}, { method: 'POST', path: '/v1/payments' }, { method: 'GET', path: '/admin' }];

  for (const [name, enforcedApp, dryApp] of cases) {
    test(`${name}: every request the enforced output allows, the dry run allows; the dry run still allows the intent`, () => {
      const { app, objects: enforcedObjs } = synth(enforcedApp);
      const dryObjs = synth(dryApp).objects;
      const enforced = Reachability.fromManifests(enforcedObjs);
      const dry = Reachability.fromManifests(dryObjs);
      const ws = dry.workloads();
      expect(ws.length).toBe(2);
      let enforcedDenied = 0;
      let compared = 0;
      for (const to of ws) {
        const ports = [...new Set([...to.ports, 9090, 8080, 47823])];
        for (const port of ports) {
          for (const opts of requests) {
            for (const from of ws) {
              const e = enforced.canReach(from, to, port, opts);
              const d = dry.canReach(from, to, port, opts);
              compared++;
              if (!e.allowed) enforcedDenied++;
              // In-app (meshed) pairs: the dry run denies nothing at all.
              expect({ from: from.name, to: to.name, port, opts, dry: d.status, reasons: d.allowed ? [] : d.reasons })
                .toEqual({ from: from.name, to: to.name, port, opts, dry: 'ALLOWED', reasons: [] });
            }
            for (const peer of outside) {
              const e = enforced.canReachFromOutside(peer, to, port, opts);
              const d = dry.canReachFromOutside(peer, to, port, opts);
              compared++;
              if (e.allowed) expect({ peer: peer.toString(), to: to.name, port, dry: d.status }).toEqual({ peer: peer.toString(), to: to.name, port, dry: 'ALLOWED' });
              // The only thing a dry run still refuses: an unauthenticated client under Istio's STRICT mTLS.
              if (!d.allowed) expect(d.reasons.join('\n')).toMatch(/mTLS|PeerAuthentication/);
            }
          }
        }
      }
      expect(enforcedDenied).toBeGreaterThan(0); // the comparison covered requests the enforced output denies
      expect(compared).toBeGreaterThan(50);
      const intent = AllowRoute.intentsOf(app);
      expect(intent.length).toBe(1);
      const report = Equivalence.check(dryObjs, intent, { outside: false });
      expect(report.differences.filter(x => x.kind === DifferenceKind.MISSING || x.kind === DifferenceKind.UNRESOLVED)).toEqual([]);
      // ... and it is not equivalent: it allows more (that is the point).
      expect(report.differences.some(x => x.kind === DifferenceKind.EXTRA)).toBe(true);
    });
  }
});

/** Two namespaces with a route between them; `shop` and `pay` each ENFORCE or DRY_RUN. */
function twoNamespaces(profile: () => ClusterProfile, shop: Enforcement, pay: Enforcement): any[] {
  return synth(app => {
    const p = profile();
    const chart = new Chart(app, 'c');
    const ns = (name: string, e: Enforcement) => new ZeroTrustNamespace(chart, name, {
      name,
      profile: p,
      enforcement: e,
      dryRunException: e === Enforcement.DRY_RUN ? EXCEPTION : undefined,
      allowMonitoring: { ports: [Port.http(9090)] },
    });
    const svc = (scope: ZeroTrustNamespace, name: string) => new MeshService(scope, name, {
      name,
      ports: [Port.http(8080)],
      workload: new kplus.Deployment(chart, `${scope.name}-${name}`, {
        metadata: { namespace: scope.name },
        containers: [{ name: 'app', image: `registry.example.com/${name}:1.0.0`, portNumber: 8080 }],
      }),
    });
    const storefront = svc(ns('shop', shop), 'storefront');
    const api = svc(ns('pay', pay), 'payments-api');
    api.allowFrom(storefront, {
      ports: [Port.http(8080)],
      http: [HttpMatch.of({ methods: [HttpMethod.POST], path: '/v1/charge' })],
      acceptL4Only: p.mesh.kind === 'NONE' ? Exception.of({ reason: 'no mesh: label identity until PLAT-88', expires: '2027-06-30' }) : undefined,
    });
  }).objects;
}

describe('switching one namespace from DRY_RUN to ENFORCE changes only that namespace\'s objects', () => {
  const profiles: Array<[string, () => ClusterProfile]> = [
    ['Istio sidecar + NetworkPolicy', () => new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] })],
    ['Linkerd + NetworkPolicy', () => new ClusterProfile({ mesh: Mesh.linkerd(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] })],
    ['Cilium', () => new ClusterProfile({ mesh: Mesh.none(), networkPolicy: [NetworkPolicyEngine.CILIUM] })],
    ['Istio sidecar + Cilium + NetworkPolicy', () => new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.CILIUM, NetworkPolicyEngine.KUBERNETES] })],
  ];
  for (const [name, profile] of profiles) {
    for (const moved of ['shop', 'pay']) {
      test(`${name}: ${moved} DRY_RUN → ENFORCE`, () => {
        const before = twoNamespaces(profile, Enforcement.DRY_RUN, Enforcement.DRY_RUN);
        const after = twoNamespaces(profile, moved === 'shop' ? Enforcement.ENFORCE : Enforcement.DRY_RUN, moved === 'pay' ? Enforcement.ENFORCE : Enforcement.DRY_RUN);
        const nsOf = (o: any) => o.kind === 'Namespace' ? o.metadata.name : o.metadata?.namespace;
        const outsideMoved = (objs: any[]) => byKey(objs.filter(o => nsOf(o) !== moved));
        expect(outsideMoved(after)).toEqual(outsideMoved(before));
        expect(JSON.stringify(after.filter(o => nsOf(o) === moved))).not.toEqual(JSON.stringify(before.filter(o => nsOf(o) === moved)));
        // ... and equals that namespace in an all-enforced app.
        const all = twoNamespaces(profile, Enforcement.ENFORCE, Enforcement.ENFORCE);
        expect(byKey(after.filter(o => nsOf(o) === moved))).toEqual(byKey(all.filter(o => nsOf(o) === moved)));
      });
    }
  }
});

describe('a dry run is an exception with an expiry', () => {
  const errorsOf = (props: { profile?: any; enforcement?: Enforcement; dryRunException?: Exception; mesh?: Mesh }) => {
    const app = new App();
    const chart = new Chart(app, 'c');
    new ZeroTrustNamespace(chart, 'payments', {
      name: 'payments',
      profile: new ClusterProfile({ mesh: props.mesh ?? Mesh.istioSidecar(), ...(props.profile ?? {}) }),
      enforcement: props.enforcement,
      dryRunException: props.dryRunException,
    });
    return validationErrors(app).join('\n');
  };

  test('DRY_RUN without an exception fails synthesis with the path and the fix', () => {
    expect(errorsOf({ enforcement: Enforcement.DRY_RUN })).toMatch(/c\/payments.*enforcement DRY_RUN in namespace payments needs dryRunException: Exception\.of/s);
  });
  test('an expired dry-run exception fails synthesis', () => {
    expect(errorsOf({ enforcement: Enforcement.DRY_RUN, dryRunException: Exception.of({ reason: 'rollout of zero trust (PLAT-120)', expires: '2026-01-31' }) }))
      .toMatch(/dryRunException: the exception for the dry run of namespace payments expired on 2026-01-31/);
  });
  test('the profile\'s exception covers a namespace that chooses DRY_RUN; the profile in DRY_RUN needs one', () => {
    expect(errorsOf({ enforcement: Enforcement.DRY_RUN, profile: { dryRunException: EXCEPTION } })).toBe('');
    expect(errorsOf({ profile: { enforcement: Enforcement.DRY_RUN } })).toMatch(/cluster profile: enforcement DRY_RUN needs dryRunException/);
    expect(errorsOf({ profile: { enforcement: Enforcement.DRY_RUN, dryRunException: EXCEPTION } })).toBe('');
  });
  test('an enforcement that is not an Enforcement is reported (jsii languages pass strings)', () => {
    expect(errorsOf({ enforcement: 'AUDIT' as Enforcement })).toMatch(/enforcement "AUDIT" is not an Enforcement: use Enforcement.ENFORCE or Enforcement.DRY_RUN/);
    expect(errorsOf({ profile: { enforcement: 'AUDIT' } })).toMatch(/cluster profile: enforcement "AUDIT" is not an Enforcement/);
  });
  test('an exception on an enforced namespace is reported (a dry run that ended must not leave one behind)', () => {
    expect(errorsOf({ dryRunException: EXCEPTION })).toMatch(/dryRunException is given but namespace payments is enforced/);
  });
  // istio/istio pilot/pkg/serviceregistry/ambient/authorization.go: without AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY
  // istiod does not send dry-run policies to ztunnel; pilot/pkg/features: "Older ztunnel will accept dry-run policies,
  // but enforce them instead of only logging" (ztunnel 1.29+ only).
  test('Istio ambient refuses DRY_RUN and says why', () => {
    expect(errorsOf({ mesh: Mesh.istioAmbient(), enforcement: Enforcement.DRY_RUN, dryRunException: EXCEPTION }))
      .toMatch(/enforcement DRY_RUN is not supported with mesh ISTIO_AMBIENT: .*AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY.*older than 1\.29 enforces them/);
  });
});

describe('the audit reports a namespace left in dry run (ZT-NET-006)', () => {
  test('the dry-run examples audit clean while their exception holds', () => {
    for (const b of [buildIstioDryRun, buildLinkerdDryRun, buildCiliumDryRun]) {
      expect(Audit.of(synth(b).app).findings.map(f => f.ruleId)).toEqual([]);
    }
  });
  test('after the exception expires: ZT-NET-006 on the Namespace, and ZT-NET-001 (no default deny) comes back', () => {
    const { objects } = synth(buildLinkerdDryRun);
    const findings = Audit.ofManifests(objects, { now: new Date('2027-07-01T00:00:00Z') }).findings;
    expect(findings.map(f => [f.ruleId, `${f.kind}/${f.name}`, f.message])).toEqual([
      ['ZT-NET-001', 'Namespace/payments', 'namespace payments has no default-deny ingress and egress policy.'],
      ['ZT-NET-006', 'Namespace/payments', 'namespace payments is in dry run (annotation zero-trust.cdk8s.io/enforcement: dry-run; Linkerd default inbound policy "audit"; '
        + 'Server linkerd-admin has accessPolicy "audit"; Server metrics-9090 has accessPolicy "audit"; Server checkout-service-http-8080 has accessPolicy "audit"; '
        + 'Server payment-processor-http-8080 has accessPolicy "audit") and exception "dry-run" expired on 2027-06-30 (today is 2027-07-01): nothing in it is enforced.'],
      ['ZT-HYG-002', 'Namespace/payments', 'exception "dry-run" expired on 2027-06-30 (today is 2027-07-01).'],
    ]);

  });
  test('hand-written manifests: an Istio policy with istio.io/dry-run and no exception is reported', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-all', namespace: 'shop', annotations: { 'istio.io/dry-run': 'True' } }, spec: {} },
    ];
    const f = Audit.ofManifests(objects).findings.filter(x => x.ruleId === 'ZT-NET-006');
    expect(f.map(x => x.message)).toEqual(['namespace shop is in dry run (AuthorizationPolicy deny-all has istio.io/dry-run) and has no dry-run exception on its Namespace: nothing in it is enforced.']);
  });
});

describe('Reachability understands dry-run objects', () => {
  const base = (annotations?: Record<string, string>) => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image: 'a', ports: [{ containerPort: 8080 }] }] } } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'b' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'b', image: 'b', ports: [{ containerPort: 8080 }] }] } } } },
    { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: 'shop', annotations }, spec: {} },
  ];
  const verdict = (objs: any[]) => Reachability.fromManifests(objs).canReach({ namespaceName: 'shop', name: 'a' }, { namespaceName: 'shop', name: 'b' }, 8080).status;
  // Istio parses the annotation with Go's strconv.ParseBool (builder.go isDryRun): 1, t, T, TRUE, true, True.
  test.each([['true'], ['True'], ['1'], ['t']])('istio.io/dry-run: %s — the allow-nothing policy denies nothing', v => {
    expect(verdict(base({ 'istio.io/dry-run': v }))).toBe('ALLOWED');
  });
  test.each([['false'], ['yes']])('istio.io/dry-run: %s — enforced (ParseBool false or invalid)', v => {
    expect(verdict(base({ 'istio.io/dry-run': v }))).toBe('DENIED');
  });
  test('without the annotation: denied', () => {
    expect(verdict(base())).toBe('DENIED');
  });
});

describe('DRY_RUN: egress to a DNS name', () => {
  // A workload-selected Sidecar replaces the namespace one for its workload
  // (https://istio.io/latest/docs/reference/config/networking/sidecar/): its outbound policy must be ALLOW_ANY too, or the
  // workload would still be refused every host outside the registry. Cilium: the toFQDNs rule stays, its DNS L7 rule goes.
  const build = (e: Enforcement) => synth(app => {
    const chart = new Chart(app, 'c');
    const profile = new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.CILIUM] });
    const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile, enforcement: e, dryRunException: e === Enforcement.DRY_RUN ? EXCEPTION : undefined });
    const api = new MeshService(ns, 'api', {
      name: 'payments-api',
      ports: [Port.grpc(9000)],
      workload: new kplus.Deployment(chart, 'api', { metadata: { namespace: 'payments' }, containers: [{ name: 'api', image: 'registry.example.com/api:1.0.0', portNumber: 9000 }] }),
    });
    api.allowTo(Peer.fqdn('api.stripe.com'), { ports: [Port.tcp(443)] });
  }).objects;

  test('the workload Sidecar is ALLOW_ANY in a dry run, REGISTRY_ONLY when enforced; the ServiceEntry is the same', () => {
    const mode = (objs: any[]) => objs.filter(o => o.kind === 'Sidecar').map(o => [o.metadata.name, o.spec.outboundTrafficPolicy.mode]).sort();
    expect(mode(build(Enforcement.DRY_RUN))).toEqual([['default', 'ALLOW_ANY'], ['payments-api-egress', 'ALLOW_ANY']]);
    expect(mode(build(Enforcement.ENFORCE))).toEqual([['default', 'REGISTRY_ONLY'], ['payments-api-egress', 'REGISTRY_ONLY']]);
    const se = (objs: any[]) => objs.filter(o => o.kind === 'ServiceEntry');
    expect(se(build(Enforcement.DRY_RUN))).toEqual(se(build(Enforcement.ENFORCE)));
  });

  test('the Cilium egress policy keeps toFQDNs and drops the DNS rule, without default deny', () => {
    const routeEgress = (objs: any[]) => objs.filter(o => o.kind === 'CiliumNetworkPolicy' && JSON.stringify(o.spec).includes('toFQDNs'));
    expect(routeEgress(build(Enforcement.ENFORCE)).map(o => JSON.stringify(o.spec.egress).includes('"dns"'))).toEqual([true]);
    const [egress] = routeEgress(build(Enforcement.DRY_RUN));
    expect(egress.spec.enableDefaultDeny).toEqual({ egress: false, ingress: false });
    expect(JSON.stringify(egress.spec.egress)).toContain('"toFQDNs":[{"matchName":"api.stripe.com"}]');
    expect(JSON.stringify(egress.spec.egress)).not.toContain('"dns"');
  });
});
