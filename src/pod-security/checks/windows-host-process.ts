// Upstream: k8s.io/pod-security-admission policy/check_windowsHostProcess.go
import { CheckDefinition, Forbidden } from '../check';
import { containerName, containersPhrase, sc, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';

function windowsHostProcess1_0(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  visitContainers(podSpec, c => {
    if (sc(c)?.windowsOptions?.hostProcess === true) (bad ??= []).push(containerName(c));
  });
  let setters: string[] | undefined;
  if (sc(podSpec)?.windowsOptions?.hostProcess === true) (setters ??= []).push('pod');
  if (bad) (setters ??= []).push(containersPhrase(bad));
  return setters ? { reason: 'hostProcess', detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true` } : undefined;
}

/** Windows HostProcess containers are forbidden (baseline, 1.0+). */
export const WINDOWS_HOST_PROCESS: CheckDefinition = {
  id: 'windowsHostProcess',
  level: PodSecurityLevel.BASELINE,
  versions: [{ minimumMinor: 0, checkPod: windowsHostProcess1_0 }],
  fix: 'Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and every container.',
};
