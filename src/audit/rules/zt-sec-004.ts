import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** ExternalSecret without refreshInterval. */
export const ZT_SEC_004: RuleDefinition = {
  id: 'ZT-SEC-004',
  pack: 'secrets',
  severity: Severity.LOW,
  title: 'ExternalSecret without an explicit refreshInterval',
  explanation: 'Short-lived credentials only help if the copy in the cluster follows the rotation. An ExternalSecret without `refreshInterval` relies on the operator default, which reviewers cannot see and which differs between versions; `0` disables refresh altogether.',
  fix: 'Set `spec.refreshInterval` to a duration shorter than the credential rotation period (e.g. `1h`).',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      if (o.kind !== 'ExternalSecret' && o.kind !== 'ClusterExternalSecret') continue;
      if (!String(o.apiVersion ?? '').startsWith('external-secrets.io/')) continue;
      const spec = o.kind === 'ClusterExternalSecret' ? o.spec?.externalSecretSpec : o.spec;
      const ri = spec?.refreshInterval;
      if (ri === undefined || ri === null || ri === '') out.push({ obj: o, message: 'has no refreshInterval: the synced Secret follows rotation only at the operator default.' });
      else if (ri === '0' || ri === '0s' || ri === 0) out.push({ obj: o, message: `refreshInterval ${ri} disables refresh: the synced Secret never follows rotation.` });
    }
    return out;
  },
};
