import { ApiObject, Chart, Cron, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MeshService } from '../../src/constructs/mesh-service';
import { ProjectedServiceAccountToken } from '../../src/constructs/projected-token';
import { VaultInjectedSecret } from '../../src/constructs/vault-injected-secret';
import { ZeroTrustNamespace, ZeroTrustNamespaceProps } from '../../src/constructs/zero-trust-namespace';
import { Exception } from '../../src/model/exception';
import { Port } from '../../src/model/port';
import { PodSecurityLevel } from '../../src/pod-security/level';
import { ClusterProfile, NetworkPolicyEngine } from '../../src/profile/cluster-profile';
import { Mesh } from '../../src/profile/mesh';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

// Expected fields: Pod Security Standards, restricted profile
// (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted): seccompProfile.type
// RuntimeDefault or Localhost on the pod (or every container), capabilities.drop including ALL,
// allowPrivilegeEscalation false, runAsNonRoot true; baseline forbids privileged, host namespaces, hostPath
// volumes and capabilities beyond its list (SYS_ADMIN is not on it).

const exception = () => Exception.of({ reason: 'node log shipper reads /var/log from the host (OPS-12)', expires: '2027-03-31' });

function service(
  containers: kplus.ContainerProps[], deploymentProps: Partial<kplus.DeploymentProps> = {}, nsProps: Partial<ZeroTrustNamespaceProps> = {},
  after?: (d: kplus.Deployment) => void,
) {
  return (chart: Chart) => {
    const profile = new ClusterProfile({ trustDomain: 'prod.example.com', mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });
    const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile, ...nsProps });
    const d = new kplus.Deployment(chart, 'deploy', { containers, ...deploymentProps });
    new MeshService(ns, 'processor', { name: 'payment-processor', ports: [Port.http(8080)], workload: d });
    after?.(d);
  };
}
const app = (extra: Partial<kplus.ContainerProps> = {}): kplus.ContainerProps => ({ name: 'app', image: 'registry.example.com/app:1.0.0', portNumber: 8080, ...extra });
const podOf = (objs: any[]) => find(objs, 'Deployment')[0].spec.template.spec;

