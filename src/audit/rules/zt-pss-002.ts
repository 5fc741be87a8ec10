import { describeViolations, fixesOf, lvString, namespacePolicyOf, podBearing, violationsAt } from '../internal/pod-security';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Pods the namespace's warn or audit level flags. */
export const ZT_PSS_002: RuleDefinition = {
  id: 'ZT-PSS-002',
  pack: 'pod-security',
  severity: Severity.MEDIUM,
  title: 'Pod violates its namespace\'s Pod Security warn or audit level',
  explanation: 'The Namespace object sets `pod-security.kubernetes.io/warn` or `pod-security.kubernetes.io/audit` (when only `enforce` is set, `warn` follows it, as upstream does), and the pod or pod template fails that level: the API server accepts it but warns the client or writes an audit annotation, usually because the namespace is being moved to a stricter level. Not reported when ZT-PSS-001 already reports the object. Only judged when the audited set contains the Namespace object.',
  fix: 'Harden the pod template (each finding says which check fails and what to set) before the namespace enforces that level; for a node agent that needs host access, add a justified, dated `host-access` exception.',
  exceptionTopic: 'host-access',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const { obj, ns } of podBearing(ctx.set)) {
      const policy = namespacePolicyOf(ctx.set, ns);
      if (!policy) continue;
      if (violationsAt(obj, policy.enforce).length > 0) continue; // ZT-PSS-001
      const modes: Array<[string, typeof policy.warn]> = [['warn', policy.warn], ['audit', policy.audit]];
      if (lvString(policy.warn) === lvString(policy.audit)) modes.splice(0, 2, ['warn and audit', policy.warn]);
      for (const [mode, lv] of modes) {
        const vs = violationsAt(obj, lv);
        if (vs.length === 0) continue;
        out.push({ obj, message: `would violate PodSecurity "${lvString(lv)}" (${mode} level of namespace ${ns}): ${describeViolations(vs)}.`, fix: fixesOf(vs) });
      }
    }
    return out;
  },
};
