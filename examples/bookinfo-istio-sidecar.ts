import { App } from 'cdk8s';
import { ClusterProfile, Mesh, NetworkPolicyEngine } from '../src';
import { buildBookinfo } from './bookinfo/topology';

export const description = 'Istio Bookinfo on Istio sidecars + NetworkPolicy: productpage → details, reviews; reviews → ratings (port 9080), nothing else';

export function build(app: App): void {
  buildBookinfo(app, new ClusterProfile({ mesh: Mesh.istioSidecar(), networkPolicy: [NetworkPolicyEngine.KUBERNETES] }));
}
