import { Construct } from 'constructs';
import { NamespaceIntent } from '../../model/intents';
import { ClusterProfile, InfrastructureWorkload } from '../../profile/cluster-profile';
import { Mesh, MeshKind } from '../../profile/mesh';
import { AMBIENT_PROBE_SOURCE, controlPlaneEndpoints, HBONE_PORT, proxyMetricsPorts } from '../../profile/mesh-facts';
import { npDnsEgressRule, npPodsIn, npPort } from '../shared/network-layer';
import * as k8s from '../shared/plain/k8s';

function infraPorts(mesh: Mesh, infra: InfrastructureWorkload, ports: number[]): number[] {
  const out = [...ports];
  if (mesh.kind === MeshKind.ISTIO_AMBIENT && infra.meshed) out.push(HBONE_PORT);
  return [...new Set(out)].sort((a, b) => a - b);
}

/**
 * Kubernetes NetworkPolicy baseline: default deny both directions, DNS egress
 * to the cluster DNS only, and what the mesh data plane needs.
 */
export function renderNetworkPolicyNamespace(scope: Construct, intent: NamespaceIntent, profile: ClusterProfile, mesh: Mesh): void {
  const ns = intent.name;
  // Kubernetes NetworkPolicy has no dry run, and every policy isolates the pods it selects for its
  // policyTypes (https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation):
  // even an allow rule alone would deny the rest. In a dry run nothing is rendered in the namespace.
  if (intent.dryRun) return;
  new k8s.KubeNetworkPolicy(scope, 'NpDefaultDeny', {
    metadata: { name: 'default-deny', namespace: ns },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });

  new k8s.KubeNetworkPolicy(scope, 'NpAllowDns', {
    metadata: { name: 'allow-dns-egress', namespace: ns },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [npDnsEgressRule(profile)],
    },
  });

  const cp = controlPlaneEndpoints(mesh);
  if (cp.length > 0) {
    new k8s.KubeNetworkPolicy(scope, 'NpAllowMeshControlPlane', {
      metadata: { name: 'allow-mesh-control-plane-egress', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: cp.map(e => ({ to: [npPodsIn(e.namespace, e.podLabels)], ports: e.ports.map(p => npPort(p)) })),
      },
    });
  }

  if (mesh.kind === MeshKind.ISTIO_AMBIENT) {
    new k8s.KubeNetworkPolicy(scope, 'NpAllowAmbientProbes', {
      metadata: { name: 'allow-ambient-kubelet-probes', namespace: ns },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: AMBIENT_PROBE_SOURCE } }] }] },
    });
  }

  if (intent.monitoringPorts) {
    const ports = infraPorts(mesh, profile.monitoring, [...proxyMetricsPorts(mesh), ...intent.monitoringPorts.map(p => p.targetPort)]);
    if (ports.length > 0) {
      new k8s.KubeNetworkPolicy(scope, 'NpAllowMonitoring', {
        metadata: { name: 'allow-monitoring-ingress', namespace: ns },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [{ from: [npPodsIn(profile.monitoring.namespaceName, profile.monitoring.podLabels)], ports: ports.map(p => npPort(p)) }],
        },
      });
    }
  }

  if (intent.ingressGatewayPorts && intent.ingressGatewayPorts.length > 0) {
    const ports = infraPorts(mesh, profile.ingressGateway, intent.ingressGatewayPorts.map(p => p.targetPort));
    new k8s.KubeNetworkPolicy(scope, 'NpAllowIngressGateway', {
      metadata: { name: 'allow-ingress-gateway-ingress', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [npPodsIn(profile.ingressGateway.namespaceName, profile.ingressGateway.podLabels)], ports: ports.map(p => npPort(p)) }],
      },
    });
  }

  if (intent.kubeApiServer && profile.apiServerCidrs.length > 0) {
    new k8s.KubeNetworkPolicy(scope, 'NpAllowKubeApiServer', {
      metadata: { name: 'allow-kube-apiserver-egress', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: profile.apiServerCidrs.map(cidr => ({ ipBlock: { cidr } })), ports: [npPort(profile.apiServerPort)] }],
      },
    });
  }
}
