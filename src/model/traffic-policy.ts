import { Duration } from 'cdk8s';
import { ISTIO_RETRY_ON, isIstioRetryOn } from './retry-conditions';

/** Retries of a request to a service. */
export interface RetryOptions {
  /** How many times a failed request is retried. */
  readonly attempts: number;
  /**
   * Timeout of each attempt. Must not exceed the total `timeout`.
   * @default - the total timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions that trigger a retry: the Envoy `x-envoy-retry-on` /
   * `x-envoy-retry-grpc-on` values Istio accepts (`5xx`, `gateway-error`,
   * `reset`, `reset-before-request`, `connect-failure`, `retriable-4xx`,
   * `refused-stream`, `retriable-status-codes`, `retriable-headers`,
   * `envoy-ratelimited`, `http3-post-connect-failure`, `cancelled`,
   * `deadline-exceeded`, `internal`, `resource-exhausted`, `unavailable`)
   * or an HTTP status code such as `503`.
   *
   * Unless `idempotent` is set, only requests with an idempotent method
   * (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) are retried on all of them;
   * other requests (POST, PATCH, every gRPC call) are retried only on the
   * conditions that fail before the server saw the request
   * (`connect-failure`, `refused-stream`, `reset-before-request`).
   * @default ['gateway-error', 'connect-failure', 'retriable-4xx']
   */
  readonly retryOn?: string[];

  /**
   * Every request of this service is safe to repeat (e.g. POSTs carry an
   * idempotency key): retry all methods on every `retryOn` condition.
   * @default false - non-idempotent methods are retried only before the server saw the request
   */
  readonly idempotent?: boolean;
}

/** Connection pool limits towards a service. */
export interface ConnectionPoolOptions {
  /**
   * Maximum TCP connections to the service.
   * @default - mesh default
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout.
   * @default - mesh default
   */
  readonly connectTimeout?: Duration;
  /**
   * Maximum pending HTTP requests.
   * @default - mesh default
   */
  readonly maxPendingRequests?: number;
  /**
   * Maximum concurrent HTTP/2 requests.
   * @default - mesh default
   */
  readonly maxRequests?: number;
  /**
   * Maximum requests per connection (1 disables keep-alive).
   * @default - mesh default
   */
  readonly maxRequestsPerConnection?: number;
}

/** Outlier detection (circuit breaking) towards a service. */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx responses (or connection errors) before a pod is ejected.
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * How often pods are analysed.
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection time.
   * @default Duration.seconds(30)
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum percentage of pods ejected at once.
   * @default 50
   */
  readonly maxEjectionPercent?: number;
}

/** Properties of a traffic policy. */
export interface TrafficPolicyProps {
  /**
   * Total timeout of a request, retries included.
   * @default - no timeout (mesh default)
   */
  readonly timeout?: Duration;
  /**
   * Retries.
   * @default - mesh default retries
   */
  readonly retries?: RetryOptions;
  /**
   * Connection pool limits.
   * @default - mesh defaults
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Outlier detection.
   * @default - none
   */
  readonly outlierDetection?: OutlierDetectionOptions;
}

/**
 * How clients call a service: timeouts, retries, connection pool limits and
 * outlier detection. Rendered for Istio as VirtualService and
 * DestinationRule fields (in ambient mode timeouts and retries run in the
 * waypoint).
 *
 * @example
 * TrafficPolicy.resilient() // 3 attempts, 2s per try, 10s in total
 */
export class TrafficPolicy {
  /**
   * The seed's preset: 10s total timeout; 3 retries of 2s each on gateway
   * errors, connect failures and retriable 4xx for idempotent methods;
   * POST, PATCH and gRPC calls are retried only on connect failures (see
   * `RetryOptions.idempotent`).
   */
  public static resilient(): TrafficPolicy {
    return new TrafficPolicy({
      timeout: Duration.seconds(10),
      retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: ['gateway-error', 'connect-failure', 'retriable-4xx'] },
    });
  }

  /** A traffic policy from its parts. */
  public static of(props: TrafficPolicyProps): TrafficPolicy {
    return new TrafficPolicy(props);
  }

  /** Total timeout. */
  public readonly timeout?: Duration;
  /** Retries. */
  public readonly retries?: RetryOptions;
  /** Connection pool limits. */
  public readonly connectionPool?: ConnectionPoolOptions;
  /** Outlier detection. */
  public readonly outlierDetection?: OutlierDetectionOptions;

  private constructor(props: TrafficPolicyProps) {
    this.timeout = props.timeout;
    this.retries = props.retries;
    this.connectionPool = props.connectionPool;
    this.outlierDetection = props.outlierDetection;
  }

  /** Whether the policy needs an L7 proxy (timeouts and retries). */
  public get needsL7(): boolean {
    return this.timeout !== undefined || this.retries !== undefined;
  }

  /** Problems with this policy; empty when valid. */
  public problems(): string[] {
    const out: string[] = [];
    const ms = (d: Duration | undefined) => d?.toMilliseconds();
    const positive = (what: string, d: Duration | undefined) => {
      if (d !== undefined && !(d.toMilliseconds() >= 1)) out.push(`${what} must be at least 1ms`);
    };
    const count = (what: string, n: number | undefined, min: number, max?: number) => {
      if (n !== undefined && (!Number.isInteger(n) || n < min || (max !== undefined && n > max))) {
        out.push(`${what} ${n} must be a whole number from ${min}${max !== undefined ? ` to ${max}` : ''}`);
      }
    };
    positive('traffic.timeout', this.timeout);
    if (this.retries) {
      count('traffic.retries.attempts', this.retries.attempts, 1, 10);
      positive('traffic.retries.perTryTimeout', this.retries.perTryTimeout);
      const perTry = ms(this.retries.perTryTimeout);
      const total = ms(this.timeout);
      if (perTry !== undefined && total !== undefined && perTry > total) {
        out.push(`traffic.retries.perTryTimeout (${perTry}ms) is above the total timeout (${total}ms): a retry could never happen; lower perTryTimeout or raise timeout`);
      }
      for (const r of this.retries.retryOn ?? []) {
        if (!isIstioRetryOn(r)) {
          out.push(`traffic.retries.retryOn "${r}" is not a retry condition istiod accepts: use one of ${ISTIO_RETRY_ON.join(', ')} or an HTTP status code such as "503"`);
        }
      }
      if (this.retries.retryOn !== undefined && this.retries.retryOn.length === 0) {
        out.push('traffic.retries.retryOn is empty: list the conditions to retry on, or omit it for the default');
      }
    }
    const cp = this.connectionPool;
    if (cp) {
      count('traffic.connectionPool.maxConnections', cp.maxConnections, 1);
      count('traffic.connectionPool.maxPendingRequests', cp.maxPendingRequests, 1);
      count('traffic.connectionPool.maxRequests', cp.maxRequests, 1);
      count('traffic.connectionPool.maxRequestsPerConnection', cp.maxRequestsPerConnection, 1);
      positive('traffic.connectionPool.connectTimeout', cp.connectTimeout);
    }
    const od = this.outlierDetection;
    if (od) {
      count('traffic.outlierDetection.consecutive5xxErrors', od.consecutive5xxErrors, 1);
      count('traffic.outlierDetection.maxEjectionPercent', od.maxEjectionPercent, 1, 100);
      positive('traffic.outlierDetection.interval', od.interval);
      positive('traffic.outlierDetection.baseEjectionTime', od.baseEjectionTime);
    }
    return out;
  }
}
