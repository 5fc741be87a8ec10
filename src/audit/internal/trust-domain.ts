// Internal: learn the trust domain from the manifests.
import { arr, ManifestSet, apiGroup } from './manifests';

const LINKERD_ID = /^(.+)\.(.+)\.serviceaccount\.identity\.linkerd\.(.+)$/;

/**
 * A trust domain name as the SPIFFE ID standard allows it: "lowercase letters, numbers, dots,
 * dashes, and underscores" (spiffe/spiffe standards/SPIFFE-ID.md §2.1 Trust Domain). Anything
 * else, such as a template `{{ .TrustDomain }}` or `${TRUST_DOMAIN}`, is not evidence of a trust domain.
 */
export function isTrustDomainName(td: string): boolean {
  return /^[a-z0-9._-]+$/.test(td) && td.length <= 255;
}

/** Istio principals of an AuthorizationPolicy (principals and notPrincipals of every source). */
export function istioPrincipals(ap: any): string[] {
  const out: string[] = [];
  for (const rule of arr(ap?.spec?.rules)) {
    for (const f of arr(rule?.from)) {
      out.push(...arr(f?.source?.principals).map(String), ...arr(f?.source?.notPrincipals).map(String));
    }
  }
  return out;
}

export function isIstioAuthz(o: any): boolean {
  return o?.kind === 'AuthorizationPolicy' && apiGroup(o.apiVersion) === 'security.istio.io';
}

export function isLinkerd(o: any, kind: string): boolean {
  return o?.kind === kind && apiGroup(o.apiVersion) === 'policy.linkerd.io';
}

/** Parses `<sa>.<ns>.serviceaccount.identity.linkerd.<td>`. */
export function parseLinkerdIdentity(id: string): { sa: string; ns: string; td: string } | undefined {
  const m = LINKERD_ID.exec(id);
  return m ? { sa: m[1], ns: m[2], td: m[3] } : undefined;
}

/** Trust domains the manifests reveal, most authoritative first, deduplicated. */
export function learnTrustDomains(set: ManifestSet): string[] {
  const out: string[] = [];
  const add = (td: string | undefined) => {
    if (td && isTrustDomainName(td) && !out.includes(td)) out.push(td);
  };
  for (const o of set.objects) {
    if (o.kind === 'ClusterSPIFFEID') {
      const m = /^spiffe:\/\/([^/]+)\//.exec(String(o.spec?.spiffeIDTemplate ?? ''));
      add(m?.[1]);
    }
  }
  for (const o of set.objects) {
    if (isLinkerd(o, 'MeshTLSAuthentication')) for (const id of arr(o.spec?.identities)) add(parseLinkerdIdentity(String(id))?.td);
  }
  for (const o of set.objects) {
    if (!isIstioAuthz(o)) continue;
    for (const p of istioPrincipals(o)) {
      const m = /^([^/]+)\/ns\//.exec(p);
      if (m && m[1] !== 'cluster.local') add(m[1]);
    }
  }
  return out;
}

/** The trust domain to use: the option, else the first learned one that is not `cluster.local`, else `cluster.local`. */
export function effectiveTrustDomain(set: ManifestSet, option?: string): string {
  if (option) return option;
  return learnTrustDomains(set).find(td => td !== 'cluster.local') ?? 'cluster.local';
}
