import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';
import { isSet, joinQuote, pluralize, record, sortedSet, str } from '../pod.js';

/**
 * Inline volume sources the restricted level allows. `image` joined the list in Kubernetes 1.33
 * without a new policy version (upstream changed its only, v1.0, revision), so it is allowed at
 * every version, as an up-to-date admission controller does.
 */
export const RESTRICTED_ALLOWED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim',
  'projected', 'secret',
];

/** Every other volume source of the API, in the order upstream picks the one it names. */
const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs',
  'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte',
  'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

/**
 * Restricted, v1.0+: volumes may only use the allowed inline sources (configMap, csi, downwardAPI,
 * emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret); any other source
 * (hostPath, nfs, gitRepo, ...) is denied. Replaces `hostPathVolumes` at the restricted level.
 */
export const restrictedVolumes: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  revisions: [
    {
      since: 0,
      overrides: ['hostPathVolumes'],
      check(pod) {
        const names: string[] = [];
        const types: string[] = [];
        const paths: Path[] = [];
        const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
        volumes.forEach((v, i) => {
          const volume = record(v) ?? {};
          if (RESTRICTED_ALLOWED_VOLUME_TYPES.some((t) => isSet(volume[t]))) return;
          // A volume with no (known) source is defaulted to an emptyDir by the API server before
          // admission sees it, so only a restricted source set here denies it.
          const type = RESTRICTED_VOLUME_TYPES.find((t) => isSet(volume[t]));
          if (!type) return;
          names.push(str(volume.name));
          types.push(type);
          paths.push(['spec', 'volumes', i, type]);
        });
        if (names.length === 0) return undefined;
        const typeList = sortedSet(types);
        return {
          reason: 'restricted volume types',
          detail:
            `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ` +
            `${pluralize('uses', 'use', names.length)} ` +
            `${pluralize('restricted volume type', 'restricted volume types', typeList.length)} ${joinQuote(typeList)}`,
          paths,
        };
      },
    },
  ],
};
