// Internal: the pod metadata and spec a manifest carries.
// Upstream: k8s.io/pod-security-admission admission/admission.go (DefaultPodSpecExtractor):
// pods, replicationcontrollers, podtemplates, replicasets, deployments, statefulsets,
// daemonsets, jobs, cronjobs.

/** Pod metadata and spec of a pod-bearing object. */
export interface PodParts {
  readonly metadata: any;
  readonly spec: any;
}

const EMPTY = {};

function group(apiVersion: any): string {
  const v = typeof apiVersion === 'string' ? apiVersion : '';
  const i = v.indexOf('/');
  return i < 0 ? '' : v.slice(0, i);
}

function template(t: any): PodParts {
  return { metadata: t?.metadata ?? EMPTY, spec: t?.spec ?? EMPTY };
}

/**
 * The pod metadata and spec of a Pod, PodTemplate, ReplicationController
 * (core), ReplicaSet, Deployment, StatefulSet, DaemonSet (apps), Job or CronJob
 * (batch); undefined for any other kind or API group.
 */
export function podPartsOf(obj: any): PodParts | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  const g = group(obj.apiVersion);
  switch (obj.kind) {
    case 'Pod':
      return g === '' ? { metadata: obj.metadata ?? EMPTY, spec: obj.spec ?? EMPTY } : undefined;
    case 'PodTemplate':
      return g === '' ? template(obj.template) : undefined;
    case 'ReplicationController':
      return g === '' ? template(obj.spec?.template) : undefined;
    case 'ReplicaSet':
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
      return g === 'apps' ? template(obj.spec?.template) : undefined;
    case 'Job':
      return g === 'batch' ? template(obj.spec?.template) : undefined;
    case 'CronJob':
      return g === 'batch' ? template(obj.spec?.jobTemplate?.spec?.template) : undefined;
    default:
      return undefined;
  }
}
