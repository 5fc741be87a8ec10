// Upstream: k8s.io/pod-security-admission policy/check_hostPathVolumes.go
import { CheckDefinition, Forbidden } from '../check';
import { arr, isSet, joinQuote, pluralize } from '../helpers';
import { PodSecurityLevel } from '../level';

export const HOST_PATH_VOLUMES_ID = 'hostPathVolumes';

function hostPathVolumes1_0(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  for (const v of arr(podSpec?.volumes)) {
    if (isSet(v?.hostPath)) (bad ??= []).push(String(v.name ?? ''));
  }
  return bad ? { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}` } : undefined;
}

/** hostPath volumes are forbidden (baseline, 1.0+). */
export const HOST_PATH_VOLUMES: CheckDefinition = {
  id: HOST_PATH_VOLUMES_ID,
  level: PodSecurityLevel.BASELINE,
  versions: [{ minimumMinor: 0, checkPod: hostPathVolumes1_0 }],
  fix: 'Replace the hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes.',
};
