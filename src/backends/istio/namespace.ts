import { Construct } from 'constructs';
import { NamespaceIntent } from '../../model/intents';
import { Names } from '../../model/names';
import { ClusterProfile } from '../../profile/cluster-profile';
import { Mesh, MeshKind } from '../../profile/mesh';
import * as net from '../shared/plain/istio-networking';
import * as sec from '../shared/plain/istio-security';

/**
 * Istio baseline: STRICT PeerAuthentication for the namespace (ztunnel and
 * sidecars both enforce it), an allow-nothing AuthorizationPolicy, and the
 * namespace-wide allowances (monitoring, ingress gateway) by identity.
 */
export function renderIstioNamespace(scope: Construct, intent: NamespaceIntent, profile: ClusterProfile, mesh: Mesh): void {
  const ns = intent.name;
  const permissive = intent.permissiveMtls;
  const mode = permissive ? sec.PeerAuthenticationSpecMtlsMode.PERMISSIVE : sec.PeerAuthenticationSpecMtlsMode.STRICT;
  new sec.PeerAuthentication(scope, 'IstioPeerAuthentication', {
    metadata: { name: 'default', namespace: ns, annotations: permissive ? permissive.annotations('mtls-permissive') : undefined },
    spec: { mtls: { mode } },
  });

  for (const pe of intent.portMtlsExceptions) {
    const name = Names.stable(['port-mtls', String(pe.port), Names.hash(JSON.stringify(Object.entries(pe.podLabels).sort()))]);
    new sec.PeerAuthentication(scope, `IstioPortMtls-${name}`, {
      metadata: { name, namespace: ns, annotations: pe.exception.annotations('port-mtls') },
      spec: {
        selector: { matchLabels: { ...pe.podLabels } },
        mtls: { mode },
        portLevelMtls: { [String(pe.port)]: { mode: sec.PeerAuthenticationSpecPortLevelMtlsMode.DISABLE } },
      },
    });
  }

  if (mesh.kind === MeshKind.ISTIO_SIDECAR) {
    // Sidecars refuse hosts no ServiceEntry or Service registers (Istio's mesh default is
    // ALLOW_ANY): egress to the outside is denied by the mesh as well as by the network layer.
    // The namespace default sees the cluster's Services only (`*/*.svc.<clusterDomain>`), not the
    // ServiceEntries of external names: a workload that declares a route to a DNS name gets its own
    // workload-selected Sidecar adding that name (renderIstioRouteEgress), so the name is not
    // reachable from every pod of the namespace.
    new net.Sidecar(scope, 'IstioSidecarEgress', {
      metadata: { name: 'default', namespace: ns },
      spec: {
        egress: [{ hosts: [istioClusterHosts(profile)] }],
        outboundTrafficPolicy: { mode: net.SidecarSpecOutboundTrafficPolicyMode.REGISTRY_UNDERSCORE_ONLY },
      },
    });
  }

  // An ALLOW policy with no rules matches nothing: with it in place, every
  // request is denied unless another ALLOW policy matches it.
  new sec.AuthorizationPolicy(scope, 'IstioAllowNothing', {
    metadata: { name: 'allow-nothing', namespace: ns },
    spec: {},
  });

  const appMetricsPorts = (intent.monitoringPorts ?? []).map(p => p.targetPort);
  if (appMetricsPorts.length > 0 && profile.monitoring.meshed) {
    allowFrom(scope, 'IstioAllowMonitoring', ns, 'allow-monitoring', profile.istioPrincipal(profile.monitoring.namespaceName, profile.monitoring.serviceAccount), appMetricsPorts);
  }
  const gatewayPorts = (intent.ingressGatewayPorts ?? []).map(p => p.targetPort);
  if (gatewayPorts.length > 0 && profile.ingressGateway.meshed) {
    allowFrom(scope, 'IstioAllowIngressGateway', ns, 'allow-ingress-gateway', profile.istioPrincipal(profile.ingressGateway.namespaceName, profile.ingressGateway.serviceAccount), gatewayPorts);
  }
}

/** Sidecar egress host selecting every Service of the cluster (and no external ServiceEntry host). */
export function istioClusterHosts(profile: ClusterProfile): string {
  return `*/*.svc.${profile.clusterDomain}`;
}

function allowFrom(scope: Construct, id: string, ns: string, name: string, principal: string, ports: number[]): void {
  new sec.AuthorizationPolicy(scope, id, {
    metadata: { name, namespace: ns },
    spec: {
      action: sec.AuthorizationPolicySpecAction.ALLOW,
      rules: [{
        from: [{ source: { principals: [principal] } }],
        to: [{ operation: { ports: [...new Set(ports)].sort((a, b) => a - b).map(String) } }],
      }],
    },
  });
}
