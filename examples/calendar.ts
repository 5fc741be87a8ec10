/*
 * The examples' calendar. Their exceptions carry real expiry dates (2027-06-30), and an
 * expired exception fails synthesis by design, so example synthesis (npm run
 * synth:examples, the tests) pins "today" to EXAMPLES_TODAY instead of the system clock:
 * CI does not turn red because the calendar moved. What the calendar *should* make people
 * do — renew or remove an exception — is reported by expiringExceptions() against the real
 * date, as a warning.
 */

/** The date example synthesis and the tests treat as today (`ZERO_TRUST_TODAY`). */
export const EXAMPLES_TODAY = '2026-11-23';

/** Days ahead of the real date within which an exception is reported as expiring. */
export const EXPIRY_WARNING_DAYS = 90;

/** One dated exception found in synthesized manifests. */
export interface DatedException {
  /** `<kind>/<namespace>/<name>` (or `<kind>/<name>`) of the object carrying it, plus `(pod template)` when it sits there. */
  readonly object: string;
  /** Exception topic, e.g. `mtls-permissive`. */
  readonly topic: string;
  /** Last valid day, `YYYY-MM-DD`. */
  readonly expires: string;
  /** Days from `today` to `expires` (negative: already expired). */
  readonly daysLeft: number;
}

const EXPIRES = /^zero-trust\.cdk8s\.io\/exception\.(.+)\.expires$/;

/** Exceptions in `manifests` whose expiry date is at most `days` days after `today` (YYYY-MM-DD, UTC), soonest first. */
export function expiringExceptions(manifests: any[], today: string, days: number = EXPIRY_WARNING_DAYS): DatedException[] {
  const t0 = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(t0)) throw new Error(`today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const out: DatedException[] = [];
  for (const m of manifests) {
    const meta = m?.metadata ?? {};
    const id = [m?.kind, meta.namespace, meta.name].filter(x => x !== undefined && x !== '').join('/');
    const places: Array<[string, any]> = [[id, meta.annotations], [`${id} (pod template)`, m?.spec?.template?.metadata?.annotations]];
    for (const [object, annotations] of places) {
      for (const [key, value] of Object.entries<any>(annotations ?? {})) {
        const match = EXPIRES.exec(key);
        if (!match) continue;
        const t = Date.parse(`${String(value)}T00:00:00Z`);
        const daysLeft = Number.isNaN(t) ? -Infinity : Math.round((t - t0) / 86_400_000);
        if (daysLeft <= days) out.push({ object, topic: match[1], expires: String(value), daysLeft });
      }
    }
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.object.localeCompare(b.object) || a.topic.localeCompare(b.topic));
}
