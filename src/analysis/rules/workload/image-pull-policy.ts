import { containersOf, parseImageRef, WORKLOAD_KINDS } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'image-pull-policy',
  area: 'workload',
  severity: 'low',
  title: 'Mutable image run from the node cache',
  kinds: WORKLOAD_KINDS,
  description:
    'Flags a container (init, regular or ephemeral) whose image is referenced by a mutable tag (no ' +
    '`@sha256:` digest) and whose effective `imagePullPolicy` is `IfNotPresent` or `Never`. When the ' +
    'field is unset the API server defaults it the way the kubelet sees it: `Always` when the tag is ' +
    '`latest` or the reference has neither tag nor digest, `IfNotPresent` otherwise (so `app:2.8.0` ' +
    'with no policy is flagged, `app` and `app:latest` are not: `no-latest-image-tag` covers those). ' +
    'Not flagged: `Always`, and any policy on a digest-pinned image, which cannot change under its ' +
    'name. Images that are not valid references are not judged. Which pods may use images other pods ' +
    'pulled with credentials is a cluster setting this rule cannot see: the `AlwaysPullImages` ' +
    'admission plugin, or the kubelet\'s `KubeletEnsureSecretPulledImages` feature (beta in 1.35).',
  rationale:
    'With `IfNotPresent` or `Never` the kubelet runs whatever image of that name is already cached on ' +
    'the node. For a mutable tag that means different nodes run different builds of "the same" version ' +
    'after the tag is re-pushed (a hotfix, or a malicious push that then gets reverted and stays hidden ' +
    'on the nodes that pulled it), and a node keeps running a vulnerable build after the fix was ' +
    'published. The cache also skips the registry\'s authorization: without `AlwaysPullImages` (CIS ' +
    '1.2.11) any pod that names a private image already on the node runs it with no pull credentials, ' +
    'which is why multi-tenant clusters force pulls.',
  remediation:
    'Pin the image by digest (`app:2.8.0@sha256:...`), after which `IfNotPresent` is safe and cheap; or ' +
    'set `imagePullPolicy: Always` so the kubelet resolves the tag against the registry at every ' +
    'container start (it still reuses cached layers). Cluster operators: enable the `AlwaysPullImages` ' +
    'admission plugin in multi-tenant clusters.',
  references: [
    { framework: 'cis-k8s', control: '1.2.11' },
    { framework: 'mitre', control: 'T1525 Implant Internal Image' },
  ],
  messages: {
    never:
      'Container "{name}" has imagePullPolicy: Never with the mutable reference "{image}": it runs whatever image of ' +
      'that name is already on the node.',
    ifNotPresent:
      'Container "{name}" has imagePullPolicy: IfNotPresent with the mutable reference "{image}": a node that cached ' +
      'an earlier build of that tag keeps running it.',
    ifNotPresentDefault:
      'Container "{name}" pulls the mutable reference "{image}" only when it is not cached (IfNotPresent is the ' +
      'default for a tag other than latest): a node that cached an earlier build of that tag keeps running it.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: ghcr.io/acme/web:2.8.0
`,
    good: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: ghcr.io/acme/web:2.8.0@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
      imagePullPolicy: IfNotPresent
`,
  },
  check(obj, ctx) {
    for (const c of containersOf(obj)) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const ref = parseImageRef(image);
      if (!ref || ref.digest !== undefined) continue;
      const path = [...c.path, 'imagePullPolicy'];
      const explicit = c.container.imagePullPolicy;
      if (explicit === 'Never') ctx.report('never', { name: c.name, image }, path);
      else if (explicit === 'IfNotPresent') ctx.report('ifNotPresent', { name: c.name, image }, path);
      // Unset: SetDefaults_Container gives Always only to an effective tag of "latest" (no tag, no digest counts).
      else if ((explicit === undefined || explicit === null || explicit === '') && ref.tag !== undefined && ref.tag !== 'latest') {
        ctx.report('ifNotPresentDefault', { name: c.name, image }, path);
      }
    }
  },
});
