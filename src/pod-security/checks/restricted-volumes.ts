// Upstream: k8s.io/pod-security-admission policy/check_restrictedVolumes.go
import { CheckDefinition, Forbidden } from '../check';
import { arr, isSet, joinQuote, pluralize, sortedSet } from '../helpers';
import { PodSecurityLevel } from '../level';
import { HOST_PATH_VOLUMES_ID } from './host-path-volumes';

/** Volume sources the restricted level allows (upstream's switch, in its order). */
const ALLOWED = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** Restricted volume sources, in upstream's switch order (the first one set names the type). */
const RESTRICTED = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd',
  'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

/**
 * A volume with no source is an emptyDir: the API server defaults it before admission
 * runs (kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Volume:
 * `if AllPtrFieldsNil(&obj.VolumeSource) { EmptyDir: {} }`; upstream's pass fixture
 * restrictedvolumes0 has such an "implicit empty dir", test/fixtures_restrictedVolumes.go).
 */
function hasNoSource(vol: any): boolean {
  for (const k in vol) if (k !== 'name' && isSet(vol[k])) return false;
  return true;
}

function restrictedVolumes1_0(_m: any, podSpec: any): Forbidden | undefined {
  let bad: string[] | undefined;
  let types: string[] | undefined;
  for (const v of arr(podSpec?.volumes)) {
    const vol = v ?? {};
    if (ALLOWED.some(k => isSet(vol[k])) || hasNoSource(vol)) continue;
    (bad ??= []).push(String(vol.name ?? ''));
    (types ??= []).push(RESTRICTED.find(k => isSet(vol[k])) ?? 'unknown');
  }
  if (!bad) return undefined;
  const typeList = sortedSet(types!);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', typeList.length)} ${joinQuote(typeList)}`,
  };
}

/** Only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes (restricted, 1.0+; replaces `hostPathVolumes`). */
export const RESTRICTED_VOLUMES: CheckDefinition = {
  id: 'restrictedVolumes',
  level: PodSecurityLevel.RESTRICTED,
  versions: [{ minimumMinor: 0, checkPod: restrictedVolumes1_0, overrides: [HOST_PATH_VOLUMES_ID] }],
  fix: 'Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes (put other storage behind a PersistentVolumeClaim).',
};
