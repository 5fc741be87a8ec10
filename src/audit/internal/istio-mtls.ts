// Internal: effective Istio PeerAuthentication mode for a workload and port.
import { apiGroup, ManifestSet, namespaceOf, nameOf, PodWorkload } from './manifests';
import { matchLabelsMatch } from './selectors';

/** Istio's root namespace (mesh-wide policies). */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

export interface MtlsMode {
  /** STRICT, PERMISSIVE or DISABLE. */
  readonly mode: string;
  /** Which object decided it, or the Istio default. */
  readonly source: string;
}

export function isPeerAuthentication(o: any): boolean {
  return o?.kind === 'PeerAuthentication' && apiGroup(o.apiVersion) === 'security.istio.io';
}

function modeOf(pa: any): string | undefined {
  const m = pa?.spec?.mtls?.mode;
  return m && m !== 'UNSET' ? String(m) : undefined;
}

/**
 * Effective mTLS mode for a workload on a container port: workload-level
 * (selector) policy, then namespace-wide, then mesh-wide (root namespace),
 * then Istio's default PERMISSIVE. `portLevelMtls` only applies on policies
 * with a selector (as in Istio).
 */
export function effectiveMtls(set: ManifestSet, w: PodWorkload, port?: number): MtlsMode {
  const inNs = set.ofKindIn('PeerAuthentication', 'security.istio.io', w.namespace);
  const label = (pa: any) => `PeerAuthentication/${namespaceOf(pa)}/${nameOf(pa)}`;
  const workloadLevel = inNs.filter(pa => pa.spec?.selector && matchLabelsMatch(pa.spec.selector, w.labels));
  for (const pa of workloadLevel) {
    const pl = port !== undefined ? pa.spec?.portLevelMtls?.[String(port)] : undefined;
    const m = pl?.mode ? String(pl.mode) : undefined;
    if (m && m !== 'UNSET') return { mode: m, source: `${label(pa)} (port ${port})` };
  }
  for (const pa of workloadLevel) {
    const m = modeOf(pa);
    if (m) return { mode: m, source: label(pa) };
  }
  for (const pa of inNs.filter(p => !p.spec?.selector)) {
    const m = modeOf(pa);
    if (m) return { mode: m, source: label(pa) };
  }
  for (const pa of set.ofKindIn('PeerAuthentication', 'security.istio.io', ISTIO_ROOT_NAMESPACE).filter(p => !p.spec?.selector)) {
    const m = modeOf(pa);
    if (m) return { mode: m, source: label(pa) };
  }
  return { mode: 'PERMISSIVE', source: 'Istio default (no PeerAuthentication applies)' };
}
