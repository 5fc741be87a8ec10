import { HclBlock, HclMap, renderHcl } from './hcl';

/** Fixed paths and ports of the rendered SPIRE deployment (library-internal). */
export const SPIRE = {
  serverPort: 8081,
  serverHealthPort: 8080,
  federationPort: 8443,
  agentHealthPort: 9982,
  controllerManagerMetricsPort: 8082,
  controllerManagerHealthPort: 8083,
  webhookPort: 9443,
  serverConfigDir: '/run/spire/config',
  serverDataDir: '/run/spire/data',
  serverSocketDir: '/tmp/spire-server/private',
  serverSocketPath: '/tmp/spire-server/private/api.sock',
  datastoreSecretDir: '/run/spire/datastore',
  kmsDir: '/run/spire/kms',
  agentConfigDir: '/opt/spire/conf/agent',
  agentDataDir: '/var/lib/spire',
  agentBundleDir: '/run/spire/bundle',
  agentTokenDir: '/var/run/secrets/tokens',
  agentTokenFile: 'spire-agent',
  /** Host directory holding the Workload API socket, shared by the agent and the CSI driver. */
  agentSocketHostDir: '/run/spire/agent-sockets',
  bundleConfigMapKey: 'bundle.crt',
  csiDriverName: 'csi.spiffe.io',
  /** Where `SpiffeWorkload` mounts the Workload API in application containers. */
  workloadMountPath: '/spiffe-workload-api',
  /** Where Istio's proxy expects the SPIFFE Workload API (SDS) socket directory. */
  istioWorkloadSocketDir: '/run/secrets/workload-spiffe-uds',
  istioWorkloadVolumeName: 'workload-socket',
  kubeletPath: '/var/lib/kubelet',
} as const;

/**
 * Name of the Workload API socket file in the socket directory. Istio's proxy
 * only looks for `socket`, so that name is used when Istio consumes SPIRE
 * identities; otherwise SPIRE's conventional `spire-agent.sock`.
 */
export function agentSocketFileName(istio: boolean): string {
  return istio ? 'socket' : 'spire-agent.sock';
}

/** The SPIRE DataStore plugin settings. */
export interface DatastoreConf {
  /** `sqlite3` (file on the persistent volume) or `postgres` (settings from a mounted file). */
  readonly kind: 'sqlite3' | 'postgres';
  /** Path of the file holding the `plugin_data` (postgres). */
  readonly pluginDataFile?: string;
}

/** The SPIRE KeyManager plugin settings. */
export interface KeyManagerConf {
  readonly name: string;
  readonly data: Array<[string, string | undefined]>;
}

/** Inputs of server.conf. */
export interface ServerConfInput {
  readonly trustDomain: string;
  readonly logLevel: string;
  readonly caKeyType: string;
  readonly caTtl: string;
  readonly x509SvidTtl: string;
  readonly jwtSvidTtl: string;
  readonly jwtIssuer?: string;
  readonly federation: boolean;
  readonly datastore: DatastoreConf;
  readonly clusterName: string;
  readonly agentServiceAccounts: string[];
  readonly keyManager: KeyManagerConf;
  readonly bundleNamespace: string;
  readonly bundleConfigMap: string;
}

/** server.conf (HCL), deterministic. */
export function renderServerConf(c: ServerConfInput): string {
  const datastore: HclBlock = c.datastore.kind === 'sqlite3'
    ? {
      name: 'DataStore',
      labels: ['sql'],
      blocks: [{
        name: 'plugin_data',
        attributes: [['database_type', 'sqlite3'], ['connection_string', `${SPIRE.serverDataDir}/datastore.sqlite3`]],
      }],
    }
    : { name: 'DataStore', labels: ['sql'], attributes: [['plugin_data_file', c.datastore.pluginDataFile]] };
  const clusters: HclMap = {
    [c.clusterName]: { service_account_allow_list: [...c.agentServiceAccounts] },
  };
  return renderHcl([
    {
      name: 'server',
      attributes: [
        ['bind_address', '0.0.0.0'],
        ['bind_port', String(SPIRE.serverPort)],
        ['socket_path', SPIRE.serverSocketPath],
        ['trust_domain', c.trustDomain],
        ['data_dir', SPIRE.serverDataDir],
        ['log_level', c.logLevel],
        ['ca_key_type', c.caKeyType],
        ['ca_ttl', c.caTtl],
        ['default_x509_svid_ttl', c.x509SvidTtl],
        ['default_jwt_svid_ttl', c.jwtSvidTtl],
        ['jwt_issuer', c.jwtIssuer],
      ],
      blocks: [
        ...(c.federation ? [{
          name: 'federation',
          blocks: [{ name: 'bundle_endpoint', attributes: [['address', '0.0.0.0'], ['port', SPIRE.federationPort]] as Array<[string, string | number]> }],
        }] : []),
      ],
    },
    {
      name: 'plugins',
      blocks: [
        datastore,
        {
          name: 'NodeAttestor',
          labels: ['k8s_psat'],
          blocks: [{ name: 'plugin_data', attributes: [['clusters', clusters]] }],
        },
        {
          name: 'KeyManager',
          labels: [c.keyManager.name],
          blocks: [{ name: 'plugin_data', attributes: c.keyManager.data }],
        },
        {
          name: 'Notifier',
          labels: ['k8sbundle'],
          blocks: [{ name: 'plugin_data', attributes: [['namespace', c.bundleNamespace], ['config_map', c.bundleConfigMap], ['config_map_key', SPIRE.bundleConfigMapKey]] }],
        },
      ],
    },
    {
      name: 'health_checks',
      attributes: [
        ['listener_enabled', true],
        ['bind_address', '0.0.0.0'],
        ['bind_port', String(SPIRE.serverHealthPort)],
        ['live_path', '/live'],
        ['ready_path', '/ready'],
      ],
    },
  ]);
}

