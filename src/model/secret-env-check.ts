import { Exception } from './exception';
import { CredentialDetector } from '../credentials/credential-detector';
import { podTemplateOf } from '../shared/pod-template';

/** The exception topic under which a workload may keep secrets in its environment for a while. */
const SECRET_ENV_TOPIC = 'secret-env';

/** Why a container's environment fails the no-secrets-in-env rule. */
export enum SecretEnvViolation {
  /** `env[].valueFrom.secretKeyRef`: a Secret key read into an environment variable. */
  SECRET_KEY_REF = 'SECRET_KEY_REF',
  /** `envFrom[].secretRef`: a whole Secret read into the environment. */
  SECRET_ENV_FROM = 'SECRET_ENV_FROM',
  /** `env[].value`: a literal value that looks like a credential. */
  LITERAL_CREDENTIAL = 'LITERAL_CREDENTIAL',
}

/** One container environment entry that exposes a secret. */
export interface SecretEnvFinding {
  /** Kind of the object (e.g. `Deployment`). */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /**
   * Namespace of the object.
   * @default - none (cluster-scoped or not set)
   */
  readonly namespaceName?: string;
  /** Container name. */
  readonly container: string;
  /**
   * The environment variable, or `envFrom[<i>]` for a whole Secret.
   */
  readonly variable: string;
  /** What is wrong. */
  readonly violation: SecretEnvViolation;
  /** A message that says what is wrong and how to fix it. */
  readonly message: string;
  /**
   * JSON-pointer-like path of the entry inside the object, e.g.
   * `/spec/template/spec/containers/0/env/2`.
   */
  readonly path: string;
}

/** Options of `SecretEnvCheck.check`. */
export interface SecretEnvCheckOptions {
  /**
   * Ignore exceptions (`zero-trust.cdk8s.io/exception.secret-env` annotations)
   * and report every finding.
   * @default false
   */
  readonly ignoreExceptions?: boolean;
}

/** Where the pod template of a manifest lives, by kind. */
function podSpecPaths(obj: any): Array<{ spec: any; meta: any; path: string }> {
  // Pod, PodTemplate, CronJob, and Deployment, StatefulSet, DaemonSet, ReplicaSet,
  // ReplicationController, Job and custom workloads (Argo Rollouts, ...) that embed a pod template.
  const t = podTemplateOf(obj);
  const spec = t?.holder.spec;
  return spec && typeof spec === 'object' ? [{ spec, meta: t!.holder.metadata, path: `${t!.path}/spec` }] : [];
}

/**
 * The no-secrets-in-environment rule over plain manifests (objects as parsed
 * from YAML): a container must not read a Secret through
 * `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`, nor set a literal
 * value that looks like a credential. Secrets belong in files (Vault Agent,
 * a read-only Secret volume), where they do not leak through `ps`, crash
 * dumps, logs and child processes.
 *
 * A workload may keep secrets in its environment for a while with an
 * exception recorded as annotations on the object or its pod template:
 * `zero-trust.cdk8s.io/exception.secret-env` (the reason, at least 10
 * characters) and `zero-trust.cdk8s.io/exception.secret-env.expires`
 * (`YYYY-MM-DD`, at most a year ahead). An invalid or expired exception is
 * reported as such.
 *
 * Pure: no cdk8s, usable on Helm output and hand-written YAML.
 */
export class SecretEnvCheck {
  /** The exception topic of this rule (`Exception.annotations('secret-env')`). */
  public static readonly EXCEPTION_TOPIC = SECRET_ENV_TOPIC;
  /** Annotation holding the reason of an exception to this rule. */
  public static readonly EXCEPTION_ANNOTATION = `${Exception.ANNOTATION_PREFIX}${SECRET_ENV_TOPIC}`;
  /** Annotation holding the expiry (`YYYY-MM-DD`) of an exception to this rule. */
  public static readonly EXCEPTION_EXPIRES_ANNOTATION = `${Exception.ANNOTATION_PREFIX}${SECRET_ENV_TOPIC}.expires`;

  /**
   * Findings for every manifest in `manifests`, in input order. Objects
   * without a pod template are skipped.
   */
  public static check(manifests: any[], options: SecretEnvCheckOptions = {}): SecretEnvFinding[] {
    const out: SecretEnvFinding[] = [];
    for (const m of manifests ?? []) out.push(...SecretEnvCheck.checkObject(m, options));
    return out;
  }

