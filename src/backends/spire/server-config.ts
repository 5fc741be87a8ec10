import { Construct } from 'constructs';
import type { ServerRenderInput } from './server-input';
import { ServerParts } from './server-parts';
import * as k8s from '../shared/plain/k8s';

/**
 * The server's and the controller manager's configuration, and the (initially empty) trust
 * bundle ConfigMap in the agents' namespace that the k8sbundle notifier keeps current.
 */
export function renderServerConfig(scope: Construct, i: ServerRenderInput, p: ServerParts): void {
  new k8s.KubeConfigMap(scope, 'ServerConfig', {
    metadata: p.meta(i.name),
    data: { 'server.conf': i.serverConf },
  });
  new k8s.KubeConfigMap(scope, 'ControllerManagerConfig', {
    metadata: p.meta(i.controllerManagerName),
    data: { 'controller-manager-config.yaml': i.controllerManagerConf },
  });

  // The trust bundle the agents bootstrap from; the k8sbundle notifier keeps it current.
  // No `data` here, so re-applying the manifest never wipes the bundle the server wrote.
  new k8s.KubeConfigMap(scope, 'BundleConfigMap', { metadata: p.meta(i.bundleConfigMap, i.agentNamespace) });
}
