// Internal: which service mesh (if any) carries a workload's traffic, from its labels and annotations.
import { ManifestSet, PodWorkload } from './manifests';

/**
 * The mesh whose data plane encrypts traffic into the workload: `istio` (sidecar
 * injection or ambient), `linkerd` (proxy injection), or undefined (plaintext).
 * Read from the pod template, then its Namespace object (pod-level opt-outs win).
 */
export function meshOf(set: ManifestSet, w: PodWorkload): string | undefined {
  const ns = set.namespaceObject(w.namespace)?.metadata ?? {};
  const nsLabels = ns.labels ?? {};
  const nsAnn = ns.annotations ?? {};
  const inject = w.labels['sidecar.istio.io/inject'] ?? w.annotations['sidecar.istio.io/inject'];
  const ambient = w.labels['istio.io/dataplane-mode'] ?? nsLabels['istio.io/dataplane-mode'];
  if (inject === 'true') return 'istio';
  if (inject !== 'false' && (nsLabels['istio-injection'] === 'enabled' || nsLabels['istio.io/rev'] !== undefined)) return 'istio';
  if (ambient === 'ambient') return 'istio';
  const linkerd = w.annotations['linkerd.io/inject'] ?? nsAnn['linkerd.io/inject'];
  if (linkerd === 'enabled' || linkerd === 'ingress') return 'linkerd';
  return undefined;
}
