import { Construct } from 'constructs';
import { SPIRE } from './config';
import { httpProbe, resources, restrictedContainer, restrictedPod } from './objects';
import { ClusterSpiffeid } from '../../../imports/spire';
import { renderDefaultServiceAccount } from '../shared/default-service-account';
import * as k8s from '../shared/plain/k8s';
import { podSecurityLabels } from '../shared/pod-security-labels';

/** Everything needed to render the SPIRE server and its controller manager (library-internal). */
export interface ServerRenderInput {
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly podSecurityVersion: string;
  readonly name: string;
  readonly serviceAccount: string;
  readonly serviceAccountAnnotations: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly serverImage: string;
  readonly controllerManagerImage: string;
  readonly serverConf: string;
  readonly controllerManagerConf: string;
  readonly controllerManagerName: string;
  readonly webhookConfigurationName: string;
  readonly clusterRolePrefix: string;
  readonly agentNamespace: string;
  readonly bundleConfigMap: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly datastoreSecret?: { name: string; key: string };
  readonly federation: boolean;
  readonly annotations: Record<string, string>;
}

/**
 * Renders the SPIRE server namespace, RBAC, config, services, webhook and
 * StatefulSet; returns the labels selecting the server pods.
 */
export function renderSpireServer(scope: Construct, i: ServerRenderInput): Record<string, string> {
  const ns = i.namespace;
  const selector = { 'app.kubernetes.io/name': i.name, 'app.kubernetes.io/instance': `${ns}-${i.name}` };
  const labels = { ...i.labels, ...selector, 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/part-of': 'spire' };
  const meta = (name: string, namespace: string | undefined = ns) => ({ name, namespace, labels });

  if (i.createNamespace) {
    new k8s.KubeNamespace(scope, 'Namespace', {
      metadata: {
        name: ns,
        labels: { 'kubernetes.io/metadata.name': ns, ...podSecurityLabels('restricted', 'restricted', i.podSecurityVersion) },
      },
    });
    renderDefaultServiceAccount(scope, 'DefaultServiceAccount', ns);
  }

  new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { ...meta(i.serviceAccount), annotations: nonEmpty(i.serviceAccountAnnotations) },
    // The server reviews agent tokens and the controller manager watches pods: both call the API.
    automountServiceAccountToken: true,
  });
  const subject = [{ kind: 'ServiceAccount', name: i.serviceAccount, namespace: ns }];

  new k8s.KubeConfigMap(scope, 'ServerConfig', {
    metadata: meta(i.name),
    data: { 'server.conf': i.serverConf },
  });
  new k8s.KubeConfigMap(scope, 'ControllerManagerConfig', {
    metadata: meta(i.controllerManagerName),
    data: { 'controller-manager-config.yaml': i.controllerManagerConf },
  });

  // The trust bundle the agents bootstrap from; the k8sbundle notifier keeps it current.
  // No `data` here, so re-applying the manifest never wipes the bundle the server wrote.
  new k8s.KubeConfigMap(scope, 'BundleConfigMap', { metadata: meta(i.bundleConfigMap, i.agentNamespace) });
  new k8s.KubeRole(scope, 'BundleRole', {
    metadata: meta(`${i.name}-bundle`, i.agentNamespace),
    rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [i.bundleConfigMap], verbs: ['get', 'patch'] }],
  });
  new k8s.KubeRoleBinding(scope, 'BundleRoleBinding', {
    metadata: meta(`${i.name}-bundle`, i.agentNamespace),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${i.name}-bundle` },
    subjects: subject,
  });

  // k8s_psat: validate agent tokens (TokenReview) and look up the agent's pod and node.
  const serverRole = `${i.clusterRolePrefix}-server`;
  new k8s.KubeClusterRole(scope, 'ServerClusterRole', {
    metadata: { name: serverRole, labels },
    rules: [
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get'] },
    ],
  });
  new k8s.KubeClusterRoleBinding(scope, 'ServerClusterRoleBinding', {
    metadata: { name: serverRole, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: serverRole },
    subjects: subject,
  });

  // spire-controller-manager: watch pods/nodes/namespaces/endpoints, own the SPIRE CRDs,
  // patch only its own webhook configuration.
  const cmRole = `${i.clusterRolePrefix}-controller-manager`;
  const crd = (r: string) => [
    { apiGroups: ['spire.spiffe.io'], resources: [r], verbs: ['get', 'list', 'watch', 'patch', 'update'] },
    { apiGroups: ['spire.spiffe.io'], resources: [`${r}/finalizers`], verbs: ['update'] },
    { apiGroups: ['spire.spiffe.io'], resources: [`${r}/status`], verbs: ['get', 'patch', 'update'] },
  ];
  new k8s.KubeClusterRole(scope, 'ControllerManagerClusterRole', {
    metadata: { name: cmRole, labels },
    rules: [
      { apiGroups: [''], resources: ['endpoints', 'namespaces', 'nodes', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['list', 'watch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], resourceNames: [i.webhookConfigurationName], verbs: ['get', 'patch'] },
      ...crd('clusterfederatedtrustdomains'),
      ...crd('clusterspiffeids'),
      ...crd('clusterstaticentries'),
    ],
  });
  new k8s.KubeClusterRoleBinding(scope, 'ControllerManagerClusterRoleBinding', {
    metadata: { name: cmRole, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: cmRole },
    subjects: subject,
  });
  new k8s.KubeRole(scope, 'LeaderElectionRole', {
    metadata: meta(`${i.controllerManagerName}-leader-election`),
    rules: [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ],
  });
  new k8s.KubeRoleBinding(scope, 'LeaderElectionRoleBinding', {
    metadata: meta(`${i.controllerManagerName}-leader-election`),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${i.controllerManagerName}-leader-election` },
    subjects: subject,
  });

  const webhookService = `${i.controllerManagerName}-webhook`;
  new k8s.KubeService(scope, 'WebhookService', {
    metadata: meta(webhookService),
    spec: {
      type: 'ClusterIP',
      selector,
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
    clientConfig: { service: { name: webhookService, namespace: ns, path } },
    rules: [{ apiGroups: ['spire.spiffe.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources: [resource] }],
  });
  new k8s.KubeValidatingWebhookConfiguration(scope, 'Webhook', {
    metadata: { name: i.webhookConfigurationName, labels },
    webhooks: [
      hook('vclusterfederatedtrustdomain.kb.io', '/validate-spire-spiffe-io-v1alpha1-clusterfederatedtrustdomain', 'clusterfederatedtrustdomains'),
      hook('vclusterspiffeid.kb.io', '/validate-spire-spiffe-io-v1alpha1-clusterspiffeid', 'clusterspiffeids'),
    ],
  });

  const ports: k8s.ServicePort[] = [{ name: 'grpc', port: SPIRE.serverPort, targetPort: k8s.IntOrString.fromString('grpc'), protocol: 'TCP' }];
  if (i.federation) ports.push({ name: 'federation', port: SPIRE.federationPort, targetPort: k8s.IntOrString.fromString('federation'), protocol: 'TCP' });
  new k8s.KubeService(scope, 'Service', { metadata: meta(i.name), spec: { type: 'ClusterIP', selector, ports } });
  const headless = `${i.name}-headless`;
  new k8s.KubeService(scope, 'HeadlessService', {
    metadata: meta(headless),
    spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports },
  });

  const serverMounts: k8s.VolumeMount[] = [
    { name: 'spire-config', mountPath: SPIRE.serverConfigDir, readOnly: true },
    { name: 'spire-data', mountPath: SPIRE.serverDataDir },
    { name: 'spire-server-socket', mountPath: SPIRE.serverSocketDir },
    { name: 'server-tmp', mountPath: '/tmp', subPath: 'server' },
  ];
  const volumes: k8s.Volume[] = [
    { name: 'spire-config', configMap: { name: i.name } },
    { name: 'controller-manager-config', configMap: { name: i.controllerManagerName } },
    { name: 'spire-server-socket', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
    { name: 'server-tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
  ];
  if (i.datastoreSecret) {
    serverMounts.push({ name: 'datastore', mountPath: SPIRE.datastoreSecretDir, readOnly: true });
    volumes.push({
      name: 'datastore',
      secret: { secretName: i.datastoreSecret.name, defaultMode: 0o400, items: [{ key: i.datastoreSecret.key, path: 'datastore.conf' }] },
    });
  }
  const containerPorts: k8s.ContainerPort[] = [
    { name: 'grpc', containerPort: SPIRE.serverPort, protocol: 'TCP' },
    { name: 'healthz', containerPort: SPIRE.serverHealthPort, protocol: 'TCP' },
  ];
  if (i.federation) containerPorts.push({ name: 'federation', containerPort: SPIRE.federationPort, protocol: 'TCP' });

  new k8s.KubeStatefulSet(scope, 'StatefulSet', {
    metadata: { ...meta(i.name), annotations: nonEmpty(i.annotations) },
    spec: {
      serviceName: headless,
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: selector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: {
          labels,
          annotations: {
            'kubectl.kubernetes.io/default-container': 'spire-server',
            ...i.annotations,
          },
        },
        spec: {
          serviceAccountName: i.serviceAccount,
          automountServiceAccountToken: true,
          securityContext: restrictedPod(),
          containers: [
            {
              name: 'spire-server',
              image: i.serverImage,
              imagePullPolicy: 'IfNotPresent',
              args: ['-config', `${SPIRE.serverConfigDir}/server.conf`],
              ports: containerPorts,
              securityContext: restrictedContainer(),
              volumeMounts: serverMounts,
              livenessProbe: httpProbe('/live', 'healthz', 15),
              readinessProbe: { ...httpProbe('/ready', 'healthz', 5), periodSeconds: 5 },
              resources: resources('100m', '128Mi', '512Mi'),
            },
            {
              name: 'spire-controller-manager',
              image: i.controllerManagerImage,
              imagePullPolicy: 'IfNotPresent',
              args: ['--config=controller-manager-config.yaml'],
              env: [{ name: 'ENABLE_WEBHOOKS', value: 'true' }],
              ports: [
                { name: 'https', containerPort: SPIRE.webhookPort, protocol: 'TCP' },
                { name: 'cm-healthz', containerPort: SPIRE.controllerManagerHealthPort, protocol: 'TCP' },
              ],
              securityContext: restrictedContainer(),
              volumeMounts: [
                { name: 'spire-server-socket', mountPath: SPIRE.serverSocketDir, readOnly: true },
                { name: 'controller-manager-config', mountPath: '/controller-manager-config.yaml', subPath: 'controller-manager-config.yaml', readOnly: true },
                { name: 'server-tmp', mountPath: '/tmp', subPath: 'controller-manager' },
              ],
              livenessProbe: httpProbe('/healthz', 'cm-healthz', 15),
              readinessProbe: httpProbe('/readyz', 'cm-healthz', 5),
              resources: resources('50m', '64Mi', '256Mi'),
            },
          ],
          volumes,
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'spire-data', labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: i.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(i.storageSize) } },
        },
      }],
    },
  });
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

function nonEmpty(m: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(m).length > 0 ? m : undefined;
}
