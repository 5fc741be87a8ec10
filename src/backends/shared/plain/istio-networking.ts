// The generated kinds of 'istio-networking' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// everything else is re-exported unchanged. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/istio-networking';
import { plainKind } from '../../../synth/plain-json';
export * from '../../../../imports/istio-networking';

export const DestinationRule = plainKind(gen, 'DestinationRule');
export type DestinationRule = gen.DestinationRule;

export const ServiceEntry = plainKind(gen, 'ServiceEntry');
export type ServiceEntry = gen.ServiceEntry;

export const Sidecar = plainKind(gen, 'Sidecar');
export type Sidecar = gen.Sidecar;

export const VirtualService = plainKind(gen, 'VirtualService');
export type VirtualService = gen.VirtualService;
