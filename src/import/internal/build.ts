// Internal: the same app the generated source declares, built in-process (for the CLI's proof
// without a TypeScript toolchain). test/import/cli.test.ts checks both give the same manifests.
import { App, Chart } from 'cdk8s';
import { MeshService } from '../../constructs/mesh-service';
import { ZeroTrustNamespace } from '../../constructs/zero-trust-namespace';
import { Exception } from '../../model/exception';
import { HttpMatch, HttpMethod } from '../../model/http-match';
import { Peer } from '../../model/peer';
import { Port } from '../../model/port';
import { ClusterProfile, NetworkPolicyEngine } from '../../profile/cluster-profile';
import { Mesh } from '../../profile/mesh';
import { ImportOptions, ImportTarget } from '../types';
import { defaultExpiry, l4OnlyReason } from './codegen';
import { Model, PortKind, Route } from './model';

function port(n: number, kind: PortKind): Port {
  switch (kind) {
    case 'http': return Port.http(n);
    case 'http2': return Port.http2(n);
    case 'grpc': return Port.grpc(n);
    default: return Port.tcp(n);
  }
}

function mesh(target: ImportTarget): Mesh {
  switch (target) {
    case ImportTarget.ISTIO_SIDECAR: return Mesh.istioSidecar();
    case ImportTarget.ISTIO_AMBIENT: return Mesh.istioAmbient();
    case ImportTarget.LINKERD: return Mesh.linkerd();
    default: return Mesh.none();
  }
}

/** Builds the model's app into `app`. */
export function buildModel(app: App, model: Model, options: ImportOptions): void {
  const chart = new Chart(app, 'imported');
  const isMesh = model.target === ImportTarget.ISTIO_SIDECAR || model.target === ImportTarget.ISTIO_AMBIENT || model.target === ImportTarget.LINKERD;
  const profile = new ClusterProfile({
    ...(model.trustDomain ? { trustDomain: model.trustDomain } : {}),
    mesh: mesh(model.target),
    networkPolicy: [model.target === ImportTarget.CILIUM ? NetworkPolicyEngine.CILIUM : NetworkPolicyEngine.KUBERNETES],
  });
  const l4Only = Exception.of({ reason: l4OnlyReason(isMesh), expires: options.exceptionExpires ?? defaultExpiry(), owner: options.exceptionOwner ?? 'platform-team' });
  const needsL4Only = (r: Route) => !isMesh || r.from.cidr !== undefined;
  const services = new Map<string, MeshService>();
  for (const ns of model.namespaces) {
    const svcs = model.services.filter(s => s.namespace === ns);
    if (svcs.length === 0) continue;
    const z = new ZeroTrustNamespace(chart, ns, { name: ns, profile });
    for (const s of svcs) {
      const ports = [...s.ports.entries()].sort((a, b) => a[0] - b[0]).map(([n, k]) => port(n, k));
      services.set(s.key, new MeshService(z, s.name, {
        name: s.name,
        ...(s.serviceAccount !== s.name ? { serviceAccountName: s.serviceAccount } : {}),
        selector: { ...s.selector },
        ...(ports.length ? { ports } : {}),
      }));
    }
  }
  for (const r of model.routes) {
    const dst = r.to.svc ? services.get(r.to.svc) : undefined;
    const src = r.from.svc ? services.get(r.from.svc) : undefined;
    const kindOf = (p: number): PortKind => model.services.find(s => s.key === r.to.svc)?.ports.get(p) ?? (r.http ? 'http' : 'tcp');
    const opts = {
      ports: r.ports.map(p => port(p, kindOf(p))),
      ...(r.http && r.http.length ? {
        http: r.http.map(h => HttpMatch.of({
          ...(h.method ? { methods: [h.method as HttpMethod] } : {}),
          ...(h.path !== undefined ? { path: h.path } : {}),
          ...(h.prefix !== undefined ? { pathPrefix: h.prefix === '' ? '/' : h.prefix } : {}),
        })),
      } : {}),
      ...(needsL4Only(r) ? { acceptL4Only: l4Only } : {}),
    };
    if (dst) dst.allowFrom(src ?? Peer.cidr(r.from.cidr!), opts);
    else if (src) src.allowTo(r.to.cidr ? Peer.cidr(r.to.cidr) : Peer.fqdn(r.to.fqdn!), opts);
  }
}
