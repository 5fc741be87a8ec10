/*
 * The declared intent of a route as plain data, shared by the constructs
 * (`AllowRoute.intentsOf`) and the audit (`Equivalence.check`,
 * `TestPlan.fromIntent`, `RolloutPlan`). Depends on nothing in the project.
 */

/**
 * A route the user intends to allow, as plain data (the library's AllowRoute
 * constructs can produce it): workloads are named by namespace and service account.
 */
export interface RouteIntent {
  /** Namespace of the client. */
  readonly fromNamespace: string;
  /** Service account of the client. */
  readonly fromServiceAccount: string;
  /** Namespace of the server. */
  readonly toNamespace: string;
  /** Service account of the server. */
  readonly toServiceAccount: string;
  /** Server (container) port. */
  readonly port: number;
  /**
   * Allowed HTTP methods.
   * @default - any method
   */
  readonly methods?: string[];
  /**
   * Allowed HTTP paths (as written in the intent; a trailing `*` is a prefix).
   * @default - any path
   */
  readonly paths?: string[];
}
