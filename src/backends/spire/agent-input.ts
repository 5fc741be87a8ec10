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
