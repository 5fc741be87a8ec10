// The generated kinds of 'cilium' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// everything else is re-exported unchanged. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/cilium';
import { plainKind } from '../../../synth/plain-json';
export * from '../../../../imports/cilium';

export const CiliumNetworkPolicy = plainKind(gen, 'CiliumNetworkPolicy');
export type CiliumNetworkPolicy = gen.CiliumNetworkPolicy;
