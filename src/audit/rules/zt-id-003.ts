import { namespaceOf, nameOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Service account token automounted. */
export const ZT_ID_003: RuleDefinition = {
  id: 'ZT-ID-003',
  pack: 'identity',
  severity: Severity.MEDIUM,
  title: 'Service account token mounted without need',
  explanation: 'Unless `automountServiceAccountToken: false` is set on the pod, or on its ServiceAccount (and not overridden to true by the pod), Kubernetes mounts a Kubernetes API token into every container. Most workloads never call the API; a mounted token is a credential an attacker can use against the API server.',
  fix: 'Set `automountServiceAccountToken: false` on the pod template (or the ServiceAccount). Workloads that call the API should use a projected, audience-bound token, or record `zero-trust.cdk8s.io/exception.automount-token` (+ `.expires`) on the workload.',
  exceptionTopic: 'automount-token',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const w of ctx.set.workloads) {
      const podSetting = w.podSpec?.automountServiceAccountToken;
      if (podSetting === false) continue;
      const sa = ctx.set.ofKind('ServiceAccount', '').find(s => namespaceOf(s) === w.namespace && nameOf(s) === w.serviceAccount);
      if (podSetting === undefined && sa?.automountServiceAccountToken === false) continue;
      const why = podSetting === true ? 'the pod sets automountServiceAccountToken: true'
        : sa ? `neither the pod nor ServiceAccount ${w.serviceAccount} sets automountServiceAccountToken: false`
          : `the pod does not set automountServiceAccountToken: false (ServiceAccount ${w.serviceAccount} is not in the manifests)`;
      out.push({ obj: w.obj, message: `a Kubernetes API token is mounted into the pods: ${why}.` });
    }
    return out;
  },
};
