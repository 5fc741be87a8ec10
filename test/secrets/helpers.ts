import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IWorkloadIdentity } from '../../src/model/workload';

/** A minimal IWorkloadIdentity (what MeshService implements). */
export class FakeService extends Construct implements IWorkloadIdentity {
  public readonly namespaceName: string;
  public readonly serviceAccountName: string;
  public readonly podLabels: { [key: string]: string };
  public readonly workload?: kplus.Workload;
  constructor(scope: Construct, id: string, props: { namespace: string; serviceAccount: string; workload?: kplus.Workload }) {
    super(scope, id);
    this.namespaceName = props.namespace;
    this.serviceAccountName = props.serviceAccount;
    this.podLabels = { 'app.kubernetes.io/name': props.serviceAccount };
    this.workload = props.workload;
  }
}

/** A Deployment with one non-root container and a dedicated ServiceAccount. */
export function deployment(chart: Chart, id = 'checkout', opts: { user?: number | null; sa?: boolean } = {}): kplus.Deployment {
  const user = opts.user === null ? undefined : (opts.user ?? 10001);
  return new kplus.Deployment(chart, id, {
    metadata: { namespace: 'payments' },
    serviceAccount: opts.sa === false ? undefined : kplus.ServiceAccount.fromServiceAccountName(chart, `${id}-sa`, `${id}-service`),
    automountServiceAccountToken: false,
    containers: [{ name: 'app', image: 'registry.example.com/checkout:1.0', portNumber: 8080, securityContext: { user } }],
  });
}

/** The pod template of a synthesized workload object. */
export function podTemplate(obj: any): any {
  return obj.kind === 'CronJob' ? obj.spec.jobTemplate.spec.template : obj.spec.template;
}
