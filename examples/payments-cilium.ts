import { App } from 'cdk8s';
import { buildPayments } from './payments-istio-sidecar';
import { Exception } from '../src/model/exception';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Mesh } from '../src/profile/mesh';

export const description = 'Payments on Cilium without a mesh: L7 rule POST /v1/payments; identity is label-based (accepted exception)';

export function build(app: App): void {
  const profile = new ClusterProfile({
    mesh: Mesh.none(),
    networkPolicy: [NetworkPolicyEngine.CILIUM],
  });
  buildPayments(app, profile, {
    route: {
      acceptL4Only: Exception.of({
        reason: 'no mesh yet: checkout is identified by Cilium labels, not mTLS, until PLAT-88 rolls out Istio',
        expires: '2027-06-30',
        owner: 'team-payments',
      }),
    },
  });
}
