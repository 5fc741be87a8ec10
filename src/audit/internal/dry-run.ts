// Internal: which namespaces of a manifest set are in dry run, and why.
import { ManifestSet, namespaceOf } from './manifests';

/** The library's annotation on a dry-run Namespace. */
export const ENFORCEMENT_ANNOTATION = 'zero-trust.cdk8s.io/enforcement';

/**
 * Istio parses `istio.io/dry-run` with Go's strconv.ParseBool (istio/istio
 * pilot/pkg/security/authz/builder/builder.go `isDryRun`): "1", "t", "T", "TRUE", "true", "True".
 */
export function istioDryRun(obj: any): boolean {
  const v = obj?.metadata?.annotations?.['istio.io/dry-run'];
  return typeof v === 'string' && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
}

/** Why each namespace is in dry run (the evidence in its objects); namespaces not in dry run are absent. */
export function dryRunNamespaces(set: ManifestSet): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (ns: string | undefined, why: string) => {
    if (!ns) return;
    const l = out.get(ns) ?? [];
    if (!l.includes(why)) l.push(why);
    out.set(ns, l);
  };
  for (const o of set.objects) {
    const ann = o?.metadata?.annotations ?? {};
    if (o.kind === 'Namespace') {
      if (ann[ENFORCEMENT_ANNOTATION] === 'dry-run') add(o.metadata?.name, `annotation ${ENFORCEMENT_ANNOTATION}: dry-run`);
      if (ann['config.linkerd.io/default-inbound-policy'] === 'audit') add(o.metadata?.name, 'Linkerd default inbound policy "audit"');
      continue;
    }
    if (o.kind === 'AuthorizationPolicy' && String(o.apiVersion ?? '').startsWith('security.istio.io/') && istioDryRun(o)) {
      add(namespaceOf(o), `AuthorizationPolicy ${o.metadata?.name} has istio.io/dry-run`);
    }
    if (o.kind === 'Server' && String(o.apiVersion ?? '').startsWith('policy.linkerd.io/') && o.spec?.accessPolicy === 'audit') {
      add(namespaceOf(o), `Server ${o.metadata?.name} has accessPolicy "audit"`);
    }
  }
  return out;
}
