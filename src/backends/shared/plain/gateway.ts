// The generated kinds of 'gateway' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// and the few generated values the renderers use. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/gateway';
import { plainKind } from '../../../synth/plain-json';
// Only the kinds below are used (no `export *`: a getter per generated export at load).

export const Gateway = plainKind(gen, 'Gateway');
export type Gateway = gen.Gateway;
