import { apiGroup } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { servedVersions } from '../internal/served-versions';
import { Severity } from '../severity';

const GROUP = 'external-secrets.io';

/** External Secrets Operator objects on an API version that the operator's CRDs do not serve. */
export const ZT_SEC_003: RuleDefinition = {
  id: 'ZT-SEC-003',
  pack: 'secrets',
  severity: Severity.HIGH,
  title: 'External Secrets object uses an API version that is not served',
  explanation: 'The API server rejects objects whose version the CRD does not serve (`served: false`, or no such version), so the secret is never synced and workloads fail or fall back to something worse. The served versions are read from the External Secrets Operator CRDs bundled in `schemas/external-secrets/` (v2.9.0: `v1` for ExternalSecret, SecretStore, ClusterSecretStore and ClusterExternalSecret, where `v1beta1` is `served: false`; `v1alpha1`, the only version, for PushSecret and ClusterPushSecret). Kinds without a bundled CRD are not judged.',
  fix: 'Use a served version, e.g. `apiVersion: external-secrets.io/v1` for ExternalSecret, SecretStore, ClusterSecretStore and ClusterExternalSecret (the spec fields are the same as in v1beta1).',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      if (apiGroup(o.apiVersion) !== GROUP || typeof o.kind !== 'string') continue;
      const version = String(o.apiVersion).slice(GROUP.length + 1);
      const served = servedVersions(GROUP, o.kind);
      if (served === undefined || served.includes(version)) continue;
      const use = served.length > 0 ? `use ${served.map(v => `${GROUP}/${v}`).join(' or ')}` : 'the CRD serves no version';
      out.push({
        obj: o,
        message: `apiVersion ${o.apiVersion} is not served for ${o.kind} (bundled CRD serves ${served.join(', ') || 'nothing'}); ${use}.`,
        fix: served.length > 0 ? `Set apiVersion: ${GROUP}/${served[0]}.` : undefined,
      });
    }
    return out;
  },
};
