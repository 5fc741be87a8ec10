import { policyFromLabels } from './labels';
import { isLevel } from './level';
import { PodSecurityDefaultsOptions, PodSecurityNamespacePolicy } from './namespace-policy';
import { PodSecurityCheckOptions } from './options';
import { podPartsOf } from './pod-spec';
import { formatMinor, NEWEST_MINOR, parseMinor, VERSION_LATEST } from './version';
import { PodSecurityViolation } from './violation';

// The checks load on first evaluation (issue 19).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const evaluation = (): typeof import('./evaluate') => require('./evaluate');

/**
 * The Kubernetes Pod Security Standards, checked exactly as the Pod Security
 * Admission controller checks them (k8s.io/pod-security-admission `policy/check_*.go`,
 * every check and every check version, including the `spec.os.name: windows` and
 * `hostUsers: false` relaxations).
 *
 * Works on plain manifest objects: a Pod, or the pod template of a Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController or
 * PodTemplate. Every container list is checked (containers, initContainers,
 * ephemeralContainers).
 *
 * Not modelled (cluster configuration, not manifest content): exempt usernames,
 * namespaces and runtime classes of the API server's `PodSecurityConfiguration`.
 *
 * @example
 * const violations = PodSecurity.check(deployment.toJson(), { level: PodSecurityLevel.RESTRICTED });
 * // [{ check: 'runAsNonRoot', reason: 'runAsNonRoot != true', detail: 'pod or container "app" must set securityContext.runAsNonRoot=true', fix: '...' }]
 */
export class PodSecurity {
  /**
   * The newest policy version this library implements (what `latest` means here).
   * Newer versions are evaluated as this one, as upstream does.
   */
  public static readonly NEWEST_VERSION: string = formatMinor(NEWEST_MINOR);

  /**
   * The checks `manifest`'s pod (or pod template) fails at a level and version.
   *
   * Stable contract: returns one violation per failing check, in the order the
   * admission controller reports them (baseline check ids, then restricted ids,
   * each alphabetical); an empty array when the pod passes, when the level is
   * `privileged`, or when `manifest` is not one of the pod-bearing kinds.
   *
   * @param manifest a plain manifest object (e.g. `ApiObject.toJson()`)
   * @param options level and version
   * @throws when the level is not a PodSecurityLevel or the version is neither `latest` nor `v1.<minor>`
   */
  public static check(manifest: any, options: PodSecurityCheckOptions): PodSecurityViolation[] {
    const level = options?.level;
    if (!isLevel(level)) {
      throw new Error(`PodSecurity.check: invalid level ${JSON.stringify(level)}: use PodSecurityLevel.PRIVILEGED, BASELINE or RESTRICTED`);
    }
    const version = options.version ?? VERSION_LATEST;
    const minor = parseMinor(version);
    if (minor === undefined) {
      throw new Error(`PodSecurity.check: invalid version ${JSON.stringify(version)}: use "latest" or "v1.<minor>" such as "v1.28" (no leading zeros)`);
    }
    const parts = podPartsOf(manifest);
    if (!parts) return [];
    return [...evaluation().evaluatePod(parts, level, minor)];
  }

  /**
   * Whether `manifest` is a kind the Pod Security Admission controller checks
   * (Pod, PodTemplate, ReplicationController, ReplicaSet, Deployment, StatefulSet,
   * DaemonSet, Job, CronJob).
   */
  public static isPodBearing(manifest: any): boolean {
    return podPartsOf(manifest) !== undefined;
  }

  /**
   * The Pod Security Admission policy a Namespace manifest declares with its
   * `pod-security.kubernetes.io/{enforce,audit,warn}` and `...-version` labels,
   * resolved as upstream `PolicyToEvaluate` does: a missing label takes the cluster
   * default (privileged, latest unless `defaults` says otherwise); an invalid enforce
   * level counts as `restricted`, an invalid audit or warn level as `privileged`, an
   * invalid version as `latest` (each reported in `errors`); when only enforce is
   * set, warn follows enforce.
   *
   * @param namespaceManifest a Namespace manifest object (only `metadata.labels` is read)
   * @param defaults the cluster's `PodSecurityConfiguration` defaults
   */
  public static namespacePolicy(namespaceManifest: any, defaults?: PodSecurityDefaultsOptions): PodSecurityNamespacePolicy {
    const labels = namespaceManifest?.metadata?.labels;
    return policyFromLabels(labels !== null && typeof labels === 'object' ? labels : undefined, defaults);
  }

  private constructor() {}
}

