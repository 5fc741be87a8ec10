import { App } from 'cdk8s';
import { buildPayments } from './payments-istio-sidecar';
import { Exception } from '../src/model/exception';
import { TrafficPolicy } from '../src/model/traffic-policy';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Enforcement } from '../src/profile/enforcement';
import { Mesh } from '../src/profile/mesh';

export const description = 'Payments on Istio sidecars in DRY_RUN: AuthorizationPolicies with istio.io/dry-run (shadow rules), Sidecar egress ALLOW_ANY, NetworkPolicy withheld';

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'prod.example.com',
    mesh: Mesh.istioSidecar(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
  });
  buildPayments(app, profile, {
    traffic: TrafficPolicy.resilient(),
    enforcement: Enforcement.DRY_RUN,
    dryRunException: Exception.of({
      reason: 'first rollout of zero trust in payments: watch shadow denials for a week (PLAT-120)',
      expires: '2027-06-30',
      owner: 'team-payments',
    }),
  });
}
