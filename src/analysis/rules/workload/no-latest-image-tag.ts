import { containersOf, parseImageRef, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'no-latest-image-tag',
  area: 'workload',
  severity: 'medium',
  title: 'Image tagged latest or not tagged',
  kinds: WORKLOAD_KINDS,
  description:
    'Flags every container (init, regular and ephemeral) whose image is tagged `:latest` or carries no ' +
    'tag at all, which the runtime resolves to `:latest`. An image pinned by digest (`@sha256:...`) is ' +
    'not flagged, with or without a tag: the digest alone decides what runs. Tags are compared exactly ' +
    '(`Latest` is a different tag). Containers without an image and images that are not valid ' +
    'references (e.g. unrendered templates) are not judged.',
  rationale:
    '`latest` is whatever was pushed last. The same manifest runs different code on different days and ' +
    'nodes, a rollback cannot return to the previous build, and anyone who can push to the repository ' +
    '(or takes it over) gets their image run at the next pod start, since the default pull policy for ' +
    '`latest` pulls every time. Reviewers and scanners cannot tell which build is deployed.',
  remediation:
    'Reference an immutable build: a version tag produced by your CI (`app:2.8.0`), best combined with ' +
    'its digest (`app:2.8.0@sha256:...`).',
  references: [
    { framework: 'mitre', control: 'T1525 Implant Internal Image' },
  ],
  messages: {
    latest: 'Container "{name}" uses the mutable tag latest ("{image}").',
    noTag: 'Container "{name}" uses image "{image}" without a tag or digest, so the runtime pulls latest.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:latest
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.5
`,
  },
  check(obj, ctx) {
    for (const c of containersOf(obj)) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const ref = parseImageRef(image);
      if (!ref || ref.digest !== undefined) continue;
      if (ref.tag === undefined) ctx.report('noTag', { name: c.name, image }, [...c.path, 'image']);
      else if (ref.tag === 'latest') ctx.report('latest', { name: c.name, image }, [...c.path, 'image']);
    }
  },
});
