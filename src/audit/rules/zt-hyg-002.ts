import { exceptionsOn } from '../internal/exceptions';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Expired or malformed exceptions. */
export const ZT_HYG_002: RuleDefinition = {
  id: 'ZT-HYG-002',
  pack: 'hygiene',
  severity: Severity.MEDIUM,
  title: 'Expired or malformed zero-trust exception',
  explanation: 'Exceptions (`zero-trust.cdk8s.io/exception.<topic>: "<reason>"` with `zero-trust.cdk8s.io/exception.<topic>.expires: "YYYY-MM-DD"`) are short-lived by design. One that has expired, has no reason, or has no valid expiry date no longer suppresses anything, and the weaker setting it covered is reported by its own rule.',
  fix: 'Remove the weaker setting and the exception annotations, or renew the exception with a current reason and a new date.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const o of ctx.set.objects) {
      const bad = exceptionsOn(o, ctx.today).filter(e => e.problems.length > 0);
      if (bad.length > 0) out.push({ obj: o, message: bad.flatMap(e => e.problems).join('; ') + '.' });
    }
    return out;
  },
};
