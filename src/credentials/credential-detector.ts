// The one credential detector: used by the audit (ZT-SEC-002) and by synthesis (SecretEnvCheck).
// A leaf module (no imports) outside src/model and src/audit, which may not import each other.

/** Why a literal looks like a credential. */
export interface CredentialMatch {
  /** `true` when the value itself has a credential's shape; `false` when only the variable name says so. */
  readonly byValue: boolean;
  /** What it looks like, e.g. `an AWS access key id`, or `a credential (the variable name DB_PASSWORD says so)`. */
  readonly description: string;
  /**
   * The gitleaks rule (config/gitleaks.toml `id`) the value shape is adopted from.
   * @default - not a gitleaks rule (a name match, or a shape from another source)
   */
  readonly gitleaksRule?: string;
}

/** A value shape that is a credential whatever the variable is called. */
interface ValueShape {
  readonly re: RegExp;
  readonly what: string;
  readonly gitleaks?: string;
}

// Delimiter that ends a token (gitleaks: `(?:[\x60'"\s;]|\\[nr]|$)`); `\b` is enough for literals.
const VALUE_SHAPES: ValueShape[] = [
  // gitleaks/gitleaks config/gitleaks.toml id "private-key" (header; PGP "PRIVATE KEY BLOCK" included)
  { re: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/, what: 'a PEM private key', gitleaks: 'private-key' },
  // id "aws-access-token"
  { re: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/, what: 'an AWS access key id', gitleaks: 'aws-access-token' },
  // ids "github-pat" (ghp_), "github-oauth" (gho_), "github-app-token" (ghu_/ghs_), "github-refresh-token" (ghr_)
  { re: /\bgh[pousr]_[0-9a-zA-Z]{36}\b/, what: 'a GitHub token', gitleaks: 'github-pat' },
  // id "github-fine-grained-pat"
  { re: /\bgithub_pat_\w{82}\b/, what: 'a GitHub fine-grained personal access token', gitleaks: 'github-fine-grained-pat' },
  // id "gitlab-pat"
  { re: /\bglpat-[\w-]{20}/, what: 'a GitLab personal access token', gitleaks: 'gitlab-pat' },
  // ids "slack-bot-token" (xoxb-), "slack-user-token" (xoxp-/xoxe-), "slack-legacy-token" (xoxo-/xoxs-),
  // "slack-legacy-workspace-token" (xoxa-/xoxr-): one shape for the xox?- family
  { re: /\bxox[abeoprs]-[0-9A-Za-z-]{10,}/, what: 'a Slack token', gitleaks: 'slack-bot-token' },
  // id "slack-app-token"
  { re: /\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+/i, what: 'a Slack app token', gitleaks: 'slack-app-token' },
  // id "slack-webhook-url"
  { re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/, what: 'a Slack webhook URL', gitleaks: 'slack-webhook-url' },
  // ids "vault-service-token" (hvs.) and "vault-batch-token" (hvb.); the minimum length is lowered
  // from gitleaks' 90/138 to 24 so short test tokens and older formats are still caught.
  { re: /\bhv[sb]\.[\w-]{24,}/, what: 'a Vault token', gitleaks: 'vault-service-token' },
  // id "stripe-access-token"
  { re: /\b(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}\b/, what: 'a Stripe secret key', gitleaks: 'stripe-access-token' },
  // id "gcp-api-key"
  { re: /\bAIza[\w-]{35}\b/, what: 'a Google API key', gitleaks: 'gcp-api-key' },
  // id "sendgrid-api-token"
  { re: /\bSG\.[A-Za-z0-9=_.-]{66}\b/, what: 'a SendGrid API key', gitleaks: 'sendgrid-api-token' },
  // id "npm-access-token"
  { re: /\bnpm_[a-z0-9]{36}\b/i, what: 'an npm access token', gitleaks: 'npm-access-token' },
  // id "jwt" (signature optional, as there)
  { re: /\bey[a-zA-Z0-9_-]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?/, what: 'a JSON Web Token', gitleaks: 'jwt' },
  // A Google service account key file (JSON with "type": "service_account" and a "private_key"):
  // https://cloud.google.com/iam/docs/keys-create-delete#creating (key file format)
  { re: /"type"\s*:\s*"service_account"[\s\S]*"private_key"|"private_key"[\s\S]*"type"\s*:\s*"service_account"/, what: 'a Google Cloud service account key' },
  // A URL whose userinfo carries a password, `scheme://user:password@host` (RFC 3986 §3.2.1 deprecates it
  // for exactly this reason); `$(VAR)`/`${VAR}` references to another variable are not literals.
  { re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:(?!\$[({])[^\s/@]+@/i, what: 'a URL with an embedded password' },
];

/** Name tokens that alone say "this holds a credential". */
const SENSITIVE_TOKENS = new Set([
  'password', 'passwd', 'passphrase', 'pwd', 'pass', 'secret', 'secrets', 'token', 'tokens',
  'apikey', 'credential', 'credentials', 'creds', 'privatekey', 'accesskey', 'secretkey', 'dsn',
]);

/** Adjacent token pairs that say so (`API_KEY`, `apiKey`, `CONNECTION_STRING`...). */
const SENSITIVE_PAIRS = new Set([
  'api key', 'access key', 'private key', 'signing key', 'encryption key', 'master key', 'session key',
  'auth key', 'license key', 'account key', 'shared key', 'connection string', 'conn str', 'basic auth',
]);

/** A last token that says the value is not the credential itself (`DB_PASSWORD_FILE`, `TOKEN_TTL`, `SECRET_NAME`). */
const NON_SECRET_LAST = new Set([
  'file', 'path', 'dir', 'directory', 'name', 'id', 'ids', 'enabled', 'disabled', 'enable', 'disable',
  'ttl', 'expiry', 'expiration', 'expires', 'audience', 'header', 'type', 'length', 'lifetime', 'seconds',
  'minutes', 'ref', 'mount', 'location', 'role', 'issuer', 'algorithm', 'alg', 'endpoint', 'region',
  'version', 'format', 'policy', 'provider', 'source', 'kind', 'mode', 'url', 'uri', 'host', 'hostname',
  'port', 'prefix', 'field', 'store', 'namespace', 'user', 'username',
]);

/** Values that are plainly not credentials even under a sensitive name. */
function harmlessValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^(true|false|yes|no|on|off|none|null|enabled|disabled)$/i.test(v)) return true;
  if (/^-?\d+(\.\d+)?[a-z]{0,2}$/i.test(v)) return true; // numbers, durations like 30s, sizes like 10Mi
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('file://')) return true; // a path to a mounted file
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(v)) return true; // a URL without credentials
  if (/^\$\(.*\)$/.test(v) || /^\$\{.*\}$/.test(v)) return true; // $(OTHER_VAR) expansion: the other variable is checked on its own
  return false;
}

