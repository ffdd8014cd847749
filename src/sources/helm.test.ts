import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTools } from '../../scripts/tools.mjs';
import { locate, type KubeObject, type Location, type Path } from '../model/index.js';
import { loadPaths } from './files.js';
import { renderHelmChart, type HelmOptions } from './helm.js';
import { readTarGz } from './tar.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHART = path.join(REPO, 'test/fixtures/helm/app');
const PROD_VALUES = path.join(REPO, 'test/fixtures/helm/values/prod.yaml');
const display = (abs: string) => path.relative(REPO, abs).split(path.sep).join('/');

let helm: string;
beforeAll(() => {
  helm = ensureTools().helm;
});

const render = (options: HelmOptions = {}, dir = CHART) => renderHelmChart(dir, { bin: helm, ...options }, display);
const find = (objects: KubeObject[], kind: string) => {
  const obj = objects.find((o) => o.kind === kind);
  if (!obj) throw new Error(`no ${kind} in ${objects.map((o) => o.kind).join(', ')}`);
  return obj;
};
/** `file:line:column` of a path, for compact assertions. */
const at = (obj: KubeObject, p: Path): string => {
  const loc: Location = locate(obj.source, p);
  return 'file' in loc ? `${loc.file}:${loc.line}:${loc.column}` : loc.ref;
};
const CONTAINER: Path = ['spec', 'template', 'spec', 'containers', 0];
const TPL = 'test/fixtures/helm/app/templates';

