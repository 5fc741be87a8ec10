// Import round trip on Linkerd's "Restricting Access To Services" task
// (https://linkerd.io/2/tasks/restricting-access/): a Server `voting-grpc` (podSelector app: voting-svc, port grpc,
// proxyProtocol gRPC) and an AuthorizationPolicy `voting-policy` requiring the MeshTLSAuthentication
// `voting-clients` (identity web.emojivoto.serviceaccount.identity.linkerd.cluster.local), on Emojivoto
// (https://run.linkerd.io/emojivoto.yml: Deployments emoji, voting, web, vote-bot in namespace emojivoto, service
// accounts emoji/voting/web, pods labelled app: <name>-svc, gRPC on the port named grpc 8080, web HTTP on 8080),
// injected (`linkerd inject`: the namespace annotation linkerd.io/inject: enabled,
// https://linkerd.io/2/features/proxy-injection/).
import { synthGenerated } from './generated-app';
import { Reachability } from '../../src/audit';
import { Importer, ImportFindingKind, ImportTarget, ReachabilityDiff } from '../../src/import';
import { expectValidManifests } from '../util/expect-valid';
import '../util/synth';

const NS = 'emojivoto';
const deployment = (name: string, app: string, ports: Array<{ name: string; containerPort: number }>, sa?: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: NS },
  spec: {
    selector: { matchLabels: { app } },
    template: { metadata: { labels: { app } }, spec: { ...(sa ? { serviceAccountName: sa } : {}), containers: [{ name, image: `docker.l5d.io/buoyantio/emojivoto-${name}:v11`, ports }] } },
  },
});
const SOURCE = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, annotations: { 'linkerd.io/inject': 'enabled' } } },
  ...['emoji', 'voting', 'web'].map(n => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: n, namespace: NS } })),
  deployment('emoji', 'emoji-svc', [{ name: 'grpc', containerPort: 8080 }, { name: 'prom', containerPort: 8801 }], 'emoji'),
  deployment('voting', 'voting-svc', [{ name: 'grpc', containerPort: 8080 }, { name: 'prom', containerPort: 8801 }], 'voting'),
  deployment('web', 'web-svc', [{ name: 'http', containerPort: 8080 }], 'web'),
  deployment('vote-bot', 'vote-bot', []),
  {
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'Server',
    metadata: { namespace: NS, name: 'voting-grpc', labels: { app: 'voting-svc' } },
    spec: { podSelector: { matchLabels: { app: 'voting-svc' } }, port: 'grpc', proxyProtocol: 'gRPC' },
  },
  {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'voting-policy', namespace: NS },
    spec: {
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'voting-grpc' },
      requiredAuthenticationRefs: [{ name: 'voting-clients', kind: 'MeshTLSAuthentication', group: 'policy.linkerd.io' }],
    },
  },
  {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'MeshTLSAuthentication',
    metadata: { name: 'voting-clients', namespace: NS },
    spec: { identities: ['web.emojivoto.serviceaccount.identity.linkerd.cluster.local'] },
  },
];

describe('import round trip: Linkerd restricting access on Emojivoto', () => {
  const result = Importer.fromManifests(SOURCE, { exceptionExpires: '2027-06-30' });

  test('the voting Server admits web only on grpc; ports without a Server are open today (Linkerd default all-unauthenticated)', () => {
    // "If no Server selects a port, the default policy applies": https://linkerd.io/2/reference/authorization-policy/#default-policies
    expect(result.target).toBe(ImportTarget.LINKERD);
    const intoVoting = result.routes.filter(r => r.destination === 'emojivoto/voting').map(r => `${r.source}:${r.ports.join(',')} ${r.sources.join(',')}`).sort();
    expect(intoVoting).toEqual([
      'emojivoto/emoji:8801 ', // prom: no Server
      'emojivoto/vote-bot:8801 ',
      'emojivoto/web:8080 AuthorizationPolicy emojivoto/voting-policy,Server emojivoto/voting-grpc',
      'emojivoto/web:8801 ',
    ]);
    expect(result.policies.find(p => p.policy === 'AuthorizationPolicy emojivoto/voting-policy')!.routes).toEqual(['emojivoto/web → emojivoto/voting:8080']);
    // vote-bot runs as `default`: it gets an identity of its own
    expect(result.findings.filter(f => f.kind === ImportFindingKind.IDENTITY_CHANGE).map(f => f.subject)).toEqual(['Deployment emojivoto/vote-bot']);
  });

  test('import → synthesize → the same allowed pairs, except exactly the reported findings', () => {
    const { objects } = synthGenerated(result.source);
    expectValidManifests(objects);
    const after = Importer.adopted(SOURCE, objects, result);
    const diff = ReachabilityDiff.between(SOURCE, after);
    expect(diff.opened).toEqual([]);
    const reported = result.findings.filter(f => f.kind === ImportFindingKind.NOT_LEAST_PRIVILEGE).map(f => `${f.source} → ${f.destination}`).sort();
    expect([...new Set(diff.closed.map(c => `${c.source} → ${c.destination}`))].sort()).toEqual(reported);
    const r = Reachability.fromManifests(after);
    expect(r.canReach({ namespaceName: NS, name: 'web' }, { namespaceName: NS, name: 'voting' }, 8080).allowed).toBe(true);
    expect(r.canReach({ namespaceName: NS, name: 'emoji' }, { namespaceName: NS, name: 'voting' }, 8080).allowed).toBe(false);
  });
});
