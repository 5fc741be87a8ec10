// The generated kinds of 'istio-networking' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// everything else is re-exported unchanged. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/istio-networking';
import { plainKind } from '../../../synth/plain-json';
export * from '../../../../imports/istio-networking';

export const DestinationRule = plainKind<gen.DestinationRuleProps>(gen.DestinationRule, gen.toJson_DestinationRuleProps);
export type DestinationRule = gen.DestinationRule;

export const ServiceEntry = plainKind<gen.ServiceEntryProps>(gen.ServiceEntry, gen.toJson_ServiceEntryProps);
export type ServiceEntry = gen.ServiceEntry;

export const Sidecar = plainKind<gen.SidecarProps>(gen.Sidecar, gen.toJson_SidecarProps);
export type Sidecar = gen.Sidecar;

export const VirtualService = plainKind<gen.VirtualServiceProps>(gen.VirtualService, gen.toJson_VirtualServiceProps);
export type VirtualService = gen.VirtualService;
