import { Chart, Duration } from 'cdk8s';
import { ClusterProfile, Exception, IdentityProvider, Mesh } from '../../src';
import { SpireAgent } from '../../src/constructs/spire/spire-agent';
import { SpireDatastore, SpireKeyManager, SpireLogLevel } from '../../src/constructs/spire/spire-options';
import { SpireServer, SpireServerProps } from '../../src/constructs/spire/spire-server';
import { expectValidManifests } from '../util/expect-valid';
import { find, one, synthChart, synthErrors } from '../util/synth';

const API = { cidrs: ['10.96.0.1/32', '172.20.0.10/32'], port: 6443 };
const NODES = ['10.0.0.0/16'];
const profile = () => new ClusterProfile({ trustDomain: 'prod.example.com', apiServer: API });
const psa = () => Exception.of({ reason: 'SPIRE agent needs hostPID, hostNetwork and a hostPath socket dir', expires: '2027-06-30' });

function install(extra: Partial<SpireServerProps> = {}, p: ClusterProfile = profile()) {
  return (chart: Chart) => {
    const server = new SpireServer(chart, 'server', { profile: p, clusterName: 'prod-eu-1', nodeCidrs: NODES, ...extra });
    new SpireAgent(chart, 'agent', { server, podSecurityException: psa() });
  };
}

