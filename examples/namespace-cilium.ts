import { App, Chart } from 'cdk8s';
import { ClusterProfile, Mesh, NetworkPolicyEngine, ZeroTrustNamespace } from '../src';

export const description = 'Zero-trust namespace baseline without a mesh, enforced by Cilium (DNS through the Cilium DNS proxy)';

export function build(app: App): void {
  const profile = new ClusterProfile({
    mesh: Mesh.none(),
    networkPolicy: [NetworkPolicyEngine.CILIUM],
    dns: { nodeLocalDnsCache: true, nodeLocalAddress: '169.254.20.10' },
  });
  const chart = new Chart(app, 'operators');
  new ZeroTrustNamespace(chart, 'operators', { name: 'operators', profile, allowKubeApiServer: true });
}
