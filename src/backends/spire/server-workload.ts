import { Construct } from 'constructs';
import { SPIRE } from './config';
import { httpProbe, nonEmpty, resources, restrictedContainer, restrictedPod } from './objects';
import type { ServerRenderInput } from './server-input';
import { ServerParts } from './server-parts';
import * as k8s from '../shared/plain/k8s';

/** The server Services and the StatefulSet running the server and the controller manager. */
export function renderServerWorkload(scope: Construct, i: ServerRenderInput, p: ServerParts): void {
  const ports: k8s.ServicePort[] = [{ name: 'grpc', port: SPIRE.serverPort, targetPort: k8s.IntOrString.fromString('grpc'), protocol: 'TCP' }];
  if (i.federation) ports.push({ name: 'federation', port: SPIRE.federationPort, targetPort: k8s.IntOrString.fromString('federation'), protocol: 'TCP' });
  new k8s.KubeService(scope, 'Service', { metadata: p.meta(i.name), spec: { type: 'ClusterIP', selector: p.selector, ports } });
  const headless = `${i.name}-headless`;
  new k8s.KubeService(scope, 'HeadlessService', {
    metadata: p.meta(headless),
    spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: p.selector, ports },
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
    metadata: { ...p.meta(i.name), annotations: nonEmpty(i.annotations) },
    spec: {
      serviceName: headless,
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: p.selector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: {
          labels: p.labels,
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
        metadata: { name: 'spire-data', labels: p.labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: i.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(i.storageSize) } },
        },
      }],
    },
  });
}
