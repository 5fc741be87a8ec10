import { isPeerAuthentication, ISTIO_ROOT_NAMESPACE } from '../internal/istio-mtls';
import { namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** PeerAuthentication PERMISSIVE or DISABLE without a justified exception. */
export const ZT_MTLS_001: RuleDefinition = {
  id: 'ZT-MTLS-001',
  pack: 'mtls',
  severity: Severity.HIGH,
  title: 'PeerAuthentication allows plaintext (PERMISSIVE or DISABLE)',
  explanation: 'A PeerAuthentication in `PERMISSIVE` or `DISABLE` mode accepts plaintext traffic, so any pod (or anything that can reach the pod IP) can talk to the workloads it covers without proving an identity, and authorization policies that rely on principals or namespaces do not apply to those requests. In the root namespace (`istio-system`) it applies mesh-wide.',
  fix: 'Set `spec.mtls.mode: STRICT`. If a plaintext client really has to be served for a while, record a justified, dated exception on the object: annotations `zero-trust.cdk8s.io/exception.mtls-permissive: "<reason>"` and `zero-trust.cdk8s.io/exception.mtls-permissive.expires: "YYYY-MM-DD"`.',
  exceptionTopic: 'mtls-permissive',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const pa of ctx.set.objects.filter(isPeerAuthentication)) {
      const mode = pa.spec?.mtls?.mode;
      if (mode !== 'PERMISSIVE' && mode !== 'DISABLE') continue;
      const ns = namespaceOf(pa);
      const scope = pa.spec?.selector ? `the workloads selected in namespace ${ns}` : ns === ISTIO_ROOT_NAMESPACE ? 'the whole mesh' : `namespace ${ns}`;
      out.push({ obj: pa, message: `mTLS mode ${mode} accepts plaintext for ${scope}, with no valid mtls-permissive exception.` });
    }
    return out;
  },
};
