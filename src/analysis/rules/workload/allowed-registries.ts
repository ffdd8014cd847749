import { containersOf, parseImageRef, WORKLOAD_KINDS, type ImageRef } from '../../../model/index.js';
import { defineRule, type RuleContext } from '../../define-rule.js';

/** One allow-list entry: a registry host (or `*.` subdomain wildcard), optionally a repository prefix. */
interface AllowEntry {
  host: string;
  wildcard: boolean;
  prefix: string | undefined;
}

interface AllowList {
  entries: AllowEntry[];
  /** The entries as configured, for messages. */
  label: string;
}

const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;
const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const DOCKER_HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io']);

function parseEntry(raw: string): AllowEntry | undefined {
  const text = raw.trim().toLowerCase().replace(/\/+$/, '');
  const slash = text.indexOf('/');
  let host = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? undefined : text.slice(slash + 1);
  const wildcard = host.startsWith('*.');
  if (wildcard) host = host.slice(2);
  if (!HOST.test(host) || (prefix !== undefined && !REPOSITORY.test(prefix))) return undefined;
  if (DOCKER_HUB_ALIASES.has(host)) host = 'docker.io';
  return { host, wildcard, prefix };
}

function allows(e: AllowEntry, ref: ImageRef): boolean {
  const host = ref.registry.toLowerCase();
  if (e.wildcard ? !host.endsWith(`.${e.host}`) : host !== e.host) return false;
  return e.prefix === undefined || ref.repository === e.prefix || ref.repository.startsWith(`${e.prefix}/`);
}

const OPTION = 'rules.allowed-registries.options.registries';

/**
 * The allow-list of one run, parsed once. The engine builds one context per rule and run, so
 * keying on it also says "not assessed" once per run rather than once per object.
 */
const lists = new WeakMap<RuleContext, AllowList | null>();

function allowListOf(ctx: RuleContext): AllowList | null {
  const cached = lists.get(ctx);
  if (cached !== undefined) return cached;
  const raw = ctx.options.registries;
  let list: AllowList | null = null;
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
    ctx.notAssessed(`no registry allow-list is configured, so image sources were not judged: set ${OPTION} in .kubeward.yaml, e.g. [ghcr.io/acme, registry.example.com]`);
  } else if (!Array.isArray(raw)) {
    ctx.notAssessed(`${OPTION} must be a list of registry hosts, optionally with a repository prefix (e.g. ghcr.io/acme); image sources were not judged`);
  } else {
    const entries: AllowEntry[] = [];
    const shown: string[] = [];
    const bad: string[] = [];
    for (const item of raw as unknown[]) {
      const entry = typeof item === 'string' ? parseEntry(item) : undefined;
      if (!entry) bad.push(JSON.stringify(item));
      else {
        entries.push(entry);
        shown.push((item as string).trim());
      }
    }
    if (bad.length > 0) {
      ctx.notAssessed(
        `${OPTION}: ignored ${bad.join(', ')}: an entry is a registry host (optionally *.domain, or with :port), ` +
          `optionally followed by a repository prefix${entries.length === 0 ? '; image sources were not judged' : ''}`,
      );
    }
    if (entries.length > 0) list = { entries, label: shown.join(', ') };
  }
  lists.set(ctx, list);
  return list;
}

export default defineRule({
  id: 'allowed-registries',
  area: 'workload',
  severity: 'medium',
  title: 'Image from a registry outside the allow-list',
  kinds: WORKLOAD_KINDS,
  description:
    'Flags every container (init, regular and ephemeral) whose image does not come from the allow-list ' +
    'in `.kubeward.yaml` (`rules.allowed-registries.options.registries`). An entry is a registry host ' +
    '(`registry.example.com`, `registry.local:5000`, or `*.example.com` for any subdomain, not the ' +
    'domain itself) optionally followed by a repository prefix matched on whole path components ' +
    '(`ghcr.io/acme` allows `ghcr.io/acme/web` but not `ghcr.io/acme-evil/web`); hosts are compared ' +
    'without case and with their port. Images are resolved as containerd and Docker resolve them: ' +
    'a reference whose first component has no `.` or `:` and is not `localhost` is on Docker Hub, ' +
    'so `nginx` is `docker.io/library/nginx` (allow official images with `docker.io/library`); ' +
    '`index.docker.io` means `docker.io`. (CRI-O may search other registries for such short names.) ' +
    'With an allow-list, an image that is not a valid reference is flagged, since it cannot be shown ' +
    'to be allowed. Without an allow-list nothing is judged: the scan reports the rule as not ' +
    'assessed, once.',
  rationale:
    'Public images are built by people outside your review process: a typo-squatted or hijacked Docker ' +
    'Hub repository, or an abandoned image with known vulnerabilities, runs with whatever access the ' +
    'pod has. An allow-list of registries you control (where images are scanned, signed and mirrored) ' +
    'makes every deployment from elsewhere a visible, deliberate exception.',
  remediation:
    'Mirror or rebuild the image into an allowed registry and reference it there, or, if the source is ' +
    'trusted, add it to `rules.allowed-registries.options.registries`. Enforce the same list at ' +
    'admission (ValidatingAdmissionPolicy, Kyverno or Gatekeeper) so nothing bypasses the scan.',
  references: [
    { framework: 'cis-k8s', control: '5.5.1' },
    { framework: 'mitre', control: 'T1525 Implant Internal Image' },
  ],
  messages: {
    notAllowed: 'Container "{name}" uses image "{image}" from {source}, which is not in the allowed registries ({allowed}).',
    unparseable: 'Container "{name}" has image "{image}", which is not a valid image reference, so it cannot be shown to come from an allowed registry.',
  },
  examples: {
    bad: `# .kubeward.yaml: rules: { allowed-registries: { options: { registries: [ghcr.io/acme] } } }
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.5
`,
    good: `# .kubeward.yaml: rules: { allowed-registries: { options: { registries: [ghcr.io/acme] } } }
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: ghcr.io/acme/web:2.8.0
`,
    options: { registries: ['ghcr.io/acme'] },
  },
  check(obj, ctx) {
    const list = allowListOf(ctx);
    if (!list) return;
    for (const c of containersOf(obj)) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const path = [...c.path, 'image'];
      const ref = parseImageRef(image);
      if (!ref) ctx.report('unparseable', { name: c.name, image }, path);
      else if (!list.entries.some((e) => allows(e, ref))) {
        ctx.report('notAllowed', { name: c.name, image, source: `${ref.registry}/${ref.repository}`, allowed: list.label }, path);
      }
    }
  },
});
