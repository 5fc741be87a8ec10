import { Construct } from 'constructs';
import type { AgentRenderInput } from './agent-input';
import { SPIRE } from './config';
import { httpProbe, resources, rootNoCaps } from './objects';
import * as k8s from '../shared/plain/k8s';

/** The agent DaemonSet (host PID and network: see the comments on the pod spec). */
export function renderAgentDaemonSet(scope: Construct, i: AgentRenderInput, selector: Record<string, string>, labels: Record<string, string>): void {
  new k8s.KubeDaemonSet(scope, 'AgentDaemonSet', {
    metadata: { name: i.name, namespace: i.namespace, labels },
    spec: {
      selector: { matchLabels: selector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
      template: {
        metadata: { labels, annotations: { 'kubectl.kubernetes.io/default-container': 'spire-agent' } },
        spec: {
          serviceAccountName: i.serviceAccount,
          automountServiceAccountToken: true,
          // The k8s workload attestor maps a caller's PID to its pod: it needs the host PID namespace.
          hostPid: true,
          // Reaches the kubelet on the node and keeps working while the CNI is down.
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          priorityClassName: i.priorityClassName,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'spire-agent',
            image: i.agentImage,
            imagePullPolicy: 'IfNotPresent',
            args: ['-config', `${SPIRE.agentConfigDir}/agent.conf`],
            env: [{ name: 'MY_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            ports: [{ name: 'healthz', containerPort: SPIRE.agentHealthPort, protocol: 'TCP' }],
            securityContext: rootNoCaps(),
            volumeMounts: [
              { name: 'spire-config', mountPath: SPIRE.agentConfigDir, readOnly: true },
              { name: 'spire-bundle', mountPath: SPIRE.agentBundleDir, readOnly: true },
              { name: 'spire-agent-socket-dir', mountPath: SPIRE.agentSocketHostDir },
              { name: 'spire-token', mountPath: SPIRE.agentTokenDir, readOnly: true },
              { name: 'spire-agent-data', mountPath: SPIRE.agentDataDir },
              { name: 'spire-agent-tmp', mountPath: '/tmp' },
            ],
            livenessProbe: httpProbe('/live', 'healthz', 15),
            readinessProbe: httpProbe('/ready', 'healthz', 10),
            resources: resources('50m', '64Mi', '256Mi'),
          }],
          volumes: [
            { name: 'spire-config', configMap: { name: i.name } },
            { name: 'spire-bundle', configMap: { name: i.bundleConfigMap } },
            { name: 'spire-agent-socket-dir', hostPath: { path: SPIRE.agentSocketHostDir, type: 'DirectoryOrCreate' } },
            {
              name: 'spire-token',
              projected: {
                sources: [{ serviceAccountToken: { path: SPIRE.agentTokenFile, audience: 'spire-server', expirationSeconds: 7200 } }],
              },
            },
            { name: 'spire-agent-data', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
            { name: 'spire-agent-tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
          ],
        },
      },
    },
  });

}
