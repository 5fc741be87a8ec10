import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** One ServiceAccount shared by several workloads. */
export const ZT_ID_002: RuleDefinition = {
  id: 'ZT-ID-002',
  pack: 'identity',
  severity: Severity.MEDIUM,
  title: 'ServiceAccount shared by several workloads',
  explanation: 'Workloads that share a service account share an identity: an authorization for one is an authorization for all of them, and a compromise of one yields the credentials of all. (Workloads on the `default` service account are reported by ZT-ID-001.)',
  fix: 'Give each workload its own ServiceAccount, or record `zero-trust.cdk8s.io/exception.shared-service-account` (+ `.expires`) on the workloads that must share one.',
  exceptionTopic: 'shared-service-account',
  check(ctx) {
    const out: RawFinding[] = [];
    const groups = new Map<string, typeof ctx.set.workloads>();
    for (const w of ctx.set.workloads) {
      if (w.serviceAccount === 'default') continue;
      const k = `${w.namespace}/${w.serviceAccount}`;
      groups.set(k, [...(groups.get(k) ?? []), w]);
    }
    for (const [k, ws] of groups) {
      // The same object (kind/namespace/name) read twice, e.g. from two files, is one workload.
      const distinct = [...new Set(ws.map(x => `${x.kind}/${x.name}`))].sort();
      if (distinct.length < 2) continue;
      const reported = new Set<string>();
      for (const w of ws) {
        const self = `${w.kind}/${w.name}`;
        if (reported.has(self)) continue;
        reported.add(self);
        const others = distinct.filter(x => x !== self).join(', ');
        out.push({ obj: w.obj, message: `shares ServiceAccount ${k} with ${others}.` });
      }
    }
    return out;
  },
};
