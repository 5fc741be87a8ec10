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

/**
 * SPIRE reads its configuration as HCL or JSON (HCL's JSON form); the upstream hardened Helm
 * chart renders both files as JSON (spiffe/helm-charts-hardened,
 * charts/spire/charts/spire-server/templates/configmap.yaml and
 * charts/spire/charts/spire-agent/templates/configmap.yaml: `spire-lib.reformat-and-yaml2json`).
 * An HCL block `Type "name" { ... }` is the JSON object `"Type": { "name": { ... } }`.
 */

/** `plugins.<Type>.<name>`: a plugin's settings. */
export interface SpirePluginConfig {
  /** Settings passed to the plugin. */
  readonly plugin_data?: { readonly [key: string]: unknown };
  /** A file holding the plugin's settings (SPIRE 1.10+), instead of `plugin_data`. */
  readonly plugin_data_file?: string;
}

/** `plugins`: plugin type -> plugin name -> settings. */
export interface SpirePluginsConfig { readonly [type: string]: { readonly [name: string]: SpirePluginConfig } }

/** `health_checks`. */
export interface SpireHealthChecksConfig {
  readonly listener_enabled: boolean;
  readonly bind_address: string;
  readonly bind_port: string;
  readonly live_path: string;
  readonly ready_path: string;
}

/** server.conf (https://spiffe.io/docs/latest/deploying/spire_server/#server-configuration-file). */
export interface SpireServerConfig {
  readonly server: {
    readonly bind_address: string;
    readonly bind_port: string;
    readonly socket_path: string;
    readonly trust_domain: string;
    readonly data_dir: string;
    readonly log_level: string;
    readonly ca_key_type: string;
    readonly ca_ttl: string;
    readonly default_x509_svid_ttl: string;
    readonly default_jwt_svid_ttl: string;
    readonly jwt_issuer?: string;
    readonly federation?: { readonly bundle_endpoint: { readonly address: string; readonly port: number } };
  };
  readonly plugins: SpirePluginsConfig;
  readonly health_checks: SpireHealthChecksConfig;
}

/** agent.conf (https://spiffe.io/docs/latest/deploying/spire_agent/#agent-configuration-file). */
export interface SpireAgentConfig {
  readonly agent: {
    readonly data_dir: string;
    readonly log_level: string;
    readonly server_address: string;
    readonly server_port: string;
    readonly socket_path: string;
    readonly trust_bundle_path: string;
    readonly trust_domain: string;
  };
  readonly plugins: SpirePluginsConfig;
  readonly health_checks: SpireHealthChecksConfig;
}

function healthChecks(port: number): SpireHealthChecksConfig {
  return { listener_enabled: true, bind_address: '0.0.0.0', bind_port: String(port), live_path: '/live', ready_path: '/ready' };
}

/** Deterministic JSON (keys in declaration order, undefined dropped), ending with a newline. */
function renderJson(conf: SpireServerConfig | SpireAgentConfig): string {
  return JSON.stringify(conf, undefined, 2) + '\n';
}

/** server.conf as a typed model. */
export function serverConfig(c: ServerConfInput): SpireServerConfig {
  const datastore: SpirePluginConfig = c.datastore.kind === 'sqlite3'
    ? { plugin_data: { database_type: 'sqlite3', connection_string: `${SPIRE.serverDataDir}/datastore.sqlite3` } }
    : { plugin_data_file: c.datastore.pluginDataFile };
  return {
    server: {
      bind_address: '0.0.0.0',
      bind_port: String(SPIRE.serverPort),
      socket_path: SPIRE.serverSocketPath,
      trust_domain: c.trustDomain,
      data_dir: SPIRE.serverDataDir,
      log_level: c.logLevel,
      ca_key_type: c.caKeyType,
      ca_ttl: c.caTtl,
      default_x509_svid_ttl: c.x509SvidTtl,
      default_jwt_svid_ttl: c.jwtSvidTtl,
      jwt_issuer: c.jwtIssuer,
      federation: c.federation ? { bundle_endpoint: { address: '0.0.0.0', port: SPIRE.federationPort } } : undefined,
    },
    plugins: {
      DataStore: { sql: datastore },
      NodeAttestor: { k8s_psat: { plugin_data: { clusters: { [c.clusterName]: { service_account_allow_list: [...c.agentServiceAccounts] } } } } },
      KeyManager: { [c.keyManager.name]: { plugin_data: Object.fromEntries(c.keyManager.data.filter(([, v]) => v !== undefined)) } },
      Notifier: {
        k8sbundle: { plugin_data: { namespace: c.bundleNamespace, config_map: c.bundleConfigMap, config_map_key: SPIRE.bundleConfigMapKey } },
      },
    },
    health_checks: healthChecks(SPIRE.serverHealthPort),
  };
}

/** server.conf (JSON), deterministic. */
export function renderServerConf(c: ServerConfInput): string {
  return renderJson(serverConfig(c));
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

/** agent.conf as a typed model. */
export function agentConfig(c: AgentConfInput): SpireAgentConfig {
  return {
    agent: {
      data_dir: SPIRE.agentDataDir,
      log_level: c.logLevel,
      server_address: c.serverAddress,
      server_port: String(SPIRE.serverPort),
      socket_path: `${SPIRE.agentSocketHostDir}/${c.socketFileName}`,
      trust_bundle_path: `${SPIRE.agentBundleDir}/${SPIRE.bundleConfigMapKey}`,
      trust_domain: c.trustDomain,
    },
    plugins: {
      NodeAttestor: { k8s_psat: { plugin_data: { cluster: c.clusterName, token_path: `${SPIRE.agentTokenDir}/${SPIRE.agentTokenFile}` } } },
      KeyManager: { memory: { plugin_data: {} } },
      WorkloadAttestor: {
        k8s: {
          plugin_data: c.skipKubeletVerification
            ? { node_name_env: 'MY_NODE_NAME', skip_kubelet_verification: true }
            : { node_name_env: 'MY_NODE_NAME', kubelet_ca_path: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' },
        },
      },
    },
    health_checks: healthChecks(SPIRE.agentHealthPort),
  };
}

/** agent.conf (JSON), deterministic. */
export function renderAgentConf(c: AgentConfInput): string {
  return renderJson(agentConfig(c));
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
