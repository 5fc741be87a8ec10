// The generated kinds of 'linkerd' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// and the few generated values the renderers use. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/linkerd';
import { plainKind } from '../../../synth/plain-json';
// Named re-exports of what the renderers use, not `export *` (a getter per generated export at load).
export { ServerSpecPort } from '../../../../imports/linkerd';

export const Server = plainKind(gen, 'Server');
export type Server = gen.Server;

export const HttpRoute = plainKind(gen, 'HttpRoute');
export type HttpRoute = gen.HttpRoute;

export const AuthorizationPolicy = plainKind(gen, 'AuthorizationPolicy');
export type AuthorizationPolicy = gen.AuthorizationPolicy;

export const MeshTlsAuthentication = plainKind(gen, 'MeshTlsAuthentication');
export type MeshTlsAuthentication = gen.MeshTlsAuthentication;

export const NetworkAuthentication = plainKind(gen, 'NetworkAuthentication');
export type NetworkAuthentication = gen.NetworkAuthentication;
