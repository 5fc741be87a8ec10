import { Construct } from 'constructs';
import { renderDefaultServiceAccount } from '../shared/default-service-account';
import * as k8s from '../shared/plain/k8s';
import { podSecurityLabels } from '../shared/pod-security-labels';

/** Helpers for the core objects of the SPIRE deployment (library-internal). */

/** A container security context that passes Pod Security `restricted`. */
export function restrictedContainer(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A pod security context that passes Pod Security `restricted` (non-root uid/gid 1000). */
export function restrictedPod(): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    fsGroup: 1000,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Default, modest resource requests and limits. */
export function resources(cpu: string, memory: string, memoryLimit: string): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(memory) },
    limits: { memory: k8s.Quantity.fromString(memoryLimit) },
  };
}

/** HTTP probe on a named port. */
export function httpProbe(path: string, port: string, initialDelaySeconds: number): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromString(port) },
    initialDelaySeconds,
    periodSeconds: 30,
    timeoutSeconds: 3,
    failureThreshold: 2,
  };
}

/** `m`, or undefined when it is empty (so an empty map is not rendered). */
export function nonEmpty(m: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(m).length > 0 ? m : undefined;
}

/** Container security context for node agents that must run as root but need no capabilities. */
export function rootNoCaps(): k8s.SecurityContext {
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
 * A SPIRE namespace: enforced Pod Security `level` (audit and warn `restricted`), optional
 * annotations (the exception for `privileged`), and its default ServiceAccount with token automount off.
 */
export function renderSpireNamespace(
  scope: Construct, ns: string, level: string, podSecurityVersion: string, annotations: Record<string, string> = {},
): void {
  new k8s.KubeNamespace(scope, 'Namespace', {
    metadata: {
      name: ns,
      labels: { 'kubernetes.io/metadata.name': ns, ...podSecurityLabels(level, 'restricted', podSecurityVersion) },
      annotations: nonEmpty(annotations),
    },
  });
  renderDefaultServiceAccount(scope, 'DefaultServiceAccount', ns);
}
