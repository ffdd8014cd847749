import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './image-pull-policy.js';

const DIGEST = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: Always on a tag, IfNotPresent on a digest`,
    yaml: inWorkload(kind, `
initContainers:
  - name: init
    image: busybox@${DIGEST}
    imagePullPolicy: IfNotPresent
containers:
  - name: app
    image: ghcr.io/acme/app:2.8.0
    imagePullPolicy: Always
`).yaml,
  });

  const bad = inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
containers:
  - name: app
    image: ghcr.io/acme/app:2.8.0
    imagePullPolicy: Never
`);
  invalid.push({
    name: `${kind}: defaulted IfNotPresent on the init container, Never on the app`,
    yaml: bad.yaml,
    findings: [
      // The policy is missing: the finding points at the container item.
      { messageId: 'ifNotPresentDefault', line: bad.line(2), column: bad.column(5), data: { name: 'init', image: 'busybox:1.36' } },
      { messageId: 'never', line: bad.line(7), column: bad.column(5), data: { name: 'app', image: 'ghcr.io/acme/app:2.8.0' } },
    ],
  });
}

const pod = (container: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
${container.replace(/^/gm, '      ')}
`;

valid.push(
  { name: 'no tag defaults to Always', yaml: pod('image: nginx') },
  { name: 'latest defaults to Always', yaml: pod('image: nginx:latest') },
  { name: 'a digest without a tag (defaults to IfNotPresent) is immutable', yaml: pod(`image: nginx@${DIGEST}`) },
  { name: 'Never on a digest is immutable too', yaml: pod(`image: nginx:1.27@${DIGEST}\nimagePullPolicy: Never`) },
  { name: 'an unparseable image is not judged', yaml: pod('image: "{{ .Values.image }}"\nimagePullPolicy: IfNotPresent') },
);

invalid.push(
  {
    name: 'explicit IfNotPresent on latest is reported at the field',
    yaml: pod('image: nginx:latest\nimagePullPolicy: IfNotPresent'),
    findings: [{ messageId: 'ifNotPresent', line: 9, column: 7, path: 'spec.containers[0].imagePullPolicy', data: { name: 'app', image: 'nginx:latest' } }],
  },
  {
    name: 'explicit IfNotPresent on an untagged image',
    yaml: pod('image: nginx\nimagePullPolicy: IfNotPresent'),
    findings: [{ messageId: 'ifNotPresent', line: 9, column: 7 }],
  },
  {
    name: 'a defaulted policy on a version tag points at the container item',
    yaml: pod('image: registry.local:5000/team/app:1.0'),
    findings: [{ messageId: 'ifNotPresentDefault', line: 7, column: 7, path: 'spec.containers[0].imagePullPolicy' }],
  },
  {
    name: 'ephemeral containers are judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:latest
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
      imagePullPolicy: IfNotPresent
`,
    findings: [{ messageId: 'ifNotPresent', line: 12, column: 7, path: 'spec.ephemeralContainers[0].imagePullPolicy' }],
  },
);

testRule(rule, { valid, invalid });
