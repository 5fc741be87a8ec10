// INTEGRATION POINT (issue 13): the library's Pod Security check, library-internal.
//
// `podSecurityViolations` is the only function the constructs call to decide whether a pod
// template passes a namespace's Pod Security level. Its body implements, for now, only the
// checks the library needs to fail synthesis on explicit user values (privileged, host
// namespaces, hostPath, host ports, capabilities, seccomp, privilege escalation, non-root,
// volume types). The full Pod Security Admission implementation (`src/pod-security/`,
// `PodSecurity.check(manifest, { level, version })`) replaces this body; keep the signature
// and the `PodSecurityGateViolation` fields (check, reason, detail, fix) so the swap is local.
//
// Every rule below is one row of the Pod Security Standards
// (https://kubernetes.io/docs/concepts/security/pod-security-standards/), named after the
// check IDs of k8s.io/pod-security-admission (policy/check_*.go).

/** One Pod Security failure of a pod template (the shape of the full module's violations). */
export interface PodSecurityGateViolation {
  /** The Pod Security Admission check ID (e.g. `privileged`, `capabilities_restricted`). */
  readonly check: string;
  /** What is forbidden, in the words of the admission message (e.g. "privileged"). */
  readonly reason: string;
  /** Which container or field carries the forbidden value, and the value. */
  readonly detail: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Capabilities Pod Security `baseline` lets a container add (PSS "Capabilities", baseline). */
export const BASELINE_ALLOWED_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** Volume types Pod Security `restricted` allows (PSS "Volume Types", restricted). */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** The pod spec of a manifest: a Pod, a workload with a pod template, or a CronJob; undefined otherwise. */
export function podSpecOf(manifest: any): any | undefined {
  if (!manifest || typeof manifest !== 'object') return undefined;
  const spec = manifest.spec;
  if (!spec || typeof spec !== 'object') return undefined;
  if (manifest.kind === 'Pod') return spec;
  if (manifest.kind === 'CronJob') return spec.jobTemplate?.spec?.template?.spec;
  return spec.template?.spec;
}

interface NamedContainer { readonly label: string; readonly c: any }

function containersOf(pod: any): NamedContainer[] {
  const out: NamedContainer[] = [];
  for (const [group, label] of [['initContainers', 'init container'], ['containers', 'container'], ['ephemeralContainers', 'ephemeral container']]) {
    for (const c of Array.isArray(pod[group]) ? pod[group] : []) out.push({ label: `${label} "${c?.name}"`, c: c ?? {} });
  }
  return out;
}

const list = (xs: string[]) => xs.join(', ');

/**
 * The Pod Security violations of `manifest`'s pod template at `level`
 * (`privileged`, `baseline` or `restricted`); empty when it passes or has no pod template.
 * INTEGRATION POINT: swap this body for `PodSecurity.check(manifest, { level, version })`.
 */
export function podSecurityViolations(manifest: any, level: string): PodSecurityGateViolation[] {
  const pod = podSpecOf(manifest);
  if (!pod || level === 'privileged') return [];
  const out: PodSecurityGateViolation[] = [];
  const v = (check: string, reason: string, detail: string, fix: string) => out.push({ check, reason, detail, fix });
  const containers = containersOf(pod);
  const psc = pod.securityContext ?? {};

  // ---- baseline ----
  const hostNs = ['hostNetwork', 'hostPID', 'hostIPC'].filter(f => pod[f] === true);
  if (hostNs.length > 0) v('hostNamespaces', 'host namespaces', `${list(hostNs.map(f => `${f}=true`))}`, `remove ${list(hostNs)} from the pod spec`);

  const privileged = containers.filter(x => x.c.securityContext?.privileged === true);
  if (privileged.length > 0) v('privileged', 'privileged', `${list(privileged.map(x => x.label))} set securityContext.privileged=true`, 'remove privileged (or set it to false)');

  // At restricted, capabilities_restricted and seccompProfile_restricted replace their baseline checks (as in PSA).
  const restricted = level === 'restricted';
  const baselineCaps = restricted ? [] : containers
    .map(x => ({ x, bad: addedCaps(x.c).filter(cap => !BASELINE_ALLOWED_CAPABILITIES.includes(cap)) }))
    .filter(y => y.bad.length > 0);
  if (baselineCaps.length > 0) {
    v('capabilities_baseline', 'non-default capabilities', list(baselineCaps.map(y => `${y.x.label} adds ${list(y.bad)}`)),
      `remove them from securityContext.capabilities.add (baseline allows only ${list(BASELINE_ALLOWED_CAPABILITIES)})`);
  }

  const hostPath = (Array.isArray(pod.volumes) ? pod.volumes : []).filter((vol: any) => vol?.hostPath !== undefined);
  if (hostPath.length > 0) v('hostPathVolumes', 'hostPath volumes', `volumes ${list(hostPath.map((x: any) => `"${x.name}" (hostPath ${x.hostPath?.path})`))}`, 'use a configMap, secret, emptyDir, CSI or persistentVolumeClaim volume instead');

  const hostPorts = containers.flatMap(x => (Array.isArray(x.c.ports) ? x.c.ports : []).filter((p: any) => p?.hostPort).map((p: any) => `${x.label} hostPort ${p.hostPort}`));
  if (hostPorts.length > 0) v('hostPorts', 'hostPort', list(hostPorts), 'remove hostPort (expose the port through a Service)');

  const unconfined: string[] = [];
  if (psc.seccompProfile?.type === 'Unconfined') unconfined.push('pod');
  for (const x of containers) if (x.c.securityContext?.seccompProfile?.type === 'Unconfined') unconfined.push(x.label);
  if (unconfined.length > 0 && !restricted) v('seccompProfile_baseline', 'seccompProfile', `${list(unconfined)} set seccompProfile.type "Unconfined"`, 'use seccompProfile.type "RuntimeDefault" (or "Localhost")');

  if (!restricted) return out;

  // ---- restricted ----
  const badVolumes = (Array.isArray(pod.volumes) ? pod.volumes : []).map((vol: any) => ({ name: vol?.name, type: Object.keys(vol ?? {}).find(k => k !== 'name') }))
    .filter((x: any) => x.type !== undefined && x.type !== 'hostPath' && !RESTRICTED_VOLUME_TYPES.includes(x.type));
  if (badVolumes.length > 0) v('restrictedVolumes', 'restricted volume types', `volumes ${list(badVolumes.map((x: any) => `"${x.name}" (${x.type})`))}`, `use one of ${list(RESTRICTED_VOLUME_TYPES)}`);

  const escalation = containers.filter(x => x.c.securityContext?.allowPrivilegeEscalation !== false);
  if (escalation.length > 0) v('allowPrivilegeEscalation', 'allowPrivilegeEscalation != false', `${list(escalation.map(x => `${x.label} (${x.c.securityContext?.allowPrivilegeEscalation === true ? 'true' : 'unset'})`))}`, 'set securityContext.allowPrivilegeEscalation=false');

  const nonRootBad: string[] = [];
  if (psc.runAsNonRoot === false) nonRootBad.push('pod sets runAsNonRoot=false');
  for (const x of containers) {
    const r = x.c.securityContext?.runAsNonRoot;
    if (r === false) nonRootBad.push(`${x.label} sets runAsNonRoot=false`);
    else if (r === undefined && psc.runAsNonRoot !== true) nonRootBad.push(`${x.label} leaves runAsNonRoot unset and the pod does not set it`);
  }
  if (nonRootBad.length > 0) v('runAsNonRoot', 'runAsNonRoot != true', list(nonRootBad), 'set securityContext.runAsNonRoot=true (cdk8s-plus: ensureNonRoot, the default) and run as a non-zero user');

  const root: string[] = [];
  if (psc.runAsUser === 0) root.push('pod');
  for (const x of containers) if (x.c.securityContext?.runAsUser === 0) root.push(x.label);
  if (root.length > 0) v('runAsUser', 'runAsUser=0', `${list(root)} set runAsUser=0`, 'run as a non-zero user (securityContext.user in cdk8s-plus), or leave it to the image');

  const validSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const podSeccompOk = validSeccomp(psc.seccompProfile?.type);
  const seccompBad: string[] = [];
  if (psc.seccompProfile !== undefined && !podSeccompOk) seccompBad.push(`pod sets seccompProfile.type "${psc.seccompProfile?.type}"`);
  for (const x of containers) {
    const t = x.c.securityContext?.seccompProfile?.type;
    if (t === undefined && !podSeccompOk) seccompBad.push(`${x.label} leaves it unset and the pod sets no valid one`);
    else if (t !== undefined && !validSeccomp(t)) seccompBad.push(`${x.label} sets seccompProfile.type "${t}"`);
  }
  if (seccompBad.length > 0) {
    v('seccompProfile_restricted', 'seccompProfile', `${list(seccompBad)} (must be "RuntimeDefault" or "Localhost")`,
      'set seccompProfile.type "RuntimeDefault" on the pod (the library does when it is unset) or on every container');
  }

  const notDropped = containers.filter(x => !(x.c.securityContext?.capabilities?.drop ?? []).includes('ALL'));
  const added = containers.map(x => ({ x, bad: addedCaps(x.c).filter(cap => cap !== 'NET_BIND_SERVICE') })).filter(y => y.bad.length > 0);
  if (notDropped.length > 0 || added.length > 0) {
    const parts = [
      ...notDropped.map(x => `${x.label} does not drop ALL (drop: [${(x.c.securityContext?.capabilities?.drop ?? []).join(', ')}])`),
      ...added.map(y => `${y.x.label} adds ${list(y.bad)}`),
    ];
    v('capabilities_restricted', 'unrestricted capabilities', list(parts), 'set securityContext.capabilities.drop=["ALL"] and add nothing but NET_BIND_SERVICE');
  }
  return out;
}

function addedCaps(c: any): string[] {
  const add = c?.securityContext?.capabilities?.add;
  return Array.isArray(add) ? add.map((x: any) => String(x)) : [];
}
