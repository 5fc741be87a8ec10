/**
 * How serious a zero-trust finding is.
 */
export enum Severity {
  /** Worth knowing; no action required. */
  INFO = 'INFO',
  /** A small gap in defence in depth. */
  LOW = 'LOW',
  /** A weakness that widens what an attacker inside the cluster can reach or read. */
  MEDIUM = 'MEDIUM',
  /** A broken zero-trust control: plaintext, missing default deny, missing or misleading identity checks. */
  HIGH = 'HIGH',
  /** A credential in plain sight or an equivalent exposure. */
  CRITICAL = 'CRITICAL',
}
