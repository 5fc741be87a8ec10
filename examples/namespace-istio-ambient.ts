import { App, Chart } from 'cdk8s';
import { ClusterProfile, Mesh, NetworkPolicyEngine, Port, ZeroTrustNamespace } from '../src';

export const description = 'Zero-trust namespace baseline on Istio ambient (ztunnel) with Kubernetes NetworkPolicy';

export function build(app: App): void {
  const profile = new ClusterProfile({
    trustDomain: 'prod.example.com',
    mesh: Mesh.istioAmbient(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
  });
  const chart = new Chart(app, 'payments');
  new ZeroTrustNamespace(chart, 'payments', {
    name: 'payments',
    profile,
    allowMonitoring: { ports: [Port.http(9090, { name: 'metrics' })] },
    allowIngressGateway: { ports: [Port.http(8080)] },
  });
}
