// Internal (not exported from the package): retry conditions and their safety.

/**
 * Retry conditions istiod accepts (istio/istio pkg/config/validation/agent/
 * validation.go `supportedRetryOnPolicies`, Istio >= 1.23 for
 * `reset-before-request`), besides HTTP status codes.
 */
export const ISTIO_RETRY_ON = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];

/**
 * Status codes istiod accepts in `retryOn`: the ones Go's `net/http.StatusText`
 * knows (validation.go: `nethttp.StatusText(i) == ""` is rejected; golang/go
 * src/net/http/status.go).
 */
const GO_STATUS_CODES = new Set([
  100, 101, 102, 103,
  200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
  300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
  421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/**
 * Retry conditions that fire only when the upstream never processed the
 * request, so retrying any method is safe: the connection failed
 * (`connect-failure`), the HTTP/2 stream was refused (`refused-stream`,
 * REFUSED_STREAM means "not processed", RFC 9113 section 8.7), or the stream
 * was reset before the request was sent (`reset-before-request`; Istio's
 * own inbound default for the same reason: istio/istio
 * pilot/pkg/networking/core/route/retry/retry.go `defaultInboundRetryOn`).
 * Envoy docs: router filter, `x-envoy-retry-on`.
 */
export const RETRY_ON_BEFORE_REQUEST = ['connect-failure', 'refused-stream', 'reset-before-request'];

/** Idempotent methods (RFC 9110 section 9.2.2). */
export const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'];

/** Whether `value` is a `retryOn` entry istiod accepts. */
export function isIstioRetryOn(value: string): boolean {
  if (ISTIO_RETRY_ON.includes(value)) return true;
  return /^\d+$/.test(value) && GO_STATUS_CODES.has(Number(value));
}
