import { Construct } from 'constructs';
import { SPIRE } from './config';
import { httpProbe, resources } from './objects';
import { renderDefaultServiceAccount } from '../shared/default-service-account';
import * as k8s from '../shared/plain/k8s';
import { podSecurityLabels } from '../shared/pod-security-labels';

/** Everything needed to render the SPIRE agent and the SPIFFE CSI driver (library-internal). */
export interface AgentRenderInput {
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly podSecurityVersion: string;
  readonly namespaceAnnotations: Record<string, string>;
  readonly name: string;
  readonly serviceAccount: string;
  readonly labels: Record<string, string>;
  readonly agentImage: string;
  readonly csiDriverImage: string;
  readonly registrarImage: string;
  readonly agentConf: string;
  readonly bundleConfigMap: string;
  readonly clusterRoleName: string;
  readonly priorityClassName?: string;
}

/** Container security context for node agents that must run as root but need no capabilities. */
function rootNoCaps(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: false,
    runAsUser: 0,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Renders the agent namespace (Pod Security `privileged`, with the exception
 * annotations), the agent DaemonSet and its RBAC, and the SPIFFE CSI driver.
 */
export function renderSpireAgent(scope: Construct, i: AgentRenderInput): void {
  const ns = i.namespace;
  const partOf = { 'app.kubernetes.io/part-of': 'spire' };

  if (i.createNamespace) {
    new k8s.KubeNamespace(scope, 'Namespace', {
      metadata: {
        name: ns,
        labels: { 'kubernetes.io/metadata.name': ns, ...podSecurityLabels('privileged', 'restricted', i.podSecurityVersion) },
        annotations: Object.keys(i.namespaceAnnotations).length > 0 ? i.namespaceAnnotations : undefined,
      },
    });
    renderDefaultServiceAccount(scope, 'DefaultServiceAccount', ns);
  }

  // ---- SPIRE agent ----
  const agentSelector = { 'app.kubernetes.io/name': i.name, 'app.kubernetes.io/instance': `${ns}-${i.name}` };
  const agentLabels = { ...i.labels, ...agentSelector, ...partOf, 'app.kubernetes.io/component': 'agent' };
  new k8s.KubeServiceAccount(scope, 'AgentServiceAccount', {
    metadata: { name: i.serviceAccount, namespace: ns, labels: agentLabels },
    // The k8s workload attestor authenticates to the kubelet with this token.
    automountServiceAccountToken: true,
  });
  new k8s.KubeConfigMap(scope, 'AgentConfig', {
    metadata: { name: i.name, namespace: ns, labels: agentLabels },
    data: { 'agent.conf': i.agentConf },
  });
  // k8s workload attestor: read pods from the kubelet (nodes/proxy) and the API.
  new k8s.KubeClusterRole(scope, 'AgentClusterRole', {
    metadata: { name: i.clusterRoleName, labels: agentLabels },
    rules: [{ apiGroups: [''], resources: ['pods', 'nodes', 'nodes/proxy'], verbs: ['get'] }],
  });
  new k8s.KubeClusterRoleBinding(scope, 'AgentClusterRoleBinding', {
    metadata: { name: i.clusterRoleName, labels: agentLabels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: i.clusterRoleName },
    subjects: [{ kind: 'ServiceAccount', name: i.serviceAccount, namespace: ns }],
  });

  new k8s.KubeDaemonSet(scope, 'AgentDaemonSet', {
    metadata: { name: i.name, namespace: ns, labels: agentLabels },
    spec: {
      selector: { matchLabels: agentSelector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
      template: {
        metadata: { labels: agentLabels, annotations: { 'kubectl.kubernetes.io/default-container': 'spire-agent' } },
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

  // ---- SPIFFE CSI driver: shares the Workload API socket with pods, read-only, without hostPath in workloads ----
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
