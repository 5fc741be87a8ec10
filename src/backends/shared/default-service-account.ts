import { Construct } from 'constructs';
import * as k8s from './plain/k8s';

/**
 * The `default` ServiceAccount of a namespace the library creates, with token
 * automount off. Kubernetes creates `default` in every namespace with
 * automount on, so every pod that names no ServiceAccount would get an API
 * token; declaring it with `automountServiceAccountToken: false` closes that
 * (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting).
 * Every namespace the library renders gets one, through this function only.
 */
export function renderDefaultServiceAccount(scope: Construct, id: string, namespace: string): void {
  new k8s.KubeServiceAccount(scope, id, {
    metadata: { name: 'default', namespace },
    automountServiceAccountToken: false,
  });
}
