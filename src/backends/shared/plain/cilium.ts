// The generated kinds of 'cilium' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// and the few generated values the renderers use. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/cilium';
import { plainKind } from '../../../synth/plain-json';
// Only the kinds below are used (no `export *`: a getter per generated export at load).

export const CiliumNetworkPolicy = plainKind(gen, 'CiliumNetworkPolicy');
export type CiliumNetworkPolicy = gen.CiliumNetworkPolicy;
