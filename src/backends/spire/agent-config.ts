import { Construct } from 'constructs';
import type { AgentRenderInput } from './agent-input';
import * as k8s from '../shared/plain/k8s';

/** The ConfigMap holding agent.conf. */
export function renderAgentConfig(scope: Construct, i: AgentRenderInput, labels: Record<string, string>): void {
  new k8s.KubeConfigMap(scope, 'AgentConfig', {
    metadata: { name: i.name, namespace: i.namespace, labels },
    data: { 'agent.conf': i.agentConf },
  });
}
