import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-host-path.js';

const valid: ValidCase[] = [
  {
    name: 'emptyDir, configMap, secret, PVC and projected volumes',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
  volumes:
    - name: tmp
      emptyDir: {}
    - name: config
      configMap: { name: app }
    - name: creds
      secret: { secretName: app }
    - name: data
      persistentVolumeClaim: { claimName: data }
    - name: token
      projected:
        sources:
          - serviceAccountToken: { path: token }
`,
  },
  {
    name: 'a pod without volumes',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
`,
  },
];

const invalid: InvalidCase[] = WRAPPABLE_KINDS.map((kind) => {
  const m = inWorkload(kind, `
containers:
  - name: app
    image: busybox:1.36
volumes:
  - name: tmp
    emptyDir: {}
  - name: cache
    hostPath:
      path: /tmp/cache
      type: DirectoryOrCreate
`);
  return {
    name: `${kind}: a hostPath volume`,
    yaml: m.yaml,
    findings: [{ messageId: 'hostPath', line: m.line(8), column: m.column(5), data: { volume: 'cache', path: '/tmp/cache' } }],
  };
});

invalid.push({
  name: 'every hostPath volume once, mounted or not, read-only or not',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: busybox:1.36
      volumeMounts:
        - name: logs
          mountPath: /logs
          readOnly: true
        - name: logs
          mountPath: /logs2
  volumes:
    - name: logs
      hostPath:
        path: /var/log/app
    - name: unused
      hostPath:
        path: /srv
`,
  findings: [
    { messageId: 'hostPath', line: 17, column: 7, data: { volume: 'logs', path: '/var/log/app' }, path: 'spec.volumes[0].hostPath' },
    { messageId: 'hostPath', line: 20, column: 7, data: { volume: 'unused', path: '/srv' }, path: 'spec.volumes[1].hostPath' },
  ],
});

testRule(rule, { valid, invalid });
