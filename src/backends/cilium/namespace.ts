import { Construct } from 'constructs';
import { ciliumDryRunSpec } from './dry-run';
import { NamespaceIntent } from '../../model/intents';
import { ClusterProfile } from '../../profile/cluster-profile';
import { Mesh, MeshKind } from '../../profile/mesh';
import { AMBIENT_PROBE_SOURCE, controlPlaneEndpoints, HBONE_PORT, proxyMetricsPorts } from '../../profile/mesh-facts';
import { ciliumDnsEgressRules, ciliumEndpoint, ciliumPorts } from '../shared/network-layer';
import * as cilium from '../shared/plain/cilium';

/**
 * Cilium baseline: one CiliumNetworkPolicy selecting every endpoint in the
 * namespace with default deny in both directions; DNS egress to the cluster
 * DNS through Cilium's DNS proxy (so toFQDNs rules work); the egress the mesh
 * data plane needs; and the namespace-wide allowances.
 *
 * Cilium enforces a direction on an endpoint only when a rule selecting it has
 * a non-empty section for that direction (`ingress`/`ingressDeny`,
 * `egress`/`egressDeny`); `enableDefaultDeny` alone enforces nothing
 * (cilium/cilium pkg/policy/repository.go `computePolicyEnforcementAndRules`:
 * `if len(r.Ingress) > 0 || len(r.IngressDeny) > 0 { ingress = true ... }`).
 * So ingress carries one empty rule, `ingress: [{}]`, which selects no peer
 * and no port (pkg/policy/rule.go `mergeIngress`: an L3-only entry needs
 * `len(fromEndpoints) > 0`): ingress is enforced and allows nothing. Egress is
 * enforced by its DNS rules.
 */
export function renderCiliumNamespace(scope: Construct, intent: NamespaceIntent, profile: ClusterProfile, mesh: Mesh): void {
  const ns = intent.name;
  const egress = ciliumDnsEgressRules(profile);
  const dryRun = intent.dryRun;
  if (!dryRun) {
    new cilium.CiliumNetworkPolicy(scope, 'CiliumDefaultDeny', {
      metadata: { name: 'default-deny', namespace: ns },
      spec: {
        description: 'Default deny of ingress and egress for every pod in the namespace; DNS egress to cluster DNS through the DNS proxy.',
        endpointSelector: {},
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [{}],
        egress,
      },
    });
  }

  const policy = (
    pscope: Construct, id: string, pns: string, name: string, description: string,
    ingress: any[] | undefined, egressRules: any[] | undefined,
  ) =>
    ciliumPolicy(pscope, id, pns, name, description, ingress, egressRules, dryRun);
  const cp = controlPlaneEndpoints(mesh);
  if (cp.length > 0) {
    policy(scope, 'CiliumAllowMeshControlPlane', ns, 'allow-mesh-control-plane-egress', 'Egress from every proxy to the mesh control plane.', undefined,
      cp.map(e => ({ toEndpoints: [ciliumEndpoint(e.namespace, e.podLabels)], toPorts: [ciliumPorts(e.ports)] })));
  }
  if (mesh.kind === MeshKind.ISTIO_AMBIENT) {
    policy(scope, 'CiliumAllowAmbientProbes', ns, 'allow-ambient-kubelet-probes', 'Kubelet probes arrive SNAT-ed from 169.254.7.127 in Istio ambient mode.',
      [{ fromCidr: [AMBIENT_PROBE_SOURCE] }], undefined);
  }
  if (intent.monitoringPorts) {
    const ports = withHbone(mesh, profile.monitoring.meshed, [...proxyMetricsPorts(mesh), ...intent.monitoringPorts.map(p => p.targetPort)]);
    if (ports.length > 0) {
      policy(scope, 'CiliumAllowMonitoring', ns, 'allow-monitoring-ingress', 'Prometheus may scrape metrics ports.',
        [{
          fromEndpoints: [ciliumEndpoint(profile.monitoring.namespaceName, profile.monitoring.podLabels)],
          toPorts: [ciliumPorts(ports)],
        }], undefined);
    }
  }
  if (intent.ingressGatewayPorts && intent.ingressGatewayPorts.length > 0) {
    const ports = withHbone(mesh, profile.ingressGateway.meshed, intent.ingressGatewayPorts.map(p => p.targetPort));
    policy(scope, 'CiliumAllowIngressGateway', ns, 'allow-ingress-gateway-ingress', 'The ingress gateway may reach the namespace on its ports.',
      [{
        fromEndpoints: [ciliumEndpoint(profile.ingressGateway.namespaceName, profile.ingressGateway.podLabels)],
        toPorts: [ciliumPorts(ports)],
      }], undefined);
  }
  if (intent.kubeApiServer) {
    policy(scope, 'CiliumAllowKubeApiServer', ns, 'allow-kube-apiserver-egress', 'Every pod may reach the Kubernetes API server.', undefined,
      [{ toEntities: ['kube-apiserver'], toPorts: [ciliumPorts([profile.apiServerPort])] }]);
  }
}

function withHbone(mesh: Mesh, meshed: boolean, ports: number[]): number[] {
  return mesh.kind === MeshKind.ISTIO_AMBIENT && meshed ? [...ports, HBONE_PORT] : ports;
}

function ciliumPolicy(
  scope: Construct, id: string, ns: string, name: string, description: string,
  ingress: any[] | undefined, egress: any[] | undefined, dryRun: boolean,
): void {
  const spec = { description, endpointSelector: {}, ingress, egress };
  new cilium.CiliumNetworkPolicy(scope, id, {
    metadata: { name, namespace: ns },
    spec: dryRun ? ciliumDryRunSpec(spec) : spec,
  });
}
