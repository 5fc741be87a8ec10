import { App } from 'cdk8s';
import { buildPayments } from './payments-istio-sidecar';
import { Exception } from '../src/model/exception';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Enforcement } from '../src/profile/enforcement';
import { Mesh } from '../src/profile/mesh';

export const description = 'Payments on Linkerd in DRY_RUN: default inbound policy and Server accessPolicy audit, NetworkPolicy withheld';

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'cluster.local',
    mesh: Mesh.linkerd(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
  });
  buildPayments(app, profile, {
    enforcement: Enforcement.DRY_RUN,
    dryRunException: Exception.of({
      reason: 'first rollout of zero trust in payments: watch audit authorizations for a week (PLAT-120)',
      expires: '2027-06-30',
      owner: 'team-payments',
    }),
  });
}
