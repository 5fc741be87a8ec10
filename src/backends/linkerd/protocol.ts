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
