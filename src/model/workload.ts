import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';

/**
 * A workload with one identity: the namespace it runs in, its dedicated
 * ServiceAccount and the labels of its pods. Implemented by `MeshService`;
 * accepted by `AllowRoute`, `SpiffeWorkload` and `VaultInjectedSecret`.
 */
export interface IWorkloadIdentity extends IConstruct {
  /** Namespace the pods run in. */
  readonly namespaceName: string;
  /** The workload's dedicated ServiceAccount. */
  readonly serviceAccountName: string;
  /** Labels that select exactly this workload's pods. */
  readonly podLabels: { [key: string]: string };
  /**
   * The cdk8s-plus workload whose pod template the library may change
   * (annotations, volumes), when the pods are defined in this app.
   */
  readonly workload?: kplus.Workload;
}
