import { clusterNetworkPolicyProblem, renderClusterNetworkPolicyNamespace } from './namespace';
import { DRY_RUN_NOTE_PREFIX } from '../../profile/enforcement';
import { EngineRenderer } from '../contract';

/**
 * Kubernetes ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`), the platform tier: the registry entry
 * `CLUSTER_NETWORK_POLICY`, applied when `ClusterProfile.clusterNetworkPolicy` is set. Per namespace an Admin-tier
 * DNS `Accept` and a Baseline-tier default deny (docs/cluster-network-policy.md). The audit evaluates its tiers
 * inside the NetworkPolicy evaluator (Admin, NetworkPolicy, Baseline: one network plugin, one verdict).
 */
const renderer: EngineRenderer = {
  checkNamespace: ({ intent, profile, problem }) => {
    const p = clusterNetworkPolicyProblem(intent, profile);
    if (p) problem(p);
  },
  dryRunNotes: () => ({
    [`${DRY_RUN_NOTE_PREFIX}cluster-network-policy`]: 'withheld: a Baseline-tier default deny would drop what the dry run lets through, so no ClusterNetworkPolicy selects this namespace until ENFORCE; it observes nothing',
  }),
  renderNamespace: ({ scope, intent, profile }) => renderClusterNetworkPolicyNamespace(scope, intent, profile),
};

export default renderer;
