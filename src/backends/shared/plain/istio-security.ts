// The generated kinds of 'istio-security' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// and the few generated values the renderers use. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/istio-security';
import { plainKind } from '../../../synth/plain-json';
// Named re-exports of what the renderers use, not `export *` (a getter per generated export at load).
export { AuthorizationPolicySpecAction, PeerAuthenticationSpecMtlsMode, PeerAuthenticationSpecPortLevelMtlsMode } from '../../../../imports/istio-security';

export const AuthorizationPolicy = plainKind(gen, 'AuthorizationPolicy');
export type AuthorizationPolicy = gen.AuthorizationPolicy;

export const PeerAuthentication = plainKind(gen, 'PeerAuthentication');
export type PeerAuthentication = gen.PeerAuthentication;
