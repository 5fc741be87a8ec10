// The one credential detector (CredentialDetector), shared by ZT-SEC-002 and SecretEnvCheck.
// Value shapes cite the gitleaks rule they are adopted from (gitleaks/gitleaks config/gitleaks.toml, by rule id).
import { Audit } from '../../src/audit';
import { CredentialDetector } from '../../src/credentials/credential-detector';
import { SecretEnvCheck } from '../../src/model/secret-env-check';

// Fake tokens built at run time (no scanner should mistake this file for a leak).
const rep = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const A36 = rep('aB3dE5gH7j', 36);

describe('name matching on whole words (split at _, -, ., digits and camelCase)', () => {
  test.each([
    ['AUTHORS_SITE', ['authors', 'site']],
    ['OAUTH_CALLBACK', ['oauth', 'callback']],
    ['dbPassword', ['db', 'password']],
    ['APIKey', ['api', 'key']],
    ['AWS_SECRET_ACCESS_KEY', ['aws', 'secret', 'access', 'key']],
    ['password2', ['password', '2']],
    ['tls.key-file', ['tls', 'key', 'file']],
  ])('tokens of %s', (name, tokens) => {
    expect(CredentialDetector.nameTokens(name)).toEqual(tokens);
  });

  test.each([
    // sensitive: a whole word, or an adjacent pair
    ['DB_PASSWORD', true], ['dbPassword', true], ['REDIS_PASS', true], ['GITHUB_TOKEN', true], ['API_KEY', true],
    ['apiKey', true], ['STRIPE_API_KEY', true], ['SECRET_KEY_BASE', true], ['AWS_SECRET_ACCESS_KEY', true],
    ['CLIENT_SECRET', true], ['DB_CONNECTION_STRING', true], ['SENTRY_DSN', true], ['BASIC_AUTH', true],
    ['JWT_SIGNING_KEY', true], ['SECRET_KEY', true],
    // not sensitive: "auth" inside another word, or alone; no credential word
    ['AUTHORS_SITE', false], ['AUTHOR', false], ['OAUTH_CALLBACK', false], ['AUTH_ENABLED', false],
    ['LOG_LEVEL', false], ['CACHE_KEY_PREFIX', false], ['TOKENIZER_MODEL', false], ['PASSENGER_COUNT', false],
    // a reference to the credential, not the credential
    ['DB_PASSWORD_FILE', false], ['TOKEN_AUDIENCE', false], ['SECRET_NAME', false], ['VAULT_TOKEN_PATH', false],
    ['TOKEN_TTL', false], ['SECRETS_DIR', false], ['OAUTH_TOKEN_URL', false], ['AWS_ACCESS_KEY_ID', false],
  ])('%s sensitive: %s', (name, sensitive) => {
    expect(CredentialDetector.isSensitiveName(name as string)).toBe(sensitive);
  });
});

