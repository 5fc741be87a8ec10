import { App, Chart } from 'cdk8s';
import { ClusterProfile, Mesh, NetworkPolicyEngine, ZeroTrustNamespace } from '../src';

export const description = 'Zero-trust namespace baseline without a mesh, enforced by plain Kubernetes NetworkPolicy';

export function build(app: App): void {
  const profile = new ClusterProfile({
    mesh: Mesh.none(),
    networkPolicy: [NetworkPolicyEngine.KUBERNETES],
    apiServer: { cidrs: ['10.96.0.1/32', '172.20.0.10/32'], port: 443 },
  });
  const chart = new Chart(app, 'operators');
  new ZeroTrustNamespace(chart, 'operators', { name: 'operators', profile, allowKubeApiServer: true, allowMonitoring: {} });
}
