import { AppProtocol, Port } from '../../model/port';

/** Linkerd `Server.spec.proxyProtocol` for a port. */
export function linkerdProxyProtocol(port: Port): string {
  switch (port.protocol) {
    case AppProtocol.HTTP: return 'HTTP/1';
    case AppProtocol.HTTP2: return 'HTTP/2';
    case AppProtocol.GRPC: return 'gRPC';
    case AppProtocol.OPAQUE: return 'opaque';
    default: return 'unknown';
  }
}

/**
 * A Server's `accessPolicy` (policy.linkerd.io/v1beta3, Linkerd 2.16+): `audit` in a dry run, so
 * traffic no AuthorizationPolicy authorizes is allowed and reported as authorization `audit`
 * (linkerd/linkerd2 policy-controller/k8s/index/src/inbound/index.rs adds the default
 * authorizations of `server.access_policy`; linkerd2-proxy appends a Server's authorizations to
 * each of its routes, linkerd/proxy/server-policy/src/lib.rs `mk_routes`). Unset (Linkerd's
 * default `deny`) when enforced.
 */
export function linkerdAccessPolicy(dryRun: boolean): string | undefined {
  return dryRun ? 'audit' : undefined;
}
