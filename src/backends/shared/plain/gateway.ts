// The generated kinds of 'gateway' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// everything else is re-exported unchanged. Backends import this module instead of the generated one.
import * as gen from '../../../../imports/gateway';
import { plainKind } from '../../../synth/plain-json';
export * from '../../../../imports/gateway';

export const Gateway = plainKind(gen, 'Gateway');
export type Gateway = gen.Gateway;
