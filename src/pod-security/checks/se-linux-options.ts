// Upstream: k8s.io/pod-security-admission policy/check_seLinuxOptions.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, joinQuote, pluralize, sc, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

const ALLOWED_TYPES_1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_TYPES_1_31 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

function str(x: any): string {
  return typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x);
}

function seLinuxOptions(podSpec: any, allowedTypes: Set<string>): Forbidden | undefined {
  let setters: string[] | undefined;
  let badTypes: string[] | undefined;
  let setUser = false;
  let setRole = false;
  const valid = (opts: any): boolean => {
    let ok = true;
    const type = str(opts.type);
    if (!allowedTypes.has(type)) {
      ok = false;
      (badTypes ??= []).push(type);
    }
    if (str(opts.user).length > 0) {
      ok = false;
      setUser = true;
    }
    if (str(opts.role).length > 0) {
      ok = false;
      setRole = true;
    }
    return ok;
  };
  const podOpts = sc(podSpec)?.seLinuxOptions;
  if (podOpts !== undefined && podOpts !== null && !valid(podOpts)) (setters ??= []).push('pod');
  let bad: string[] | undefined;
  visitContainers(podSpec, c => {
    const o = sc(c)?.seLinuxOptions;
    if (o !== undefined && o !== null && !valid(o)) (bad ??= []).push(containerName(c));
  });
  if (bad) (setters ??= []).push(containersPhrase(bad));
  if (!setters) return undefined;
  const data: string[] = [];
  if (badTypes) {
    const types = sortedSet(badTypes);
    data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
  }
  if (setUser) data.push('user may not be set');
  if (setRole) data.push('role may not be set');
  return { reason: 'seLinuxOptions', detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}` };
}

/** SELinux type limited to the container types; user and role may not be set (baseline; 1.31 adds container_engine_t). */
export const SE_LINUX_OPTIONS: CheckDefinition = {
  id: 'seLinuxOptions',
  level: PodSecurityLevel.BASELINE,
  versions: [
    { minimumMinor: 0, checkPod: (_m, s) => seLinuxOptions(s, ALLOWED_TYPES_1_0) },
    { minimumMinor: 31, checkPod: (_m, s) => seLinuxOptions(s, ALLOWED_TYPES_1_31) },
  ],
  fix: 'Remove securityContext.seLinuxOptions.user and .role, and set .type only to container_t, container_init_t, container_kvm_t (or container_engine_t from v1.31), or leave it empty.',
};
