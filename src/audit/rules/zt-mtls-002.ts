import { isPeerAuthentication } from '../internal/istio-mtls';
import { isObject } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** portLevelMtls PERMISSIVE/DISABLE without a justified exception. */
export const ZT_MTLS_002: RuleDefinition = {
  id: 'ZT-MTLS-002',
  pack: 'mtls',
  severity: Severity.HIGH,
  title: 'Port-level mTLS exception (PERMISSIVE or DISABLE) without justification',
  explanation: 'A `portLevelMtls` entry in `PERMISSIVE` or `DISABLE` mode opens a plaintext hole in an otherwise STRICT workload. Every plaintext port should carry a reason and a removal date. Note that Istio ignores `portLevelMtls` on a PeerAuthentication without a `selector` (see ZT-HYG-003).',
  fix: 'Remove the port-level override, or record a dated exception on the PeerAuthentication: `zero-trust.cdk8s.io/exception.port-mtls: "<reason>"` and `zero-trust.cdk8s.io/exception.port-mtls.expires: "YYYY-MM-DD"`.',
  exceptionTopic: 'port-mtls',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pa of ctx.set.objects.filter(isPeerAuthentication)) {
      const levels = pa.spec?.portLevelMtls;
      if (!isObject(levels)) continue;
      for (const port of Object.keys(levels).sort()) {
        const mode = levels[port]?.mode;
        if (mode === 'PERMISSIVE' || mode === 'DISABLE') {
          out.push({ obj: pa, message: `port ${port} has mTLS mode ${mode} (plaintext accepted), with no valid port-mtls exception.` });
        }
      }
    }
    return out;
  },
};
