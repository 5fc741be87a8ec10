// The generated kinds of 'istio-security' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// everything else is re-exported unchanged. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/istio-security';
import { plainKind } from '../../../synth/plain-json';
export * from '../../../../imports/istio-security';

export const AuthorizationPolicy = plainKind(gen, 'AuthorizationPolicy');
export type AuthorizationPolicy = gen.AuthorizationPolicy;

export const PeerAuthentication = plainKind(gen, 'PeerAuthentication');
export type PeerAuthentication = gen.PeerAuthentication;
