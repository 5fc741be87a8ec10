const TRUST_DOMAIN = /^[a-z0-9._-]+$/;
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_URI_BYTES = 2048;
const MAX_TRUST_DOMAIN = 255;

/**
 * A SPIFFE ID (`spiffe://<trust-domain>/<path>`), validated against the
 * SPIFFE ID specification:
 *
 * - scheme `spiffe` (lower case), no user info, no port, no query, no fragment;
 * - trust domain of lower-case letters, digits, `.`, `-` and `_`, at most 255 characters;
 * - path segments of letters, digits, `.`, `-` and `_`; no empty segments
 *   (`//`, trailing `/`), no `.` or `..` segments;
 * - at most 2048 bytes in total.
 *
 * Creating an ID never throws: constructs that take a `SpiffeId` report
 * `problems()` at synthesis with their construct path.
 *
 * @example
 * SpiffeId.of('spiffe://prod.example.com/ns/payments/sa/checkout-service')
 * SpiffeId.forServiceAccount('prod.example.com', 'payments', 'checkout-service')
 */
export class SpiffeId {
  /** The default path template of `spireTemplate` (namespace and service account). */
  public static readonly SERVICE_ACCOUNT_PATH_TEMPLATE = 'ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

  /** Parses a SPIFFE ID URI. Check `problems()` (or `isValid`) before relying on it. */
  public static of(uri: string): SpiffeId {
    return new SpiffeId(uri ?? '');
  }

  /**
   * The SPIFFE ID of a Kubernetes service account in the form Istio, SPIRE
   * (`k8s` conventions) and the spire-controller-manager default template use:
   * `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>`.
   */
  public static forServiceAccount(trustDomain: string, namespaceName: string, serviceAccount: string): SpiffeId {
    return new SpiffeId(`spiffe://${trustDomain}/ns/${namespaceName}/sa/${serviceAccount}`);
  }

  /**
   * The spire-controller-manager `spiffeIDTemplate` for a trust domain:
   * `spiffe://<trustDomain>/<pathTemplate>`. The default path template is
   * `ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}`, the
   * form Istio requires.
   */
  public static spireTemplate(trustDomain: string, pathTemplate?: string): string {
    const path = (pathTemplate ?? SpiffeId.SERVICE_ACCOUNT_PATH_TEMPLATE).replace(/^\/+/, '');
    return `spiffe://${trustDomain}/${path}`;
  }

  /** Problems with a trust domain name (empty when valid). */
  public static trustDomainProblems(trustDomain: string): string[] {
    const td = trustDomain ?? '';
    if (td.length === 0) return ['trust domain is empty'];
    const out: string[] = [];
    if (td.length > MAX_TRUST_DOMAIN) out.push(`trust domain "${td.slice(0, 40)}..." is ${td.length} characters long; the limit is ${MAX_TRUST_DOMAIN}`);
    if (!TRUST_DOMAIN.test(td)) {
      out.push(`trust domain "${td}" may only contain lower-case letters, digits, ".", "-" and "_" (e.g. "prod.example.com")`);
    }
    return out;
  }

  /** The URI as given. */
  public readonly uri: string;
  /** The trust domain (empty when the URI cannot be parsed). */
  public readonly trustDomain: string;
  /** The path including its leading `/`, or '' for a trust domain ID. */
  public readonly path: string;

  private readonly _problems: string[];

  private constructor(uri: string) {
    this.uri = uri;
    const parsed = parse(uri);
    this.trustDomain = parsed.trustDomain;
    this.path = parsed.path;
    this._problems = parsed.problems;
  }

  /** Whether the ID is valid per the SPIFFE ID specification. */
  public get isValid(): boolean {
    return this._problems.length === 0;
  }

  /** Whether this is a trust domain ID (no path), which names no workload. */
  public get isTrustDomainId(): boolean {
    return this.path === '';
  }

  /** The path segments (without slashes). */
  public get segments(): string[] {
    return this.path === '' ? [] : this.path.slice(1).split('/');
  }

  /** The namespace, when the path is `/ns/<namespace>/sa/<serviceAccount>`. */
  public get namespaceName(): string | undefined {
    const s = this.segments;
    return s.length === 4 && s[0] === 'ns' && s[2] === 'sa' ? s[1] : undefined;
  }

  /** The service account, when the path is `/ns/<namespace>/sa/<serviceAccount>`. */
  public get serviceAccount(): string | undefined {
    const s = this.segments;
    return s.length === 4 && s[0] === 'ns' && s[2] === 'sa' ? s[3] : undefined;
  }

