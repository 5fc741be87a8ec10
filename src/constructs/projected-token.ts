import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CREDENTIAL_CAP_SECONDS, credentialLifetimeProblems } from '../model/credential-lifetime';
import { Exception } from '../model/exception';
import { ObjectNames } from '../model/names';
import { IWorkloadIdentity } from '../model/workload';
import { dedicatedServiceAccountProblems, hardenTarget, podTargetOf, projectedTokenVolume, selectContainers, tokenExpirationProblems } from './secrets/pod-target';

/** Properties of a `ProjectedServiceAccountToken`. */
export interface ProjectedServiceAccountTokenProps {
  /**
   * The cdk8s-plus workload whose pods get the token. Exactly one of
   * `workload` and `service` is required.
   * @default - none: use `service`
   */
  readonly workload?: kplus.Workload;

  /**
   * The service (e.g. a `MeshService`) whose pods get the token; its pods
   * must be defined in this app (`service.workload`). Exactly one of
   * `workload` and `service` is required.
   * @default - none: use `workload`
   */
  readonly service?: IWorkloadIdentity;

  /**
   * The audience the token is bound to (`aud` claim), e.g. `vault` or
   * `sts.amazonaws.com`. The receiver must check it; a token for one
   * audience is useless to any other.
   */
  readonly audience: string;

  /**
   * Token lifetime. The kubelet rotates the file at 80% of it. At least 10
   * minutes (the API server rejects less); above 24 hours only with
   * `longLivedTokenException`.
   * @default Duration.hours(1)
   */
  readonly expiration?: Duration;

  /**
   * Justification for an `expiration` above 24 hours: a stolen token stays
   * valid for its whole lifetime. Recorded as annotations on the pod template.
   * @default - tokens that live longer than 24 hours are rejected
   */
  readonly longLivedTokenException?: Exception;

  /**
   * Directory the token is mounted at (read-only); the token is the file
   * `token` in it.
   * @default `/var/run/secrets/tokens/<audience>`
   */
  readonly mountPath?: string;

  /**
   * Names of the containers that get the token.
   * @default - every container of the workload
   */
  readonly containers?: string[];

  /**
   * Name of the pod volume.
   * @default `token-<audience>`
   */
  readonly volumeName?: string;
}

/**
 * A short-lived, audience-bound service account token mounted read-only into
 * a workload's containers, for workloads that call Vault or a cloud API
 * directly (Kubernetes token volume projection).
 *
 * Unlike the legacy automounted token (which the library turns off), this
 * token is only valid for one audience and expires after `expiration`.
 *
 * @example
 * new ProjectedServiceAccountToken(payments, 'vault-token', { service: checkout, audience: 'vault' });
 */
export class ProjectedServiceAccountToken extends Construct {
  /** Name of the pod volume holding the token. */
  public readonly volumeName: string;
  /** Directory the token is mounted at. */
  public readonly mountPath: string;
  /** Full path of the token file inside the containers. */
  public readonly tokenPath: string;
  /** Token lifetime in seconds. */
  public readonly expirationSeconds: number;

  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: ProjectedServiceAccountTokenProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => [...this.problems] });
    const p = (m: string) => this.problems.push(m);
    const audience = (props.audience ?? '').trim();
    const slug = ObjectNames.stable([audience], 40);
    this.volumeName = props.volumeName ?? ObjectNames.stable(['token', audience], 63);
    this.mountPath = props.mountPath ?? `/var/run/secrets/tokens/${slug}`;
    this.tokenPath = `${this.mountPath}/token`;
    this.expirationSeconds = props.expiration ? props.expiration.toSeconds() : 3600;

    if (audience.length === 0) p('audience is empty: bind the token to the one receiver that checks it (e.g. "vault", "sts.amazonaws.com")');
    for (const m of tokenExpirationProblems(this.expirationSeconds, 'expiration')) p(m);
    const lifetimes = [{ prop: 'expiration', seconds: this.expirationSeconds, capSeconds: CREDENTIAL_CAP_SECONDS }];
    for (const m of credentialLifetimeProblems('a projected service account token', lifetimes, 'longLivedTokenException', props.longLivedTokenException)) p(m);
    const vp = ObjectNames.dns1123LabelProblem(this.volumeName);
    if (vp) p(`volumeName "${this.volumeName}" ${vp}`);
    if (!this.mountPath.startsWith('/')) p(`mountPath "${this.mountPath}" must be an absolute path`);

    const target = podTargetOf(this, props.workload, props.service, 'a projected service account token');
    for (const m of target.problems) p(m);
    if (!target.workload) return;
    hardenTarget(this, target);
    const containers = selectContainers(target.workload, props.containers, p);
    if (audience.length === 0) return;
    const volume = projectedTokenVolume(this, 'Volume', this.volumeName, audience, this.expirationSeconds);
    for (const c of containers) c.mount(this.mountPath, volume, { readOnly: true });
    if (props.longLivedTokenException) {
      for (const [k, v] of Object.entries(props.longLivedTokenException.annotations(`long-lived-token.${this.volumeName}`))) target.workload.podMetadata.addAnnotation(k, v);
    }
    this.node.addValidation({ validate: () => dedicatedServiceAccountProblems(target, 'a projected service account token') });
  }
}

