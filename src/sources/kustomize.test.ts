import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTools } from '../../scripts/tools.mjs';
import { locate, type KubeObject, type Location, type Path } from '../model/index.js';
import { loadPaths } from './files.js';
import { kustomizationDependencies, renderKustomization } from './kustomize.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(REPO, 'test/fixtures/kustomize');
const display = (abs: string) => path.relative(REPO, abs).split(path.sep).join('/');

let kubectl: string;
let scratch: string;
beforeAll(() => {
  kubectl = ensureTools().kubectl;
  scratch = mkdtempSync(path.join(tmpdir(), 'kw-kustomize-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const render = (overlay: string) => renderKustomization(path.join(FIXTURES, overlay), { bin: kubectl }, display);
const find = (objects: KubeObject[], kind: string) => {
  const obj = objects.find((o) => o.kind === kind);
  if (!obj) throw new Error(`no ${kind} in ${objects.map((o) => o.kind).join(', ')}`);
  return obj;
};
const at = (obj: KubeObject, p: Path): string => {
  const loc: Location = locate(obj.source, p);
  return 'file' in loc ? `${loc.file}:${loc.line}:${loc.column}` : loc.ref;
};
const POD: Path = ['spec', 'template', 'spec'];
const WEB: Path = [...POD, 'containers', 0];
const BASE = 'test/fixtures/kustomize/base';

describe('renderKustomization: overlays/prod (namePrefix, a patch file, an inline JSON patch)', () => {
  it('builds the overlay and removes the origin annotation it asked for', () => {
    const r = render('overlays/prod');
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toEqual(['Service/shop-prod/prod-web', 'Deployment/shop-prod/prod-web']);
    const svc = find(r.objects, 'Service');
    expect((svc.raw.metadata as Record<string, unknown>).annotations).toEqual({ 'example.com/owner': 'shop-team' });
    expect((find(r.objects, 'Deployment').raw.metadata as Record<string, unknown>).annotations).toBeUndefined();
  });

  it('points each object at its base file, naming the overlay', () => {
    const r = render('overlays/prod');
    expect(locate(find(r.objects, 'Deployment').source, [])).toMatchObject({ file: `${BASE}/deployment.yaml`, line: 1, column: 1, via: 'test/fixtures/kustomize/overlays/prod' });
    expect(at(find(r.objects, 'Service'), [])).toBe(`${BASE}/service.yaml:1:1`);
  });

  it('points a value a patch file set into that patch', () => {
    const d = find(render('overlays/prod').objects, 'Deployment');
    const web = (d.raw.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0];
    expect(web).toMatchObject({ name: 'web', securityContext: { privileged: true, allowPrivilegeEscalation: false } });
    // privileged.yaml line 11: `            privileged: true`.
    expect(at(d, [...WEB, 'securityContext', 'privileged'])).toBe('test/fixtures/kustomize/overlays/prod/privileged.yaml:11:13');
  });

  it('points a value an inline JSON patch set into the kustomization', () => {
    const d = find(render('overlays/prod').objects, 'Deployment');
    // kustomization.yaml line 15: `        value: true`, the value at column 16.
    expect(at(d, [...POD, 'hostPID'])).toBe('test/fixtures/kustomize/overlays/prod/kustomization.yaml:15:16');
  });

  it('finds containers in the base by name although the patch reordered them', () => {
    const d = find(render('overlays/prod').objects, 'Deployment');
    const containers = (d.raw.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers;
    expect(containers.map((c) => c.name)).toEqual(['web', 'proxy']);
    // base/deployment.yaml: 16 `- name: proxy`, 17 its image, 18 `- name: web`, 19 its image, 20 securityContext.
    expect(at(d, [...POD, 'containers', 1, 'image'])).toBe(`${BASE}/deployment.yaml:17:11`);
    expect(at(d, [...WEB, 'image'])).toBe(`${BASE}/deployment.yaml:19:11`);
    expect(at(d, [...WEB])).toBe(`${BASE}/deployment.yaml:18:11`);
    // The map exists in the base; the patch only adds a key to it.
    expect(at(d, [...WEB, 'securityContext'])).toBe(`${BASE}/deployment.yaml:20:11`);
    expect(at(d, [...WEB, 'securityContext', 'runAsNonRoot'])).toBe(`${BASE}/deployment.yaml:20:11`);
    expect(at(d, [...WEB, 'ports', 0, 'containerPort'])).toBe(`${BASE}/deployment.yaml:23:15`);
  });

  it('points what a transformer added at the closest part of the base', () => {
    const d = find(render('overlays/prod').objects, 'Deployment');
    // `labels:` and `namespace:` come from kustomize's transformers: the base's `metadata:` (line 3).
    expect(at(d, ['metadata', 'labels'])).toBe(`${BASE}/deployment.yaml:3:1`);
    expect(at(d, ['metadata', 'namespace'])).toBe(`${BASE}/deployment.yaml:3:1`);
  });
});

describe('renderKustomization: overlays/debug (a component, legacy patchesJson6902)', () => {
  it('points into the component patch and the JSON patch file', () => {
    const r = render('overlays/debug');
    expect(r.errors).toEqual([]);
    const d = find(r.objects, 'Deployment');
    const pod = (d.raw.spec as { template: { spec: { shareProcessNamespace: unknown; containers: Record<string, unknown>[] } } }).template.spec;
    expect(pod.shareProcessNamespace).toBe(true);
    expect(pod.containers[0]).toMatchObject({ name: 'web', image: 'registry.example.com/shop/debug-shell:1.0', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } });
    const ptrace = 'test/fixtures/kustomize/components/debug/ptrace.yaml';
    // ptrace.yaml: 11 `capabilities:` (column 13), 12 `add: ["SYS_PTRACE"]` (column 15).
    expect(at(d, [...WEB, 'securityContext', 'capabilities'])).toBe(`${ptrace}:11:13`);
    expect(at(d, [...WEB, 'securityContext', 'capabilities', 'add'])).toBe(`${ptrace}:12:15`);
    // The list item itself: `["SYS_PTRACE"]` opens at column 20, the item at 21.
    expect(at(d, [...WEB, 'securityContext', 'capabilities', 'add', 0])).toBe(`${ptrace}:12:21`);
    // shell.json: the replaced image's value starts at 2:80, the added flag's at 3:79.
    expect(at(d, [...WEB, 'image'])).toBe('test/fixtures/kustomize/overlays/debug/shell.json:2:80');
    expect(at(d, [...POD, 'shareProcessNamespace'])).toBe('test/fixtures/kustomize/overlays/debug/shell.json:3:79');
    expect(at(d, [...POD, 'containers', 1, 'image'])).toBe(`${BASE}/deployment.yaml:17:11`);
  });
});

describe('renderKustomization: a resource file in a subfolder of its kustomization', () => {
  it('applies the patches of the kustomization that lists the file', () => {
    const dir = path.join(scratch, 'shared-file');
    mkdirSync(path.join(dir, 'mid', 'manifests'), { recursive: true });
    mkdirSync(path.join(dir, 'top'), { recursive: true });
    writeFileSync(path.join(dir, 'mid', 'manifests', 'pod.yaml'), [
      'apiVersion: v1', //                  1
      'kind: Pod', //                       2
      'metadata:', //                       3
      '  name: tool', //                    4
      'spec:', //                           5
      '  containers:', //                   6
      '    - name: tool', //                7
      '      image: busybox:1.36', //       8
    ].join('\n') + '\n');
    writeFileSync(path.join(dir, 'mid', 'kustomization.yaml'), 'resources:\n  - manifests/pod.yaml\npatches:\n  - path: net.yaml\n');
    // net.yaml line 6: `  hostNetwork: true`.
    writeFileSync(path.join(dir, 'mid', 'net.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: tool\nspec:\n  hostNetwork: true\n');
    writeFileSync(path.join(dir, 'top', 'kustomization.yaml'), 'namePrefix: x-\nresources:\n  - ../mid\n');
    const r = renderKustomization(path.join(dir, 'top'), { bin: kubectl }, (abs) => path.relative(dir, abs));
    expect(r.errors).toEqual([]);
    const pod = find(r.objects, 'Pod');
    expect(pod.name).toBe('x-tool');
    expect(at(pod, ['spec', 'hostNetwork'])).toBe('mid/net.yaml:6:3');
    expect(at(pod, ['spec', 'containers', 0, 'image'])).toBe('mid/manifests/pod.yaml:8:7');
  });
});

describe('kustomizationDependencies', () => {
  it('lists the bases and components an overlay builds on, transitively', () => {
    expect([...kustomizationDependencies(path.join(FIXTURES, 'overlays/debug'))].map(display).sort()).toEqual([
      BASE, 'test/fixtures/kustomize/components/debug',
    ]);
  });
});

describe('loadPaths on folders with kustomizations', () => {
  it('renders every overlay once and the base only through them', () => {
    const r = loadPaths(['test/fixtures/kustomize'], { cwd: REPO, kustomize: { bin: kubectl } });
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`).sort()).toEqual([
      'Deployment/shop-debug/web', 'Deployment/shop-prod/prod-web', 'Deployment/shop-staging/web-staging',
      'Service/shop-debug/web', 'Service/shop-prod/prod-web', 'Service/shop-staging/web-staging',
    ]);
    expect(r.notes).toEqual([
      { file: BASE, message: 'Kustomize base rendered as part of test/fixtures/kustomize/overlays/debug, not on its own' },
      { file: 'test/fixtures/kustomize/components/debug', message: 'Kustomize component rendered as part of test/fixtures/kustomize/overlays/debug, not on its own' },
    ]);
    // Plain YAML files in the kustomize folders are never read one by one.
    expect(r.objects.every((o) => o.source.type === 'rendered')).toBe(true);
  });

  it('renders a base named on the command line', () => {
    const r = loadPaths(['test/fixtures/kustomize/base'], { cwd: REPO, kustomize: { bin: kubectl } });
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['Service/web', 'Deployment/web']);
    expect(r.objects.map((o) => at(o, []))).toEqual([`${BASE}/service.yaml:1:1`, `${BASE}/deployment.yaml:1:1`]);
  });

  it('reads a file of an overlay named on the command line as plain YAML', () => {
    const r = loadPaths(['test/fixtures/kustomize/base/deployment.yaml'], { cwd: REPO });
    expect(r.objects.map((o) => `${o.kind}/${o.name} ${o.source.type}`)).toEqual(['Deployment/web file']);
  });
});

describe('renderKustomization failures', () => {
  it('reports a missing program with how to get one', () => {
    const saved = process.env.PATH;
    process.env.PATH = scratch;
    try {
      const r = renderKustomization(path.join(FIXTURES, 'overlays/prod'), {}, display);
      expect(r.objects).toEqual([]);
      expect(r.errors).toEqual([{
        file: 'test/fixtures/kustomize/overlays/prod',
        message: 'Kustomize overlay not rendered: neither kustomize nor kubectl was found on PATH; install kubectl (https://kubernetes.io/docs/tasks/tools/) or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/), or pass --kustomize-bin PATH',
      }]);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('finds kubectl on PATH when kustomize is not there', () => {
    const saved = process.env.PATH;
    process.env.PATH = path.dirname(kubectl);
    try {
      expect(renderKustomization(path.join(FIXTURES, 'overlays/prod'), {}, display).objects).toHaveLength(2);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('refuses remote bases instead of fetching them', () => {
    const dir = path.join(scratch, 'remote');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - https://github.com/example/app//deploy?ref=v1.0.0\n');
    const r = renderKustomization(dir, { bin: '/nonexistent/kubectl' }, (abs) => path.relative(scratch, abs));
    expect(r.errors).toEqual([{
      file: 'remote',
      message: 'Kustomize overlay not rendered: it uses remote resource "https://github.com/example/app//deploy?ref=v1.0.0"; kubeward does not fetch anything, vendor them into the repository',
    }]);
  });

  it('reports a failed build with the overlay\'s own paths', () => {
    const dir = path.join(scratch, 'broken');
    cpSync(path.join(FIXTURES, 'base'), path.join(dir, 'base'), { recursive: true });
    mkdirSync(path.join(dir, 'overlay'), { recursive: true });
    writeFileSync(path.join(dir, 'overlay', 'kustomization.yaml'), 'resources:\n  - ../base\npatches:\n  - path: missing.yaml\n');
    const r = renderKustomization(path.join(dir, 'overlay'), { bin: kubectl }, (abs) => path.relative(scratch, abs));
    expect(r.objects).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.file).toBe(path.join('broken', 'overlay'));
    expect(r.errors[0]!.message).toMatch(/^kustomize build failed: .*missing\.yaml/);
    expect(r.errors[0]!.message).not.toContain('kubeward-kustomize-');
  });
});
