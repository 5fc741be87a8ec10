/** An HTTP request method. */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** PATCH */
  PATCH = 'PATCH',
  /** DELETE */
  DELETE = 'DELETE',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
}

/**
 * How a request path is matched. Both forms compare the path without its
 * query string, case-sensitively, as the Gateway API `HTTPPathMatch` does.
 */
export enum PathMatchType {
  /** The path equals the value. */
  EXACT = 'EXACT',
  /**
   * The path starts with the value on whole `/`-separated segments (Gateway
   * API `PathPrefix`): `/v1` matches `/v1`, `/v1/` and `/v1/x`, not `/v1beta`;
   * a trailing `/` in the value is ignored (`/v1/` means `/v1`); `/` matches
   * every path.
   */
  PREFIX = 'PREFIX',
}

/** Properties of an HTTP match. */
export interface HttpMatchProps {
  /**
   * Allowed methods (any of them).
   * @default - any method
   */
  readonly methods?: HttpMethod[];

  /**
   * Path that must equal the request path.
   * @default - any path (unless `pathPrefix` is set)
   */
  readonly path?: string;

  /**
   * Path prefix, matched on whole segments (Gateway API `PathPrefix`):
   * `/v1` matches `/v1`, `/v1/` and `/v1/x` but not `/v1beta`; a trailing
   * `/` is ignored. Mutually exclusive with `path`.
   * @default - any path (unless `path` is set)
   */
  readonly pathPrefix?: string;

  /**
   * Headers that must be present with exactly these values (all of them).
   * Names are case-insensitive; values are compared exactly and
   * case-sensitively on every engine. A value may not be empty (Cilium reads
   * an empty value as "present") nor start or end with `*` (Istio reads
   * `*` as "present", `acme*` as a prefix and `*acme` as a suffix, with no
   * escape).
   * @default - no header condition
   */
  readonly headers?: { [name: string]: string };
}

/**
 * An L7 condition on an HTTP, HTTP/2 or gRPC port: methods, path and
 * headers that must all match. A route with several matches allows a request
 * that satisfies any one of them.
 *
 * @example
 * HttpMatch.of({ methods: [HttpMethod.POST], path: '/v1/payments' })
 * HttpMatch.grpc('payments.v1.Payments', 'Charge')
 */
export class HttpMatch {
  /** A match on method, path and headers. */
  public static of(props: HttpMatchProps): HttpMatch {
    return new HttpMatch(props, undefined);
  }

  /**
   * A gRPC match: `service` is the fully-qualified service name
   * (`package.Service`); without `method`, every method of the service.
   */
  public static grpc(service: string, method?: string): HttpMatch {
    const props: HttpMatchProps = method
      ? { methods: [HttpMethod.POST], path: `/${service}/${method}` }
      : { methods: [HttpMethod.POST], pathPrefix: `/${service}/` };
    return new HttpMatch(props, { service, method });
  }

  /** Allowed methods (empty: any). */
  public readonly methods: HttpMethod[];
  /** The path condition, if any. */
  public readonly path?: string;
  /** How `path` is matched. */
  public readonly pathType: PathMatchType;
  /** Header conditions (name → exact value). */
  public readonly headers: { [name: string]: string };
  /** gRPC service, when built with `HttpMatch.grpc`. */
  public readonly grpcService?: string;
  /** gRPC method, when built with `HttpMatch.grpc` with a method. */
  public readonly grpcMethod?: string;

  private readonly bothPaths: boolean;
  private keyText?: string;

  private constructor(props: HttpMatchProps, grpc: { service: string; method?: string } | undefined) {
    const methods = props.methods ?? [];
    this.methods = methods.length <= 1 ? [...methods] : [...new Set(methods)].sort();
    this.path = props.path ?? props.pathPrefix;
    this.pathType = props.path === undefined && props.pathPrefix !== undefined ? PathMatchType.PREFIX : PathMatchType.EXACT;
    this.bothPaths = props.path !== undefined && props.pathPrefix !== undefined;
    const headers: { [name: string]: string } = {};
    if (props.headers) for (const k of Object.keys(props.headers).sort()) headers[k.toLowerCase()] = props.headers[k];
    this.headers = headers;
    this.grpcService = grpc?.service;
    this.grpcMethod = grpc?.method;
  }

  /** Whether this match is a gRPC match. */
  public get isGrpc(): boolean {
    return this.grpcService !== undefined;
  }