  /** Findings for one manifest. */
  public static checkObject(obj: any, options: SecretEnvCheckOptions = {}): SecretEnvFinding[] {
    if (!obj || typeof obj !== 'object') return [];
    const kind = String(obj.kind ?? '');
    const name = String(obj.metadata?.name ?? '');
    const namespace: string | undefined = obj.metadata?.namespace;
    const out: SecretEnvFinding[] = [];
    for (const { spec, meta, path } of podSpecPaths(obj)) {
      const raw: SecretEnvFinding[] = [];
      for (const group of ['initContainers', 'containers', 'ephemeralContainers']) {
        const containers = Array.isArray(spec[group]) ? spec[group] : [];
        containers.forEach((c: any, ci: number) => {
          raw.push(...SecretEnvCheck.checkContainer(c, `${path}/${group}/${ci}`, kind, name, namespace));
        });
      }
      if (raw.length === 0) continue;
      if (options.ignoreExceptions) { out.push(...raw); continue; }
      const exceptionProblems = SecretEnvCheck.exceptionProblems(obj.metadata?.annotations, meta?.annotations);
      if (exceptionProblems === undefined) {
        out.push(...raw);
      } else if (exceptionProblems.length > 0) {
        const why = exceptionProblems.join('; ');
        out.push(...raw.map(f => ({ ...f, message: `${f.message} (the exception on ${kind}/${name} does not apply: ${why})` })));
      }
    }
    return out;
  }

  /**
   * `undefined` when no exception is recorded, `[]` when a valid exception is
   * recorded, otherwise why the recorded exception is not valid.
   */
  private static exceptionProblems(...annotationSets: any[]): string[] | undefined {
    for (const a of annotationSets) {
      if (!a || typeof a !== 'object') continue;
      const reason = a[SecretEnvCheck.EXCEPTION_ANNOTATION];
      const expires = a[SecretEnvCheck.EXCEPTION_EXPIRES_ANNOTATION];
      if (reason === undefined && expires === undefined) continue;
      return Exception.of({ reason: String(reason ?? ''), expires: String(expires ?? '') }).problems('secrets in environment variables');
    }
    return undefined;
  }

  private static checkContainer(c: any, base: string, kind: string, name: string, namespace: string | undefined): SecretEnvFinding[] {
    const out: SecretEnvFinding[] = [];
    const cname = String(c?.name ?? '');
    const where = `${kind}/${name}${namespace ? ` (namespace ${namespace})` : ''} container "${cname}"`;
    const finding = (variable: string, violation: SecretEnvViolation, message: string, path: string): SecretEnvFinding => ({
      kind, name, namespaceName: namespace, container: cname, variable, violation, message, path,
    });
    const env = Array.isArray(c?.env) ? c.env : [];
    env.forEach((e: any, i: number) => {
      const vname = String(e?.name ?? '');
      const ref = e?.valueFrom?.secretKeyRef;
      if (ref) {
        out.push(finding(vname, SecretEnvViolation.SECRET_KEY_REF,
          `${where} reads Secret ${ref.name ?? '?'} key ${ref.key ?? '?'} into environment variable ${vname}: environment variables leak through process listings, crash dumps, logs and child processes; mount the Secret as a read-only file (ExternalSecretSync mounts it for you) or inject it with Vault Agent (VaultInjectedSecret)`,
          `${base}/env/${i}`));
        return;
      }
      if (typeof e?.value === 'string') {
        const why = SecretEnvCheck.literalCredential(vname, e.value);
        if (why) {
          out.push(finding(vname, SecretEnvViolation.LITERAL_CREDENTIAL,
            `${where} sets environment variable ${vname} to a literal that looks like ${why}: a credential in the pod spec is readable by anyone who can read the object, and stays in etcd and Git history; rotate it, store it in Vault or your cloud secret manager, and deliver it as a file (VaultInjectedSecret, ExternalSecretSync)`,
            `${base}/env/${i}`));
        }
      }
    });
    const envFrom = Array.isArray(c?.envFrom) ? c.envFrom : [];
    envFrom.forEach((e: any, i: number) => {
      if (e?.secretRef) {
        out.push(finding(`envFrom[${i}]`, SecretEnvViolation.SECRET_ENV_FROM,
          `${where} loads every key of Secret ${e.secretRef.name ?? '?'} into its environment (envFrom.secretRef): environment variables leak through process listings, crash dumps, logs and child processes; mount the Secret as a read-only file volume instead (ExternalSecretSync mounts it for you)`,
          `${base}/envFrom/${i}`));
      }
    });
    return out;
  }

  /** What the literal looks like when it looks like a credential, else undefined. */
  private static literalCredential(name: string, value: string): string | undefined {
    return CredentialDetector.inspect(name, value)?.description;
  }
}
