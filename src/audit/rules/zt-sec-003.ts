import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** External Secrets Operator objects on an API version that is no longer served. */
export const ZT_SEC_003: RuleDefinition = {
  id: 'ZT-SEC-003',
  pack: 'secrets',
  severity: Severity.HIGH,
  title: 'External Secrets object uses an API version that is no longer served',
  explanation: '`external-secrets.io/v1beta1` (and `v1alpha1`) are no longer served by current External Secrets Operator releases: the API server rejects these objects, so the secret is never synced and workloads fail or fall back to something worse.',
  fix: 'Use `apiVersion: external-secrets.io/v1` (the spec fields are the same for ExternalSecret, SecretStore and ClusterSecretStore).',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      const v = String(o.apiVersion ?? '');
      if (v === 'external-secrets.io/v1beta1' || v === 'external-secrets.io/v1alpha1') {
        out.push({ obj: o, message: `apiVersion ${v} is no longer served; use external-secrets.io/v1.` });
      }
    }
    return out;
  },
};
