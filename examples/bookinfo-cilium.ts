import { App } from 'cdk8s';
import { ClusterProfile, Exception, Mesh, NetworkPolicyEngine } from '../src';
import { buildBookinfo } from './bookinfo/topology';

export const description = 'Istio Bookinfo on Cilium without a mesh: the same call graph, by Cilium endpoint labels';

export function build(app: App): void {
  buildBookinfo(app, new ClusterProfile({ mesh: Mesh.none(), networkPolicy: [NetworkPolicyEngine.CILIUM] }), {
    acceptL4Only: Exception.of({ reason: 'no mesh: Bookinfo services are identified by Cilium endpoint labels, not mTLS identities', expires: '2027-06-30', owner: 'team-bookinfo' }),
  });
}