/** Inputs of agent.conf. */
export interface AgentConfInput {
  readonly trustDomain: string;
  readonly logLevel: string;
  readonly serverAddress: string;
  readonly clusterName: string;
  readonly socketFileName: string;
  readonly skipKubeletVerification: boolean;
}

/** agent.conf (HCL), deterministic. */
export function renderAgentConf(c: AgentConfInput): string {
  return renderHcl([
    {
      name: 'agent',
      attributes: [
        ['data_dir', SPIRE.agentDataDir],
        ['log_level', c.logLevel],
        ['server_address', c.serverAddress],
        ['server_port', String(SPIRE.serverPort)],
        ['socket_path', `${SPIRE.agentSocketHostDir}/${c.socketFileName}`],
        ['trust_bundle_path', `${SPIRE.agentBundleDir}/${SPIRE.bundleConfigMapKey}`],
        ['trust_domain', c.trustDomain],
      ],
    },
    {
      name: 'plugins',
      blocks: [
        {
          name: 'NodeAttestor',
          labels: ['k8s_psat'],
          blocks: [{ name: 'plugin_data', attributes: [['cluster', c.clusterName], ['token_path', `${SPIRE.agentTokenDir}/${SPIRE.agentTokenFile}`]] }],
        },
        { name: 'KeyManager', labels: ['memory'], blocks: [{ name: 'plugin_data' }] },
        {
          name: 'WorkloadAttestor',
          labels: ['k8s'],
          blocks: [{
            name: 'plugin_data',
            attributes: c.skipKubeletVerification
              ? [['node_name_env', 'MY_NODE_NAME'], ['skip_kubelet_verification', true]]
              : [['node_name_env', 'MY_NODE_NAME'], ['kubelet_ca_path', '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt']],
          }],
        },
      ],
    },
    {
      name: 'health_checks',
      attributes: [
        ['listener_enabled', true],
        ['bind_address', '0.0.0.0'],
        ['bind_port', String(SPIRE.agentHealthPort)],
        ['live_path', '/live'],
        ['ready_path', '/ready'],
      ],
    },
  ]);
}

/** Inputs of the spire-controller-manager configuration. */
export interface ControllerManagerConfInput {
  readonly namespace: string;
  readonly clusterName: string;
  readonly trustDomain: string;
  readonly webhookConfigurationName: string;
  readonly ignoreNamespaces: string[];
  readonly leaderElectionId: string;
}

/** controller-manager-config.yaml (JSON, which is YAML), deterministic. */
export function renderControllerManagerConf(c: ControllerManagerConfInput): string {
  const conf = {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ControllerManagerConfig',
    metrics: { bindAddress: `0.0.0.0:${SPIRE.controllerManagerMetricsPort}` },
    health: { healthProbeBindAddress: `0.0.0.0:${SPIRE.controllerManagerHealthPort}` },
    leaderElection: { leaderElect: true, resourceName: c.leaderElectionId, resourceNamespace: c.namespace },
    validatingWebhookConfigurationName: c.webhookConfigurationName,
    clusterName: c.clusterName,
    trustDomain: c.trustDomain,
    ignoreNamespaces: c.ignoreNamespaces,
    spireServerSocketPath: SPIRE.serverSocketPath,
    watchClassless: true,
    reconcile: { clusterSPIFFEIDs: true, clusterStaticEntries: true, clusterFederatedTrustDomains: true },
  };
  return JSON.stringify(conf, undefined, 2) + '\n';
}
