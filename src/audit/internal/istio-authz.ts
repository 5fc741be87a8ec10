// Internal: shapes of Istio AuthorizationPolicy rules.
import { arr, isObject } from './manifests';

/** ALLOW is the default action (istio.io security/authorization-policy reference: "action ... default ALLOW"). */
export function isAllowPolicy(ap: any): boolean {
  return ap?.spec?.action === undefined || ap.spec.action === 'ALLOW';
}

function emptyObject(x: any): boolean {
  return !isObject(x) || Object.keys(x).length === 0;
}

/** A rule whose `from` names no source: no `from`, or only empty sources (`{}`, `{source: {}}`). */
export function ruleHasNoSource(rule: any): boolean {
  const from = arr(rule?.from);
  return from.length === 0 || from.every((f: any) => emptyObject(f) || emptyObject(f.source));
}

/** A rule that matches every request: no source, no operation, no condition (`{}`). */
export function ruleMatchesEverything(rule: any): boolean {
  const to = arr(rule?.to);
  return isObject(rule) && ruleHasNoSource(rule)
    && (to.length === 0 || to.every((t: any) => emptyObject(t) || emptyObject(t.operation)))
    && arr(rule.when).length === 0;
}
