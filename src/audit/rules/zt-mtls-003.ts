import { apiGroup, arr, namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Whether a DestinationRule host is inside the mesh (a cluster service). */
function inMeshHost(host: string): boolean {
  if (host === '' || host === '*') return false;
  if (/\.svc(\.|$)/.test(host)) return true;
  return !host.includes('.');
}

/** DestinationRule tls DISABLE/SIMPLE towards in-mesh hosts. */
export const ZT_MTLS_003: RuleDefinition = {
  id: 'ZT-MTLS-003',
  pack: 'mtls',
  severity: Severity.HIGH,
  title: 'DestinationRule turns off mutual TLS to an in-mesh service',
  explanation: 'A DestinationRule whose `tls.mode` is `DISABLE` (plaintext) or `SIMPLE` (server-only TLS, no client certificate) for an in-mesh host (`*.svc.cluster.local`, `*.svc`, or a short service name) makes the client sidecar send traffic without its workload identity. Against a STRICT server the calls fail; against a PERMISSIVE one they succeed in plaintext or unauthenticated.',
  fix: 'Use `tls.mode: ISTIO_MUTUAL` (or remove the `tls` block: Istio auto mTLS is the default) for in-mesh hosts.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const dr of ctx.set.objects.filter(o => o.kind === 'DestinationRule' && apiGroup(o.apiVersion) === 'networking.istio.io')) {
      const host = String(dr.spec?.host ?? '');
      if (!inMeshHost(host)) continue;
      const places: Array<[string, any]> = [];
      const tp = dr.spec?.trafficPolicy;
      places.push(['trafficPolicy.tls', tp?.tls]);
      arr(tp?.portLevelSettings).forEach((p: any) => places.push([`trafficPolicy.portLevelSettings[port ${p?.port?.number}].tls`, p?.tls]));
      arr(dr.spec?.subsets).forEach((s: any) => {
        places.push([`subsets[${s?.name}].trafficPolicy.tls`, s?.trafficPolicy?.tls]);
        arr(s?.trafficPolicy?.portLevelSettings).forEach((p: any) => places.push([`subsets[${s?.name}].trafficPolicy.portLevelSettings[port ${p?.port?.number}].tls`, p?.tls]));
      });
      for (const [where, tls] of places) {
        const mode = tls?.mode;
        if (mode === 'DISABLE' || mode === 'SIMPLE') {
          out.push({ obj: dr, message: `${where}.mode is ${mode} for in-mesh host "${host}" (namespace ${namespaceOf(dr)}): traffic leaves the client without mutual TLS.` });
        }
      }
    }
    return out;
  },
};
