/**
 * The application protocol spoken on a port. Engines use it to pick their
 * parser: Istio reads the Service `appProtocol`, Linkerd's `Server` needs a
 * `proxyProtocol`, Cilium only parses L7 where an L7 rule exists.
 */
export enum AppProtocol {
  /** HTTP/1.1 (L7 rules possible). */
  HTTP = 'HTTP',
  /** HTTP/2 cleartext (L7 rules possible). */
  HTTP2 = 'HTTP2',
  /** gRPC over HTTP/2 (L7 rules possible: service and method). */
  GRPC = 'GRPC',
  /** Plain TCP, protocol detected by the mesh where it can (L4 rules only). */
  TCP = 'TCP',
  /** Opaque TCP: never inspected, L4 rules only (databases, server-speaks-first protocols). */
  OPAQUE = 'OPAQUE',
  /** UDP (L4 rules only; not carried by Istio or Linkerd). */
  UDP = 'UDP',
}

/**
 * Options for a port.
 */
export interface PortOptions {
  /**
   * Name of the port on the Service (DNS-1123 label, at most 15 characters).
   * @default - derived from the protocol and number, e.g. `http-8080`
   */
  readonly name?: string;

  /**
   * The container port traffic is forwarded to, when it differs from the service port.
   * @default - same as the port number
   */
  readonly targetPort?: number;
}

/**
 * A port a service exposes, or a route allows, with its application protocol.
 *
 * @example
 * Port.http(8080)
 * Port.grpc(9090, { name: 'grpc-api' })
 */
export class Port {
  /** HTTP/1.1 on `port`. */
  public static http(port: number, options: PortOptions = {}): Port {
    return new Port(port, AppProtocol.HTTP, options);
  }
  /** HTTP/2 cleartext on `port`. */
  public static http2(port: number, options: PortOptions = {}): Port {
    return new Port(port, AppProtocol.HTTP2, options);
  }
  /** gRPC on `port`. */
  public static grpc(port: number, options: PortOptions = {}): Port {
    return new Port(port, AppProtocol.GRPC, options);
  }
  /** TCP on `port` (L4 only). */
  public static tcp(port: number, options: PortOptions = {}): Port {
    return new Port(port, AppProtocol.TCP, options);
  }
  /** Opaque TCP on `port`: never inspected by a mesh (L4 only). */
  public static opaque(port: number, options: PortOptions = {}): Port {
    return new Port(port, AppProtocol.OPAQUE, options);
  }
  /** UDP on `port` (L4 only). */
  public static udp(port: number, options: PortOptions = {}): Port {
    return new Port(port, AppProtocol.UDP, options);
  }

  /** Port number. */
  public readonly number: number;
  /** Application protocol. */
  public readonly protocol: AppProtocol;
  /** Service port name. */
  public readonly name: string;
  /** Container port. */
  public readonly targetPort: number;

  private constructor(port: number, protocol: AppProtocol, options: PortOptions) {
    this.number = port;
    this.protocol = protocol;
    this.targetPort = options.targetPort ?? port;
    this.name = options.name ?? `${namePrefix(protocol)}-${port}`;
  }

  /** The L4 transport: `UDP` for UDP ports, `TCP` otherwise. */
  public get transport(): string {
    return this.protocol === AppProtocol.UDP ? 'UDP' : 'TCP';
  }

  /** Whether L7 (HTTP/gRPC) rules can be enforced on this port. */
  public get supportsL7(): boolean {
    return this.protocol === AppProtocol.HTTP || this.protocol === AppProtocol.HTTP2 || this.protocol === AppProtocol.GRPC;
  }

  /** Problems with this port (range, name); empty when valid. */
  public problems(): string[] {
    const out: string[] = [];
    // Two checks written out (no per-call arrays: issue 19, once per service port and route).
    if (outOfRange(this.number)) out.push(`port ${this.number} is out of range: use a whole number from 1 to 65535`);
    if (outOfRange(this.targetPort)) out.push(`targetPort ${this.targetPort} is out of range: use a whole number from 1 to 65535`);
    if (this.name.length > 15 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(this.name) || !/[a-z]/.test(this.name)) {
      out.push(`port name "${this.name}" is invalid: use at most 15 lower-case letters, digits and "-" (IANA service name), with at least one letter`);
    }
    return out;
  }
}

function namePrefix(p: AppProtocol): string {
  switch (p) {
    case AppProtocol.HTTP: return 'http';
    case AppProtocol.HTTP2: return 'http2';
    case AppProtocol.GRPC: return 'grpc';
    case AppProtocol.OPAQUE: return 'tcp';
    case AppProtocol.UDP: return 'udp';
    default: return 'tcp';
  }
}

/** Whether `n` is not a port number (1-65535). */
function outOfRange(n: number): boolean {
  return !Number.isInteger(n) || n < 1 || n > 65535;
}
