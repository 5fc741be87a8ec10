import { App } from 'cdk8s';
import { buildPayments } from './payments-istio-sidecar';
import { Exception } from '../src/model/exception';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Mesh } from '../src/profile/mesh';

export const description = 'Payments with plain Kubernetes NetworkPolicy: port 8080 only; the L7 part is explicitly accepted as unenforced';

export function build(app: App): void {
  const profile = new ClusterProfile({
    mesh: Mesh.none(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
  });
  buildPayments(app, profile, {
    route: {
      acceptL4Only: Exception.of({
        reason: 'no mesh or Cilium: only port 8080 is enforced, not POST /v1/payments, until PLAT-88 ships',
        expires: '2027-06-30',
        owner: 'team-payments',
      }),
    },
  });
}
