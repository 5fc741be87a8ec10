import { Construct } from 'constructs';
import type { AgentRenderInput } from './agent-input';
import * as k8s from '../shared/plain/k8s';

/** The agent's service account (its token authenticates the k8s workload attestor to the kubelet). */
export function renderAgentServiceAccount(scope: Construct, i: AgentRenderInput, labels: Record<string, string>): void {
  new k8s.KubeServiceAccount(scope, 'AgentServiceAccount', {
    metadata: { name: i.serviceAccount, namespace: i.namespace, labels },
    // The k8s workload attestor authenticates to the kubelet with this token.
    automountServiceAccountToken: true,
  });
}

/** The agent's ClusterRole: read pods and nodes, and pods through the kubelet (nodes/proxy). */
export function renderAgentClusterRole(scope: Construct, i: AgentRenderInput, labels: Record<string, string>): void {
  // k8s workload attestor: read pods from the kubelet (nodes/proxy) and the API.
  new k8s.KubeClusterRole(scope, 'AgentClusterRole', {
    metadata: { name: i.clusterRoleName, labels },
    rules: [{ apiGroups: [''], resources: ['pods', 'nodes', 'nodes/proxy'], verbs: ['get'] }],
  });
  new k8s.KubeClusterRoleBinding(scope, 'AgentClusterRoleBinding', {
    metadata: { name: i.clusterRoleName, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: i.clusterRoleName },
    subjects: [{ kind: 'ServiceAccount', name: i.serviceAccount, namespace: i.namespace }],
  });

}
