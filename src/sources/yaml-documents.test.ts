import { describe, expect, it } from 'vitest';
import { locate, type FileLocation, type KubeObject, type Path } from '../model/index.js';
import { parseManifests, parseManifestsWith } from './yaml-documents.js';

/** `line:column-endLine:endColumn` of a path inside an object. */
function where(obj: KubeObject, path: Path): string {
  const loc = locate(obj.source, path) as FileLocation;
  return `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}`;
}

/** `line:column` of the n-th occurrence of `needle`, found by plain text search (independent of the parser). */
function textPos(text: string, needle: string, occurrence = 1): string {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" not found ${occurrence} times`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

const start = (obj: KubeObject, path: Path) => where(obj, path).split('-')[0];
const CONTAINERS = ['spec', 'template', 'spec', 'containers'];

describe('parseManifests: documents and objects', () => {
  const multi = `# leading comment
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
        - name: sidecar
          image: envoy
`;

  it('reads every document of a multi-document file, with its index and namespace', () => {
    const { objects, errors, notes } = parseManifests(multi, 'multi.yaml');
    expect(errors).toEqual([]);
    expect(notes).toEqual([]);
    expect(objects.map((o) => [o.kind, o.apiVersion, o.namespace, o.name, o.namespaceExplicit])).toEqual([
      ['Namespace', 'v1', undefined, 'team-a', false],
      ['Deployment', 'apps/v1', 'team-a', 'web', true],
    ]);
    expect(objects.map((o) => o.source.type === 'file' && [o.source.file, o.source.docIndex])).toEqual([['multi.yaml', 0], ['multi.yaml', 1]]);
  });

  it('maps an existing field to its range, from its key to the end of its value', () => {
    const dep = parseManifests(multi, 'multi.yaml').objects[1]!;
    expect(where(dep, [...CONTAINERS, 0, 'securityContext', 'privileged'])).toBe('19:13-19:29');
    expect(where(dep, ['metadata', 'name'])).toBe('10:3-10:12');
    expect(where(dep, [...CONTAINERS, 1, 'image'])).toBe('21:11-21:23');
    // A block mapping's range ends after its last line break: the exclusive end is the next line's start.
    expect(where(dep, [...CONTAINERS, 0, 'securityContext'])).toBe('18:11-20:1');
    expect(start(dep, [])).toBe('7:1');
    const ns = parseManifests(multi, 'multi.yaml').objects[0]!;
    expect(start(ns, [])).toBe('2:1');
  });

  it('maps a missing field to its closest existing parent', () => {
    const dep = parseManifests(multi, 'multi.yaml').objects[1]!;
    // No securityContext on the sidecar: the container item, which starts at its first key.
    expect(where(dep, [...CONTAINERS, 1, 'securityContext', 'runAsNonRoot'])).toBe('20:11-22:1');
    expect(start(dep, [...CONTAINERS, 0, 'securityContext', 'runAsNonRoot'])).toBe('18:11');
    expect(start(dep, ['metadata', 'labels', 'app'])).toBe('9:1');
    expect(start(dep, [...CONTAINERS, 7])).toBe('15:7');
    expect(start(dep, ['status'])).toBe('7:1');
  });

  it('reads JSON, with locations', () => {
    const text = `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "j", "namespace": "ns" },
  "spec": { "containers": [ { "name": "c", "image": "x", "securityContext": { "privileged": true } } ] }
}
`;
    const { objects, errors } = parseManifests(text, 'pod.json');
    expect(errors).toEqual([]);
    expect(objects).toHaveLength(1);
    const pod = objects[0]!;
    expect([pod.kind, pod.namespace, pod.name]).toEqual(['Pod', 'ns', 'j']);
    expect(pod.raw.spec).toEqual({ containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] });
    expect(start(pod, ['spec', 'containers', 0, 'securityContext', 'privileged'])).toBe(textPos(text, '"privileged"'));
    expect(start(pod, ['spec', 'containers', 0])).toBe(textPos(text, '{ "name": "c"'));
    expect(start(pod, ['metadata', 'namespace'])).toBe('4:30');
  });

  it('expands kind: List (kubectl get -o yaml) into its items, located in the List file', () => {
    const text = `apiVersion: v1
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: api
    namespace: prod
  spec:
    type: NodePort
- apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: agent
    namespace: kube-system
  spec:
    template:
      spec:
        hostNetwork: true
        containers:
        - name: a
          image: a
kind: List
metadata:
  resourceVersion: ""
`;
    const { objects, errors, notes } = parseManifests(text, 'list.yaml');
    expect(errors).toEqual([]);
    expect(notes).toEqual([]);
    expect(objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toEqual(['Service/prod/api', 'DaemonSet/kube-system/agent']);
    const ds = objects[1]!;
    expect(ds.source).toMatchObject({ type: 'file', file: 'list.yaml', docIndex: 0 });
    expect(start(ds, [])).toBe('10:3');
    expect(where(ds, ['spec', 'template', 'spec', 'hostNetwork'])).toBe('18:9-18:26');
    expect(start(ds, [...CONTAINERS, 0, 'securityContext'])).toBe('20:11');
    expect(start(objects[0]!, ['spec', 'type'])).toBe('9:5');
  });

  it('fills kind and apiVersion of typed list items (PodList, DeploymentList)', () => {
    const text = `apiVersion: v1
kind: PodList
items:
- metadata:
    name: p1
    namespace: ns
  spec:
    containers:
    - name: c
      image: x
- metadata:
    name: p2
---
apiVersion: apps/v1
kind: DeploymentList
items:
- metadata: {name: d1}
`;
    const { objects, errors } = parseManifests(text, 'typed.yaml');
    expect(errors).toEqual([]);
    expect(objects.map((o) => [o.apiVersion, o.kind, o.namespace, o.name])).toEqual([
      ['v1', 'Pod', 'ns', 'p1'],
      ['v1', 'Pod', 'default', 'p2'],
      ['apps/v1', 'Deployment', 'default', 'd1'],
    ]);
    expect(objects[0]!.raw.kind).toBe('Pod');
    expect(start(objects[1]!, [])).toBe('11:3');
    expect(where(objects[0]!, ['spec', 'containers', 0, 'image'])).toBe('10:7-10:15');
    // kind was filled in, not written: it points at the item.
    expect(start(objects[0]!, ['kind'])).toBe('4:3');
    expect(start(objects[2]!, ['metadata', 'name'])).toBe('17:14');
  });

  it('ignores empty documents and comment-only documents without a note', () => {
    expect(parseManifests('', 'e.yaml')).toEqual({ objects: [], errors: [], notes: [] });
    expect(parseManifests('---\n---\n# only a comment\n---\n\n...\n', 'e.yaml')).toEqual({ objects: [], errors: [], notes: [] });
    const { objects } = parseManifests('---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n', 'e.yaml');
    expect(objects.map((o) => o.name)).toEqual(['c']);
  });

  it('skips documents that are not Kubernetes objects, with a note at each', () => {
    const text = `foo: bar
---
- a
---
just text
---
kind: Pod
metadata: {name: no-api-version}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: kept}
`;
    const { objects, errors, notes } = parseManifests(text, 'mixed.yaml');
    expect(errors).toEqual([]);
    expect(objects.map((o) => o.name)).toEqual(['kept']);
    expect(notes).toEqual([
      { file: 'mixed.yaml', line: 1, column: 1, message: 'skipped a document without apiVersion and kind (not a Kubernetes object)' },
      { file: 'mixed.yaml', line: 3, column: 1, message: 'skipped a document that is not a mapping (not a Kubernetes object)' },
      { file: 'mixed.yaml', line: 5, column: 1, message: 'skipped a document that is not a mapping (not a Kubernetes object)' },
      { file: 'mixed.yaml', line: 7, column: 1, message: 'skipped a document without apiVersion and kind (not a Kubernetes object)' },
    ]);
  });

  it('reads scalars the way kubectl does (YAML 1.1 through go-yaml v2)', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: scalars
  annotations:
    time: 1:20
    date: 2026-01-02
    stamp: 2001-12-14t21:59:43.10-05:00
    quoted: "yes"
spec:
  hostNetwork: yes
  hostPID: on
  hostIPC: off
  enableServiceLinks: No
  volumes:
    - name: v
      secret:
        secretName: s
        defaultMode: 0644
  containers:
    - name: c
      image: x
      ports: [{containerPort: 0x1F90}]
      securityContext:
        runAsUser: 1_000
        privileged: Yes
        readOnlyRootFilesystem: ~
`;
    const { objects, errors } = parseManifests(text, 'scalars.yaml');
    expect(errors).toEqual([]);
    const raw = objects[0]!.raw as {
      metadata: { annotations: Record<string, unknown> };
      spec: Record<string, unknown> & { volumes: { secret: { defaultMode: unknown } }[]; containers: Record<string, unknown>[] };
    };
    // Sexagesimal 1:20 is 80 in YAML 1.1 but go-yaml v2 keeps it a string; timestamps stay strings.
    expect(raw.metadata.annotations).toEqual({ time: '1:20', date: '2026-01-02', stamp: '2001-12-14t21:59:43.10-05:00', quoted: 'yes' });
    expect([raw.spec.hostNetwork, raw.spec.hostPID, raw.spec.hostIPC, raw.spec.enableServiceLinks]).toEqual([true, true, false, false]);
    expect(raw.spec.volumes[0]!.secret.defaultMode).toBe(420);
    expect(raw.spec.containers[0]!.ports).toEqual([{ containerPort: 8080 }]);
    expect(raw.spec.containers[0]!.securityContext).toEqual({ runAsUser: 1000, privileged: true, readOnlyRootFilesystem: null });
  });

  it('applies merge keys: explicit keys win, merged keys point at the << entry', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: m}
spec:
  template:
    spec:
      containers:
        - &base
          name: a
          image: x
          securityContext:
            privileged: true
        - <<: *base
          name: b
`;
    const { objects, errors } = parseManifests(text, 'merge.yaml');
    expect(errors).toEqual([]);
    const dep = objects[0]!;
    const containers = (dep.raw.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers;
    expect(containers).toEqual([
      { name: 'a', image: 'x', securityContext: { privileged: true } },
      { name: 'b', image: 'x', securityContext: { privileged: true } },
    ]);
    expect(where(dep, [...CONTAINERS, 1, 'securityContext', 'privileged'])).toBe('13:11-13:20');
    expect(where(dep, [...CONTAINERS, 1, 'name'])).toBe('14:11-14:18');
  });

  it('notes duplicate keys; the last value wins, as in a non-strict kubectl read', () => {
    const { objects, notes } = parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n', 'dup.yaml');
    expect(objects[0]!.name).toBe('b');
    expect(notes).toEqual([{ file: 'dup.yaml', line: 5, column: 3, message: 'duplicate key "name": the last value wins' }]);
  });

  it('counts lines the same with CRLF line ends', () => {
    const { objects } = parseManifests('apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf\r\n', 'crlf.yaml');
    expect(objects[0]!.name).toBe('crlf');
    expect(where(objects[0]!, ['metadata', 'name'])).toBe('4:3-4:13');
  });

  it('keeps __proto__ keys as plain data', () => {
    const { objects } = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p}\ndata:\n  __proto__: {polluted: "yes"}\n', 'proto.yaml');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(objects[0]!.raw.data)).toEqual(['__proto__']);
  });

  // The loader rebuilds plain documents through JSON for compact objects; values JSON cannot carry
  // must come out the same as the YAML library reads them.
  it('keeps values JSON cannot carry: .inf, .nan, -0, big integers, aliases', () => {
    const yaml = [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: odd}', 'spec:',
      '  inf: .inf', '  ninf: -.inf', '  nan: .nan', '  negzero: -0.0', '  big: 12345678901234567890',
      '  base: &b {a: 1}', '  copy: *b', '',
    ].join('\n');
    const { objects, errors } = parseManifests(yaml, 'odd.yaml');
    expect(errors).toEqual([]);
    const spec = objects[0]!.raw.spec as Record<string, unknown>;
    expect(spec.inf).toBe(Infinity);
    expect(spec.ninf).toBe(-Infinity);
    expect(Number.isNaN(spec.nan)).toBe(true);
    expect(Object.is(spec.negzero, -0)).toBe(true);
    expect(spec.big).toBe(Number('12345678901234567890'));
    expect(spec.copy).toEqual({ a: 1 });
    expect(where(objects[0]!, ['spec', 'big'])).toBe('9:3-9:28');
  });
});

