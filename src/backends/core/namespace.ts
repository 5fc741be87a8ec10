import { Construct } from 'constructs';
import { NamespaceIntent } from '../../model/intents';
import { ClusterProfile } from '../../profile/cluster-profile';
import { Mesh, MeshKind } from '../../profile/mesh';
import { renderDefaultServiceAccount } from '../shared/default-service-account';
import * as k8s from '../shared/plain/k8s';
import { podSecurityLabels } from '../shared/pod-security-labels';

/** Mesh enrollment labels and annotations for a namespace. */
export function meshEnrollment(mesh: Mesh): { labels: Record<string, string>; annotations: Record<string, string> } {
  switch (mesh.kind) {
    case MeshKind.ISTIO_SIDECAR:
      return { labels: mesh.revision ? { 'istio.io/rev': mesh.revision } : { 'istio-injection': 'enabled' }, annotations: {} };
    case MeshKind.ISTIO_AMBIENT:
      return { labels: { 'istio.io/dataplane-mode': 'ambient', ...(mesh.revision ? { 'istio.io/rev': mesh.revision } : {}) }, annotations: {} };
    case MeshKind.LINKERD:
      return { labels: {}, annotations: { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'deny' } };
    default:
      return { labels: {}, annotations: {} };
  }
}

/** The Namespace object and its `default` ServiceAccount (token automount off). */
export function renderCoreNamespace(scope: Construct, intent: NamespaceIntent, profile: ClusterProfile, mesh: Mesh): void {
  const enrollment = meshEnrollment(mesh);
  const annotations: Record<string, string> = { ...intent.annotations, ...enrollment.annotations };
  // Linkerd's `audit` default inbound policy (2.16+): like all-unauthenticated, but every request
  // it lets through is logged and counted as authorization "audit" (linkerd/linkerd2
  // policy-controller/k8s/index/src/defaults.rs `DefaultPolicy::Audit`; linkerd2-proxy
  // linkerd/app/inbound/src/policy/http.rs logs "Request allowed" for an audit authorization).
  if (mesh.kind === MeshKind.LINKERD && intent.dryRun) annotations['config.linkerd.io/default-inbound-policy'] = 'audit';
  const skip = intent.portMtlsExceptions.map(e => e.port);
  if (mesh.kind === MeshKind.LINKERD && skip.length > 0) {
    annotations['config.linkerd.io/skip-inbound-ports'] = [...new Set(skip)].sort((a, b) => a - b).join(',');
  }
  new k8s.KubeNamespace(scope, 'Namespace', {
    metadata: {
      name: intent.name,
      labels: {
        ...intent.labels,
        'kubernetes.io/metadata.name': intent.name,
        ...podSecurityLabels(intent.podSecurity, 'restricted', profile.podSecurityVersion),
        ...enrollment.labels,
      },
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    },
  });
  renderDefaultServiceAccount(scope, 'DefaultServiceAccount', intent.name);
}
