import { Construct } from 'constructs';
import { renderAgentConfig } from './agent-config';
import type { AgentRenderInput } from './agent-input';
import { renderAgentClusterRole, renderAgentServiceAccount } from './agent-rbac';
import { renderAgentDaemonSet } from './agent-workload';
import { renderCsiDriver } from './csi-driver';
import { renderSpireNamespace } from './objects';

export type { AgentRenderInput };

/**
 * Renders the agent namespace (Pod Security `privileged`, with the exception
 * annotations), then the agent's RBAC, config and DaemonSet, and the SPIFFE CSI driver
 * (the output order is the creation order).
 */
export function renderSpireAgent(scope: Construct, i: AgentRenderInput): void {
  const ns = i.namespace;
  const partOf = { 'app.kubernetes.io/part-of': 'spire' };

  if (i.createNamespace) renderSpireNamespace(scope, ns, 'privileged', i.podSecurityVersion, i.namespaceAnnotations);

  // ---- SPIRE agent ----
  const agentSelector = { 'app.kubernetes.io/name': i.name, 'app.kubernetes.io/instance': `${ns}-${i.name}` };
  const agentLabels = { ...i.labels, ...agentSelector, ...partOf, 'app.kubernetes.io/component': 'agent' };
  renderAgentServiceAccount(scope, i, agentLabels);
  renderAgentConfig(scope, i, agentLabels);
  renderAgentClusterRole(scope, i, agentLabels);
  renderAgentDaemonSet(scope, i, agentSelector, agentLabels);
  renderCsiDriver(scope, i, partOf);
}
