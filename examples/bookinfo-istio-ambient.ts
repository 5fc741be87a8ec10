import { App } from 'cdk8s';
import { ClusterProfile, Mesh, NetworkPolicyEngine } from '../src';
import { buildBookinfo } from './bookinfo/topology';

export const description = 'Istio Bookinfo on Istio ambient + NetworkPolicy: the same call graph, enforced by ztunnel and NetworkPolicy';

export function build(app: App): void {
  buildBookinfo(app, new ClusterProfile({ mesh: Mesh.istioAmbient(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] }));
}
