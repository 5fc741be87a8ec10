import { App, Chart } from 'cdk8s';
import { ClusterProfile, Mesh, NetworkPolicyEngine, ZeroTrustNamespace } from '../src';

export const description = 'Zero-trust namespace baseline on Linkerd (default inbound policy deny) with Kubernetes NetworkPolicy';

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'cluster.local',
    mesh: Mesh.linkerd(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
    monitoring: { namespaceName: 'linkerd-viz', podLabels: { component: 'prometheus' }, serviceAccount: 'prometheus' },
  });
  const chart = new Chart(app, 'payments');
  new ZeroTrustNamespace(chart, 'payments', { name: 'payments', profile, allowMonitoring: {} });
}
