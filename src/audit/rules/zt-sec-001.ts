import { allContainers, arr } from '../internal/manifests';
import { RawFinding, RuleDefinition } from '../internal/rule';
import { Severity } from '../severity';

/** Secret exposed as environment variables. */
export const ZT_SEC_001: RuleDefinition = {
  id: 'ZT-SEC-001',
  pack: 'secrets',
  severity: Severity.MEDIUM,
  title: 'Secret read into environment variables',
  explanation: 'Secrets in environment variables (`env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`) leak through crash dumps, `/proc/<pid>/environ`, child processes and debug endpoints, and cannot rotate without a restart. Mount them as files (projected volume, CSI driver) or inject them with Vault Agent instead.',
  fix: 'Mount the Secret as a volume (or use Vault Agent / the Secrets Store CSI driver) and read the file. Record `zero-trust.cdk8s.io/exception.secret-env` (+ `.expires`) on the workload if the application can only read env vars for now.',
  exceptionTopic: 'secret-env',
  check(ctx) {
    const out: RawFinding[] = [];
    for (const w of ctx.set.workloads) {
      const uses: string[] = [];
      for (const c of allContainers(w.podSpec)) {
        for (const e of arr(c.env)) {
          const ref = e?.valueFrom?.secretKeyRef;
          if (ref) uses.push(`container ${c.name}: env ${e.name} from Secret ${ref.name} key ${ref.key}`);
        }
        for (const e of arr(c.envFrom)) {
          if (e?.secretRef) uses.push(`container ${c.name}: envFrom Secret ${e.secretRef.name}`);
        }
      }
      if (uses.length > 0) out.push({ obj: w.obj, message: `reads Secrets into environment variables (${uses.join('; ')}).` });
    }
    return out;
  },
};
