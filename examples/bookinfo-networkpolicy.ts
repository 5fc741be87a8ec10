import { App } from 'cdk8s';
import { ClusterProfile, Exception, Mesh, NetworkPolicyEngine } from '../src';
import { buildBookinfo } from './bookinfo/topology';

export const description = 'Istio Bookinfo with plain Kubernetes NetworkPolicy: the same call graph at L3/L4, under the ClusterNetworkPolicy platform tier (Admin-tier DNS, Baseline-tier default deny)';

export function build(app: App): void {
  buildBookinfo(app, new ClusterProfile({
    mesh: Mesh.none(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
    // The platform tier (docs/cluster-network-policy.md): DNS that namespace owners cannot take away, and a
    // default deny that holds when the namespace's NetworkPolicies are deleted.
    clusterNetworkPolicy: {},
  }), {
    acceptL4Only: Exception.of({ reason: 'no mesh or Cilium: Bookinfo services are identified by pod labels at L3/L4 only', expires: '2027-06-30', owner: 'team-bookinfo' }),
  });
}
