import { App } from 'cdk8s';
import { buildPayments } from './payments-istio-sidecar';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Mesh } from '../src/profile/mesh';

export const description = 'Payments on Linkerd: Server per port, MeshTLSAuthentication and an HTTPRoute for POST /v1/payments';

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'cluster.local',
    mesh: Mesh.linkerd(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
  });
  buildPayments(app, profile);
}
