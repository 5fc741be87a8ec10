// Hand-written manifests of the seed's scenario: checkout-service → payment-processor
// (POST /v1/payments on 8080) in namespace `payments`, plus a `reporting` workload that
// must not reach the processor.

export const NS = 'payments';

export function namespace(name = NS, annotations: Record<string, string> = {}, labels: Record<string, string> = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels }, ...(Object.keys(annotations).length ? { annotations } : {}) } };
}

export function serviceAccount(name: string, ns = NS): any {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns }, automountServiceAccountToken: false };
}

export interface DeploymentOptions {
  ns?: string;
  sa?: string;
  port?: number;
  labels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  env?: any[];
  automount?: boolean;
}

export function deployment(name: string, opts: DeploymentOptions = {}): any {
  const ns = opts.ns ?? NS;
  const labels = opts.labels ?? { app: name };
  const container: any = {
    name: 'app',
    image: `registry.example.com/${name}:1.0.0`,
    ...(opts.port ? { ports: [{ containerPort: opts.port, name: 'http', protocol: 'TCP' }] } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  };
  const podSpec: any = { containers: [container] };
  if (opts.sa !== undefined) podSpec.serviceAccountName = opts.sa;
  podSpec.automountServiceAccountToken = opts.automount ?? false;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels, ...(opts.podAnnotations ? { annotations: opts.podAnnotations } : {}) }, spec: podSpec },
    },
  };
}

export function service(name: string, port: number, ns = NS, selector: Record<string, string> = { app: name }): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }] } };
}

/** Namespace, service accounts, three deployments and two services. */
export function workloads(): any[] {
  return [
    namespace(),
    serviceAccount('checkout-service'),
    serviceAccount('payment-processor'),
    serviceAccount('reporting'),
    deployment('checkout-service', { sa: 'checkout-service', port: 8080 }),
    deployment('payment-processor', { sa: 'payment-processor', port: 8080 }),
    deployment('reporting', { sa: 'reporting', port: 9090 }),
    service('checkout-service', 8080),
    service('payment-processor', 8080),
    service('reporting', 9090),
  ];
}

export const CHECKOUT = { namespaceName: NS, name: 'checkout-service' };
export const PROCESSOR = { namespaceName: NS, name: 'payment-processor' };
export const REPORTING = { namespaceName: NS, name: 'reporting' };

/** NetworkPolicy: default deny, checkout → processor:8080, DNS egress, checkout egress to processor. */
export function networkPolicies(): any[] {
  return [
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-all', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-checkout-to-processor', namespace: NS },
      spec: { podSelector: { matchLabels: { app: 'payment-processor' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'checkout-service' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'checkout-egress-to-processor', namespace: NS },
      spec: { podSelector: { matchLabels: { app: 'checkout-service' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'payment-processor' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns-egress', namespace: NS },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        }],
      },
    },
  ];
}

/** Cilium: default deny (ingress + egress), L7 allow POST /v1/payments, checkout egress, DNS. */
export function ciliumPolicies(): any[] {
  return [
    { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'default-deny', namespace: NS }, spec: { endpointSelector: {}, ingress: [{}], egress: [{}] } },
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'l7-payment-processor', namespace: NS },
      spec: {
        endpointSelector: { matchLabels: { app: 'payment-processor' } },
        ingress: [{ fromEndpoints: [{ matchLabels: { app: 'checkout-service' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'POST', path: '/v1/payments' }] } }] }],
      },
    },
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'checkout-egress', namespace: NS },
      spec: {
        endpointSelector: { matchLabels: { app: 'checkout-service' } },
        egress: [{ toEndpoints: [{ matchLabels: { app: 'payment-processor' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }],
      },
    },
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'allow-dns', namespace: NS },
      spec: {
        endpointSelector: {},
        egress: [{
          toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
          toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }] }],
        }],
      },
    },
  ];
}

/** Istio: STRICT mTLS, deny-all, allow checkout POST /v1/payments. */
export function istioPolicies(trustDomain = 'cluster.local'): any[] {
  return [
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: NS }, spec: { mtls: { mode: 'STRICT' } } },
    { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-all', namespace: NS }, spec: {} },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-checkout-to-processor', namespace: NS },
      spec: {
        selector: { matchLabels: { app: 'payment-processor' } },
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`${trustDomain}/ns/payments/sa/checkout-service`] } }], to: [{ operation: { methods: ['POST'], paths: ['/v1/payments'], ports: ['8080'] } }] }],
      },
    },
  ];
}

/** Linkerd: Server + MeshTLSAuthentication + AuthorizationPolicy, default-deny namespace. */
export function linkerdPolicies(identity = 'checkout-service.payments.serviceaccount.identity.linkerd.cluster.local'): any[] {
  return [
    { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'payment-processor', namespace: NS }, spec: { podSelector: { matchLabels: { app: 'payment-processor' } }, port: 8080, proxyProtocol: 'HTTP/2' } },
    { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: { name: 'checkout-service-authn', namespace: NS }, spec: { identities: [identity] } },
    {
      apiVersion: 'policy.linkerd.io/v1alpha1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'checkout-to-processor', namespace: NS },
      spec: {
        targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'payment-processor' },
        requiredAuthenticationRefs: [{ name: 'checkout-service-authn', kind: 'MeshTLSAuthentication', group: 'policy.linkerd.io' }],
      },
    },
  ];
}

/** The intent: checkout → processor POST /v1/payments on 8080. */
export const INTENT = [{ fromNamespace: NS, fromServiceAccount: 'checkout-service', toNamespace: NS, toServiceAccount: 'payment-processor', port: 8080, methods: ['POST'], paths: ['/v1/payments'] }];
