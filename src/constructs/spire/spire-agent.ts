import { Construct } from 'constructs';
import { DEFAULT_IMAGES, SpireImages, SpireLogLevel, imageProblems } from './spire-options';
import { SpireServer } from './spire-server';
import { renderAgentConf } from '../../backends/spire/config';
import { Exception } from '../../model/exception';
import { ObjectNames } from '../../model/names';
import { spireAgent, spireNetwork } from '../internal/backends';

/** Properties of a `SpireAgent`. */
export interface SpireAgentProps {
  /** The SPIRE server the agents attest to (trust domain, cluster name, namespaces). */
  readonly server: SpireServer;

  /**
   * Justification for Pod Security `privileged` on the agent namespace
   * (`server.agentNamespace`). SPIRE cannot pass `restricted` there: the
   * agent needs the host PID namespace (to map a caller's PID to its pod),
   * the host network (kubelet) and a hostPath socket directory, and the
   * SPIFFE CSI driver runs privileged with bidirectional mount propagation.
   * Only the agent and the CSI driver run in that namespace. Required.
   */
  readonly podSecurityException: Exception;

  /**
   * Skip verifying the kubelet's serving certificate in the `k8s` workload
   * attestor. Only for clusters whose kubelets serve self-signed certificates
   * not signed by the cluster CA.
   * @default - the kubelet certificate is verified against the cluster CA
   */
  readonly skipKubeletVerification?: Exception;

  /**
   * Whether to render the agent Namespace.
   * @default true
   */
  readonly createNamespace?: boolean;

  /**
   * PriorityClass of the agent and CSI driver pods (e.g. `system-node-critical`
   * where the cluster allows it outside kube-system).
   * @default - none
   */
  readonly priorityClassName?: string;

  /**
   * Container images (agent, CSI driver, node driver registrar).
   * @default - pinned upstream images (see `SpireImages`)
   */
  readonly images?: SpireImages;

  /**
   * Log level.
   * @default SpireLogLevel.INFO
   */
  readonly logLevel?: SpireLogLevel;
}

/**
 * SPIRE agents (DaemonSet) and the SPIFFE CSI driver in the agent namespace:
 *
 * - `k8s_psat` node attestation with a projected ServiceAccount token of
 *   audience `spire-server` (2h), the `k8s` workload attestor (kubelet
 *   certificate verified by default);
 * - the Workload API socket in a host directory shared only with the SPIFFE
 *   CSI driver (`csi.spiffe.io`), which mounts it read-only into pods — no
 *   workload needs a hostPath;
 * - the agent namespace with Pod Security `privileged` and the justification
 *   recorded as annotations (audit and warn stay `restricted`);
 * - a default deny of ingress and egress in that namespace, for the engines in
 *   the profile (the CSI driver needs no network; the hostNetwork agents are
 *   not subject to network policies).
 */
export class SpireAgent extends Construct {
  /** Agent namespace. */
  public readonly namespaceName: string;
  /** The generated `agent.conf`. */
  public readonly agentConf: string;

  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: SpireAgentProps) {
    super(scope, id);
    const server = props.server;
    this.namespaceName = server.agentNamespace;
    const images = { ...DEFAULT_IMAGES, ...Object.fromEntries(Object.entries(props.images ?? {}).filter(([, v]) => v !== undefined)) };

    const p = (m: string) => this.problems.push(m);
    if (!props.podSecurityException) {
      p(`podSecurityException is required: the agent namespace "${this.namespaceName}" must run Pod Security "privileged" (hostPID, hostNetwork and a hostPath socket directory for the agent; a privileged CSI driver). Pass podSecurityException: Exception.of({ reason, expires })`);
    } else {
      for (const m of props.podSecurityException.problems(`Pod Security "privileged" in ${this.namespaceName}`)) p(`podSecurityException: ${m}`);
    }
    if (props.skipKubeletVerification) {
      for (const m of props.skipKubeletVerification.problems('skipping kubelet certificate verification')) p(`skipKubeletVerification: ${m}`);
    }
    for (const k of ['agent', 'csiDriver', 'nodeDriverRegistrar'] as const) for (const m of imageProblems(k, images[k])) p(m);
    if (props.priorityClassName !== undefined) {
      const np = ObjectNames.dns1123SubdomainProblem(props.priorityClassName);
      if (np) p(`priorityClassName "${props.priorityClassName}" ${np}`);
    }
    this.node.addValidation({ validate: () => [...this.problems] });

    this.agentConf = renderAgentConf({
      trustDomain: server.trustDomain,
      logLevel: props.logLevel ?? SpireLogLevel.INFO,
      serverAddress: server.address,
      clusterName: server.clusterName,
      socketFileName: server.socketFileName,
      skipKubeletVerification: props.skipKubeletVerification !== undefined,
    });

    const nsAnnotations: Record<string, string> = {};
    if (props.podSecurityException) {
      Object.assign(nsAnnotations, props.podSecurityException.annotations('pod-security'));
      // The same justification covers the host access the audit's pod-security pack reports
      // (ZT-PSS-002/003: hostPID, hostNetwork, hostPath, a privileged CSI driver).
      Object.assign(nsAnnotations, props.podSecurityException.annotations('host-access'));
    }
    if (props.skipKubeletVerification) Object.assign(nsAnnotations, props.skipKubeletVerification.annotations('spire-skip-kubelet-verification'));
    spireAgent().renderSpireAgent(this, {
      namespace: this.namespaceName,
      createNamespace: props.createNamespace ?? true,
      podSecurityVersion: server.profile.podSecurityVersion,
      namespaceAnnotations: nsAnnotations,
      name: 'spire-agent',
      serviceAccount: server.agentServiceAccount,
      labels: {},
      agentImage: images.agent,
      csiDriverImage: images.csiDriver,
      registrarImage: images.nodeDriverRegistrar,
      agentConf: this.agentConf,
      bundleConfigMap: server.bundleConfigMapName,
      clusterRoleName: ObjectNames.stable([this.namespaceName, 'spire-agent'], 253),
      priorityClassName: props.priorityClassName,
    });

    // The agents run with hostNetwork, which network policies do not govern; the
    // only pod-network pods here are the CSI driver's, which talk over host sockets only.
    spireNetwork().renderSpireDefaultDeny(this, server.profile, this.namespaceName,
      'Default deny of ingress and egress for every pod of the SPIRE agent namespace: the SPIFFE CSI driver only uses host sockets; the agents run with hostNetwork (not subject to network policy).');
  }
}
