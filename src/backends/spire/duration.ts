import { Duration } from 'cdk8s';
import { humanSeconds } from '../../model/credential-lifetime';

/** Whole seconds of a duration, or undefined when it is not a positive whole number of seconds (library-internal). */
export function wholeSeconds(d: Duration): number | undefined {
  let ms: number;
  try {
    ms = d.toMilliseconds({ integral: false });
  } catch {
    return undefined;
  }
  if (!Number.isFinite(ms) || ms <= 0 || ms % 1000 !== 0) return undefined;
  return ms / 1000;
}

/** Go duration text (`time.ParseDuration`) for whole seconds, shortest form: 3600 → "1h", 5400 → "1h30m", 300 → "5m". */
export function goDuration(seconds: number): string {
  return humanSeconds(seconds);
}

/** A human form for messages, e.g. "1h" or "90s". */
export function describe(d: Duration): string {
  const s = wholeSeconds(d);
  return s === undefined ? d.toHumanString() : goDuration(s);
}

/** Problem when a TTL is not a positive whole number of seconds. */
export function ttlProblem(what: string, d: Duration | undefined): string | undefined {
  if (d === undefined) return undefined;
  if (wholeSeconds(d) === undefined) {
    return `${what} ${d.toHumanString()} is not a positive whole number of seconds: SPIRE durations have second precision (e.g. Duration.hours(1), Duration.minutes(5))`;
  }
  return undefined;
}

/**
 * SPIRE only guarantees an SVID its full lifetime when it is at most
 * min(ca_ttl / 6, 7 days) (SPIRE's `MaxSVIDTTLForCATTL`): the CA rotates
 * when 1/6 of its lifetime remains and no SVID outlives its signing key.
 */
export function maxSvidSecondsForCa(caSeconds: number): number {
  return Math.min(Math.floor(caSeconds / 6), 7 * 24 * 3600);
}