describe('renderHelmChart with the default values', () => {
  it('renders the chart and both subcharts, each object mapped to its template', () => {
    const r = render();
    expect(r.errors).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`).sort()).toEqual([
      'ConfigMap/default/release-name-app-settings',
      'DaemonSet/default/release-name-jobs',
      'Deployment/default/release-name-app',
      'Service/default/release-name-app',
      'ServiceAccount/default/release-name-app',
      'StatefulSet/default/release-name-cache',
    ]);
    expect(r.objects.map((o) => at(o, [])).sort()).toEqual([
      'test/fixtures/helm/app/charts/cache/templates/statefulset.yaml:1:1',
      'test/fixtures/helm/app/charts/worker-0.2.0.tgz#worker/templates/daemonset.yaml:1:1',
      `${TPL}/config.yaml:2:1`,
      `${TPL}/config.yaml:9:1`,
      `${TPL}/deployment.yaml:1:1`,
      `${TPL}/service.yaml:1:1`,
    ]);
    expect([...r.files].sort()).toEqual([
      'test/fixtures/helm/app/charts/cache/templates/statefulset.yaml',
      'test/fixtures/helm/app/charts/worker-0.2.0.tgz#worker/templates/daemonset.yaml',
      `${TPL}/config.yaml`, `${TPL}/deployment.yaml`, `${TPL}/service.yaml`,
    ]);
  });

  it('names the chart folder the objects were rendered from', () => {
    const loc = locate(find(render().objects, 'Deployment').source, []);
    expect(loc).toMatchObject({ file: `${TPL}/deployment.yaml`, line: 1, column: 1, via: 'test/fixtures/helm/app' });
  });

  it('points values written by toYaml at the toYaml line, literal keys at themselves', () => {
    const d = find(render().objects, 'Deployment');
    expect(d.raw).toMatchObject({ spec: { template: { spec: { containers: [{ securityContext: { privileged: false } }] } } } });
    // deployment.yaml: 27 `securityContext:`, 28 `{{- toYaml .Values.securityContext | nindent 12 }}`.
    expect(at(d, [...CONTAINER, 'securityContext', 'privileged'])).toBe(`${TPL}/deployment.yaml:28:13`);
    expect(at(d, [...CONTAINER, 'securityContext'])).toBe(`${TPL}/deployment.yaml:27:11`);
    // A missing field points at its closest existing parent.
    expect(at(d, [...CONTAINER, 'securityContext', 'readOnlyRootFilesystem'])).toBe(`${TPL}/deployment.yaml:27:11`);
    // 21 `securityContext:` (pod), 22 its toYaml; 26 `image: "{{ ... }}"`; 31 `containerPort: 8080`.
    expect(at(d, ['spec', 'template', 'spec', 'securityContext'])).toBe(`${TPL}/deployment.yaml:21:7`);
    expect(at(d, ['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot'])).toBe(`${TPL}/deployment.yaml:22:9`);
    expect(at(d, [...CONTAINER, 'image'])).toBe(`${TPL}/deployment.yaml:26:11`);
    expect(at(d, [...CONTAINER, 'ports', 0, 'containerPort'])).toBe(`${TPL}/deployment.yaml:31:15`);
    // Labels come from an include on line 6.
    expect(at(d, ['metadata', 'labels', 'app.kubernetes.io/name'])).toBe(`${TPL}/deployment.yaml:6:5`);
    // hostNetwork is off: the pod spec has no such key, so its parent `spec:` (line 16) is reported.
    expect(at(d, ['spec', 'template', 'spec', 'hostNetwork'])).toBe(`${TPL}/deployment.yaml:16:5`);
  });

  it('maps the second document of a template file', () => {
    const sa = find(render().objects, 'ServiceAccount');
    expect(at(sa, ['automountServiceAccountToken'])).toBe(`${TPL}/config.yaml:13:1`);
    expect(at(sa, ['metadata', 'name'])).toBe(`${TPL}/config.yaml:12:3`);
  });

  it('points into a subchart folder', () => {
    const sts = find(render().objects, 'StatefulSet');
    const tpl = 'test/fixtures/helm/app/charts/cache/templates/statefulset.yaml';
    expect(at(sts, ['spec', 'template', 'spec', 'volumes', 0, 'hostPath'])).toBe(`${tpl}:23:11`);
    expect(at(sts, ['spec', 'template', 'spec', 'volumes', 0, 'hostPath', 'path'])).toBe(`${tpl}:24:13`);
    expect(at(sts, [...CONTAINER, 'image'])).toBe(`${tpl}:17:11`);
  });

  it('points into a packaged subchart used under an alias', () => {
    const ds = find(render().objects, 'DaemonSet');
    expect(ds.name).toBe('release-name-jobs');
    expect(at(ds, ['spec', 'template', 'spec', 'hostPID'])).toBe('test/fixtures/helm/app/charts/worker-0.2.0.tgz#worker/templates/daemonset.yaml:14:7');
  });
});

describe('renderHelmChart with values overrides', () => {
  it('passes --values and --set through, in order', () => {
    const r = render({ values: [PROD_VALUES], set: ['securityContext.privileged=true', 'image.tag=2.0.0'] });
    expect(r.errors).toEqual([]);
    const d = find(r.objects, 'Deployment');
    const pod = (d.raw.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect(pod.hostNetwork).toBe(true);
    expect((pod.containers as Record<string, unknown>[])[0]).toMatchObject({
      image: 'registry.example.com/shop/web:2.0.0',
      securityContext: { privileged: true, allowPrivilegeEscalation: false },
    });
    // The `{{- if .Values.hostNetwork }}` block is now rendered: line 18 `      hostNetwork: true`.
    expect(at(d, ['spec', 'template', 'spec', 'hostNetwork'])).toBe(`${TPL}/deployment.yaml:18:7`);
    expect(at(d, [...CONTAINER, 'securityContext', 'privileged'])).toBe(`${TPL}/deployment.yaml:28:13`);
  });

  it('uses the release name and namespace', () => {
    const r = render({ releaseName: 'shop', namespace: 'shop-prod' });
    expect(r.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toContain('Deployment/shop-prod/shop-app');
    const d = find(r.objects, 'Deployment');
    expect(d.namespaceExplicit).toBe(false);
  });
});

describe('renderHelmChart failures', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'kubeward-helm-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reports a missing helm with how to get it', () => {
    const saved = process.env.PATH;
    process.env.PATH = scratch;
    try {
      const r = renderHelmChart(CHART, {}, display);
      expect(r.objects).toEqual([]);
      expect(r.errors).toEqual([{
        file: 'test/fixtures/helm/app',
        message: 'Helm chart not rendered: helm was not found on PATH; install Helm (https://helm.sh/docs/intro/install/) or pass --helm-bin PATH',
      }]);
    } finally {
      process.env.PATH = saved;
    }
    expect(renderHelmChart(CHART, { bin: path.join(scratch, 'helm') }, display).errors[0]!.message)
      .toBe(`Helm chart not rendered: --helm-bin ${path.join(scratch, 'helm')} was not found`);
  });

  it('points a template error at the template line helm names', () => {
    const chart = path.join(scratch, 'broken');
    cpSync(CHART, chart, { recursive: true });
    // Line 4, column 18 is where helm's error points (the `.Values.nope.deeper` field access).
    writeFileSync(path.join(chart, 'templates', 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.nope.deeper }}\n');
    const r = renderHelmChart(chart, { bin: helm }, (abs) => path.relative(scratch, abs));
    expect(r.objects).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'broken/templates/broken.yaml', line: 4, column: 18 });
    expect(r.errors[0]!.message).toMatch(/^helm template failed: .*nil pointer evaluating interface \{\}\.deeper/);
  });

  it('points a template parse error at its line', () => {
    const chart = path.join(scratch, 'unparsable');
    cpSync(CHART, chart, { recursive: true });
    // Line 3 calls a function that does not exist: helm refuses to parse the template.
    writeFileSync(path.join(chart, 'templates', 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\ndata: {{ nosuchfunc }}\n');
    const r = renderHelmChart(chart, { bin: helm }, (abs) => path.relative(scratch, abs));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'unparsable/templates/bad.yaml', line: 3 });
    expect(r.errors[0]!.message).toMatch(/^helm template failed: .*function "nosuchfunc" not defined/);
  });

  it('does not fetch dependencies that are not vendored', () => {
    const chart = path.join(scratch, 'undeps');
    cpSync(CHART, chart, { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), `${readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')}  - name: redis\n    version: 19.0.0\n    repository: https://charts.example.com\n`);
    const r = renderHelmChart(chart, { bin: helm }, (abs) => path.relative(scratch, abs));
    expect(r.objects).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.file).toBe('undeps');
    expect(r.errors[0]!.message).toMatch(/^helm template failed: .*missing in charts\/ directory: redis/);
  });
});