describe('SpireServer', () => {
  test('renders a complete, valid install with the defaults', () => {
    const objs = synthChart(install());
    expectValidManifests(objs);

    const ns = one(objs, 'Namespace', 'spire-server');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');

    const sts = one(objs, 'StatefulSet', 'spire-server');
    expect(sts.metadata.namespace).toBe('spire-server');
    expect(sts.spec.serviceName).toBe('spire-server-headless');
    expect(one(objs, 'Service', 'spire-server-headless').spec.clusterIP).toBe('None');
    expect(sts.spec.replicas).toBe(1);
    // persistent datastore + key volume survives restarts
    expect(sts.spec.volumeClaimTemplates).toEqual([expect.objectContaining({
      metadata: expect.objectContaining({ name: 'spire-data' }),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    })]);
    const pod = sts.spec.template.spec;
    const server = pod.containers.find((c: any) => c.name === 'spire-server');
    expect(server.args).toEqual(['-config', '/run/spire/config/server.conf']);
    expect(server.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'spire-config', mountPath: '/run/spire/config', readOnly: true },
      { name: 'spire-data', mountPath: '/run/spire/data' },
    ]));
    // every mounted volume is defined (or is a claim template)
    const defined = new Set([...pod.volumes.map((v: any) => v.name), 'spire-data']);
    for (const c of pod.containers) for (const m of c.volumeMounts) expect(defined.has(m.name)).toBe(true);
    expect(pod.volumes).toEqual(expect.arrayContaining([{ name: 'spire-config', configMap: { name: 'spire-server' } }]));
    // Pod Security restricted
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of pod.containers) {
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.image).toMatch(/:[0-9v]/);
    }
    expect(pod.containers.map((c: any) => c.name)).toEqual(['spire-server', 'spire-controller-manager']);

    const svc = one(objs, 'Service', 'spire-server');
    expect(svc.spec.ports).toEqual([{ name: 'grpc', port: 8081, targetPort: 'grpc', protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual(sts.spec.selector.matchLabels);

    // bundle ConfigMap lives with the agents and carries no data (never wiped on re-apply)
    const bundle = one(objs, 'ConfigMap', 'spire-bundle');
    expect(bundle.metadata.namespace).toBe('spire-system');
    expect(bundle.data).toBeUndefined();
  });

  test('server.conf is generated from the typed props', () => {
    let server!: SpireServer;
    const objs = synthChart(chart => {
      server = new SpireServer(chart, 'server', { profile: profile(), nodeCidrs: NODES, clusterName: 'prod-eu-1' });
    });
    expect(one(objs, 'ConfigMap', 'spire-server').data['server.conf']).toBe(server.serverConf);
    // JSON, as the upstream hardened chart renders it (spiffe/helm-charts-hardened,
    // charts/spire/charts/spire-server/templates/configmap.yaml: spire-lib.reformat-and-yaml2json)
    expect(server.serverConf.endsWith('}\n')).toBe(true);
    expect(JSON.parse(server.serverConf)).toEqual({
      server: {
        bind_address: '0.0.0.0',
        bind_port: '8081',
        socket_path: '/tmp/spire-server/private/api.sock',
        trust_domain: 'prod.example.com',
        data_dir: '/run/spire/data',
        log_level: 'INFO',
        ca_key_type: 'ec-p256',
        ca_ttl: '24h',
        default_x509_svid_ttl: '1h',
        default_jwt_svid_ttl: '5m',
      },
      plugins: {
        DataStore: { sql: { plugin_data: { database_type: 'sqlite3', connection_string: '/run/spire/data/datastore.sqlite3' } } },
        NodeAttestor: { k8s_psat: { plugin_data: { clusters: { 'prod-eu-1': { service_account_allow_list: ['spire-system:spire-agent'] } } } } },
        KeyManager: { disk: { plugin_data: { keys_path: '/run/spire/data/keys.json' } } },
        Notifier: { k8sbundle: { plugin_data: { namespace: 'spire-system', config_map: 'spire-bundle', config_map_key: 'bundle.crt' } } },
      },
      health_checks: { listener_enabled: true, bind_address: '0.0.0.0', bind_port: '8080', live_path: '/live', ready_path: '/ready' },
    });
  });

  test('server.conf options: postgres from a mounted file, KMS, TTLs, jwt_issuer, federation, log level', () => {
    let server!: SpireServer;
    const objs = synthChart(chart => {
      server = new SpireServer(chart, 'server', {
        profile: profile(),
        nodeCidrs: NODES,
        clusterName: 'prod',
        namespaceName: 'identity',
        agentNamespace: 'identity-agents',
        agentServiceAccount: 'agent',
        datastore: SpireDatastore.postgres({ secretName: 'spire-db', cidrs: ['10.20.0.15/32'] }),
        kmsCidrs: ['10.30.0.0/28'],
        bundleEndpointClientCidrs: ['203.0.113.0/24'],
        keyManager: SpireKeyManager.awsKms({ region: 'eu-west-1' }),
        caTtl: Duration.hours(48),
        defaultX509SvidTtl: Duration.minutes(90),
        defaultJwtSvidTtl: Duration.minutes(10),
        jwtIssuer: 'https://oidc.prod.example.com',
        bundleEndpoint: true,
        logLevel: SpireLogLevel.WARN,
        serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/spire' },
        storageClassName: 'gp3',
        storageSize: '5Gi',
      });
    });
    expectValidManifests(objs);
    const conf = JSON.parse(server.serverConf);
    expect(conf.server).toMatchObject({
      ca_ttl: '48h', default_x509_svid_ttl: '1h30m', default_jwt_svid_ttl: '10m', jwt_issuer: 'https://oidc.prod.example.com', log_level: 'WARN',
    });
    expect(conf.server.federation).toEqual({ bundle_endpoint: { address: '0.0.0.0', port: 8443 } });
    expect(conf.plugins.DataStore).toEqual({ sql: { plugin_data_file: '/run/spire/datastore/datastore.conf' } });
    expect(server.serverConf).not.toContain('connection_string');
    expect(conf.plugins.KeyManager).toEqual({ aws_kms: { plugin_data: { region: 'eu-west-1', key_identifier_file: '/run/spire/data/aws-kms-key-id' } } });
    expect(conf.plugins.NodeAttestor.k8s_psat.plugin_data.clusters.prod.service_account_allow_list).toEqual(['identity-agents:agent']);
    expect(conf.plugins.Notifier.k8sbundle.plugin_data.namespace).toBe('identity-agents');

    const sts = one(objs, 'StatefulSet', 'spire-server');
    const pod = sts.spec.template.spec;
    expect(pod.volumes).toEqual(expect.arrayContaining([{
      name: 'datastore', secret: { secretName: 'spire-db', defaultMode: 0o400, items: [{ key: 'datastore.conf', path: 'datastore.conf' }] },
    }]));
    expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([{ name: 'datastore', mountPath: '/run/spire/datastore', readOnly: true }]));
    expect(pod.containers[0].env).toBeUndefined(); // no password in the environment
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'gp3', resources: { requests: { storage: '5Gi' } } });
    expect(one(objs, 'ServiceAccount', 'spire-server').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/spire' });
    expect(one(objs, 'Service', 'spire-server').spec.ports.map((p: any) => p.port)).toEqual([8081, 8443]);
    expect(one(objs, 'ConfigMap', 'spire-bundle').metadata.namespace).toBe('identity-agents');
  });

  test('gcp kms and memory (with exception) key managers', () => {
    let a!: SpireServer; let b!: SpireServer;
    const objs = synthChart(chart => {
      a = new SpireServer(chart, 'a', { profile: profile(), nodeCidrs: NODES, clusterName: 'c', namespaceName: 'spire-a', agentNamespace: 'agents-a', keyManager: SpireKeyManager.gcpKms({ keyRing: 'projects/p/locations/europe-west1/keyRings/spire' }), kmsCidrs: ['199.36.153.8/30'] });
      b = new SpireServer(new Chart(chart, 'b'), 'b', {
        profile: profile(),
        nodeCidrs: NODES,
        clusterName: 'c',
        namespaceName: 'spire-b',
        agentNamespace: 'agents-b',
        keyManager: SpireKeyManager.memory(Exception.of({ reason: 'ephemeral CI cluster torn down nightly', expires: '2027-01-31' })),
      });
    });
    expect(JSON.parse(a.serverConf).plugins.KeyManager).toEqual({
      gcp_kms: { plugin_data: { key_ring: 'projects/p/locations/europe-west1/keyRings/spire', key_identifier_file: '/run/spire/data/gcp-kms-key-id' } },
    });
    expect(JSON.parse(b.serverConf).plugins.KeyManager).toEqual({ memory: { plugin_data: {} } });
    expectValidManifests(objs);
  });

  test('RBAC is least privilege', () => {
    const objs = synthChart(install());
    const serverRole = one(objs, 'ClusterRole', 'spire-server-spire-server');
    expect(serverRole.rules).toEqual([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get'] },
    ]);
    const binding = one(objs, 'ClusterRoleBinding', 'spire-server-spire-server');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'spire-server', namespace: 'spire-server' }]);
    const bundleRole = one(objs, 'Role', 'spire-server-bundle');
    expect(bundleRole.metadata.namespace).toBe('spire-system');
    expect(bundleRole.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['spire-bundle'], verbs: ['get', 'patch'] }]);
    // no role anywhere grants secrets, wildcards or escalation verbs
    for (const r of [...find(objs, 'ClusterRole'), ...find(objs, 'Role')]) {
      for (const rule of r.rules) {
        expect(rule.resources).not.toContain('secrets');
        expect(rule.resources).not.toContain('*');
        expect(rule.verbs).not.toContain('*');
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['escalate']));
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['bind']));
        expect(rule.verbs).not.toEqual(expect.arrayContaining(['impersonate']));
      }
    }
    const cm = one(objs, 'ClusterRole', 'spire-server-spire-controller-manager');
    const webhookPatch = cm.rules.find((r: any) => r.verbs.includes('patch') && r.resources.includes('validatingwebhookconfigurations'));
    expect(webhookPatch.resourceNames).toEqual(['spire-server-spire-controller-manager-webhook']);
    const agentRole = one(objs, 'ClusterRole', 'spire-system-spire-agent');
    expect(agentRole.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'nodes', 'nodes/proxy'], verbs: ['get'] }]);
    const hook = one(objs, 'ValidatingWebhookConfiguration', 'spire-server-spire-controller-manager-webhook');
    expect(hook.webhooks.map((w: any) => w.clientConfig.service)).toEqual([
      { name: 'spire-controller-manager-webhook', namespace: 'spire-server', path: '/validate-spire-spiffe-io-v1alpha1-clusterfederatedtrustdomain' },
      { name: 'spire-controller-manager-webhook', namespace: 'spire-server', path: '/validate-spire-spiffe-io-v1alpha1-clusterspiffeid' },
    ]);
  });

  test('controller manager config', () => {
    let server!: SpireServer;
    synthChart(chart => { server = new SpireServer(chart, 'server', { profile: profile(), nodeCidrs: NODES, clusterName: 'prod' }); });
    const conf = JSON.parse(server.controllerManagerConf);
    expect(conf).toMatchObject({
      kind: 'ControllerManagerConfig',
      clusterName: 'prod',
      trustDomain: 'prod.example.com',
      spireServerSocketPath: '/tmp/spire-server/private/api.sock',
      validatingWebhookConfigurationName: 'spire-server-spire-controller-manager-webhook',
      leaderElection: { leaderElect: true, resourceNamespace: 'spire-server' },
    });
    expect(conf.ignoreNamespaces).toEqual(expect.arrayContaining(['kube-system', 'spire-server', 'spire-system']));
  });

  test('output is deterministic', () => {
    expect(JSON.stringify(synthChart(install()))).toBe(JSON.stringify(synthChart(install())));
  });
});

