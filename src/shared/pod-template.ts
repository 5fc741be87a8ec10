/**
 * Where a manifest keeps its pod template, shared by the constructs, the model's checks, Pod
 * Security and the audit. Library-internal; depends on nothing in the project.
 */

/** A pod template found in a manifest. */
export interface PodTemplateRef {
  /** The object holding `metadata` and `spec` (the Pod itself for a Pod). */
  readonly holder: any;
  /** JSON pointer of `holder` in the manifest (`''`, `/template`, `/spec/template`, `/spec/jobTemplate/spec/template`). */
  readonly path: string;
}

/**
 * The pod template inside a workload's `spec`: `jobTemplate.spec.template` (CronJob) or
 * `template` (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job and
 * custom workloads that embed one); undefined when there is none.
 */
export function podTemplateInSpec(spec: any): PodTemplateRef | undefined {
  const jt = spec?.jobTemplate?.spec?.template;
  if (jt && typeof jt === 'object') return { holder: jt, path: '/spec/jobTemplate/spec/template' };
  const t = spec?.template;
  if (t && typeof t === 'object') return { holder: t, path: '/spec/template' };
  return undefined;
}

/**
 * The pod template of a manifest, by kind: a Pod is its own template, a PodTemplate holds one in
 * `template`, a CronJob in `spec.jobTemplate.spec.template`, anything else in `spec.template`.
 */
export function podTemplateOf(manifest: any): PodTemplateRef | undefined {
  if (!manifest || typeof manifest !== 'object') return undefined;
  switch (manifest.kind) {
    case 'Pod': return { holder: manifest, path: '' };
    case 'PodTemplate': return manifest.template && typeof manifest.template === 'object' ? { holder: manifest.template, path: '/template' } : undefined;
    case 'CronJob': {
      const jt = manifest.spec?.jobTemplate?.spec?.template;
      return jt && typeof jt === 'object' ? { holder: jt, path: '/spec/jobTemplate/spec/template' } : undefined;
    }
    default: {
      const t = manifest.spec?.template;
      return t && typeof t === 'object' ? { holder: t, path: '/spec/template' } : undefined;
    }
  }
}
