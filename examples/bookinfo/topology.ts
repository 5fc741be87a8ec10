// Istio's Bookinfo sample, ported to cdk8s-zero-trust: ONE topology for every profile.
//
// Upstream: istio/istio samples/bookinfo/platform/kube/bookinfo.yaml at commit
// 0c9b9a335743b2f363acd7ab4354639c1f1e946f
// (https://github.com/istio/istio/blob/0c9b9a335743b2f363acd7ab4354639c1f1e946f/samples/bookinfo/platform/kube/bookinfo.yaml):
// Services details, ratings, reviews, productpage on port 9080; Deployments details-v1, ratings-v1,
// reviews-v1/v2/v3, productpage-v1 (images docker.io/istio/examples-bookinfo-*:1.20.1, containerPort 9080).
// Call graph (https://istio.io/latest/docs/examples/bookinfo/): productpage → details, productpage → reviews,
// reviews v2/v3 → ratings.
//
// Differences from upstream, each forced by the zero-trust defaults:
// - each service gets a dedicated ServiceAccount named after it (`reviews`, not `bookinfo-reviews`);
// - the three reviews versions share one ServiceAccount, as upstream: identity-based engines (Istio,
//   Linkerd) cannot tell v1 from v2/v3, so the route reviews → ratings is declared per service account
//   and reviews-v1 may call ratings too (it never does);
// - the containers run as non-root with a read-only root filesystem (Pod Security "restricted");
// - productpage is not exposed through an ingress gateway here: nothing outside the app reaches it.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AllowRouteOptions, ClusterProfile, MeshService, Port, ZeroTrustNamespace } from '../../src';

/** Upstream image tag. */
const TAG = '1.20.1';
/** Upstream port of every Bookinfo service. */
export const BOOKINFO_PORT = 9080;

/** The upstream call graph, by service (= service account) name: [client, server]. */
export const CALL_GRAPH: Array<[string, string]> = [
  ['productpage', 'details'],
  ['productpage', 'reviews'],
  ['reviews', 'ratings'],
];

function deployment(chart: Chart, name: string, version: string, labels: Record<string, string> = {}, serviceAccount?: string): kplus.Deployment {
  const d = new kplus.Deployment(chart, `${name}-${version}`, {
    metadata: {
      name: `${name}-${version}`,
      namespace: 'bookinfo',
      // upstream runs the three reviews versions as one identity (bookinfo-reviews): recorded, dated exception (audit ZT-ID-002)
      ...(serviceAccount ? {
        annotations: {
          'zero-trust.cdk8s.io/exception.shared-service-account': 'Bookinfo upstream: reviews v1, v2 and v3 are one service with one identity',
          'zero-trust.cdk8s.io/exception.shared-service-account.expires': '2027-06-30',
        },
      } : {}),
    },
    replicas: 1,
    podMetadata: { labels: { version, ...labels } },
    serviceAccount: serviceAccount ? kplus.ServiceAccount.fromServiceAccountName(chart, `${name}-${version}-sa`, serviceAccount) : undefined,
    containers: [{
      name,
      image: `docker.io/istio/examples-bookinfo-${name}-${version}:${TAG}`,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      portNumber: BOOKINFO_PORT,
      // upstream mounts emptyDirs on /tmp (and /opt/ibm/wlp/output for reviews): kept, so the root filesystem can be read-only
      volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${name}-${version}-tmp`, 'tmp') },
        ...(name === 'reviews' ? [{ path: '/opt/ibm/wlp/output', volume: kplus.Volume.fromEmptyDir(chart, `${name}-${version}-wlp`, 'wlp-output') }] : [])],
      ...(name === 'reviews' ? { envVariables: { LOG_DIR: kplus.EnvValue.fromValue('/tmp/logs') } } : {}),
    }],
  });
  return d;
}

/**
 * Bookinfo in namespace `bookinfo` on any profile: four MeshServices, the three routes of the call graph.
 * @param route extra options of every route (e.g. `acceptL4Only` where identity cannot be enforced)
 */
export function buildBookinfo(app: App, profile: ClusterProfile, route: AllowRouteOptions = {}): void {
  const chart = new Chart(app, 'bookinfo');
  const ns = new ZeroTrustNamespace(chart, 'bookinfo', { name: 'bookinfo', profile });
  const http = [Port.http(BOOKINFO_PORT)];
  const details = new MeshService(ns, 'details', { name: 'details', ports: http, workload: deployment(chart, 'details', 'v1') });
  const ratings = new MeshService(ns, 'ratings', { name: 'ratings', ports: http, workload: deployment(chart, 'ratings', 'v1') });
  // The three reviews versions are one service (selector app=reviews), as upstream; not bound to the
  // MeshService, so the namespace hardens them for its Pod Security level (the audit's ZT-PSS-001 caught this).
  for (const v of ['v1', 'v2', 'v3']) ns.hardenWorkload(deployment(chart, 'reviews', v, { app: 'reviews' }, 'reviews'));
  const reviews = new MeshService(ns, 'reviews', { name: 'reviews', ports: http, selector: { app: 'reviews' } });
  const productpage = new MeshService(ns, 'productpage', { name: 'productpage', ports: http, workload: deployment(chart, 'productpage', 'v1') });
  const services: Record<string, MeshService> = { details, ratings, reviews, productpage };
  for (const [from, to] of CALL_GRAPH) services[to].allowFrom(services[from], { ports: http, ...route });
}
