/** Everything needed to render the SPIRE server and its controller manager (library-internal). */
export interface ServerRenderInput {
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly podSecurityVersion: string;
  readonly name: string;
  readonly serviceAccount: string;
  readonly serviceAccountAnnotations: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly serverImage: string;
  readonly controllerManagerImage: string;
  readonly serverConf: string;
  readonly controllerManagerConf: string;
  readonly controllerManagerName: string;
  readonly webhookConfigurationName: string;
  readonly clusterRolePrefix: string;
  readonly agentNamespace: string;
  readonly bundleConfigMap: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly datastoreSecret?: { name: string; key: string };
  readonly federation: boolean;
  readonly annotations: Record<string, string>;
}