describe('value shapes', () => {
  test.each([
    ['private-key', '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----', 'a PEM private key'],
    ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n', 'a PEM private key'],
    ['aws-access-token', 'AKIA' + rep('IOSFODNN7EXAMPL', 16), 'an AWS access key id'],
    ['github-pat', 'ghp_' + A36, 'a GitHub token'],
    ['github-app-token', 'ghs_' + A36, 'a GitHub token'],
    ['github-fine-grained-pat', 'github_pat_' + rep('11ABCDEFG0_abcdefghij', 82), 'a GitHub fine-grained personal access token'],
    ['gitlab-pat', 'glpat-' + rep('xY7-zQ', 20), 'a GitLab personal access token'],
    ['slack-bot-token', 'xoxb-1234567890-1234567890123-' + rep('AbCd', 24), 'a Slack token'],
    ['slack-user-token', 'xoxp-1234567890-1234567890-1234567890-' + rep('abcdef', 32), 'a Slack token'],
    ['slack-legacy-workspace-token', 'xoxa-2-' + rep('abc123', 30), 'a Slack token'],
    ['slack-webhook-url', 'https://hooks.slack.com/services/' + rep('T0000/B0000/XXXX', 44), 'a Slack webhook URL'],
    ['vault-service-token', 'hvs.' + rep('CAESIJ-abc_', 95), 'a Vault token'],
    ['vault-batch-token', 'hvb.' + rep('AAAAAQ_x-', 140), 'a Vault token'],
    ['stripe-access-token', 'sk_live_' + rep('4eC39HqLyjWDarjtT1zdp7dc', 24), 'a Stripe secret key'],
    ['gcp-api-key', 'AIza' + rep('SyA-1b2c3d4_e5f6g7', 35), 'a Google API key'],
    ['sendgrid-api-token', 'SG.' + rep('ngeVfQFYQlKU0ufo8x5d1A.', 66), 'a SendGrid API key'],
    ['npm-access-token', 'npm_' + rep('a1b2c3', 36), 'an npm access token'],
    ['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'a JSON Web Token'],
    // https://cloud.google.com/iam/docs/keys-create-delete (service account key file format)
    ['(google service account key)', '{"type": "service_account", "project_id": "p", "private_key_id": "k", "private_key": "x"}', 'a Google Cloud service account key'],
    // RFC 3986 §3.2.1: "user:password" in userinfo is deprecated
    ['(url userinfo)', 'postgres://user:pw@db:5432/app', 'a URL with an embedded password'],
    ['(url userinfo)', 'redis://:hunter2@redis:6379/0', 'a URL with an embedded password'],
  ])('%s: %s', (_rule, value, what) => {
    expect(CredentialDetector.valueShape(value)?.description).toBe(what);
  });

  test.each([
    'http://authors:7001', 'https://example.com/callback', 'postgres://db:5432/app', 'postgres://app:$(DB_PASSWORD)@db/app',
    'AKIA-not-a-key', 'ghp_short', 'eyJhbGciOi', 'jane', '-----BEGIN CERTIFICATE-----',
  ])('not a credential shape: %s', value => {
    expect(CredentialDetector.valueShape(value)).toBeUndefined();
  });

  test('harmless values under a sensitive name are not reported', () => {
    for (const v of ['', 'true', '30s', '10Mi', '/vault/secrets/db', 'https://vault:8200', '$(OTHER)', '${OTHER}']) {
      expect(CredentialDetector.inspect('DB_PASSWORD', v)).toBeUndefined();
    }
    expect(CredentialDetector.inspect('DB_PASSWORD', 'hunter2')).toEqual({ byValue: false, description: 'a credential (the variable name DB_PASSWORD says so)' });
  });
});

describe('the audit (ZT-SEC-002) and synthesis (SecretEnvCheck) agree', () => {
  const env = [
    { name: 'AUTHORS_SITE', value: 'http://authors:7001' },
    { name: 'AUTHOR', value: 'jane' },
    { name: 'OAUTH_CALLBACK', value: 'https://shop.example.com/oauth/callback' },
    { name: 'DATABASE_URL', value: 'postgres://user:pw@host/db' },
    { name: 'VAULT_ADDR_TOKEN_HINT', value: 'hvs.' + rep('CAESIJ-abc_', 95) },
    { name: 'GH', value: 'github_pat_' + rep('11ABCDEFG0_abcdefghij', 82) },
    { name: 'SLACK', value: 'xoxb-1234567890-1234567890123-' + rep('AbCd', 24) },
    { name: 'dbPassword', value: 'hunter2' },
    { name: 'LOG_LEVEL', value: 'info' },
  ];
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'app' } }, template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'app', image: 'x', env }] } } },
  };
  test('same variables reported by both', () => {
    const audit = Audit.ofManifests([deployment], { packs: ['secrets'] }).findings.filter(f => f.ruleId === 'ZT-SEC-002')
      .map(f => /env (\S+) is a literal credential/.exec(f.message)![1]);
    const synth = SecretEnvCheck.check([deployment]).map(f => f.variable);
    expect(synth).toEqual(['DATABASE_URL', 'VAULT_ADDR_TOKEN_HINT', 'GH', 'SLACK', 'dbPassword']);
    expect(audit.sort()).toEqual([...synth].sort());
  });
});
