// Internal: every Pod Security Admission check (upstream policy.DefaultChecks()).
import { ALLOW_PRIVILEGE_ESCALATION } from './allow-privilege-escalation';
import { APP_ARMOR_PROFILE } from './app-armor-profile';
import { CAPABILITIES_BASELINE } from './capabilities-baseline';
import { CAPABILITIES_RESTRICTED } from './capabilities-restricted';
import { HOST_NAMESPACES } from './host-namespaces';
import { HOST_PATH_VOLUMES } from './host-path-volumes';
import { HOST_PORTS } from './host-ports';
import { HOST_PROBES_AND_HOST_LIFECYCLE } from './host-probes-and-host-lifecycle';
import { PRIVILEGED } from './privileged';
import { PROC_MOUNT_BASELINE, PROC_MOUNT_RESTRICTED } from './proc-mount';
import { RESTRICTED_VOLUMES } from './restricted-volumes';
import { RUN_AS_NON_ROOT } from './run-as-non-root';
import { RUN_AS_USER } from './run-as-user';
import { SE_LINUX_OPTIONS } from './se-linux-options';
import { SECCOMP_PROFILE_BASELINE } from './seccomp-profile-baseline';
import { SECCOMP_PROFILE_RESTRICTED } from './seccomp-profile-restricted';
import { SYSCTLS } from './sysctls';
import { WINDOWS_HOST_PROCESS } from './windows-host-process';
import { CheckDefinition } from '../check';

/** Upstream commit these checks were ported from (k8s.io/pod-security-admission, policy/check_*.go). */
export const UPSTREAM_COMMIT = '8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8';

export const ALL_CHECKS: readonly CheckDefinition[] = [
  // baseline
  APP_ARMOR_PROFILE, CAPABILITIES_BASELINE, HOST_NAMESPACES, HOST_PATH_VOLUMES, HOST_PORTS,
  HOST_PROBES_AND_HOST_LIFECYCLE, PRIVILEGED, PROC_MOUNT_BASELINE, SE_LINUX_OPTIONS, SECCOMP_PROFILE_BASELINE,
  SYSCTLS, WINDOWS_HOST_PROCESS,
  // restricted
  ALLOW_PRIVILEGE_ESCALATION, CAPABILITIES_RESTRICTED, PROC_MOUNT_RESTRICTED, RESTRICTED_VOLUMES,
  RUN_AS_NON_ROOT, RUN_AS_USER, SECCOMP_PROFILE_RESTRICTED,
];
