// Internal: the pod metadata and spec a manifest carries.
// Upstream: k8s.io/pod-security-admission admission/admission.go (DefaultPodSpecExtractor):
// pods, replicationcontrollers, podtemplates, replicasets, deployments, statefulsets,
// daemonsets, jobs, cronjobs.
import { podTemplateOf } from '../shared/pod-template';

/** Pod metadata and spec of a pod-bearing object. */
export interface PodParts {
  readonly metadata: any;
  readonly spec: any;
}

const EMPTY = {};

/** Kind -> API group of the pod-bearing kinds. */
const POD_KINDS: Record<string, string> = {
  Pod: '',
  PodTemplate: '',
  ReplicationController: '',
  ReplicaSet: 'apps',
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
};

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
  return Object.prototype.hasOwnProperty.call(POD_KINDS, obj.kind) && POD_KINDS[obj.kind] === g
    ? template(podTemplateOf(obj)?.holder)
    : undefined;
}