describe('parseManifests: bad input', () => {
  it('reports malformed YAML with line and column and keeps the good documents of the file', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
\tname: tabbed
---
apiVersion: v1
kind: ConfigMap
metadata: {name: good}
`;
    const { objects, errors } = parseManifests(text, 'bad.yaml');
    expect(objects.map((o) => o.name)).toEqual(['good']);
    expect(errors).toEqual([{ file: 'bad.yaml', line: 4, column: 1, message: 'invalid YAML: Tabs are not allowed as indentation' }]);
  });

  it('reports an unclosed quote', () => {
    const { errors } = parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "abc\n  labels: {}\n', 'quote.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'quote.yaml', message: 'invalid YAML: Missing closing "quote' });
    expect(errors[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('refuses a billion-laughs alias bomb quickly, keeping the other documents', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    let prev = 'a';
    for (const n of 'bcdefghi') {
      lines.push(`  ${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]`);
      prev = n;
    }
    const text = `${lines.join('\n')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n`;
    const started = performance.now();
    const { objects, errors } = parseManifests(text, 'bomb.yaml');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(objects.map((o) => o.name)).toEqual(['fine']);
    expect(errors).toEqual([{
      file: 'bomb.yaml', line: 1, column: 1,
      message: 'document expands to more than 1000000 nodes through aliases (YAML alias bomb?); skipped',
    }]);
  });

  it('reports an anchor that contains its own alias instead of crashing', () => {
    const { objects, errors } = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: self}\ndata:\n  a: &a [*a]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n', 'self.yaml');
    expect(objects.map((o) => o.name)).toEqual(['fine']);
    expect(errors).toEqual([{ file: 'self.yaml', line: 1, column: 1, message: 'document nests too deeply, or an anchor contains its own alias; skipped' }]);
  });

  it('reports an alias to an undefined anchor, as go-yaml does, instead of reading null', () => {
    const { objects, errors } = parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: *nope\n', 'alias.yaml');
    expect(objects).toEqual([]);
    expect(errors).toEqual([{ file: 'alias.yaml', line: 1, column: 1, message: 'an alias refers to an anchor not defined before it in the document; skipped' }]);
  });

  it('reports nesting too deep to parse instead of crashing', () => {
    const { objects, errors } = parseManifests(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'deep.yaml');
    expect(objects).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'deep.yaml', line: 1 });
    expect(errors[0]!.message).toMatch(/^invalid YAML: /);
  });
});

describe('parseManifests: locations past the narrow columns of the location tables', () => {
  /** The one object of `text` as each reader reads it (the fast one may leave the text to the library). */
  function both(text: string, fastAccepts = true): KubeObject[] {
    const fast = parseManifestsWith('fast', text, 'big.yaml');
    const library = parseManifestsWith('library', text, 'big.yaml')!;
    expect(fast !== undefined).toBe(fastAccepts);
    const out: KubeObject[] = [];
    for (const parsed of fast ? [fast, library] : [library]) {
      expect(parsed.errors).toEqual([]);
      expect(parsed.objects).toHaveLength(1);
      out.push(parsed.objects[0]!);
    }
    return out;
  }

  it('a list of 70,000 items: the last item, a missing one, and the key after the list', () => {
    const items = Array.from({ length: 70_000 }, (_, i) => `    - ${i}\n`).join('');
    const text = `apiVersion: v1\nkind: Config\nmetadata:\n  name: big\nspec:\n  items:\n${items}  after: yes\n`;
    for (const obj of both(text)) {
      // Item i is on line 7 + i, its value after `    - `.
      expect(where(obj, ['spec', 'items', 69_999])).toBe('70006:7-70006:12');
      expect(where(obj, ['spec', 'items', 12_345])).toBe('12352:7-12352:12');
      expect(start(obj, ['spec', 'after'])).toBe(textPos(text, 'after:'));
      expect(start(obj, ['spec', 'after'])).toBe('70007:3');
      // No item 70,000: the closest parent is the `items` entry.
      expect(start(obj, ['spec', 'items', 70_000])).toBe('6:3');
    }
  });

  it('a 100 KB single-line JSON document: a key near its end, past column 65,535', () => {
    const data: Record<string, string> = {};
    for (let i = 0; i < 2_000; i++) data[`k${i}`] = 'x'.repeat(40);
    data.last = 'value';
    const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wide' }, data })}\n`;
    expect(text.length).toBeGreaterThan(100_000);
    const key = text.indexOf('"last"');
    // The fast reader leaves flow collections this long to the library.
    for (const obj of both(text, false)) {
      // Starts at the key's quote, ends after the value's closing quote.
      expect(where(obj, ['data', 'last'])).toBe(`1:${key + 1}-1:${key + '"last":"value"'.length + 1}`);
      expect(start(obj, ['data', 'missing'])).toBe(textPos(text, '"data"'));
    }
  });

  it('more than 65,536 distinct keys in one mapping', () => {
    const keys = Array.from({ length: 70_000 }, (_, i) => `  key-${i}: v${i}\n`).join('');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n${keys}`;
    for (const obj of both(text)) {
      // key-i is on line 6 + i.
      const last = where(obj, ['data', 'key-69999']);
      expect(last).toBe(`70005:3-70005:${3 + 'key-69999: v69999'.length}`);
      expect(start(obj, ['data', 'key-65537'])).toBe(textPos(text, 'key-65537:'));
      expect(start(obj, ['data', 'key-70000'])).toBe('5:1');
    }
  });
});
