import { isPeerAuthentication } from '../internal/istio-mtls';
import { isObject } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** portLevelMtls on a PeerAuthentication without a selector (ignored by Istio). */
export const ZT_HYG_003: RuleDefinition = {
  id: 'ZT-HYG-003',
  pack: 'hygiene',
  severity: Severity.LOW,
  title: 'portLevelMtls on a PeerAuthentication without selector is ignored',
  explanation: 'Istio only applies `portLevelMtls` when the PeerAuthentication has a workload `selector` (the port is a container port of the selected pods). On a namespace-wide or mesh-wide policy the block is ignored, so the manifest says something the mesh does not do.',
  fix: 'Move the port-level setting to a PeerAuthentication with a `selector` for the workload that serves the port (with a justified, dated exception), or delete it.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pa of ctx.set.objects.filter(isPeerAuthentication)) {
      if (pa.spec?.selector || !isObject(pa.spec?.portLevelMtls) || Object.keys(pa.spec.portLevelMtls).length === 0) continue;
      out.push({ obj: pa, message: `portLevelMtls (ports ${Object.keys(pa.spec.portLevelMtls).sort().join(', ')}) has no effect: the policy has no selector.` });
    }
    return out;
  },
};