describe('SpireServer TTL validation', () => {
  const errs = (extra: Partial<SpireServerProps>) => synthErrors(install(extra)).join('\n');

  test('SVID TTL longer than the CA TTL fails', () => {
    expect(errs({ caTtl: Duration.hours(1), defaultX509SvidTtl: Duration.hours(2), defaultJwtSvidTtl: Duration.minutes(5) }))
      .toMatch(/\[test\/server\] defaultX509SvidTtl 2h is not shorter than caTtl 1h: an SVID cannot outlive the CA that signs it; shorten it to at most 10m or raise caTtl to at least 12h/);
  });
  test('SVID TTL above a sixth of the CA TTL fails', () => {
    expect(errs({ caTtl: Duration.hours(6), defaultX509SvidTtl: Duration.hours(2) }))
      .toMatch(/defaultX509SvidTtl 2h is longer than 1h \(min\(caTtl\/6, 7 days\)\).*raise caTtl to at least 12h/);
    expect(errs({ caTtl: Duration.hours(6), defaultX509SvidTtl: Duration.hours(1) })).toBe('');
  });
  test('JWT TTL longer than X.509 TTL fails', () => {
    expect(errs({ defaultJwtSvidTtl: Duration.hours(2), defaultX509SvidTtl: Duration.hours(1) }))
      .toMatch(/defaultJwtSvidTtl 2h is longer than defaultX509SvidTtl 1h: JWT-SVIDs are bearer tokens/);
  });
  test('JWT TTL not shorter than the CA fails', () => {
    expect(errs({ caTtl: Duration.hours(1), defaultX509SvidTtl: Duration.minutes(10), defaultJwtSvidTtl: Duration.hours(1) }))
      .toMatch(/defaultJwtSvidTtl 1h is not shorter than caTtl 1h/);
  });
  test('sub-second and long CA TTLs fail', () => {
    expect(errs({ defaultJwtSvidTtl: Duration.millis(1500) })).toMatch(/defaultJwtSvidTtl 1 second 500 millis is not a positive whole number of seconds/);
    expect(errs({ defaultX509SvidTtl: Duration.seconds(0) })).toMatch(/defaultX509SvidTtl .* is not a positive whole number of seconds/);
    expect(errs({ caTtl: Duration.days(60) })).toMatch(/caTtl 1440h is longer than 30 days/);
  });
});