  /** Why this is not a valid SPIFFE ID, one message per problem; empty when valid. */
  public problems(): string[] {
    return [...this._problems];
  }

  /**
   * The Istio principal (`source.principals`, `AuthorizationPolicy`): the
   * ID without the `spiffe://` scheme, e.g. `prod.example.com/ns/payments/sa/checkout`.
   */
  public istioPrincipal(): string {
    return `${this.trustDomain}${this.path}`;
  }

  /**
   * The identity Linkerd's `MeshTLSAuthentication` matches. For a service
   * account ID (`/ns/<ns>/sa/<sa>`) that is Linkerd's DNS-like form
   * `<sa>.<ns>.serviceaccount.identity.<controlPlaneNamespace>.<trustDomain>`;
   * any other ID is matched by its URI (Linkerd accepts SPIFFE URIs).
   *
   * @param controlPlaneNamespace Linkerd's control plane namespace (default 'linkerd')
   */
  public linkerdIdentity(controlPlaneNamespace?: string): string {
    const ns = this.namespaceName;
    const sa = this.serviceAccount;
    if (ns !== undefined && sa !== undefined) {
      return `${sa}.${ns}.serviceaccount.identity.${controlPlaneNamespace ?? 'linkerd'}.${this.trustDomain}`;
    }
    return this.uri;
  }

  /**
   * The ID as a spire-controller-manager `spiffeIDTemplate` that always
   * renders to exactly this ID (a SPIFFE ID cannot contain `{{`, so the
   * URI is a valid template literal).
   */
  public toSpireTemplate(): string {
    return this.uri;
  }

  /** Whether `other` names the same identity. */
  public sameAs(other: SpiffeId): boolean {
    return this.uri === other.uri;
  }

  /** The URI. */
  public toString(): string {
    return this.uri;
  }
}

interface Parsed {
  trustDomain: string;
  path: string;
  problems: string[];
}

function parse(uri: string): Parsed {
  const problems: string[] = [];
  const fix = 'a SPIFFE ID looks like "spiffe://prod.example.com/ns/payments/sa/checkout"';
  if (uri.length === 0) return { trustDomain: '', path: '', problems: [`SPIFFE ID is empty: ${fix}`] };
  if (Buffer.byteLength(uri, 'utf8') > MAX_URI_BYTES) {
    problems.push(`SPIFFE ID is ${Buffer.byteLength(uri, 'utf8')} bytes long; the limit is ${MAX_URI_BYTES}`);
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(uri);
  if (!m) return { trustDomain: '', path: '', problems: [...problems, `"${uri}" is not a SPIFFE ID: ${fix}`] };
  if (m[1] !== 'spiffe') {
    problems.push(`"${uri}" has scheme "${m[1]}"; SPIFFE IDs use the lower-case scheme "spiffe"`);
  }
  let rest = m[2];
  const q = rest.indexOf('?');
  const h = rest.indexOf('#');
  if (q >= 0) problems.push(`"${uri}" has a query; SPIFFE IDs may not contain "?"`);
  if (h >= 0) problems.push(`"${uri}" has a fragment; SPIFFE IDs may not contain "#"`);
  const cut = [q, h].filter(i => i >= 0);
  if (cut.length > 0) rest = rest.slice(0, Math.min(...cut));
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : '';

  if (authority.includes('@')) problems.push(`"${uri}" has user info; SPIFFE IDs may not contain "user@"`);
  if (/:\d*$/.test(authority)) problems.push(`"${uri}" has a port; SPIFFE IDs may not contain ":port"`);
  const trustDomain = authority.replace(/^.*@/, '').replace(/:\d*$/, '');
  if (trustDomain.length === 0) {
    problems.push(`"${uri}" has no trust domain: ${fix}`);
  } else {
    for (const p of SpiffeId.trustDomainProblems(trustDomain)) problems.push(`"${uri}": ${p}`);
  }

  if (path !== '') {
    const segments = path.slice(1).split('/');
    segments.forEach((seg, i) => {
      if (seg.length === 0) {
        problems.push(i === segments.length - 1
          ? `"${uri}" ends with "/"; remove the trailing slash`
          : `"${uri}" has an empty path segment ("//")`);
      } else if (seg === '.' || seg === '..') {
        problems.push(`"${uri}" has a "${seg}" path segment; relative segments are not allowed`);
      } else if (!PATH_SEGMENT.test(seg)) {
        problems.push(`"${uri}" path segment "${seg}" may only contain letters, digits, ".", "-" and "_"`);
      }
    });
  }
  return { trustDomain, path, problems };
}
