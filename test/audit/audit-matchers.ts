// Registers the public matcher (src/audit/jest.ts, shipped as cdk8s-zero-trust/lib/src/audit/jest)
// the way a user's jest setup file does, and declares its type.
import { zeroTrustMatchers, ZeroTrustMatcherOptions } from '../../src/audit/jest';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The construct (app or chart) or manifest array has no zero-trust findings. */
      toHaveNoZeroTrustFindings(options?: ZeroTrustMatcherOptions): R;
    }
  }
}

expect.extend(zeroTrustMatchers);
