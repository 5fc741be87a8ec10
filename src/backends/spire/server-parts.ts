import * as k8s from '../shared/plain/k8s';

/** What every part of the SPIRE server deployment shares (library-internal). */
export interface ServerParts {
  readonly namespace: string;
  /** Labels selecting the server pods. */
  readonly selector: Record<string, string>;
  /** Labels on every object. */
  readonly labels: Record<string, string>;
  /** The server's service account, as an RBAC subject. */
  readonly subject: k8s.Subject[];
  /** Object metadata: `name` in `namespace` (default: the server's), with the labels. */
  meta(name: string, namespace?: string): k8s.ObjectMeta;
}