describe('MeshService hardens the bound workload for Pod Security "restricted"', () => {
  test('a cdk8s-plus Deployment with defaults gets every restricted field (init container added after binding too)', () => {
    const objs = synthChart(service([app()], {}, {}, d => d.addInitContainer({ name: 'migrate', image: 'registry.example.com/migrate:1.0.0' })));
    expectValidManifests(objs);
    const pod = podOf(objs);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['migrate']);
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, privileged: false, capabilities: { drop: ['ALL'] } });
    }
    expect(one(objs, 'Namespace', 'payments').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('explicit values that restricted allows are kept as they are', () => {
    const objs = synthChart(service([app({
      securityContext: {
        user: 10001,
        capabilities: { add: [kplus.Capability.NET_BIND_SERVICE] },
        seccompProfile: { type: kplus.SeccompProfileType.LOCALHOST, localhostProfile: 'profiles/app.json' },
      },
    })]));
    const c = podOf(objs).containers[0];
    expect(c.securityContext.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    expect(c.securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/app.json' });
    expect(c.securityContext.runAsUser).toBe(10001);
  });

  const forbidden: Array<[string, () => (chart: Chart) => void, RegExp]> = [
    ['privileged', () => service([app({ securityContext: { privileged: true, allowPrivilegeEscalation: true } })]),
      /privileged \(privileged\): container "app" must not set securityContext.privileged=true; fix: Remove securityContext.privileged/],
    ['hostPath volume', () => service([app()], { volumes: [kplus.Volume.fromHostPath(undefined as any, 'host', 'host-logs', { path: '/var/log' })] }),
      /restrictedVolumes \(restricted volume types\): volume "host-logs" uses restricted volume type "hostPath"/],
    ['added SYS_ADMIN', () => service([app({ securityContext: { capabilities: { add: [kplus.Capability.SYS_ADMIN] } } })]),
      /capabilities_restricted \(unrestricted capabilities\): container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add; fix: Set securityContext.capabilities.drop: \["ALL"\]/],
    ['runAsUser 0', () => service([app({ securityContext: { user: 0 } })]),
      /runAsUser \(runAsUser=0\): container "app" must not set runAsUser=0/],
    ['runAsNonRoot false', () => service([app({ securityContext: { ensureNonRoot: false } })]),
      /runAsNonRoot \(runAsNonRoot != true\): container "app" must not set securityContext.runAsNonRoot=false/],
    ['hostNetwork', () => service([app()], { hostNetwork: true }), /hostNamespaces \(host namespaces\): hostNetwork=true/],
    ['allowPrivilegeEscalation true', () => service([app({ securityContext: { allowPrivilegeEscalation: true } })]),
      /allowPrivilegeEscalation \(allowPrivilegeEscalation != false\): container "app" must set securityContext.allowPrivilegeEscalation=false/],
    ['seccomp Unconfined', () => service([app({ securityContext: { seccompProfile: { type: kplus.SeccompProfileType.UNCONFINED } } })]),
      /seccompProfile_restricted/],
    ['a user JSON patch after binding (pod seccomp Unconfined)', () => service([app()], {}, {}, d => {
      ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/spec/securityContext/seccompProfile', { type: 'Unconfined' }));
    }), /seccompProfile_restricted \(seccompProfile\): pod must not set securityContext.seccompProfile.type to "Unconfined"/],
  ];
  for (const [title, build, pattern] of forbidden) {
    test(`fails synthesis on an explicit value restricted forbids: ${title}`, () => {
      const errors = synthErrors(build());
      const mine = errors.filter(e => e.startsWith('[test/deploy] Pod Security "restricted" of namespace payments rejects this pod template: '));
      expect(mine.join('\n')).toMatch(pattern);
      // The fix names the way out: a lower level with a justified exception on the namespace.
      expect(mine[0]).toMatch(/or lower the namespace's level with a justified exception \(podSecurity: PodSecurityLevel.BASELINE or PRIVILEGED and podSecurityException: Exception.of\(\{ reason, expires \}\) on test\/payments\)/);
    });
  }

  test('an Exception lowering the namespace to privileged admits privileged, hostPath, SYS_ADMIN and root; the label says privileged', () => {
    const build = service(
      [app({
        securityContext: {
          privileged: true, allowPrivilegeEscalation: true, user: 0, ensureNonRoot: false, capabilities: { add: [kplus.Capability.SYS_ADMIN] },
        },
      })],
      { volumes: [kplus.Volume.fromHostPath(undefined as any, 'host', 'host-logs', { path: '/var/log' })], securityContext: { ensureNonRoot: false } },
      { podSecurity: PodSecurityLevel.PRIVILEGED, podSecurityException: exception() },
    );
    expect(synthErrors(build)).toEqual([]);
    const objs = synthChart(build);
    const ns = one(objs, 'Namespace', 'payments');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.metadata.annotations['zero-trust.cdk8s.io/exception.pod-security']).toBe(exception().reason);
    // The user's values stay; the unset hardened fields are still filled in.
    const pod = podOf(objs);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] } });
  });

  test('baseline admits root and privilege escalation but not SYS_ADMIN or hostPath', () => {
    const lowered = { podSecurity: PodSecurityLevel.BASELINE, podSecurityException: exception() };
    const root = app({ securityContext: { user: 0, ensureNonRoot: false, allowPrivilegeEscalation: true } });
    expect(synthErrors(service([root], {}, lowered))).toEqual([]);
    const errors = synthErrors(service([app({ securityContext: { capabilities: { add: [kplus.Capability.SYS_ADMIN] } } })], {}, lowered));
    expect(errors).toEqual([expect.stringMatching(/^\[test\/deploy\] Pod Security "baseline" of namespace payments rejects this pod template: capabilities_baseline \(non-default capabilities\): container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add; .*podSecurity: PodSecurityLevel.PRIVILEGED/)]);
    const objs = synthChart(service([app({ securityContext: { user: 0, ensureNonRoot: false, allowPrivilegeEscalation: true } })], {}, lowered));
    expect(one(objs, 'Namespace', 'payments').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('privileged with the cdk8s-plus default allowPrivilegeEscalation=false is reported (the API server rejects it)', () => {
    const lowered = { podSecurity: PodSecurityLevel.PRIVILEGED, podSecurityException: exception() };
    const errors = synthErrors(service([app({ securityContext: { privileged: true } })], {}, lowered));
    expect(errors).toEqual([expect.stringMatching(/^\[test\/deploy\] container "app" sets privileged=true with allowPrivilegeEscalation=false, which the API server rejects/)]);
  });
});

describe('workloads bound by the secrets constructs are hardened and checked too', () => {
  const profile = () => new ClusterProfile({ mesh: Mesh.linkerd(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] });

  test('a Vault Job in a ZeroTrustNamespace: restricted fields set; a privileged container fails with the Job path', () => {
    const build = (privileged: boolean) => (chart: Chart) => {
      const ns = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile: profile() });
      const sa = new kplus.ServiceAccount(ns, 'sa', { metadata: { name: 'migrations', namespace: 'payments' }, automountToken: false });
      const job = new kplus.Job(ns, 'migrate', {
        metadata: { namespace: 'payments' },
        serviceAccount: sa,
        automountServiceAccountToken: false,
        containers: [{ name: 'migrate', image: 'registry.example.com/migrate:1', securityContext: { user: 10001, group: 10001, privileged, allowPrivilegeEscalation: privileged } }],
      });
      new VaultInjectedSecret(ns, 'dsn', { workload: job, role: 'migrations', path: 'secret/data/db', connection: { address: 'https://vault.vault.svc:8200' } });
    };
    const pod = find(synthChart(build(false)), 'Job')[0].spec.template.spec;
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(synthErrors(build(true))).toEqual(expect.arrayContaining([expect.stringMatching(/^\[test\/payments\/migrate\] Pod Security "restricted" of namespace payments rejects this pod template: privileged \(privileged\): container "migrate"/)]));
  });

  test('a workload bound by ProjectedToken outside any ZeroTrustNamespace is hardened but not checked', () => {
    const objs = synthChart(chart => {
      const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'reporter' }, automountToken: false });
      const d = new kplus.Deployment(chart, 'reporter', {
        serviceAccount: sa,
        automountServiceAccountToken: false,
        hostNetwork: true,
        containers: [{ name: 'app', image: 'registry.example.com/reporter:1' }],
      });
      new ProjectedServiceAccountToken(chart, 'token', { workload: d, audience: 'vault' });
    });
    const pod = find(objs, 'Deployment')[0].spec.template.spec;
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('a CronJob bound by ProjectedServiceAccountToken is hardened in its job template', () => {
    const objs = synthChart(chart => {
      const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'reporter' }, automountToken: false });
      const cron = new kplus.CronJob(chart, 'report', {
        schedule: Cron.daily(),
        serviceAccount: sa,
        automountServiceAccountToken: false,
        containers: [{ name: 'report', image: 'registry.example.com/report:1' }],
      });
      new ProjectedServiceAccountToken(chart, 'token', { workload: cron, audience: 'vault' });
    });
    const pod = find(objs, 'CronJob')[0].spec.jobTemplate.spec.template.spec;
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });
});
