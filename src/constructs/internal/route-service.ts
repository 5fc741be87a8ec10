/*
 * What an `AllowRoute` needs of a `MeshService`, and the brand that recognises one. `AllowRoute`
 * reads services through this module instead of importing `MeshService` (which imports
 * `AllowRoute` for `allowFrom`/`allowTo`): no import cycle between the two constructs.
 */
import { IConstruct } from 'constructs';
import { ServiceEngines } from './engines';
import { IPeer } from '../../model/peer';
import { Port } from '../../model/port';
import { ServiceIntent } from '../../model/route-intent';
import type { ZeroTrustNamespace } from '../zero-trust-namespace';

/** A `MeshService` as a route end (the members `AllowRoute` reads). */
export interface RouteService extends IPeer, IConstruct {
  readonly name: string;
  readonly namespaceName: string;
  readonly serviceAccountName: string;
  readonly podLabels: { [key: string]: string };
  readonly zeroTrustNamespace: ZeroTrustNamespace;
  readonly clientOnly: boolean;
  readonly exposedPorts: Port[];
  readonly _serviceIntent: ServiceIntent;
  readonly _engines: ServiceEngines;
}

/**
 * Set on every `MeshService` by its constructor: a symbol of this copy of the library (a property
 * read, not a WeakSet lookup: checked several times per route, issue 19).
 */
const BRAND = Symbol('cdk8s-zero-trust.MeshService');

/** Marks `service` as a `MeshService` (called by its constructor). */
export function brandRouteService(service: RouteService): void {
  Object.defineProperty(service, BRAND, { value: true, enumerable: false });
}

/** Whether `x` is a `MeshService` (the same answer as `instanceof MeshService`, for this copy of the library). */
export function isRouteService(x: unknown): x is RouteService {
  return typeof x === 'object' && x !== null && (x as { [BRAND]?: boolean })[BRAND] === true;
}
