// The generated kinds of 'linkerd' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// everything else is re-exported unchanged. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/linkerd';
import { plainKind } from '../../../synth/plain-json';
export * from '../../../../imports/linkerd';

export const Server = plainKind<gen.ServerProps>(gen.Server, gen.toJson_ServerProps);
export type Server = gen.Server;

export const HttpRoute = plainKind<gen.HttpRouteProps>(gen.HttpRoute, gen.toJson_HttpRouteProps);
export type HttpRoute = gen.HttpRoute;

export const AuthorizationPolicy = plainKind<gen.AuthorizationPolicyProps>(gen.AuthorizationPolicy, gen.toJson_AuthorizationPolicyProps);
export type AuthorizationPolicy = gen.AuthorizationPolicy;

export const MeshTlsAuthentication = plainKind<gen.MeshTlsAuthenticationProps>(gen.MeshTlsAuthentication, gen.toJson_MeshTlsAuthenticationProps);
export type MeshTlsAuthentication = gen.MeshTlsAuthentication;

export const NetworkAuthentication = plainKind<gen.NetworkAuthenticationProps>(gen.NetworkAuthentication, gen.toJson_NetworkAuthenticationProps);
export type NetworkAuthentication = gen.NetworkAuthentication;
