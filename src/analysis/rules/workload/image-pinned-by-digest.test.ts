import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './image-pinned-by-digest.js';

const DIGEST = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: every image pinned`,
    yaml: inWorkload(kind, `
initContainers:
  - name: init
    image: busybox@${DIGEST}
containers:
  - name: app
    image: ghcr.io/acme/app:2.8.0@${DIGEST}
`).yaml,
  });

  const bad = inWorkload(kind, `
initContainers:
  - name: init
    image: busybox@${DIGEST}
containers:
  - name: app
    image: ghcr.io/acme/app:2.8.0
`);
  invalid.push({
    name: `${kind}: the tagged app image is reported, the pinned init image is not`,
    yaml: bad.yaml,
    findings: [{ messageId: 'unpinned', line: bad.line(6), column: bad.column(5), data: { name: 'app', image: 'ghcr.io/acme/app:2.8.0' } }],
  });
}

valid.push(
  {
    name: 'an unparseable image is not judged',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: "{{ .Values.image }}"
`,
  },
);

invalid.push({
  name: 'untagged, latest and ephemeral images',
  yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: nginx
    - name: b
      image: nginx:latest
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
`,
  findings: [
    { messageId: 'unpinned', line: 8, column: 7, data: { name: 'a', image: 'nginx' }, path: 'spec.containers[0].image' },
    { messageId: 'unpinned', line: 10, column: 7, data: { name: 'b', image: 'nginx:latest' } },
    { messageId: 'unpinned', line: 13, column: 7, data: { name: 'debug', image: 'busybox:1.36' }, path: 'spec.ephemeralContainers[0].image' },
  ],
});

testRule(rule, { valid, invalid });
