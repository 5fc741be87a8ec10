import { Construct } from 'constructs';
import { nonEmpty, renderSpireNamespace } from './objects';
import { renderServerConfig } from './server-config';
import type { ServerRenderInput } from './server-input';
import { ServerParts } from './server-parts';
import { renderServerRbac } from './server-rbac';
import { renderServerWebhook } from './server-webhook';
import { renderServerWorkload } from './server-workload';
import { ClusterSpiffeid } from '../../../imports/spire';
import * as k8s from '../shared/plain/k8s';

export type { ServerRenderInput };

/**
 * Renders the SPIRE server: namespace and service account here, then its config, RBAC, webhook
 * and workload parts (in that order: the output order is the creation order); returns the
 * labels selecting the server pods.
 */
export function renderSpireServer(scope: Construct, i: ServerRenderInput): Record<string, string> {
  const ns = i.namespace;
  const selector = { 'app.kubernetes.io/name': i.name, 'app.kubernetes.io/instance': `${ns}-${i.name}` };
  const labels = { ...i.labels, ...selector, 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/part-of': 'spire' };
  const meta = (name: string, namespace: string = ns): k8s.ObjectMeta => ({ name, namespace, labels });

  if (i.createNamespace) renderSpireNamespace(scope, ns, 'restricted', i.podSecurityVersion);

  new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { ...meta(i.serviceAccount), annotations: nonEmpty(i.serviceAccountAnnotations) },
    // The server reviews agent tokens and the controller manager watches pods: both call the API.
    automountServiceAccountToken: true,
  });
  const subject: k8s.Subject[] = [{ kind: 'ServiceAccount', name: i.serviceAccount, namespace: ns }];

  const parts: ServerParts = { namespace: ns, selector, labels, subject, meta };
  renderServerConfig(scope, i, parts);
  renderServerRbac(scope, i, parts);
  renderServerWebhook(scope, i, parts);
  renderServerWorkload(scope, i, parts);
  return { ...selector };
}

/** Registration of the Istio ingress gateway pods, needed before they can become ready with SPIRE identities. */
export function renderIstioGatewayRegistration(
  scope: Construct, name: string, trustDomain: string, namespace: string,
  podLabels: Record<string, string>, x509Ttl: string, jwtTtl: string,
): void {
  new ClusterSpiffeid(scope, 'IstioIngressGatewaySpiffeId', {
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'spire', 'app.kubernetes.io/component': 'istio-integration' } },
    spec: {
      spiffeIdTemplate: `spiffe://${trustDomain}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}`,
      podSelector: { matchLabels: { ...podLabels } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
      ttl: x509Ttl,
      jwtTtl,
      admin: false,
      downstream: false,
    },
  });
}
