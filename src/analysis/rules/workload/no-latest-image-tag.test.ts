import { inWorkload, testRule, WRAPPABLE_KINDS, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './no-latest-image-tag.js';

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const kind of WRAPPABLE_KINDS) {
  valid.push({
    name: `${kind}: version tags everywhere`,
    yaml: inWorkload(kind, `
initContainers:
  - name: init
    image: busybox:1.36
containers:
  - name: app
    image: ghcr.io/acme/app:2.8.0
`).yaml,
  });

  const bad = inWorkload(kind, `
initContainers:
  - name: init
    image: busybox
containers:
  - name: app
    image: ghcr.io/acme/app:latest
`);
  invalid.push({
    name: `${kind}: no tag on the init container, latest on the app`,
    yaml: bad.yaml,
    findings: [
      { messageId: 'noTag', line: bad.line(3), column: bad.column(5), data: { name: 'init', image: 'busybox' } },
      { messageId: 'latest', line: bad.line(6), column: bad.column(5), data: { name: 'app', image: 'ghcr.io/acme/app:latest' } },
    ],
  });
}

const pod = (image: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: ${image}
`;

valid.push(
  { name: 'pinned by digest without a tag', yaml: pod('nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31') },
  { name: 'pinned by digest with latest', yaml: pod('nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31') },
  { name: 'a registry with a port is not a tag', yaml: pod('registry.local:5000/team/app:1.0') },
  { name: 'latest as part of a longer tag', yaml: pod('nginx:latest-alpine') },
  { name: 'Latest is another tag', yaml: pod('nginx:Latest') },
  { name: 'an unrendered template is not judged', yaml: pod('"{{ .Values.image }}"') },
  {
    name: 'a container without an image (set later by a controller) is not judged',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
`,
  },
);

invalid.push(
  {
    name: 'a registry with a port and no tag',
    yaml: pod('registry.local:5000/team/app'),
    findings: [{ messageId: 'noTag', line: 8, column: 7, path: 'spec.containers[0].image', data: { name: 'app', image: 'registry.local:5000/team/app' } }],
  },
  {
    name: 'an ephemeral container is judged too',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
  ephemeralContainers:
    - name: debugger
      image: busybox:latest
`,
    findings: [{ messageId: 'latest', line: 11, column: 7, path: 'spec.ephemeralContainers[0].image' }],
  },
);

testRule(rule, { valid, invalid });
