import { PodSecurityLevel } from './level';

/**
 * Options for `PodSecurity.check`.
 */
export interface PodSecurityCheckOptions {
  /** The Pod Security Standards level to check against. */
  readonly level: PodSecurityLevel;
  /**
   * The policy version: `latest` or `v1.<minor>` (e.g. `v1.28`), as in the
   * `pod-security.kubernetes.io/<mode>-version` namespace labels. A version newer
   * than the newest one this library knows is evaluated as that newest version,
   * as upstream does.
   * @default 'latest'
   */
  readonly version?: string;
}