describe('SpireServer errors', () => {
  const errs = (extra: Partial<SpireServerProps>, p?: ClusterProfile) => synthErrors(install(extra, p)).join('\n');
  test.each<[string, Partial<SpireServerProps>, RegExp]>([
    ['cluster name', { clusterName: 'prod/eu' }, /clusterName "prod\/eu" must be 1-63 letters/],
    ['empty cluster name', { clusterName: '' }, /clusterName "" must be/],
    ['namespace', { namespaceName: 'Spire' }, /namespace "Spire" must be a DNS-1123 label: lower-case/],
    ['kube-system', { namespaceName: 'kube-system' }, /namespace "kube-system" is managed by Kubernetes/],
    ['same namespaces', { namespaceName: 'spire', agentNamespace: 'spire' }, /namespace and agentNamespace are both "spire".*Pod Security "privileged"/],
    ['agent service account', { agentServiceAccount: 'Agent_1' }, /agentServiceAccount "Agent_1"/],
    ['postgres secret', { datastore: SpireDatastore.postgres({ secretName: 'DB!', cidrs: ['10.20.0.15/32'] }) }, /datastore: postgres secretName "DB!"/],
    ['postgres key', { datastore: SpireDatastore.postgres({ secretName: 'db', secretKey: 'a/b', cidrs: ['10.20.0.15/32'] }) }, /secretKey "a\/b" is not a valid Secret key/],
    ['memory without valid exception', { keyManager: SpireKeyManager.memory(Exception.of({ reason: 'x', expires: '2027-01-01' })) }, /keyManager: the exception for the in-memory SPIRE key manager needs a reason/],
    ['memory expired', { keyManager: SpireKeyManager.memory(Exception.of({ reason: 'throwaway test cluster', expires: '2026-01-01' })) }, /expired on 2026-01-01/],
    ['aws region', { keyManager: SpireKeyManager.awsKms({ region: 'Europe' }), kmsCidrs: ['10.30.0.0/28'] }, /AWS region "Europe" is not a region name/],
    ['gcp ring', { keyManager: SpireKeyManager.gcpKms({ keyRing: 'spire' }), kmsCidrs: ['199.36.153.8/30'] }, /GCP key ring "spire" must look like/],
    ['unpinned image', { images: { server: 'ghcr.io/spiffe/spire-server' } }, /images.server "ghcr.io\/spiffe\/spire-server" is not pinned/],
    ['latest image', { images: { controllerManager: 'ghcr.io/spiffe/spire-controller-manager:latest' } }, /images.controllerManager .* is not pinned/],
    ['storage size', { storageSize: 'lots' }, /storageSize "lots" must be a quantity/],
    ['storage class', { storageClassName: 'Fast SSD' }, /storageClassName "Fast SSD"/],
    ['jwt issuer', { jwtIssuer: 'http://oidc.example.com' }, /jwtIssuer "http:\/\/oidc.example.com" must be an https URL/],
  ])('%s', (_n, extra, msg) => {
    expect(errs(extra)).toMatch(msg);
  });

  test('profile problems are reported with the server path', () => {
    expect(errs({}, new ClusterProfile({ trustDomain: 'Prod.Example' }))).toMatch(/\[test\/server\] cluster profile: trust domain "Prod.Example"/);
  });

  test('digest-pinned images pass', () => {
    expect(errs({ images: { server: `ghcr.io/spiffe/spire-server@sha256:${'a'.repeat(64)}` } })).toBe('');
  });
});

