/**
 * Exception annotations and their expiry dates, shared by the constructs (`Exception`) and the
 * audit. Library-internal; depends on nothing in the project.
 */

/** Exceptions are recorded as `zero-trust.cdk8s.io/exception.<topic>` annotations (+ `.expires`, `.owner`). */
export const EXCEPTION_ANNOTATION_PREFIX = 'zero-trust.cdk8s.io/exception.';

/** The environment variable that pins "today" (`YYYY-MM-DD`) for reproducible CI runs and tests. */
export const TODAY_ENV = 'ZERO_TRUST_TODAY';

/** Whether `s` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** "Today" as `YYYY-MM-DD` in UTC: `now` when given, else `ZERO_TRUST_TODAY` when set, else the system clock. */
export function todayUtc(now?: Date): string {
  if (now) return now.toISOString().slice(0, 10);
  const forced = process.env[TODAY_ENV];
  if (forced) {
    // Read once per route when routes carry exceptions: the format check is remembered (issue 19).
    if (forced === lastForced) return forced;
    if (/^\d{4}-\d{2}-\d{2}$/.test(forced)) {
      lastForced = forced;
      return forced;
    }
  }
  return new Date().toISOString().slice(0, 10);
}

/** The last `ZERO_TRUST_TODAY` value seen with the right format. */
let lastForced: string | undefined;