describe('loadPaths on folders with charts', () => {
  it('renders a chart found in a folder walk and never reads its templates as YAML', () => {
    const r = loadPaths(['test/fixtures/helm'], { cwd: REPO, helm: { bin: helm } });
    expect(r.errors).toEqual([]);
    expect(r.objects).toHaveLength(6);
    expect(r.objects.every((o) => o.source.type === 'rendered')).toBe(true);
    // values/prod.yaml is not in a chart: it is read as a file (and is no Kubernetes object).
    expect(r.files).toContain('test/fixtures/helm/values/prod.yaml');
    expect(r.notes.map((n) => n.file)).toEqual(['test/fixtures/helm/values/prod.yaml']);
    expect(r.files.filter((f) => f.includes('/templates/') && !f.includes('.tgz#')).sort()).toEqual([
      'test/fixtures/helm/app/charts/cache/templates/statefulset.yaml',
      `${TPL}/config.yaml`, `${TPL}/deployment.yaml`, `${TPL}/service.yaml`,
    ]);
  });

  it('resolves relative values files against cwd', () => {
    const r = loadPaths(['app'], { cwd: path.join(REPO, 'test/fixtures/helm'), helm: { bin: helm, values: ['values/prod.yaml'] } });
    expect(r.errors).toEqual([]);
    const d = find(r.objects, 'Deployment');
    expect(at(d, ['spec', 'template', 'spec', 'hostNetwork'])).toBe('app/templates/deployment.yaml:18:7');
  });

  it('reports a chart that cannot be rendered and goes on with the rest', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const r = loadPaths(['test/fixtures/helm/app', 'test/fixtures/helm/values'], { cwd: REPO });
      expect(r.errors.map((e) => e.file)).toEqual(['test/fixtures/helm/app']);
      expect(r.files).toEqual(['test/fixtures/helm/values/prod.yaml']);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('readTarGz', () => {
  it('lists the files of a packaged chart', () => {
    const files = readTarGz(readFileSync(path.join(CHART, 'charts/worker-0.2.0.tgz')));
    expect([...files.keys()].sort()).toEqual(['worker/Chart.yaml', 'worker/templates/daemonset.yaml', 'worker/values.yaml']);
    expect(files.get('worker/Chart.yaml')!.toString('utf8')).toContain('name: worker');
  });

  it('refuses a file that is not gzip', () => {
    expect(() => readTarGz(Buffer.from('not a tarball'))).toThrow();
  });
});