describe('SpireAgent', () => {
  test('DaemonSet with k8s_psat, projected token, shared socket dir and the CSI driver', () => {
    let agent!: SpireAgent;
    const objs = synthChart(chart => {
      const server = new SpireServer(chart, 'server', { profile: profile(), nodeCidrs: NODES, clusterName: 'prod-eu-1' });
      agent = new SpireAgent(chart, 'agent', { server, podSecurityException: psa() });
    });
    expectValidManifests(objs);
    const ns = one(objs, 'Namespace', 'spire-system');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(ns.metadata.annotations).toEqual({
      'zero-trust.cdk8s.io/exception.pod-security': 'SPIRE agent needs hostPID, hostNetwork and a hostPath socket dir',
      'zero-trust.cdk8s.io/exception.pod-security.expires': '2027-06-30',
      // the same justification covers the audit's host-access findings (ZT-PSS-002/003)
      'zero-trust.cdk8s.io/exception.host-access': 'SPIRE agent needs hostPID, hostNetwork and a hostPath socket dir',
      'zero-trust.cdk8s.io/exception.host-access.expires': '2027-06-30',
    });

    const ds = one(objs, 'DaemonSet', 'spire-agent');
    const pod = ds.spec.template.spec;
    expect(pod).toMatchObject({ hostPID: true, hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', serviceAccountName: 'spire-agent' });
    expect(pod.volumes).toEqual(expect.arrayContaining([
      { name: 'spire-token', projected: { sources: [{ serviceAccountToken: { path: 'spire-agent', audience: 'spire-server', expirationSeconds: 7200 } }] } },
      { name: 'spire-agent-socket-dir', hostPath: { path: '/run/spire/agent-sockets', type: 'DirectoryOrCreate' } },
      { name: 'spire-bundle', configMap: { name: 'spire-bundle' } },
    ]));
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.securityContext.privileged).toBeUndefined();

    // JSON, as the upstream hardened chart renders it (spiffe/helm-charts-hardened,
    // charts/spire/charts/spire-agent/templates/configmap.yaml: spire-lib.reformat-and-yaml2json)
    expect(JSON.parse(agent.agentConf)).toEqual({
      agent: {
        data_dir: '/var/lib/spire',
        log_level: 'INFO',
        server_address: 'spire-server.spire-server.svc.cluster.local',
        server_port: '8081',
        socket_path: '/run/spire/agent-sockets/spire-agent.sock',
        trust_bundle_path: '/run/spire/bundle/bundle.crt',
        trust_domain: 'prod.example.com',
      },
      plugins: {
        NodeAttestor: { k8s_psat: { plugin_data: { cluster: 'prod-eu-1', token_path: '/var/run/secrets/tokens/spire-agent' } } },
        KeyManager: { memory: { plugin_data: {} } },
        WorkloadAttestor: { k8s: { plugin_data: { node_name_env: 'MY_NODE_NAME', kubelet_ca_path: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' } } },
      },
      health_checks: { listener_enabled: true, bind_address: '0.0.0.0', bind_port: '9982', live_path: '/live', ready_path: '/ready' },
    });
    expect(one(objs, 'ConfigMap', 'spire-agent').data['agent.conf']).toBe(agent.agentConf);

    // CSI driver shares the same host directory, read-only
    const csi = one(objs, 'CSIDriver', 'csi.spiffe.io');
    expect(csi.spec).toEqual({ attachRequired: false, podInfoOnMount: true, fsGroupPolicy: 'None', volumeLifecycleModes: ['Ephemeral'] });
    const csiDs = one(objs, 'DaemonSet', 'spiffe-csi-driver');
    expect(csiDs.metadata.namespace).toBe('spire-system');
    const drv = csiDs.spec.template.spec.containers[0];
    expect(drv.volumeMounts).toEqual(expect.arrayContaining([{ name: 'spire-agent-socket-dir', mountPath: '/spire-agent-socket', readOnly: true }]));
    expect(csiDs.spec.template.spec.volumes).toEqual(expect.arrayContaining([{ name: 'spire-agent-socket-dir', hostPath: { path: '/run/spire/agent-sockets', type: 'DirectoryOrCreate' } }]));
  });

  test('kubelet verification can only be skipped with an exception', () => {
    let agent!: SpireAgent;
    synthChart(chart => {
      const server = new SpireServer(chart, 'server', { profile: profile(), nodeCidrs: NODES, clusterName: 'c' });
      agent = new SpireAgent(chart, 'agent', {
        server,
        podSecurityException: psa(),
        skipKubeletVerification: Exception.of({ reason: 'kubelets serve self-signed certs until INFRA-9', expires: '2027-02-01' }),
      });
    });
    expect(JSON.parse(agent.agentConf).plugins.WorkloadAttestor).toEqual({ k8s: { plugin_data: { node_name_env: 'MY_NODE_NAME', skip_kubelet_verification: true } } });
  });

  test('errors', () => {
    const errs = synthErrors(chart => {
      const server = new SpireServer(chart, 'server', { profile: profile(), nodeCidrs: NODES, clusterName: 'c' });
      new SpireAgent(chart, 'agent', {
        server,
        podSecurityException: Exception.of({ reason: 'short', expires: '2026-01-01' }),
        skipKubeletVerification: Exception.of({ reason: 'kubelets are self-signed', expires: 'soon' }),
        images: { agent: 'ghcr.io/spiffe/spire-agent:latest' },
        priorityClassName: 'Critical!',
      });
    }).join('\n');
    expect(errs).toMatch(/\[test\/agent\] podSecurityException: the exception for Pod Security "privileged" in spire-system needs a reason/);
    expect(errs).toMatch(/podSecurityException: the exception .* expired on 2026-01-01/);
    expect(errs).toMatch(/skipKubeletVerification: the exception for skipping kubelet certificate verification needs an expiry date/);
    expect(errs).toMatch(/images.agent .* is not pinned/);
    expect(errs).toMatch(/priorityClassName "Critical!"/);
    const missing = synthErrors(chart => {
      const server = new SpireServer(chart, 'server', { profile: profile(), nodeCidrs: NODES, clusterName: 'c' });
      new SpireAgent(chart, 'agent', { server } as any);
    }).join('\n');
    expect(missing).toMatch(/podSecurityException is required: the agent namespace "spire-system" must run Pod Security "privileged"/);
  });
});

describe('Istio takes its identities from SPIRE', () => {
  test('agent socket named for Istio and the ingress gateway registered', () => {
    let agent!: SpireAgent;
    const p = new ClusterProfile({ trustDomain: 'prod.example.com', mesh: Mesh.istioSidecar(), identityProvider: IdentityProvider.SPIRE, apiServer: API });
    const objs = synthChart(chart => {
      const server = new SpireServer(chart, 'server', { profile: p, nodeCidrs: NODES, clusterName: 'c' });
      agent = new SpireAgent(chart, 'agent', { server, podSecurityException: psa() });
    });
    expectValidManifests(objs);
    expect(JSON.parse(agent.agentConf).agent.socket_path).toBe('/run/spire/agent-sockets/socket');
    const gw = one(objs, 'ClusterSPIFFEID', 'istio-system-istio-ingressgateway');
    expect(gw.spec).toEqual({
      spiffeIDTemplate: 'spiffe://prod.example.com/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: { matchLabels: { istio: 'ingressgateway' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
      ttl: '1h',
      jwtTtl: '5m',
      admin: false,
      downstream: false,
    });
  });

  test('no Istio registration with the mesh CA', () => {
    const p = new ClusterProfile({ trustDomain: 'prod.example.com', mesh: Mesh.istioSidecar(), apiServer: API });
    const objs = synthChart(chart => { new SpireServer(chart, 'server', { profile: p, nodeCidrs: NODES, clusterName: 'c' }); });
    expect(find(objs, 'ClusterSPIFFEID')).toEqual([]);
  });
});
