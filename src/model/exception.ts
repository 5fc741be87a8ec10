import { EXCEPTION_ANNOTATION_PREFIX, isIsoDate, todayUtc } from '../shared/exceptions';

/**
 * Properties of a justified, time-limited exception to a secure default.
 */
export interface ExceptionProps {
  /**
   * Why the secure default cannot hold yet, in words a reviewer can check
   * (e.g. "legacy billing client speaks plaintext until JIRA-123 lands").
   * Must be at least 10 characters.
   */
  readonly reason: string;

  /**
   * The last day the exception is valid, as an ISO date `YYYY-MM-DD`.
   * Synthesis fails from the day after. An exception may not be granted for
   * more than 366 days from today.
   */
  readonly expires: string;

  /**
   * Who owns removing the exception (team, person or ticket).
   * @default - no owner recorded
   */
  readonly owner?: string;
}

/**
 * A justified, dated exception to one of the library's secure defaults.
 *
 * Every weaker setting (PERMISSIVE mTLS, a port excluded from mTLS, a mounted
 * service account token, ...) takes an `Exception`. Synthesis fails when the
 * reason is missing or the expiry date has passed, and the exception is
 * written as annotations on the objects it affects so reviewers and the audit
 * see it.
 *
 * @example
 * Exception.of({ reason: 'legacy client speaks plaintext until BILL-42 ships', expires: '2027-03-31' })
 */
export class Exception {
  /** Annotation prefix for exceptions written on synthesized objects. */
  public static readonly ANNOTATION_PREFIX: string = EXCEPTION_ANNOTATION_PREFIX;

  /** Creates an exception. Validation happens at synthesis, with the construct path in the message. */
  public static of(props: ExceptionProps): Exception {
    return new Exception(props);
  }

  /**
   * The date "today" for expiry checks, `YYYY-MM-DD` in UTC. Reads the
   * `ZERO_TRUST_TODAY` environment variable when set (for reproducible CI runs
   * and tests), otherwise the system clock.
   */
  public static today(): string {
    return todayUtc();
  }

  /** Why the weaker setting is needed. */
  public readonly reason: string;
  /** Last valid day, `YYYY-MM-DD`. */
  public readonly expires: string;
  /** Who owns removing it, if recorded. */
  public readonly owner?: string;

  private constructor(props: ExceptionProps) {
    this.reason = (props.reason ?? '').trim();
    this.expires = (props.expires ?? '').trim();
    this.owner = props.owner;
  }

  /**
   * Problems with this exception for `what` (e.g. "PERMISSIVE mTLS"); empty when valid.
   */
  public problems(what: string): string[] {
    const out: string[] = [];
    if (this.reason.length < 10) {
      out.push(`the exception for ${what} needs a reason of at least 10 characters that a reviewer can check (got "${this.reason}"): Exception.of({ reason: '...', expires: 'YYYY-MM-DD' })`);
    }
    if (!isIsoDate(this.expires)) {
      out.push(`the exception for ${what} needs an expiry date as YYYY-MM-DD (got "${this.expires}")`);
      return out;
    }
    const today = Exception.today();
    if (this.expires < today) {
      out.push(`the exception for ${what} expired on ${this.expires} (today is ${today}): remove the weaker setting, or renew the exception with a new reason and date`);
    } else {
      const max = new Date(`${today}T00:00:00Z`);
      max.setUTCDate(max.getUTCDate() + 366);
      if (new Date(`${this.expires}T00:00:00Z`).getTime() > max.getTime()) {
        out.push(`the exception for ${what} expires on ${this.expires}, more than a year from today (${today}): exceptions are short-lived; choose a date within a year`);
      }
    }
    return out;
  }

  /** The annotations that record this exception under `topic` on a synthesized object. */
  public annotations(topic: string): Record<string, string> {
    const out: Record<string, string> = {
      [`${Exception.ANNOTATION_PREFIX}${topic}`]: this.reason,
      [`${Exception.ANNOTATION_PREFIX}${topic}.expires`]: this.expires,
    };
    if (this.owner) out[`${Exception.ANNOTATION_PREFIX}${topic}.owner`] = this.owner;
    return out;
  }
}
