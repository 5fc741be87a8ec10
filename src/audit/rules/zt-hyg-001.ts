import { ISTIO_ROOT_NAMESPACE, isPeerAuthentication } from '../internal/istio-mtls';
import { apiGroup, namespaceOf } from '../internal/manifests';
import { ciliumKey, ciliumLabels, ciliumSpecs, isCiliumPolicy, isNetworkPolicy } from '../internal/netpol';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { isEmptySelector, matchLabelsMatch, selectorMatches } from '../internal/selectors';
import { isIstioAuthz, isLinkerd } from '../internal/trust-domain';
import { Severity } from '../severity';

/** Policy selectors that match no pods. */
export const ZT_HYG_001: RuleDefinition = {
  id: 'ZT-HYG-001',
  pack: 'hygiene',
  severity: Severity.MEDIUM,
  title: 'Policy selector matches no workload',
  explanation: 'An Istio AuthorizationPolicy/PeerAuthentication/Sidecar `selector`, a Linkerd Server `podSelector`, a Cilium `endpointSelector` or a NetworkPolicy `podSelector` that matches none of the pod templates of its namespace protects nothing, usually because of a label typo. Only reported when the manifest set contains workloads in that namespace (otherwise the pods may be deployed elsewhere). Istio waypoints count as workloads: a Gateway API `Gateway` of class `istio-waypoint` is deployed by Istio with pods labelled `gateway.networking.k8s.io/gateway-name: <gateway name>`.',
  fix: 'Fix the selector labels so they match the pod template labels of the workload the policy is for, or delete the policy.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      const ns = namespaceOf(o);
      if (ns === undefined) continue;
      if (ctx.set.workloadsIn(ns).length === 0) continue;
      const ws = ctx.set.selectableWorkloadsIn(ns);
      let selector: any;
      let matches: ((labels: Record<string, string>, w: any) => boolean) | undefined;
      if ((isIstioAuthz(o) || isPeerAuthentication(o) || (o.kind === 'Sidecar' && apiGroup(o.apiVersion) === 'networking.istio.io'))) {
        selector = o.kind === 'Sidecar' ? o.spec?.workloadSelector : o.spec?.selector;
        if (!selector || ns === ISTIO_ROOT_NAMESPACE) continue;
        if (o.kind === 'Sidecar') selector = { matchLabels: selector.labels ?? {} };
        matches = labels => matchLabelsMatch(selector, labels);
      } else if (isLinkerd(o, 'Server')) {
        selector = o.spec?.podSelector;
        if (!selector) continue;
        matches = labels => selectorMatches(selector, labels);
      } else if (isCiliumPolicy(o) && o.kind === 'CiliumNetworkPolicy') {
        const sels = ciliumSpecs(o).map(s => s.endpointSelector).filter(s => s !== undefined);
        if (sels.length === 0 || sels.some(isEmptySelector)) continue;
        selector = sels;
        matches = (_l, w) => sels.some(s => selectorMatches(s, ciliumLabels(ctx.set, w), ciliumKey));
      } else if (isNetworkPolicy(o)) {
        selector = o.spec?.podSelector;
        if (!selector || isEmptySelector(selector)) continue;
        matches = labels => selectorMatches(selector, labels);
      }
      if (!matches) continue;
      if (!ws.some(w => matches!(w.labels, w))) {
        out.push({ obj: o, message: `selector ${JSON.stringify(selector)} matches none of the ${ws.length} workload(s) in namespace ${ns}.` });
      }
    }
    return out;
  },
};
