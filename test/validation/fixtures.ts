/* Valid manifests used by the schema validator tests (fresh copies on every call). */

const NS = 'shop';

export function namespace(): any {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NS, labels: { 'istio-injection': 'enabled', 'app.kubernetes.io/part-of': 'shop' } },
  };
}

export function serviceAccount(): any {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'web', namespace: NS, annotations: { 'example.com/owner': 'team-a' } },
    automountServiceAccountToken: false,
  };
}

export function networkPolicy(): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web-ingress', namespace: NS, labels: { 'app.kubernetes.io/managed-by': 'cdk8s-zero-trust' } },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } }, podSelector: { matchLabels: { app: 'gw' } } },
          { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }] } },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }, { port: 'metrics' }],
      }],
      egress: [
        { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 5432, endPort: 5440, protocol: 'TCP' }] },
        { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] },
      ],
    },
  };
}

export function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web', version: 'v1' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: 'web',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'web',
            image: 'ghcr.io/example/web:1.2.3',
            imagePullPolicy: 'IfNotPresent',
            args: ['--port=8080'],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            ],
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090 }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { 'cpu': 1, 'memory': '256Mi', 'ephemeral-storage': '1Gi' } },
            readinessProbe: { httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 10 },
            startupProbe: { grpc: { port: 9090 }, failureThreshold: 30 },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

export function service(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: NS },
    spec: {
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9090, targetPort: 9090 }],
    },
  };
}

export function peerAuthentication(): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'web', namespace: NS },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 9090: { mode: 'PERMISSIVE' } },
    },
  };
}

export function istioAuthorizationPolicy(): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'web-allow', namespace: NS },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      action: 'ALLOW',
      rules: [{
        from: [{ source: { principals: ['cluster.local/ns/gateway/sa/gw'] } }],
        to: [{ operation: { ports: ['8080'], methods: ['GET', 'POST'] } }],
      }],
    },
  };
}

export function linkerdServer(): any {
  return {
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'Server',
    metadata: { name: 'web-http', namespace: NS },
    spec: { podSelector: { matchLabels: { app: 'web' } }, port: 'http', proxyProtocol: 'HTTP/1', accessPolicy: 'deny' },
  };
}

export function linkerdAuthorizationPolicy(): any {
  return {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'web-http', namespace: NS },
    spec: {
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'web-http' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'web-clients' }],
    },
  };
}

export function meshTlsAuthentication(): any {
  return {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'MeshTLSAuthentication',
    metadata: { name: 'web-clients', namespace: NS },
    spec: { identities: ['gw.gateway.serviceaccount.identity.linkerd.cluster.local'] },
  };
}

export function ciliumNetworkPolicy(): any {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'web', namespace: NS },
    spec: {
      endpointSelector: { matchLabels: { app: 'web' } },
      ingress: [{
        fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'gateway', 'app': 'gw' } }],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      }],
      egress: [{ toCIDR: ['10.0.0.0/8'], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }],
    },
  };
}

export function externalSecret(): any {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'db', namespace: NS },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name: 'db', creationPolicy: 'Owner' },
      data: [{ secretKey: 'password', remoteRef: { key: 'shop/db', property: 'password' } }],
    },
  };
}

export function clusterSpiffeId(): any {
  return {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name: 'shop-web' },
    spec: {
      spiffeIDTemplate: 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: { matchLabels: { app: 'web' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NS } },
    },
  };
}

export function gateway(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'waypoint', namespace: NS, labels: { 'istio.io/waypoint-for': 'service' } },
    spec: {
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    },
  };
}

export function role(): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'web-reader', namespace: NS },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['web-config'] }],
  };
}

export function roleBinding(): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'web-reader', namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web-reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }],
  };
}

export function secret(): any {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: NS },
    type: 'Opaque',
    data: { password: Buffer.from('s3cret').toString('base64') },
    stringData: { username: 'app' },
  };
}

export function configMap(): any {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config', namespace: NS },
    data: { 'app.yaml': 'port: 8080\n', 'LOG_LEVEL': 'info' },
  };
}

export function job(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: NS },
    spec: {
      backoffLimit: 2,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'ghcr.io/example/migrate:1' }] } },
    },
  };
}

/** Every valid fixture, one object each. */
export function allValid(): any[] {
  return [
    namespace(), serviceAccount(), networkPolicy(), deployment(), service(), peerAuthentication(), istioAuthorizationPolicy(),
    linkerdServer(), linkerdAuthorizationPolicy(), meshTlsAuthentication(), ciliumNetworkPolicy(), externalSecret(),
    clusterSpiffeId(), gateway(), role(), roleBinding(), secret(), configMap(), job(),
  ];
}
