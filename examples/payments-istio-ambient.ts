import { App } from 'cdk8s';
import { buildPayments } from './payments-istio-sidecar';
import { TrafficPolicy } from '../src/model/traffic-policy';
import { ClusterProfile, NetworkPolicyEngine } from '../src/profile/cluster-profile';
import { Mesh } from '../src/profile/mesh';

export const description = 'Payments on Istio ambient: L4 by ztunnel, POST /v1/payments and retries by a waypoint';

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'prod.example.com',
    mesh: Mesh.istioAmbient(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
  });
  buildPayments(app, profile, { traffic: TrafficPolicy.resilient() });
}
