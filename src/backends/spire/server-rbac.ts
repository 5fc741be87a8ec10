import { Construct } from 'constructs';
import type { ServerRenderInput } from './server-input';
import { ServerParts } from './server-parts';
import * as k8s from '../shared/plain/k8s';

/**
 * RBAC: the server may patch only the bundle ConfigMap and review agent tokens; the controller
 * manager watches pods/nodes/namespaces/endpoints, owns the SPIRE CRDs, patches only its own
 * webhook configuration and holds its leader-election lease.
 */
export function renderServerRbac(scope: Construct, i: ServerRenderInput, p: ServerParts): void {
  new k8s.KubeRole(scope, 'BundleRole', {
    metadata: p.meta(`${i.name}-bundle`, i.agentNamespace),
    rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [i.bundleConfigMap], verbs: ['get', 'patch'] }],
  });
  new k8s.KubeRoleBinding(scope, 'BundleRoleBinding', {
    metadata: p.meta(`${i.name}-bundle`, i.agentNamespace),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${i.name}-bundle` },
    subjects: p.subject,
  });

  // k8s_psat: validate agent tokens (TokenReview) and look up the agent's pod and node.
  const serverRole = `${i.clusterRolePrefix}-server`;
  new k8s.KubeClusterRole(scope, 'ServerClusterRole', {
    metadata: { name: serverRole, labels: p.labels },
    rules: [
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get'] },
    ],
  });
  new k8s.KubeClusterRoleBinding(scope, 'ServerClusterRoleBinding', {
    metadata: { name: serverRole, labels: p.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: serverRole },
    subjects: p.subject,
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
    metadata: { name: cmRole, labels: p.labels },
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
    metadata: { name: cmRole, labels: p.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: cmRole },
    subjects: p.subject,
  });
  new k8s.KubeRole(scope, 'LeaderElectionRole', {
    metadata: p.meta(`${i.controllerManagerName}-leader-election`),
    rules: [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ],
  });
  new k8s.KubeRoleBinding(scope, 'LeaderElectionRoleBinding', {
    metadata: p.meta(`${i.controllerManagerName}-leader-election`),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${i.controllerManagerName}-leader-election` },
    subjects: p.subject,
  });

}
