import { App } from 'cdk8s';
import { ClusterProfile, Mesh, NetworkPolicyEngine } from '../src';
import { buildBookinfo } from './bookinfo/topology';

export const description = 'Istio Bookinfo on Linkerd + NetworkPolicy: the same call graph, authorized by Linkerd identities';

export function build(app: App): void {
  buildBookinfo(app, new ClusterProfile({ mesh: Mesh.linkerd(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] }));
}