  /** A canonical string for this match (used to detect duplicate routes). */
  public get key(): string {
    // Remembered: read several times per route (issue 19); the match does not change.
    return this.keyText ??= JSON.stringify([this.methods, this.pathType, this.path ?? null, Object.entries(this.headers)]);
  }

  /** Problems with this match; empty when valid. */
  public problems(): string[] {
    const out: string[] = [];
    if (this.bothPaths) out.push('an HTTP match has both path and pathPrefix: use one of them');
    if (this.path !== undefined && !/^\/[\x21-\x7e]*$/.test(this.path)) {
      out.push(`HTTP path "${this.path}" must start with "/" and contain only visible ASCII characters`);
    }
    if (this.path !== undefined && /[*]/.test(this.path)) {
      out.push(`HTTP path "${this.path}" contains "*": use pathPrefix for prefix matches instead of wildcards`);
    }
    if (this.path !== undefined) for (const m of pathStringProblems(this.path)) out.push(`HTTP path "${this.path}" ${m}`);
    for (const m of this.methods) {
      if (!HTTP_METHODS.has(m)) out.push(`HTTP method "${m}" is not one of ${Object.values(HttpMethod).join(', ')}`);
    }
    for (const [k, v] of Object.entries(this.headers)) {
      if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(k)) out.push(`HTTP header name "${k}" is not a valid token`);
      if (!/^[\x20-\x7e]*$/.test(v)) out.push(`HTTP header "${k}" value must be visible ASCII`);
      if (v.length === 0) {
        out.push(`HTTP header "${k}" has an empty value: Cilium reads an empty value as "header present" and the Gateway API (Linkerd) requires a value; give the exact value to match`);
      } else if (v.startsWith('*') || v.endsWith('*')) {
        out.push(`HTTP header "${k}" value "${v}" starts or ends with "*": Istio reads such a value as a wildcard ("*" = present, "a*" = prefix, "*a" = suffix) while Linkerd and Cilium compare it exactly, and Istio has no escape; header values must be exact, without a leading or trailing "*"`);
      } else if (v !== v.trim()) {
        out.push(`HTTP header "${k}" value "${v}" has leading or trailing whitespace, which HTTP strips from field values (RFC 9110 section 5.5): remove it`);
      }
    }
    if (this.grpcService !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(this.grpcService)) {
      out.push(`gRPC service "${this.grpcService}" must be a fully-qualified protobuf name (e.g. "payments.v1.Payments")`);
    }
    if (this.grpcMethod !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(this.grpcMethod)) {
      out.push(`gRPC method "${this.grpcMethod}" must be a protobuf identifier (e.g. "Charge")`);
    }
    if (this.methods.length === 0 && this.path === undefined && Object.keys(this.headers).length === 0) {
      out.push('an HTTP match with no method, path or header matches every request: drop the `http` option for an L4 route, or add a condition');
    }
    return out;
  }
}

/**
 * Why a path condition can never match a request, or is rejected: engines
 * match the normalized path without its query (Envoy/Istio normalize RFC 3986
 * dot segments before matching, https://istio.io/latest/docs/ops/best-practices/security/#understand-path-normalization-in-authorization-policy),
 * and Gateway API HTTPRoute (Linkerd's policy.linkerd.io HTTPRoute too)
 * rejects "//", "/./", "/../", "%2f", "#" and a trailing "/." or "/.."
 * (HTTPPathMatch x-kubernetes-validations, /work/shared/crds/gateway-api).
 */
function pathStringProblems(path: string): string[] {
  const out: string[] = [];
  if (path.includes('?')) out.push(`contains a query ("?${path.split('?').slice(1).join('?')}"): engines match the path without the query string, so it never matches; drop the query`);
  if (path.includes('#')) out.push('contains a fragment ("#"): clients never send fragments, so it never matches; drop it');
  if (path.includes('//')) out.push('contains "//": Gateway API HTTPRoute rejects it and proxies that merge slashes never see it; write a single "/"');
  // Dot segments: only a path with a "." can have one (no split per path otherwise: issue 19).
  if (path.includes('.') && path.split('?')[0].split('/').some(x => x === '.' || x === '..')) {
    out.push('contains a "." or ".." segment: proxies resolve dot segments before matching (RFC 3986), so it never matches as written; write the resolved path');
  }
  if (/%2f/i.test(path)) out.push('contains an encoded "/" (%2F): Gateway API HTTPRoute rejects it; write "/"');
  return out;
}

/** Every `HttpMethod` value. */
const HTTP_METHODS = new Set<string>(Object.values(HttpMethod));
