import { allContainers, arr } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)/i;
const BENIGN_NAME = /(_FILE|_PATH|_DIR|_URL|_ENDPOINT|_HEADER|_NAME|_LENGTH|_TTL|_EXPIRY|_EXPIRES|_SECONDS|_AUDIENCE|_ISSUER)$/i;
const SHAPES: Array<[RegExp, string]> = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/, 'a JWT'],
  [/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/, 'a PEM block'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/, 'a GitHub token'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
];

/** Why a literal env var looks like a credential, or undefined. */
function looksLikeCredential(name: string, value: string): string | undefined {
  for (const [re, what] of SHAPES) if (re.test(value)) return `its value looks like ${what}`;
  if (SECRET_NAME.test(name) && !BENIGN_NAME.test(name) && value.trim() !== '') return 'its name says it holds a credential and it has a literal value';
  return undefined;
}

/** Credential literals in env. */
export const ZT_SEC_002: RuleDefinition = {
  id: 'ZT-SEC-002',
  pack: 'secrets',
  severity: Severity.CRITICAL,
  title: 'Credential written as a literal environment value',
  explanation: 'A literal `env[].value` that is a credential (by name: PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY...; or by shape: AWS access key id, JWT, PEM block, GitHub/Slack token) is stored in clear in the manifest, in git, in etcd and in every `kubectl get -o yaml`.',
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
