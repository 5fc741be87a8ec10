import { apiGroup, arr, ManifestSet, namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/**
 * Service accounts (`<namespace>/<name>`) that are a subject of a RoleBinding or
 * ClusterRoleBinding in the set (`kind: ServiceAccount`, or the user
 * `system:serviceaccount:<namespace>:<name>`).
 */
function boundServiceAccounts(set: ManifestSet): Set<string> {
  const out = new Set<string>();
  for (const b of set.objects) {
    if ((b.kind !== 'RoleBinding' && b.kind !== 'ClusterRoleBinding') || apiGroup(b.apiVersion) !== 'rbac.authorization.k8s.io') continue;
    for (const sub of arr(b.subjects)) {
      if (sub?.kind === 'ServiceAccount' && sub.name) {
        const ns = sub.namespace ?? (b.kind === 'RoleBinding' ? namespaceOf(b) : undefined);
        if (ns) out.add(`${ns}/${sub.name}`);
      } else if (sub?.kind === 'User' && typeof sub.name === 'string') {
        const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub.name);
        if (m) out.add(`${m[1]}/${m[2]}`);
      }
    }
  }
  return out;
}

/** Service account token automounted. */
export const ZT_ID_003: RuleDefinition = {
  id: 'ZT-ID-003',
  pack: 'identity',
  severity: Severity.MEDIUM,
  title: 'Service account token mounted without need',
  explanation: 'Unless `automountServiceAccountToken: false` is set on the pod, or on its ServiceAccount (and not overridden to true by the pod), Kubernetes mounts a Kubernetes API token into every container. Most workloads never call the API; a mounted token is a credential an attacker can use against the API server. Workloads whose ServiceAccount is a subject of a RoleBinding or ClusterRoleBinding in the same manifests (e.g. SPIRE server and agent, operators) are not reported: the binding declares that they call the API, so they need the token; workloads without any binding are.',
  fix: 'Set `automountServiceAccountToken: false` on the pod template (or the ServiceAccount). Workloads that call the API should use a projected, audience-bound token, or record `zero-trust.cdk8s.io/exception.automount-token` (+ `.expires`) on the workload.',
  exceptionTopic: 'automount-token',
  check(ctx) {
    const out: RawFinding[] = [];
    const bound = boundServiceAccounts(ctx.set);
    for (const w of ctx.set.workloads) {
      if (bound.has(`${w.namespace}/${w.serviceAccount}`)) continue;
      const podSetting = w.podSpec?.automountServiceAccountToken;
      if (podSetting === false) continue;
      const sa = ctx.set.find('ServiceAccount', '', w.namespace, w.serviceAccount);
      if (podSetting === undefined && sa?.automountServiceAccountToken === false) continue;
      const why = podSetting === true ? 'the pod sets automountServiceAccountToken: true'
        : sa ? `neither the pod nor ServiceAccount ${w.serviceAccount} sets automountServiceAccountToken: false`
          : `the pod does not set automountServiceAccountToken: false (ServiceAccount ${w.serviceAccount} is not in the manifests)`;
      out.push({ obj: w.obj, message: `a Kubernetes API token is mounted into the pods: ${why}.` });
    }
    return out;
  },
};
