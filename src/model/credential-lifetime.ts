import { Exception } from './exception';

/** One credential lifetime a construct sets (library-internal). */
export interface CredentialLifetime {
  /** The prop that sets it, as the user wrote it (e.g. `expiration`, `x509SvidTtl`). */
  readonly prop: string;
  /** Its value in seconds. */
  readonly seconds: number;
  /** The longest value accepted without an exception, in seconds. */
  readonly capSeconds: number;
}

/** Longest lifetime of a credential (token, X.509-SVID) without an `Exception`: 24 hours. */
export const CREDENTIAL_CAP_SECONDS = 24 * 3600;
/** Longest lifetime of a bearer JWT-SVID without an `Exception`: 1 hour. */
export const JWT_SVID_CAP_SECONDS = 3600;

/**
 * The one rule for long-lived credentials (library-internal): a lifetime
 * above its cap needs `exception`; an exception without such a lifetime is
 * refused; the exception itself must be valid. Messages name the prop, the
 * value, the cap and the fix.
 */
export function credentialLifetimeProblems(
  what: string, lifetimes: CredentialLifetime[], exceptionProp: string, exception: Exception | undefined,
): string[] {
  const out: string[] = [];
  const over = lifetimes.filter(l => Number.isFinite(l.seconds) && l.seconds > l.capSeconds);
  if (!exception) {
    for (const l of over) {
      out.push(`${l.prop} is ${humanSeconds(l.seconds)} (${l.seconds} seconds), above the ${humanSeconds(l.capSeconds)} cap for ${what}: a stolen credential stays valid for its whole lifetime, so long-lived ones need a reviewed reason; use at most ${humanSeconds(l.capSeconds)} (shorter is better; rotation is automatic), or justify it with ${exceptionProp}: Exception.of({ reason, expires })`);
    }
  } else {
    if (over.length === 0) {
      const caps = lifetimes.map(l => `${l.prop} above ${humanSeconds(l.capSeconds)}`).join(' or ');
      out.push(`${exceptionProp} is only accepted with ${caps}; remove it`);
    }
    for (const m of exception.problems(what)) out.push(`${exceptionProp}: ${m}`);
  }
  return out;
}

/** Seconds as a short duration text: 86400 → "24h", 5400 → "1h30m", 90 → "1m30s". */
export function humanSeconds(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}` || '0s';
}
