import { containersOf, parseImageRef, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'image-pinned-by-digest',
  area: 'workload',
  severity: 'info',
  title: 'Image not pinned by digest',
  kinds: WORKLOAD_KINDS,
  description:
    'Flags every container (init, regular and ephemeral) whose image reference has no digest ' +
    '(`@sha256:...`), whatever its tag. Containers without an image and images that are not valid ' +
    'references (e.g. unrendered templates) are not judged. Informational: many teams pin tags and ' +
    'rely on registry tag immutability instead.',
  rationale:
    'A tag is a movable pointer: the registry can be made to serve different content under the same ' +
    'tag by anyone who can push to the repository, by a compromised registry account, or by a ' +
    'maintainer re-tagging a build. A digest names the content itself, so what was reviewed and scanned ' +
    'is exactly what runs on every node.',
  remediation:
    'Append the image digest to the reference (`app:2.8.0@sha256:...`), e.g. with `crane digest`, ' +
    '`docker buildx imagetools inspect` or your CI, and let a bot such as Renovate update it.',
  references: [
    { framework: 'mitre', control: 'T1525 Implant Internal Image' },
  ],
  messages: {
    unpinned: 'Container "{name}" image "{image}" is not pinned by digest.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.5
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.5@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
`,
  },
  check(obj, ctx) {
    for (const c of containersOf(obj)) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const ref = parseImageRef(image);
      if (ref && ref.digest === undefined) ctx.report('unpinned', { name: c.name, image }, [...c.path, 'image']);
    }
  },
});
