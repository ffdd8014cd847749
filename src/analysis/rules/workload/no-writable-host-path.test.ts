import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-writable-host-path.js';

const valid: ValidCase[] = [
  {
    name: 'hostPath mounted readOnly: true in every container kind; writable emptyDir',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      volumeMounts:
        - name: host
          mountPath: /host
          readOnly: true
  containers:
    - name: app
      image: busybox:1.36
      volumeMounts:
        - name: host
          mountPath: /host
          readOnly: true
        - name: tmp
          mountPath: /tmp
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      volumeMounts:
        - name: host
          mountPath: /host
          readOnly: true
  volumes:
    - name: host
      hostPath:
        path: /var/lib/app
    - name: tmp
      emptyDir: {}
`,
  },
  {
    name: 'a hostPath volume that no container mounts',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
  volumes:
    - name: host
      hostPath:
        path: /var/lib/app
`,
  },
  {
    name: 'a mount of another volume that shares nothing with the hostPath volume but its position',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
      volumeMounts:
        - name: data
          mountPath: /data
  volumes:
    - name: data
      emptyDir: {}
    - name: host
      hostPath:
        path: /var/lib/app
`,
  },
];

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
containers:
  - name: app
    image: busybox:1.36
    volumeMounts:
      - name: data
        mountPath: /data
volumes:
  - name: data
    hostPath:
      path: /srv/data
`);
  return {
    name: `${kind}: a hostPath mount without readOnly points at the mount`,
    yaml: m.yaml,
    findings: [{ messageId: 'writable', line: m.line(5), column: m.column(9), data: { name: 'app', path: '/srv/data', volume: 'data', mountPath: '/data' } }],
  };
});

invalid.push({
  name: 'each writable mount, in init and regular containers; readOnly: true mounts are fine (recursiveReadOnly aside)',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      volumeMounts:
        - name: host
          mountPath: /host
  containers:
    - name: app
      image: busybox:1.36
      volumeMounts:
        - name: host
          mountPath: /ro
          readOnly: true
        - name: host
          mountPath: /rw
          readOnly: false
        - name: tmp
          mountPath: /tmp
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      volumeMounts:
        - name: host
          mountPath: /debug
          readOnly: true
          recursiveReadOnly: Disabled
  volumes:
    - name: host
      hostPath:
        path: /var/lib/app
    - name: tmp
      emptyDir: {}
`,
  findings: [
    {
      messageId: 'writable', line: 10, column: 11, path: 'spec.initContainers[0].volumeMounts[0].readOnly',
      data: { name: 'init', path: '/var/lib/app', volume: 'host', mountPath: '/host' },
    },
    {
      messageId: 'writable', line: 21, column: 11, path: 'spec.containers[0].volumeMounts[1].readOnly',
      data: { name: 'app', path: '/var/lib/app', volume: 'host', mountPath: '/rw' },
    },
  ],
});

invalid.push({
  name: 'an ephemeral container that mounts a hostPath writable',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      volumeMounts:
        - name: root
          mountPath: /host
  volumes:
    - name: root
      hostPath:
        path: /
`,
  findings: [{ messageId: 'writable', line: 13, column: 11, data: { name: 'debug', path: '/', volume: 'root', mountPath: '/host' } }],
});

testRule(rule, { valid, invalid });
