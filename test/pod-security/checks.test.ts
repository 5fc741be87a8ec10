// Exact reason/detail strings of each check, against the expectations of upstream's unit
// tests (kubernetes/pod-security-admission policy/check_*_test.go at 8f84a87, cited per row).
// Inputs are the same pods, written as manifest JSON.
import { PodSecurity, PodSecurityLevel } from '../../src';
import { checkRegistry } from '../../src/pod-security/registry';

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;
const pod = (spec: any, metadata: any = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec });
const ctr = (name: string, securityContext?: any, extra: any = {}) => ({ name, image: 'x', ...(securityContext ? { securityContext } : {}), ...extra });

/** The violation of `check` for `manifest` at level/version, as [reason, detail]. */
function violation(manifest: any, level: PodSecurityLevel, check: string, version = 'latest'): [string, string] | undefined {
  const v = PodSecurity.check(manifest, { level, version }).find(x => x.check === check);
  return v ? [v.reason, v.detail] : undefined;
}

describe('reason and detail strings are upstream\'s', () => {
  test.each([
    // check_hostNamespaces_test.go:39-40
    ['hostNamespaces', B, pod({ hostNetwork: true, hostPID: true, hostIPC: true, containers: [ctr('a')] }),
      'host namespaces', 'hostNetwork=true, hostPID=true, hostIPC=true'],
    // check_privileged_test.go:44-45
    ['privileged', B, pod({ containers: [ctr('a'), ctr('b', { privileged: false }), ctr('c', {}), ctr('d', { privileged: true }), ctr('e', { privileged: true })] }),
      'privileged', 'containers "d", "e" must not set securityContext.privileged=true'],
    // check_capabilities_baseline_test.go:39-40
    ['capabilities_baseline', B, pod({ containers: [ctr('a', { capabilities: { add: ['FOO', 'BAR'] } }), ctr('b', { capabilities: { add: ['BAR', 'BAZ'] } }), ctr('c', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'] } })] }),
      'non-default capabilities', 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add'],
    // check_hostPathVolumes_test.go:41-42
    ['hostPathVolumes', B, pod({ containers: [ctr('x')], volumes: [{ name: 'a', hostPath: {} }, { name: 'b', hostPath: {} }, { name: 'c', emptyDir: {} }] }),
      'hostPath volumes', 'volumes "a", "b"'],
    // check_hostPorts_test.go:52-53
    ['hostPorts', B, pod({ containers: [ctr('a', undefined, { ports: [{ hostPort: 0 }] }), ctr('b', undefined, { ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 20 }] }), ctr('c', undefined, { ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 30 }] })] }),
      'hostPort', 'containers "b", "c" use hostPorts 10, 20, 30'],
    // check_appArmorProfile_test.go:116-117
    ['appArmorProfile', B, pod({ securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [ctr('a')] }),
      'forbidden AppArmor profile', 'pod must not set AppArmor profile type to "Unconfined"'],
    // check_appArmorProfile_test.go:170-186 (annotations, sorted, Go %q values)
    ['appArmorProfile', B, pod({ containers: [ctr('a')] }, {
      annotations: {
        'container.apparmor.security.beta.kubernetes.io/': 'bogus',
        'container.apparmor.security.beta.kubernetes.io/a': '',
        'container.apparmor.security.beta.kubernetes.io/b': 'runtime/default',
        'container.apparmor.security.beta.kubernetes.io/c': 'localhost/',
        'container.apparmor.security.beta.kubernetes.io/d': 'localhost/foo',
        'container.apparmor.security.beta.kubernetes.io/f': 'unknown',
        'container.apparmor.security.beta.kubernetes.io/e': 'unconfined',
      },
    }), 'forbidden AppArmor profiles', 'annotations must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/="bogus"", "container.apparmor.security.beta.kubernetes.io/e="unconfined"", "container.apparmor.security.beta.kubernetes.io/f="unknown""'],
    // check_seLinuxOptions_test.go:40-67 (v1.31+: container_engine_t allowed)
    ['seLinuxOptions', B, pod({
      securityContext: { seLinuxOptions: { type: 'foo', user: 'bar', role: 'baz' } },
      containers: [ctr('a', { seLinuxOptions: { type: 'container_t' } }), ctr('b', { seLinuxOptions: { type: 'container_init_t' } }), ctr('c', { seLinuxOptions: { type: 'container_kvm_t' } }),
        ctr('d', { seLinuxOptions: { type: 'container_engine_t' } }), ctr('e', { seLinuxOptions: { type: 'bar' } }), ctr('f', { seLinuxOptions: { user: 'bar' } }), ctr('g', { seLinuxOptions: { role: 'baz' } })],
    }), 'seLinuxOptions', 'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set'],
    // check_procMount_baseline_test.go:50-52
    ['procMount', B, pod({ containers: [ctr('a'), ctr('b', {}), ctr('c', { procMount: 'Default' }), ctr('d', { procMount: 'Unmasked' }), ctr('e', { procMount: 'other' })] }),
      'procMount', 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"'],
    // check_sysctls_test.go:37-42
    ['sysctls', B, pod({ securityContext: { sysctls: [{ name: 'a' }, { name: 'b' }] }, containers: [ctr('x')] }), 'forbidden sysctls', 'a, b'],
    // check_hostProbesAndhostLifecycle_test.go:246-247
    ['hostProbesAndHostLifecycle', B, pod({
      containers: [
        ctr('invalid1', undefined, { livenessProbe: { httpGet: { host: 'a.com', port: 80 } } }),
        ctr('invalid2', undefined, { readinessProbe: { tcpSocket: { host: 'b.com', port: 80 } } }),
        ctr('valid', undefined, { startupProbe: { httpGet: { port: 80 } } }),
      ],
    }),
    'probe or lifecycle host', 'containers "invalid1", "invalid2" use probe or lifecycle hosts "a.com", "b.com"'],
    // check_allowPrivilegeEscalation_test.go:43-44
    ['allowPrivilegeEscalation', R, pod({ containers: [ctr('a'), ctr('b', {}), ctr('c', { allowPrivilegeEscalation: true }), ctr('d', { allowPrivilegeEscalation: false })] }),
      'allowPrivilegeEscalation != false', 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false'],
    // check_runAsNonRoot_test.go:81-82
    ['runAsNonRoot', R, pod({ containers: [ctr('a'), ctr('b', {})] }), 'runAsNonRoot != true', 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true'],
    // check_runAsNonRoot_test.go:68-69
    ['runAsNonRoot', R, pod({ securityContext: { runAsNonRoot: true }, containers: [ctr('a'), ctr('b', { runAsNonRoot: true }), ctr('c', { runAsNonRoot: false }), ctr('d', { runAsNonRoot: false })] }),
      'runAsNonRoot != true', 'containers "c", "d" must not set securityContext.runAsNonRoot=false'],
    // check_runAsUser_test.go:78-79
    ['runAsUser', R, pod({ securityContext: { runAsUser: 1 }, containers: [ctr('a'), ctr('b', { runAsUser: 1 }), ctr('c', { runAsUser: 0 }), ctr('d', { runAsUser: 0 })] }),
      'runAsUser=0', 'containers "c", "d" must not set runAsUser=0'],
    // check_capabilities_restricted_test.go:34-42
    ['capabilities_restricted', R, pod({ containers: [ctr('a', { capabilities: { add: ['FOO', 'BAR'] } }), ctr('b', { capabilities: { add: ['BAR', 'BAZ'] } }), ctr('c', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'], drop: ['ALL', 'FOO'] } })] }),
      'unrestricted capabilities', 'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add'],
    // check_seccompProfile_restricted.go (implicitly bad containers)
    ['seccompProfile_restricted', R, pod({ containers: [ctr('a')] }), 'seccompProfile', 'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'],
  ] as Array<[string, PodSecurityLevel, any, string, string]>)('%s', (check, level, manifest, reason, detail) => {
    expect(violation(manifest, level, check)).toEqual([reason, detail]);
  });

  test('restrictedVolumes: every restricted source, sorted type names; an unknown source is "unknown" (check_restrictedVolumes_test.go:30-80)', () => {
    const allowed = ['emptyDir', 'secret', 'persistentVolumeClaim', 'downwardAPI', 'configMap', 'projected', 'csi', 'ephemeral', 'image'];
    const restricted = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs',
      'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'];
    const volumes = [...allowed.map((k, i) => ({ name: `a${i + 1}`, [k]: {} })), ...restricted.map((k, i) => ({ name: `b${i + 1}`, [k]: {} })),
      { name: 'c1', someFutureSource: {} }];
    expect(violation(pod({ containers: [ctr('x')], volumes }), R, 'restrictedVolumes')).toEqual(['restricted volume types',
      'volumes "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "c1"'
      + ' use restricted volume types "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", '
      + '"hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"']);
  });

  test('a volume with no source is the emptyDir the API server defaults it to (k8s pkg/apis/core/v1/defaults.go SetDefaults_Volume; fixture restrictedvolumes0)', () => {
    expect(violation(pod({ containers: [ctr('x')], volumes: [{ name: 'scratch' }] }), R, 'restrictedVolumes')).toBeUndefined();
  });

  test('seccomp annotations before v1.19 (check_seccompProfile_baseline_test.go:30-60)', () => {
    const m = pod({ containers: [ctr('a'), ctr('b')] }, { annotations: { 'container.seccomp.security.alpha.kubernetes.io/b': 'unknown', 'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined' } });
    expect(violation(m, B, 'seccompProfile_baseline', 'v1.18')).toEqual(['seccompProfile',
      'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="unconfined", container.seccomp.security.alpha.kubernetes.io/b="unknown"']);
    // from 1.19 the annotations are ignored and the fields are checked
    expect(violation(m, B, 'seccompProfile_baseline', 'v1.19')).toBeUndefined();
  });
});

describe('versions (each check\'s MinimumVersion in upstream policy/check_*.go)', () => {
  const restrictedBase = (c: any = {}) => ctr('app', { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...c });
  const good = (extra: any = {}, c: any = {}) => pod({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [restrictedBase(c)], ...extra });
  const checks = (m: any, level: PodSecurityLevel, version: string) => PodSecurity.check(m, { level, version }).map(v => v.check);

  test('sysctls: the safe list grows in 1.27, 1.29, 1.32 and 1.37 (check_sysctls.go)', () => {
    const with_ = (name: string) => pod({ securityContext: { sysctls: [{ name, value: '1' }] }, containers: [ctr('a')] });
    expect(checks(with_('net.ipv4.ip_local_reserved_ports'), B, 'v1.26')).toEqual(['sysctls']);
    expect(checks(with_('net.ipv4.ip_local_reserved_ports'), B, 'v1.27')).toEqual([]);
    expect(checks(with_('net.ipv4.tcp_keepalive_time'), B, 'v1.28')).toEqual(['sysctls']);
    expect(checks(with_('net.ipv4.tcp_keepalive_time'), B, 'v1.29')).toEqual([]);
    expect(checks(with_('net.ipv4.tcp_rmem'), B, 'v1.31')).toEqual(['sysctls']);
    expect(checks(with_('net.ipv4.tcp_rmem'), B, 'v1.32')).toEqual([]);
    expect(checks(with_('net.ipv4.tcp_notsent_lowat'), B, 'v1.36')).toEqual(['sysctls']);
    expect(checks(with_('net.ipv4.tcp_notsent_lowat'), B, 'v1.37')).toEqual([]);
    expect(checks(with_('kernel.msgmax'), B, 'latest')).toEqual(['sysctls']);
  });

  test('restricted grows: allowPrivilegeEscalation 1.8, seccompProfile 1.19, capabilities 1.22, runAsUser 1.23', () => {
    const bare = pod({ securityContext: { runAsNonRoot: true }, containers: [ctr('app', { runAsUser: 0 })] });
    expect(checks(bare, R, 'v1.7')).toEqual([]);
    expect(checks(bare, R, 'v1.8')).toEqual(['allowPrivilegeEscalation']);
    expect(checks(bare, R, 'v1.19')).toEqual(['allowPrivilegeEscalation', 'seccompProfile_restricted']);
    expect(checks(bare, R, 'v1.22')).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
    expect(checks(bare, R, 'v1.23')).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsUser', 'seccompProfile_restricted']);
  });

  test('Windows pods are exempt from allowPrivilegeEscalation, seccompProfile and capabilities from 1.25 (check_*_restricted.go, 1_25)', () => {
    const win = pod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [ctr('app')] });
    expect(checks(win, R, 'v1.24')).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
    expect(checks(win, R, 'v1.25')).toEqual([]);
    expect(checks({ ...win, spec: { ...win.spec, os: { name: 'linux' } } }, R, 'v1.25')).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
  });

  test('hostUsers: false relaxes procMount (baseline), runAsNonRoot and runAsUser from 1.35, not procMount_restricted', () => {
    const userns = pod({ hostUsers: false, securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [restrictedBase({ runAsUser: 0, procMount: 'Unmasked' })] });
    expect(checks(userns, R, 'v1.34')).toEqual(['procMount', 'runAsNonRoot', 'runAsUser']);
    expect(checks(userns, R, 'v1.35')).toEqual(['procMount_restricted']);
    expect(checks(userns, B, 'v1.35')).toEqual([]);
  });

  test('seLinuxOptions allows container_engine_t from 1.31; probe hosts are checked from 1.34', () => {
    expect(checks(pod({ containers: [ctr('a', { seLinuxOptions: { type: 'container_engine_t' } })] }), B, 'v1.30')).toEqual(['seLinuxOptions']);
    expect(checks(pod({ containers: [ctr('a', { seLinuxOptions: { type: 'container_engine_t' } })] }), B, 'v1.31')).toEqual([]);
    const probe = pod({ containers: [ctr('a', undefined, { lifecycle: { preStop: { httpGet: { host: 'evil', port: 80 } } } })] });
    expect(checks(probe, B, 'v1.33')).toEqual([]);
    expect(checks(probe, B, 'v1.34')).toEqual(['hostProbesAndHostLifecycle']);
  });

  test('a version newer than the newest known is evaluated as the newest; latest is the newest', () => {
    expect(PodSecurity.NEWEST_VERSION).toBe('v1.37');
    // NEWEST_VERSION is a constant (the checks load on first use): it must be the registry's newest version.
    expect(PodSecurity.NEWEST_VERSION).toBe(`v1.${checkRegistry().maxMinor}`);
    const m = pod({ securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat' }] }, containers: [ctr('a')] });
    expect(checks(m, B, 'v1.99')).toEqual([]);
    expect(checks(m, B, 'latest')).toEqual([]);
    expect(checks(good(), R, 'latest')).toEqual([]);
  });
});

describe('kinds and containers (admission/admission.go DefaultPodSpecExtractor; policy/visitor.go)', () => {
  const spec = { containers: [ctr('app', { privileged: true })] };
  const tpl = { metadata: { labels: { app: 'x' } }, spec };
  test.each([
    ['v1', 'Pod', { spec }],
    ['v1', 'PodTemplate', { template: tpl }],
    ['v1', 'ReplicationController', { spec: { template: tpl } }],
    ['apps/v1', 'ReplicaSet', { spec: { template: tpl } }],
    ['apps/v1', 'Deployment', { spec: { template: tpl } }],
    ['apps/v1', 'StatefulSet', { spec: { template: tpl } }],
    ['apps/v1', 'DaemonSet', { spec: { template: tpl } }],
    ['batch/v1', 'Job', { spec: { template: tpl } }],
    ['batch/v1', 'CronJob', { spec: { jobTemplate: { spec: { template: tpl } } } }],
  ])('%s %s', (apiVersion, kind, body) => {
    const m = { apiVersion, kind, metadata: { name: 'w' }, ...body };
    expect(PodSecurity.isPodBearing(m)).toBe(true);
    expect(PodSecurity.check(m, { level: B }).map(v => v.check)).toEqual(['privileged']);
    expect(PodSecurity.check(m, { level: PodSecurityLevel.PRIVILEGED })).toEqual([]);
  });
  test('other kinds and groups are not checked', () => {
    expect(PodSecurity.check({ apiVersion: 'v1', kind: 'Service', spec }, { level: R })).toEqual([]);
    expect(PodSecurity.check({ apiVersion: 'example.com/v1', kind: 'Deployment', spec: { template: tpl } }, { level: R })).toEqual([]);
    expect(PodSecurity.isPodBearing({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe(false);
  });
  test('init and ephemeral containers are checked, in upstream order (init, containers, ephemeral)', () => {
    const m = pod({ initContainers: [ctr('init', { privileged: true })], containers: [ctr('app', { privileged: true })], ephemeralContainers: [ctr('debug', { privileged: true })] });
    expect(violation(m, B, 'privileged')).toEqual(['privileged', 'containers "init", "app", "debug" must not set securityContext.privileged=true']);
  });
  test('every violation names a fix', () => {
    const m = pod({ hostNetwork: true, containers: [ctr('app', { privileged: true })] });
    for (const v of PodSecurity.check(m, { level: R })) expect(v.fix).toMatch(/^[A-Z].+\.$/);
  });
});

describe('bad options', () => {
  test('an unknown level or a malformed version throws, naming the value and the fix', () => {
    expect(() => PodSecurity.check(pod({}), { level: 'strict' as any })).toThrow(/invalid level "strict": use PodSecurityLevel/);
    expect(() => PodSecurity.check(pod({}), { level: R, version: 'v1.028' })).toThrow(/invalid version "v1.028": use "latest" or "v1.<minor>"/);
    expect(() => PodSecurity.check(pod({}), { level: R, version: '1.28' })).toThrow(/invalid version/);
  });
});
