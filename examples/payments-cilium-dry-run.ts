import { App } from 'cdk8s';
import { buildPayments } from './payments-istio-sidecar';
import { Exception } from '../src/model/exception';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Enforcement } from '../src/profile/enforcement';
import { Mesh } from '../src/profile/mesh';

export const description = 'Payments on Cilium in DRY_RUN: allow rules only (enableDefaultDeny false, no L7 rules), no default-deny; Cilium itself observes nothing';

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
    enforcement: Enforcement.DRY_RUN,
    dryRunException: Exception.of({
      reason: 'first rollout of zero trust in payments: compare Hubble flows with the allow rules for a week (PLAT-120)',
      expires: '2027-06-30',
      owner: 'team-payments',
    }),
  });
}
