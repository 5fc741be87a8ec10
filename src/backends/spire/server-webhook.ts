import { Construct } from 'constructs';
import type { ServerRenderInput } from './server-input';
import { ServerParts } from './server-parts';
import * as k8s from '../shared/plain/k8s';

/** The controller manager's validating webhook for the SPIRE CRDs, and its Service. */
export function renderServerWebhook(scope: Construct, i: ServerRenderInput, p: ServerParts): void {
  const webhookService = `${i.controllerManagerName}-webhook`;
  new k8s.KubeService(scope, 'WebhookService', {
    metadata: p.meta(webhookService),
    spec: {
      type: 'ClusterIP',
      selector: p.selector,
      ports: [{ name: 'https', port: 443, targetPort: k8s.IntOrString.fromString('https'), protocol: 'TCP' }],
    },
  });
  // The controller manager generates the serving certificate and patches caBundle in.
  const hook = (name: string, path: string, resource: string): k8s.ValidatingWebhook => ({
    name,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: 'Fail',
    timeoutSeconds: 10,
    clientConfig: { service: { name: webhookService, namespace: p.namespace, path } },
    rules: [{ apiGroups: ['spire.spiffe.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources: [resource] }],
  });
  new k8s.KubeValidatingWebhookConfiguration(scope, 'Webhook', {
    metadata: { name: i.webhookConfigurationName, labels: p.labels },
    webhooks: [
      hook('vclusterfederatedtrustdomain.kb.io', '/validate-spire-spiffe-io-v1alpha1-clusterfederatedtrustdomain', 'clusterfederatedtrustdomains'),
      hook('vclusterspiffeid.kb.io', '/validate-spire-spiffe-io-v1alpha1-clusterspiffeid', 'clusterspiffeids'),
    ],
  });

}
