import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Workloads running as the `default` service account. */
export const ZT_ID_001: RuleDefinition = {
  id: 'ZT-ID-001',
  pack: 'identity',
  severity: Severity.MEDIUM,
  title: 'Workload uses the default ServiceAccount',
  explanation: 'The service account is the workload identity: Istio and Linkerd certificates, SPIFFE IDs and RBAC all derive from it. Pods that run as `default` (explicitly or because none is set) share one identity with every other such pod of the namespace, so no policy can tell them apart.',
  fix: 'Create a ServiceAccount per workload and set `spec.template.spec.serviceAccountName`.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const w of ctx.set.workloads) {
      if (w.serviceAccount !== 'default') continue;
      out.push({ obj: w.obj, message: w.serviceAccountExplicit ? 'runs as the "default" ServiceAccount.' : 'sets no serviceAccountName, so it runs as the "default" ServiceAccount.' });
    }
    return out;
  },
};