/**
 * Detects credentials written as literals: by the value's shape (token formats adopted from
 * gitleaks' rule set, PEM private keys, JWTs, URLs with a password) or by the variable name
 * (matched on whole words: the name is split on `_`, `-`, `.`, digits and camelCase, so
 * `AUTHORS_SITE` and `OAUTH_CALLBACK` are not "auth", but `dbPassword` is "password").
 *
 * One detector for the audit (rule ZT-SEC-002) and for synthesis (`SecretEnvCheck`), so the two never disagree.
 */
export class CredentialDetector {
  /**
   * The lower-case words of a variable name: split on non-alphanumerics, letter/digit
   * boundaries and camelCase (`APIKey` → `api`, `key`).
   * @param name an environment variable (or key) name
   */
  public static nameTokens(name: string): string[] {
    return String(name)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .replace(/([A-Za-z])([0-9])|([0-9])([A-Za-z])/g, (_m, a, b, c, d) => (a !== undefined ? `${a} ${b}` : `${c} ${d}`))
      .split(/[^A-Za-z0-9]+/)
      .filter(t => t.length > 0)
      .map(t => t.toLowerCase());
  }

  /**
   * Whether a variable name says it holds a credential (and not a reference to one:
   * `DB_PASSWORD_FILE`, `TOKEN_AUDIENCE`, `SECRET_NAME` do not).
   * @param name an environment variable (or key) name
   */
  public static isSensitiveName(name: string): boolean {
    const t = CredentialDetector.nameTokens(name);
    if (t.length === 0) return false;
    if (NON_SECRET_LAST.has(t[t.length - 1])) return false;
    if (t.some(x => SENSITIVE_TOKENS.has(x))) return true;
    for (let i = 0; i + 1 < t.length; i++) if (SENSITIVE_PAIRS.has(`${t[i]} ${t[i + 1]}`)) return true;
    return false;
  }

  /**
   * What a value's shape says it is, when it is a credential whatever it is called.
   * @param value the literal
   */
  public static valueShape(value: string): CredentialMatch | undefined {
    const v = String(value);
    for (const s of VALUE_SHAPES) {
      if (s.re.test(v)) return { byValue: true, description: s.what, gitleaksRule: s.gitleaks };
    }
    return undefined;
  }

  /**
   * Whether the literal `value` of variable `name` looks like a credential, and why.
   * @param name the variable (or key) name
   * @param value the literal value
   */
  public static inspect(name: string, value: string): CredentialMatch | undefined {
    const shape = CredentialDetector.valueShape(value);
    if (shape) return shape;
    if (CredentialDetector.isSensitiveName(name) && !harmlessValue(String(value))) {
      return { byValue: false, description: `a credential (the variable name ${name} says so)` };
    }
    return undefined;
  }

  private constructor() {}
}
