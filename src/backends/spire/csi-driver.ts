import { Construct } from 'constructs';
import type { AgentRenderInput } from './agent-input';
import { SPIRE } from './config';
import { httpProbe, resources, rootNoCaps } from './objects';
import * as k8s from '../shared/plain/k8s';

/** The SPIFFE CSI driver: shares the Workload API socket with pods, read-only, without hostPath in workloads. */
export function renderCsiDriver(scope: Construct, i: AgentRenderInput, partOf: Record<string, string>): void {
  const ns = i.namespace;
  const csiName = 'spiffe-csi-driver';
  const csiSelector = { 'app.kubernetes.io/name': csiName, 'app.kubernetes.io/instance': `${ns}-${csiName}` };
  const csiLabels = { ...i.labels, ...csiSelector, ...partOf, 'app.kubernetes.io/component': 'csi-driver' };
  new k8s.KubeCsiDriver(scope, 'CsiDriver', {
    metadata: { name: SPIRE.csiDriverName, labels: csiLabels },
    spec: {
      attachRequired: false,
      podInfoOnMount: true,
      // The socket directory is shared as is: the kubelet must not chown it to the pod's fsGroup.
      fsGroupPolicy: 'None',
      volumeLifecycleModes: ['Ephemeral'],
    },
  });
  new k8s.KubeServiceAccount(scope, 'CsiServiceAccount', {
    metadata: { name: csiName, namespace: ns, labels: csiLabels },
    automountServiceAccountToken: false,
  });
  const csiSocketHostDir = `${SPIRE.kubeletPath}/plugins/${SPIRE.csiDriverName}`;
  new k8s.KubeDaemonSet(scope, 'CsiDaemonSet', {
    metadata: { name: csiName, namespace: ns, labels: csiLabels },
    spec: {
      selector: { matchLabels: csiSelector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
      template: {
        metadata: {
          labels: csiLabels,
          // Declares (for the audit's DNS rule) that this pod resolves no names: its namespace allows it no egress at all.
          annotations: { 'zero-trust.cdk8s.io/no-dns': 'the CSI driver talks to the kubelet and the SPIRE agent over host sockets only' },
        },
        spec: {
          serviceAccountName: csiName,
          automountServiceAccountToken: false,
          priorityClassName: i.priorityClassName,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'spiffe-csi-driver',
              image: i.csiDriverImage,
              imagePullPolicy: 'IfNotPresent',
              args: ['-workload-api-socket-dir', '/spire-agent-socket', '-plugin-name', SPIRE.csiDriverName, '-csi-socket-path', '/spiffe-csi/csi.sock'],
              env: [{ name: 'MY_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
              // Bidirectional mount propagation into the kubelet's pod directory requires privileged.
              securityContext: { privileged: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'spire-agent-socket-dir', mountPath: '/spire-agent-socket', readOnly: true },
                { name: 'spiffe-csi-socket-dir', mountPath: '/spiffe-csi' },
                { name: 'mountpoint-dir', mountPath: `${SPIRE.kubeletPath}/pods`, mountPropagation: 'Bidirectional' },
              ],
              resources: resources('10m', '16Mi', '64Mi'),
            },
            {
              name: 'node-driver-registrar',
              image: i.registrarImage,
              imagePullPolicy: 'IfNotPresent',
              args: ['-csi-address', '/spiffe-csi/csi.sock', '-kubelet-registration-path', `${csiSocketHostDir}/csi.sock`, '-health-port', '9809'],
              ports: [{ name: 'healthz', containerPort: 9809, protocol: 'TCP' }],
              livenessProbe: httpProbe('/healthz', 'healthz', 5),
              securityContext: rootNoCaps(),
              volumeMounts: [
                { name: 'spiffe-csi-socket-dir', mountPath: '/spiffe-csi' },
                { name: 'kubelet-plugin-registration-dir', mountPath: '/registration' },
              ],
              resources: resources('10m', '16Mi', '64Mi'),
            },
          ],
          volumes: [
            { name: 'spire-agent-socket-dir', hostPath: { path: SPIRE.agentSocketHostDir, type: 'DirectoryOrCreate' } },
            { name: 'spiffe-csi-socket-dir', hostPath: { path: csiSocketHostDir, type: 'DirectoryOrCreate' } },
            { name: 'mountpoint-dir', hostPath: { path: `${SPIRE.kubeletPath}/pods`, type: 'Directory' } },
            { name: 'kubelet-plugin-registration-dir', hostPath: { path: `${SPIRE.kubeletPath}/plugins_registry`, type: 'Directory' } },
          ],
        },
      },
    },
  });
}
