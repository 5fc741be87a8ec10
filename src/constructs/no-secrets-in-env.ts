import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { Exception } from '../model/exception';
import { SecretEnvCheck } from '../model/secret-env-check';

const enforced = new WeakSet<IConstruct>();

/**
 * Synthesis fails when any container under a scope — built with cdk8s-plus
 * or as a raw `ApiObject` — reads a Secret into its environment
 * (`env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`) or sets a literal
 * that looks like a credential, unless the workload carries a valid
 * exception (a reason and an expiry within a year).
 *
 * The rule itself is `SecretEnvCheck`, which works on plain manifests from
 * anywhere (Helm output, YAML files).
 *
 * @example
 * const app = new App();
 * NoSecretsInEnv.enforce(app);
 * // a legacy workload, for a while:
 * NoSecretsInEnv.allowWorkload(legacy, Exception.of({ reason: 'vendor image reads DB_PASSWORD only (VEND-7)', expires: '2027-03-31' }));
 */
export class NoSecretsInEnv {
  /**
   * Checks every object under `scope` (an App or a Chart) at synthesis.
   * Calling it again on the same scope does nothing.
   */
  public static enforce(scope: IConstruct): void {
    if (enforced.has(scope)) return;
    enforced.add(scope);
    scope.node.addValidation({ validate: () => NoSecretsInEnv.problems(scope) });
  }

  /**
   * The problems `enforce` would report for `scope`, one per offending
   * environment entry ("<object path>: <message>").
   */
  public static problems(scope: IConstruct): string[] {
    const out: string[] = [];
    for (const c of scope.node.findAll()) {
      if (!(c instanceof ApiObject)) continue;
      let json: any;
      try {
        json = c.toJson();
      } catch {
        continue; // an object that cannot render fails synthesis on its own
      }
      for (const f of SecretEnvCheck.checkObject(json)) out.push(`${c.node.path}: ${f.message}`);
    }
    return out;
  }

  /**
   * Lets a cdk8s-plus workload keep secrets in its environment until the
   * exception expires (annotations on its pod template).
   */
  public static allowWorkload(workload: kplus.AbstractPod, exception: Exception): void {
    const meta = (workload as any).podMetadata ?? workload.metadata;
    for (const [k, v] of Object.entries(exception.annotations(SecretEnvCheck.EXCEPTION_TOPIC))) meta.addAnnotation(k, v);
  }

  /**
   * Lets a raw `ApiObject` (Deployment, Pod, CronJob, ...) keep secrets in
   * its environment until the exception expires (annotations on the object).
   */
  public static allowObject(obj: ApiObject, exception: Exception): void {
    for (const [k, v] of Object.entries(exception.annotations(SecretEnvCheck.EXCEPTION_TOPIC))) obj.metadata.addAnnotation(k, v);
  }

  private constructor() {}
}
