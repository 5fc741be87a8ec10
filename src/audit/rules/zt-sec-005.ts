import { apiGroup, isObject } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Keys of a Secret's `data`/`stringData` that hold a non-empty value. */
function literalKeys(secret: any): string[] {
  const keys: string[] = [];
  for (const field of ['data', 'stringData']) {
    const m = secret?.[field];
    if (!isObject(m)) continue;
    for (const [k, v] of Object.entries(m)) if (v !== null && v !== undefined && String(v) !== '') keys.push(`${field}.${k}`);
  }
  return keys.sort();
}

/** A Secret manifest carrying its values. */
export const ZT_SEC_005: RuleDefinition = {
  id: 'ZT-SEC-005',
  pack: 'secrets',
  severity: Severity.HIGH,
  title: 'Secret with literal data in the manifests',
  explanation: 'A `kind: Secret` with values in `data` (base64 is an encoding, not encryption) or `stringData` puts the secret in clear in the manifests, in Git and its history, in CI logs and in every copy of the repository. Secrets without values are not reported: an empty `data`, or a `kubernetes.io/service-account-token` Secret that the token controller fills in.',
  fix: 'Remove the values from the manifest (and rotate them: they are in the history), and deliver them from a secret manager: an ExternalSecret (External Secrets Operator), Vault Agent injection, or an encrypted form such as a SealedSecret or SOPS.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      if (o.kind !== 'Secret' || apiGroup(o.apiVersion) !== '' || String(o.apiVersion ?? '') !== 'v1') continue;
      const keys = literalKeys(o);
      if (keys.length === 0) continue;
      out.push({ obj: o, message: `holds literal values in ${keys.join(', ')}${o.type ? ` (type ${o.type})` : ''}: the secret is in clear in the manifests and their history.` });
    }
    return out;
  },
};
