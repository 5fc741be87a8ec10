import { Construct } from 'constructs';
import { NamespaceIntent } from '../../model/intents';
import { ObjectNames } from '../../model/names';
import { ClusterProfile } from '../../profile/cluster-profile';
import { Mesh, MeshKind } from '../../profile/mesh';
import { hasKeys } from '../../shared/objects';
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
    const name = ObjectNames.stable(['port-mtls', String(pe.port), ObjectNames.hash(JSON.stringify(Object.entries(pe.podLabels).sort()))]);
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
        outboundTrafficPolicy: { mode: istioOutboundMode(intent.dryRun) },
      },
    });
  }

  // An ALLOW policy with no rules matches nothing: with it in place, every
  // request is denied unless another ALLOW policy matches it.
  new sec.AuthorizationPolicy(scope, 'IstioAllowNothing', {
    metadata: { name: 'allow-nothing', namespace: ns, annotations: istioDryRunAnnotations(intent.dryRun) },
    spec: {},
  });

  const appMetricsPorts = (intent.monitoringPorts ?? []).map(p => p.targetPort);
  if (appMetricsPorts.length > 0 && profile.monitoring.meshed) {
    allowFrom(scope, 'IstioAllowMonitoring', ns, 'allow-monitoring', profile.istioPrincipal(profile.monitoring.namespaceName, profile.monitoring.serviceAccount), appMetricsPorts, intent.dryRun);
  }
  const gatewayPorts = (intent.ingressGatewayPorts ?? []).map(p => p.targetPort);
  if (gatewayPorts.length > 0 && profile.ingressGateway.meshed) {
    allowFrom(scope, 'IstioAllowIngressGateway', ns, 'allow-ingress-gateway', profile.istioPrincipal(profile.ingressGateway.namespaceName, profile.ingressGateway.serviceAccount), gatewayPorts, intent.dryRun);
  }
}

/** Sidecar egress host selecting every Service of the cluster (and no external ServiceEntry host). */
export function istioClusterHosts(profile: ClusterProfile): string {
  return `*/*.svc.${profile.clusterDomain}`;
}

/** The annotation that puts an AuthorizationPolicy in dry run. */
export const ISTIO_DRY_RUN_ANNOTATION = 'istio.io/dry-run';

/**
 * `istio.io/dry-run: "true"` in a dry run. istiod builds a dry-run policy into the RBAC filter's
 * `shadow_rules` instead of its `rules` (istio/istio pilot/pkg/security/authz/builder/builder.go
 * `isDryRun`, `build`), with stat prefixes `istio_dry_run_allow_` / `istio_dry_run_deny_`
 * (pilot/pkg/security/authz/model/model.go). Every ALLOW policy of the namespace must be in
 * dry run, not only allow-nothing: one enforced ALLOW policy on a workload denies every request it
 * does not match (https://istio.io/latest/docs/concepts/security/#allow-nothing-deny-all-and-allow-all-policy).
 */
export function istioDryRunAnnotations(dryRun: boolean, extra?: { [key: string]: string }): { [key: string]: string } | undefined {
  if (!dryRun) return hasKeys(extra) ? { ...extra } : undefined;
  return { ...extra, [ISTIO_DRY_RUN_ANNOTATION]: 'true' };
}

/**
 * Sidecar outbound policy: REGISTRY_ONLY when enforced; ALLOW_ANY in a dry run, where a host outside
 * the registry goes to the `PassthroughCluster` (visible in `istio_tcp_connections_opened_total` /
 * `istio_requests_total` with `destination_service_name="PassthroughCluster"`) instead of being refused
 * (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/).
 */
export function istioOutboundMode(dryRun: boolean): net.SidecarSpecOutboundTrafficPolicyMode {
  return dryRun ? net.SidecarSpecOutboundTrafficPolicyMode.ALLOW_UNDERSCORE_ANY : net.SidecarSpecOutboundTrafficPolicyMode.REGISTRY_UNDERSCORE_ONLY;
}

function allowFrom(scope: Construct, id: string, ns: string, name: string, principal: string, ports: number[], dryRun: boolean): void {
  new sec.AuthorizationPolicy(scope, id, {
    metadata: { name, namespace: ns, annotations: istioDryRunAnnotations(dryRun) },
    spec: {
      action: sec.AuthorizationPolicySpecAction.ALLOW,
      rules: [{
        from: [{ source: { principals: [principal] } }],
        to: [{ operation: { ports: [...new Set(ports)].sort((a, b) => a - b).map(String) } }],
      }],
    },
  });
}
