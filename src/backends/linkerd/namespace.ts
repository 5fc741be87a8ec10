import { Construct } from 'constructs';
import { linkerdAccessPolicy, linkerdProxyProtocol } from './protocol';
import { NamespaceIntent } from '../../model/intents';

import { ClusterProfile, InfrastructureWorkload } from '../../profile/cluster-profile';
import { Mesh } from '../../profile/mesh';
import * as l5d from '../shared/plain/linkerd';

/**
 * Linkerd baseline. Enrollment and the `deny` default inbound policy are
 * namespace annotations (see the core backend); here: the namespace-wide
 * allowances for Prometheus (proxy admin port and app metrics ports) and
 * the ingress gateway, authenticated by their mesh identity.
 */
export function renderLinkerdNamespace(scope: Construct, intent: NamespaceIntent, profile: ClusterProfile, _mesh: Mesh): void {
  if (intent.monitoringPorts) {
    const authn = meshTls(scope, 'LinkerdMonitoringAuthn', intent.name, 'monitoring', profile, profile.monitoring);
    // The proxy's admin server (named port `linkerd-admin`, 4191) serves proxy metrics.
    server(scope, 'LinkerdAdminServer', intent.name, 'linkerd-admin', 'linkerd-admin', 'HTTP/1', authn, intent.dryRun);
    for (const p of intent.monitoringPorts) {
      server(scope, `LinkerdMetricsServer${p.targetPort}`, intent.name, `metrics-${p.targetPort}`, p.targetPort, linkerdProxyProtocol(p), authn, intent.dryRun);
    }
  }
  if (intent.ingressGatewayPorts && intent.ingressGatewayPorts.length > 0) {
    const authn = meshTls(scope, 'LinkerdIngressGatewayAuthn', intent.name, 'ingress-gateway', profile, profile.ingressGateway);
    for (const p of intent.ingressGatewayPorts) {
      server(scope, `LinkerdIngressServer${p.targetPort}`, intent.name, `ingress-${p.targetPort}`, p.targetPort, linkerdProxyProtocol(p), authn, intent.dryRun);
    }
  }
}

function meshTls(scope: Construct, id: string, ns: string, name: string, profile: ClusterProfile, infra: InfrastructureWorkload): string {
  new l5d.MeshTlsAuthentication(scope, id, {
    metadata: { name, namespace: ns },
    spec: { identities: [profile.linkerdIdentity(infra.namespaceName, infra.serviceAccount)] },
  });
  return name;
}

function server(
  scope: Construct, id: string, ns: string, name: string, port: string | number, proxyProtocol: string, authn: string, dryRun: boolean,
): void {
  new l5d.Server(scope, id, {
    metadata: { name, namespace: ns },
    spec: {
      accessPolicy: linkerdAccessPolicy(dryRun),
      podSelector: {},
      port: typeof port === 'number' ? l5d.ServerSpecPort.fromNumber(port) : l5d.ServerSpecPort.fromString(port),
      proxyProtocol,
    },
  });
  new l5d.AuthorizationPolicy(scope, `${id}Authz`, {
    metadata: { name, namespace: ns },
    spec: {
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: authn }],
    },
  });
}

