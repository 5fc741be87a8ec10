import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterSpiffeid } from '../../../imports/spire';

/** A workload registration (library-internal). */
export interface WorkloadRegistrationInput {
  readonly name: string;
  readonly spiffeIdTemplate: string;
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  readonly x509Ttl: string;
  readonly jwtTtl: string;
  readonly dnsNameTemplates: string[];
  readonly federatesWith: string[];
  readonly annotations: Record<string, string>;
}

/** Renders the `ClusterSPIFFEID` scoped to exactly one workload's pods in one namespace. */
export function renderWorkloadRegistration(scope: Construct, i: WorkloadRegistrationInput): ApiObject {
  return new ClusterSpiffeid(scope, 'ClusterSpiffeId', {
    metadata: {
      name: i.name,
      labels: { 'app.kubernetes.io/part-of': 'spire', 'app.kubernetes.io/managed-by': 'cdk8s-zero-trust' },
      annotations: Object.keys(i.annotations).length > 0 ? i.annotations : undefined,
    },
    spec: {
      spiffeIdTemplate: i.spiffeIdTemplate,
      podSelector: { matchLabels: { ...i.podLabels } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': i.namespace } },
      ttl: i.x509Ttl,
      jwtTtl: i.jwtTtl,
      dnsNameTemplates: i.dnsNameTemplates.length > 0 ? i.dnsNameTemplates : undefined,
      federatesWith: i.federatesWith.length > 0 ? i.federatesWith : undefined,
      admin: false,
      downstream: false,
    },
  });
}
