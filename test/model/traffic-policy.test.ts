import { Duration } from 'cdk8s';
import { istioHttpRoutes } from '../../src/backends/istio/service';
import { TrafficPolicy } from '../../src/model/traffic-policy';

const HOST = 'api.shop.svc.cluster.local';

/** The retry policy a request with `method` gets: Istio takes the first http route whose match fits. */
function retriesFor(t: TrafficPolicy, method: string): any {
  for (const r of istioHttpRoutes(t, HOST)) {
    const ms: any[] = r.match ?? [];
    if (ms.length === 0 || ms.some(m => new RegExp(`^(?:${m.method.regex})$`).test(method))) return r.retries;
  }
  throw new Error('no route');
}

describe('TrafficPolicy retries (Istio)', () => {
  // istio/istio pkg/config/validation/agent/validation_test.go TestValidateMeshConfigDefaultInboundHTTPRetryPolicy:
  // "reset-before-request,503" valid, "not-a-policy" and "600" invalid; validation.go supportedRetryOnPolicies.
  test.each([
    ['reset-before-request', true],
    ['503', true],
    ['gateway-error', true],
    ['unavailable', true], // x-envoy-retry-grpc-on
    ['http3-post-connect-failure', true],
    ['418', true], // Go net/http knows 418
    ['not-a-policy', false],
    ['600', false],
    ['599', false], // not in Go's StatusText
    ['Gateway-Error', false],
    ['5XX', false],
  ])('retryOn %s accepted: %s', (value, ok) => {
    const problems = TrafficPolicy.of({ retries: { attempts: 2, retryOn: [value] } }).problems();
    expect(problems.some(p => p.includes(`"${value}"`))).toBe(!ok);
  });

  test('an unknown condition names the accepted ones', () => {
    const [p] = TrafficPolicy.of({ retries: { attempts: 2, retryOn: ['5xx-errors'] } }).problems();
    expect(p).toContain('traffic.retries.retryOn "5xx-errors" is not a retry condition istiod accepts');
    expect(p).toContain('reset-before-request');
  });

  test('resilient(): a POST is never retried after the server may have processed it', () => {
    const t = TrafficPolicy.resilient();
    // Envoy docs (router filter, x-envoy-retry-on): gateway-error = 502/503/504, retriable-4xx = 409: responses.
    expect(retriesFor(t, 'GET').retryOn).toBe('gateway-error,connect-failure,retriable-4xx');
    expect(retriesFor(t, 'PUT').retryOn).toBe('gateway-error,connect-failure,retriable-4xx');
    expect(retriesFor(t, 'DELETE').retryOn).toBe('gateway-error,connect-failure,retriable-4xx');
    for (const m of ['POST', 'PATCH', 'CONNECT']) {
      expect(retriesFor(t, m)).toEqual({ attempts: 3, perTryTimeout: '2s', retryOn: 'connect-failure' });
    }
    // The regex must not match a method that merely contains an idempotent one.
    expect(retriesFor(t, 'GETX').retryOn).toBe('connect-failure');
  });

  test('no condition safe before the request: non-idempotent requests get attempts 0 (not Istio\'s default policy)', () => {
    const t = TrafficPolicy.of({ timeout: Duration.seconds(5), retries: { attempts: 2, retryOn: ['5xx', '503'] } });
    // validation.go ValidateHTTPRetry: attempts 0 with perTryTimeout or retryOn is rejected.
    expect(retriesFor(t, 'POST')).toEqual({ attempts: 0 });
    expect(retriesFor(t, 'GET')).toEqual({ attempts: 2, perTryTimeout: undefined, retryOn: '5xx,503' });
  });

  test('idempotent: true retries every method on every condition, in one route', () => {
    const t = TrafficPolicy.of({ retries: { attempts: 2, retryOn: ['gateway-error'], idempotent: true } });
    expect(istioHttpRoutes(t, HOST)).toHaveLength(1);
    expect(retriesFor(t, 'POST').retryOn).toBe('gateway-error');
  });

  test('only safe conditions: one route for every method', () => {
    const t = TrafficPolicy.of({ retries: { attempts: 2, retryOn: ['connect-failure', 'refused-stream', 'reset-before-request'] } });
    expect(istioHttpRoutes(t, HOST)).toHaveLength(1);
    expect(retriesFor(t, 'POST').retryOn).toBe('connect-failure,refused-stream,reset-before-request');
  });
});
