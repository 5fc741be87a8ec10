// The generated kinds of 'istio-networking' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// and the few generated values the renderers use. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/istio-networking';
import { plainKind } from '../../../synth/plain-json';
// Named re-exports of what the renderers use, not `export *` (a getter per generated export at load).
export { SidecarSpecOutboundTrafficPolicyMode } from '../../../../imports/istio-networking';

export const DestinationRule = plainKind(gen, 'DestinationRule');
export type DestinationRule = gen.DestinationRule;

export const ServiceEntry = plainKind(gen, 'ServiceEntry');
export type ServiceEntry = gen.ServiceEntry;

export const Sidecar = plainKind(gen, 'Sidecar');
export type Sidecar = gen.Sidecar;

export const VirtualService = plainKind(gen, 'VirtualService');
export type VirtualService = gen.VirtualService;
