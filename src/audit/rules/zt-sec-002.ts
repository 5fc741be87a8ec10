import { CredentialDetector } from '../../credentials/credential-detector';
import { allContainers, arr } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Why a literal env var looks like a credential, or undefined (the shared detector). */
function looksLikeCredential(name: string, value: string): string | undefined {
  const m = CredentialDetector.inspect(name, value);
  if (!m) return undefined;
  return m.byValue ? `its value looks like ${m.description}` : 'its name says it holds a credential and it has a literal value';
}

/** Credential literals in env. */
export const ZT_SEC_002: RuleDefinition = {
  id: 'ZT-SEC-002',
  pack: 'secrets',
  severity: Severity.CRITICAL,
  title: 'Credential written as a literal environment value',
  explanation: 'A literal `env[].value` that is a credential is stored in clear in the manifest, in git, in etcd and in every `kubectl get -o yaml`. Detected by shape (formats adopted from gitleaks\' rules: AWS access key ids, GitHub `ghp_`/`gho_`/`ghs_`/`github_pat_` tokens, GitLab `glpat-`, Slack `xox?-`/`xapp-` tokens and webhooks, Vault `hvs.`/`hvb.` tokens, Stripe `sk_live_`/`rk_live_` keys, Google API keys and service account key files, SendGrid and npm tokens, PEM private keys, JWTs; and URLs with a password, `scheme://user:password@host`) or by name, matched on whole words of the name split at `_`, `-`, digits and camelCase: PASSWORD, PASSWD, PASSPHRASE, PWD, PASS, SECRET, TOKEN, CREDENTIALS, DSN, API KEY, ACCESS KEY, PRIVATE KEY, CONNECTION STRING... (so `AUTHORS_SITE` or `OAUTH_CALLBACK` are not credentials, `dbPassword` is). Names ending in a word that says the value is a reference (`_FILE`, `_PATH`, `_NAME`, `_URL`, `_TTL`, `_AUDIENCE`...) and values that are empty, booleans, numbers, durations, paths, URLs without a password or `$(VAR)` references are not reported. The same detector runs at synthesis (`SecretEnvCheck`).',
  fix: 'Rotate the credential now, remove it from the manifest and its history, and deliver it through a secret manager (Vault Agent, External Secrets Operator, CSI driver) mounted as a file.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const w of ctx.set.workloads) {
      for (const c of allContainers(w.podSpec)) {
        for (const e of arr(c.env)) {
          if (typeof e?.value !== 'string') continue;
          const why = looksLikeCredential(String(e.name ?? ''), e.value);
          if (why) out.push({ obj: w.obj, message: `container ${c.name}: env ${e.name} is a literal credential (${why}).` });
        }
      }
    }
    return out;
  },
};
