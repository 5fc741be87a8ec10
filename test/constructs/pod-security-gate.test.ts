import { podSecurityViolations } from '../../src/constructs/internal/pod-security-gate';

// Rows: the Pod Security Standards table (https://kubernetes.io/docs/concepts/security/pod-security-standards/)
// and the fixtures of k8s.io/pod-security-admission (kubernetes/kubernetes,
// staging/src/k8s.io/pod-security-admission/test/testdata/restricted/v1.28/{pass,fail}/*.yaml), which are the
// upstream `base.yaml` with one field changed; `base` below is that file.
function base(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'base' },
    spec: {
      containers: [{ image: 'registry.k8s.io/pause', name: 'container1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      initContainers: [{ image: 'registry.k8s.io/pause', name: 'initcontainer1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    },
  };
}
const c0 = (p: any) => p.spec.containers[0].securityContext;

type Row = [string, (p: any) => void, string | undefined, string | undefined];
// [title, change to base, check failing at restricted (undefined: passes), check failing at baseline]
const rows: Row[] = [
  ['base (testdata restricted/v1.28/pass/base.yaml)', () => {}, undefined, undefined],
  ['capabilities_baseline0: adds NET_RAW (fail/capabilities_baseline0.yaml)', p => { c0(p).capabilities.add = ['NET_RAW']; }, 'capabilities_restricted', 'capabilities_baseline'],
  ['hostports1: init container hostPort (fail/hostports1.yaml)', p => { p.spec.initContainers[0].ports = [{ containerPort: 12346, hostPort: 12346 }]; }, 'hostPorts', 'hostPorts'],
  ['restrictedvolumes9: cephfs volume (fail/restrictedvolumes9.yaml)', p => { p.spec.volumes = [{ name: 'volume1', cephfs: { monitors: ['test'] } }]; }, 'restrictedVolumes', undefined],
  // PSS "Privileged Containers" (baseline): privileged must be unset or false.
  ['privileged container', p => { c0(p).privileged = true; }, 'privileged', 'privileged'],
  // PSS "Host Namespaces" (baseline).
  ['hostNetwork', p => { p.spec.hostNetwork = true; }, 'hostNamespaces', 'hostNamespaces'],
  ['hostPID', p => { p.spec.hostPID = true; }, 'hostNamespaces', 'hostNamespaces'],
  // PSS "HostPath Volumes" (baseline).
  // At restricted, restrictedVolumes overrides hostPathVolumes (check_restrictedVolumes.go OverrideCheckIDs).
  ['hostPath volume', p => { p.spec.volumes = [{ name: 'host', hostPath: { path: '/var/run' } }]; }, 'restrictedVolumes', 'hostPathVolumes'],
  // PSS "Capabilities" (baseline: only the listed ones may be added; restricted: only NET_BIND_SERVICE, drop ALL).
  ['adds SYS_ADMIN', p => { c0(p).capabilities.add = ['SYS_ADMIN']; }, 'capabilities_restricted', 'capabilities_baseline'],
  ['adds CHOWN (baseline allows it)', p => { c0(p).capabilities.add = ['CHOWN']; }, 'capabilities_restricted', undefined],
  ['adds NET_BIND_SERVICE (restricted allows it)', p => { c0(p).capabilities.add = ['NET_BIND_SERVICE']; }, undefined, undefined],
  ['does not drop ALL', p => { delete c0(p).capabilities; }, 'capabilities_restricted', undefined],
  // PSS "Privilege Escalation" (restricted): must be set to false.
  ['allowPrivilegeEscalation true', p => { c0(p).allowPrivilegeEscalation = true; }, 'allowPrivilegeEscalation', undefined],
  ['allowPrivilegeEscalation unset', p => { delete p.spec.initContainers[0].securityContext.allowPrivilegeEscalation; }, 'allowPrivilegeEscalation', undefined],
  // PSS "Running as Non-root" (restricted): pod true, containers unset or true.
  ['container runAsNonRoot false', p => { c0(p).runAsNonRoot = false; }, 'runAsNonRoot', undefined],
  ['pod runAsNonRoot unset, containers unset', p => { delete p.spec.securityContext.runAsNonRoot; }, 'runAsNonRoot', undefined],
  ['pod runAsNonRoot unset, every container true', p => {
    delete p.spec.securityContext.runAsNonRoot; c0(p).runAsNonRoot = true; p.spec.initContainers[0].securityContext.runAsNonRoot = true;
  }, undefined, undefined],
  // PSS "Running as Non-root user" (restricted, v1.23+): runAsUser must not be 0.
  ['container runAsUser 0', p => { c0(p).runAsUser = 0; }, 'runAsUser', undefined],
  ['pod runAsUser 0', p => { p.spec.securityContext.runAsUser = 0; }, 'runAsUser', undefined],
  // PSS "Seccomp": baseline forbids Unconfined; restricted requires RuntimeDefault or Localhost on the pod or every container.
  ['container seccomp Unconfined', p => { c0(p).seccompProfile = { type: 'Unconfined' }; }, 'seccompProfile_restricted', 'seccompProfile_baseline'],
  ['pod seccomp unset', p => { delete p.spec.securityContext.seccompProfile; }, 'seccompProfile_restricted', undefined],
  ['pod seccomp unset, every container Localhost', p => {
    delete p.spec.securityContext.seccompProfile;
    for (const c of [...p.spec.containers, ...p.spec.initContainers]) c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
  }, undefined, undefined],
];

describe('podSecurityViolations (the integration point) against the Pod Security Standards', () => {
  for (const [title, change, restricted, baseline] of rows) {
    test(title, () => {
      const pod = base();
      change(pod);
      const r = podSecurityViolations(pod, 'restricted').map(v => v.check);
      const b = podSecurityViolations(pod, 'baseline').map(v => v.check);
      expect(r).toEqual(restricted ? [restricted] : []);
      expect(b).toEqual(baseline ? [baseline] : []);
      expect(podSecurityViolations(pod, 'privileged')).toEqual([]);
    });
  }

  test('the pod template of a Deployment and a CronJob is checked; objects without one are not', () => {
    const pod = base();
    pod.spec.hostIPC = true;
    expect(podSecurityViolations({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: pod.spec } } }, 'baseline').map(v => v.check)).toEqual(['hostNamespaces']);
    expect(podSecurityViolations({ apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: pod.spec } } } } }, 'baseline').map(v => v.check)).toEqual(['hostNamespaces']);
    expect(podSecurityViolations({ kind: 'ConfigMap', data: {} }, 'restricted')).toEqual([]);
  });

  test('a violation names the container, the value and the fix', () => {
    const pod = base();
    c0(pod).capabilities.add = ['SYS_ADMIN'];
    const [v] = podSecurityViolations(pod, 'restricted');
    expect(v.detail).toBe('container "container1" must not include "SYS_ADMIN" in securityContext.capabilities.add'); // check_capabilities_restricted.go
    expect(v.fix).toMatch(/drop: \["ALL"\] on every container and add back at most NET_BIND_SERVICE/);
  });
});
