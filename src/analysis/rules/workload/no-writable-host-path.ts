import { containersOf, isRecord, podTemplateOf, volumesOf, mountsOfVolume, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-writable-host-path',
  area: 'workload',
  severity: 'high',
  title: 'hostPath volumes mounted writable',
  kinds: WORKLOAD_KINDS,
  description:
    'Every mount of a `hostPath` volume, in init, regular and ephemeral containers, must set ' +
    '`readOnly: true` (the default is read-write). A hostPath volume that no container mounts is not ' +
    'reported here (`no-host-path` reports it). Not reported: `readOnly: true` mounts without ' +
    '`recursiveReadOnly: Enabled`, although file systems mounted below the host path then stay ' +
    'writable, because whether the host path has such submounts cannot be seen from a manifest.',
  rationale:
    'Write access to a node directory lets a container plant binaries, cron jobs, systemd units, ' +
    'kubelet static pod manifests or symlinks that the node later follows as root (for example under ' +
    '/var/log, which the kubelet reads when serving `kubectl logs`), turning a pod compromise into a node compromise.',
  remediation:
    'Set `readOnly: true` on the volume mount (and `recursiveReadOnly: Enabled` where the host path has ' +
    'submounts), or replace the hostPath volume with an `emptyDir` or a PersistentVolumeClaim.',
  references: [
    { framework: 'pss', control: 'baseline/hostpath-volumes' },
    { framework: 'cis-k8s', control: '5.2.11' },
    { framework: 'nsa-cisa', control: 'Pod security: restrict hostPath mounts' },
    { framework: 'mitre', control: 'T1611 Escape to Host' },
  ],
  messages: {
    writable: 'Container "{name}" mounts host path "{path}" (volume "{volume}") writable at {mountPath}.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: busybox:1.36
      volumeMounts:
        - name: logs
          mountPath: /host/logs
  volumes:
    - name: logs
      hostPath:
        path: /var/log/app
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: busybox:1.36
      volumeMounts:
        - name: logs
          mountPath: /host/logs
          readOnly: true
  volumes:
    - name: logs
      hostPath:
        path: /var/log/app
`,
  },
  check(obj, ctx) {
    const tpl = podTemplateOf(obj);
    if (!tpl) return;
    const hostVolumes = volumesOf(tpl).filter((v) => isRecord(v.volume.hostPath) && v.name !== '');
    if (hostVolumes.length === 0) return;
    for (const c of containersOf(obj)) {
      for (const v of hostVolumes) {
        const hostPath = v.volume.hostPath as Record<string, unknown>;
        const path = typeof hostPath.path === 'string' ? hostPath.path : '';
        for (const m of mountsOfVolume(c, v.name)) {
          if (m.mount.readOnly === true) continue;
          const mountPath = typeof m.mount.mountPath === 'string' ? m.mount.mountPath : '?';
          ctx.report('writable', { name: c.name, path, volume: v.name, mountPath }, [...m.path, 'readOnly']);
        }
      }
    }
  },
});
