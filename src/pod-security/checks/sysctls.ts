// Upstream: k8s.io/pod-security-admission policy/check_sysctls.go
import { CheckDefinition, Forbidden } from '../check';
import { arr, sc } from '../helpers';
import { PodSecurityLevel } from '../level';

const ALLOWED_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const ALLOWED_1_27 = [...ALLOWED_1_0, 'net.ipv4.ip_local_reserved_ports'];
const ALLOWED_1_29 = [...ALLOWED_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const ALLOWED_1_32 = [...ALLOWED_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const ALLOWED_1_37 = [...ALLOWED_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsWith(allowed: readonly string[]) {
  const set = new Set(allowed);
  return (_m: any, podSpec: any): Forbidden | undefined => {
    let bad: string[] | undefined;
    for (const s of arr(sc(podSpec)?.sysctls)) {
      const name = typeof s?.name === 'string' ? s.name : '';
      if (!set.has(name)) (bad ??= []).push(name);
    }
    return bad ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
  };
}

/** Only namespaced, isolated ("safe") sysctls are allowed; the safe list grows in 1.27, 1.29, 1.32 and 1.37 (baseline). */
export const SYSCTLS: CheckDefinition = {
  id: 'sysctls',
  level: PodSecurityLevel.BASELINE,
  versions: [
    { minimumMinor: 0, checkPod: sysctlsWith(ALLOWED_1_0) },
    { minimumMinor: 27, checkPod: sysctlsWith(ALLOWED_1_27) },
    { minimumMinor: 29, checkPod: sysctlsWith(ALLOWED_1_29) },
    { minimumMinor: 32, checkPod: sysctlsWith(ALLOWED_1_32) },
    { minimumMinor: 37, checkPod: sysctlsWith(ALLOWED_1_37) },
  ],
  fix: 'Remove from spec.securityContext.sysctls every sysctl outside the safe set of the policy version (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, plus the ones later versions add).',
};
