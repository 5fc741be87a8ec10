import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { IWorkloadIdentity } from '../../model/workload';
import { Mesh } from '../../profile/mesh';
import { bindPodSecurity, podSecuritySourceOf } from '../internal/pod-hardening';
import { ZeroTrustNamespace } from '../zero-trust-namespace';

// Library-internal helpers shared by the secrets constructs (not exported from the package).

/** Lowest token lifetime the API server accepts for a projected service account token (10 minutes). */
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;
/** Highest token lifetime the API server accepts (2^32 seconds). */
export const MAX_TOKEN_EXPIRATION_SECONDS = 4294967296;

/** Problems with a projected token lifetime (the API server's bounds). */
export function tokenExpirationProblems(seconds: number, label: string): string[] {
  if (!Number.isInteger(seconds)) return [`${label} must be a whole number of seconds (got ${seconds})`];
  if (seconds < MIN_TOKEN_EXPIRATION_SECONDS) {
    return [`${label} is ${seconds} seconds; the API server rejects projected service account tokens that live less than ${MIN_TOKEN_EXPIRATION_SECONDS} seconds (10 minutes): use at least Duration.minutes(10) (the kubelet rotates the token at 80% of its lifetime anyway)`];
  }
  if (seconds > MAX_TOKEN_EXPIRATION_SECONDS) return [`${label} is ${seconds} seconds; the API server accepts at most 2^32 seconds, and a short-lived token should live hours, not years: use Duration.hours(1)`];
  return [];
}

/** @internal Where a construct changes a pod template. */
export interface PodTarget {
  /** The workload whose pod template may be changed (absent: cannot). */
  readonly workload?: kplus.Workload;
  /** The service, when given. */
  readonly service?: IWorkloadIdentity;
  /** Namespace of the pods, when known. */
  readonly namespaceName?: string;
  /** Problems resolving the target. */
  readonly problems: string[];
}

/** @internal Resolves `{ workload | service }` into the workload to change. */
export function podTargetOf(
  scope: IConstruct, workload: kplus.Workload | undefined, service: IWorkloadIdentity | undefined, what: string,
): PodTarget {
  const problems: string[] = [];
  if ((workload === undefined) === (service === undefined)) {
    problems.push('give exactly one of workload (a cdk8s-plus Deployment, StatefulSet, DaemonSet, Job or CronJob) and service (e.g. a MeshService)');
    return { problems };
  }
  if (service) {
    if (!service.workload) {
      problems.push(`service ${service.node.path} has no pod template in this app (its pods are deployed elsewhere and selected by labels), so ${what} cannot be added to it: create the MeshService with workload: <a cdk8s-plus workload>, or add the equivalent to the pods where they are defined`);
      return { service, namespaceName: service.namespaceName, problems };
    }
    return { workload: service.workload, service, namespaceName: service.namespaceName, problems };
  }
  const w = workload!;
  const ns = ApiObject.of(w).metadata.namespace
    ?? meshServiceOf(w)?.namespaceName
    ?? ZeroTrustNamespace.of(w)?.name
    ?? ZeroTrustNamespace.of(scope as Construct)?.name;
  return { workload: w, namespaceName: ns, problems };
}

/**
 * @internal Hardens the target workload's pod template (Pod Security defaults where unset) and,
 * when its pods run in a ZeroTrustNamespace of this app, checks it against that namespace's level.
 */
export function hardenTarget(scope: Construct, target: PodTarget): void {
  if (!target.workload) return;
  const candidates = [ZeroTrustNamespace.of(target.workload), ZeroTrustNamespace.of(scope)];
  const ns = candidates.find(n => n !== undefined && (target.namespaceName === undefined || n.name === target.namespaceName));
  bindPodSecurity(target.workload, podSecuritySourceOf(ns));
}

/** @internal The service account the pods of a target run as, when known. */
export function serviceAccountOf(target: PodTarget): string | undefined {
  if (target.service) return target.service.serviceAccountName;
  if (!target.workload) return undefined;
  const svc = meshServiceOf(target.workload);
  if (svc) return svc.serviceAccountName;
  return target.workload.serviceAccount?.name;
}

/** @internal Problems when the pods would run as the namespace's shared `default` ServiceAccount. */
export function dedicatedServiceAccountProblems(target: PodTarget, what: string): string[] {
  if (!target.workload) return [];
  const sa = serviceAccountOf(target);
  if (sa === undefined || sa === 'default') {
    return [`workload ${target.workload.node.path} runs as the namespace's shared "default" ServiceAccount, so ${what} would identify every pod in the namespace alike: give it a dedicated ServiceAccount (wrap it in a MeshService and pass service, or set serviceAccount on the workload)`];
  }
  return [];
}

/** @internal The MeshService (or other IWorkloadIdentity) in the app whose workload is `w`. */
export function meshServiceOf(w: kplus.Workload): IWorkloadIdentity | undefined {
  for (const c of w.node.root.node.findAll()) {
    const x = c as any;
    if (x !== w && x.workload === w && typeof x.serviceAccountName === 'string' && typeof x.namespaceName === 'string') return x as IWorkloadIdentity;
  }
  return undefined;
}

/** @internal The mesh the pods run in: explicit, else the ZeroTrustNamespace around the service/workload/scope, else none. */
export function meshOf(scope: Construct, target: PodTarget, explicit?: Mesh): Mesh {
  if (explicit) return explicit;
  const service = target.workload ? meshServiceOf(target.workload) : undefined;
  const candidates: Array<IConstruct | undefined> = [target.service, target.workload, service, scope];
  for (const c of candidates) {
    if (!c) continue;
    const ns = ZeroTrustNamespace.of(c as Construct);
    if (ns) return ns.mesh;
  }
  return Mesh.none();
}

/** @internal The workload's containers named in `names` (all when undefined); reports unknown names. */
export function selectContainers(w: kplus.Workload, names: string[] | undefined, problem: (m: string) => void): kplus.Container[] {
  const all = w.containers;
  if (names === undefined) return all;
  if (names.length === 0) problem('containers is empty: name at least one container, or leave it out for all');
  const out: kplus.Container[] = [];
  for (const n of names) {
    const c = all.find(x => x.name === n);
    if (!c) problem(`container "${n}" does not exist in workload ${w.node.path} (containers: ${all.map(x => x.name).join(', ') || 'none'})`);
    else out.push(c);
  }
  return out;
}

/**
 * @internal A pod volume with a projected, audience-bound service account
 * token in the file `token`. cdk8s-plus has no projected volume type, so the
 * volume is built through its (runtime-public) constructor.
 */
export function projectedTokenVolume(scope: Construct, id: string, name: string, audience: string, expirationSeconds: number): kplus.Volume {
  const VolumeClass: any = kplus.Volume;
  return new VolumeClass(scope, id, name, {
    projected: {
      sources: [{ serviceAccountToken: { audience, expirationSeconds, path: 'token' } }],
    },
  }) as kplus.Volume;
}
