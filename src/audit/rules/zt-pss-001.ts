import { describeViolations, fixesOf, lvString, namespacePolicyOf, podBearing, violationsAt } from '../internal/pod-security';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Pods the namespace's enforce level rejects. */
export const ZT_PSS_001: RuleDefinition = {
  id: 'ZT-PSS-001',
  pack: 'pod-security',
  severity: Severity.HIGH,
  title: 'Pod rejected by its namespace\'s Pod Security enforce level',
  explanation: 'The Namespace object sets `pod-security.kubernetes.io/enforce` (and `-version`), and the pod or pod template fails that Pod Security Standards level, checked as the Kubernetes Pod Security Admission controller checks it (`PodSecurity.check`). The API server rejects such a Pod; for a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController or PodTemplate admission only warns, and the controller then fails to create every pod. An invalid enforce level counts as `restricted` (upstream fails closed). Only judged when the audited set contains the Namespace object: without it the labels are unknown and nothing is reported. Exempt users, namespaces and runtime classes of the cluster\'s admission configuration are not known to the audit.',
  fix: 'Harden the pod template (each finding says which check fails and what to set), or lower the namespace\'s enforce level if the workload really needs it.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const { obj, ns } of podBearing(ctx.set)) {
      const policy = namespacePolicyOf(ctx.set, ns);
      if (!policy) continue;
      const vs = violationsAt(obj, policy.enforce);
      if (vs.length === 0) continue;
      const who = obj.kind === 'Pod' ? 'this Pod is rejected' : `the pods of this ${obj.kind} are rejected`;
      const invalid = policy.errors.length > 0 ? ` (namespace labels invalid: ${policy.errors.join('; ')})` : '';
      out.push({
        obj,
        message: `${who} by PodSecurity "${lvString(policy.enforce)}" enforced on namespace ${ns}${invalid}: ${describeViolations(vs)}.`,
        fix: fixesOf(vs),
      });
    }
    return out;
  },
};
