import { dryRunNamespaces } from '../internal/dry-run';
import { exceptionsOn } from '../internal/exceptions';
import { namespaceOf } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Namespace in dry run without a valid, dated exception. */
export const ZT_NET_006: RuleDefinition = {
  id: 'ZT-NET-006',
  pack: 'default-deny',
  severity: Severity.HIGH,
  title: 'Namespace left in dry run',
  explanation: 'A dry run enforces nothing: Istio AuthorizationPolicies with `istio.io/dry-run: "true"` become shadow rules that only log and count (https://istio.io/latest/docs/tasks/security/authorization/authz-dry-run/), Linkerd\'s `audit` default inbound policy and Server `accessPolicy: audit` allow every request and flag it (https://linkerd.io/2/reference/authorization-policy/), and the library renders no Kubernetes NetworkPolicy and no Cilium default deny in a dry-run namespace. It is a step of a rollout, not a state: the Namespace must carry a `dry-run` exception (`zero-trust.cdk8s.io/exception.dry-run` with a reason and `.expires`) that has not expired. A namespace counts as in dry run when its Namespace says so (`zero-trust.cdk8s.io/enforcement: dry-run`, Linkerd `config.linkerd.io/default-inbound-policy: audit`) or any of its Istio AuthorizationPolicies or Linkerd Servers is in dry run.',
  fix: 'Switch the namespace to `Enforcement.ENFORCE` (the rollout plan\'s last step) once the would-be denials are understood, or renew the dry run with `dryRunException: Exception.of({ reason, expires })`.',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const [ns, why] of [...dryRunNamespaces(ctx.set).entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const nsObj = ctx.set.namespaceObject(ns);
      const ex = nsObj ? exceptionsOn(nsObj, ctx.today).filter(e => e.topic === 'dry-run') : [];
      if (ex.some(e => e.problems.length === 0)) continue;
      const problem = ex.length === 0
        ? 'has no dry-run exception on its Namespace'
        : ex.flatMap(e => e.problems).join('; ');
      out.push({ obj: nsObj ?? ctx.set.objects.find(o => namespaceOf(o) === ns), message: `namespace ${ns} is in dry run (${why.join('; ')}) and ${problem}: nothing in it is enforced.` });
    }
    return out;
  },
};
