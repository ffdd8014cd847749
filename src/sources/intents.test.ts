import { describe, expect, it } from 'vitest';
import { parseIntents } from './intents.js';

const HEAD = `apiVersion: kubeward.io/v1alpha1
kind: NetworkIntents
metadata:
  name: t
intents:
`;

describe('parseIntents', () => {
  it('reads every peer form, with the line of each intent', () => {
    const { intents, errors } = parseIntents(`${HEAD}  - name: by workload
    from: shop/frontend
    to: StatefulSet/shop/db
    port: 5432
    expect: deny
  - from: { namespace: shop, podSelector: { matchLabels: { app: web } } }
    to: 203.0.113.0/24
    port: 443/tcp
    expect: allow
  - from: "2001:db8::/32"
    to:
      namespaceSelector:
        matchExpressions:
          - key: team
            operator: In
            values: [a, b]
    port: any
    expect: deny
  - from: { workload: shop/db, kind: StatefulSet }
    to: { cidr: 10.0.0.1 }
    port: "53/UDP"
    expect: deny
`, 'i.yaml');
    expect(errors).toEqual([]);
    expect(intents).toEqual([
      {
        name: 'by workload', file: 'i.yaml', line: 6, expect: 'deny',
        from: { type: 'workload', namespace: 'shop', name: 'frontend' },
        to: { type: 'workload', kind: 'StatefulSet', namespace: 'shop', name: 'db' },
        port: { port: 5432, protocol: 'TCP' },
        text: { from: 'shop/frontend', to: 'StatefulSet/shop/db', port: '5432/TCP' },
      },
      {
        name: 'namespace shop, pods {app=web} -> 203.0.113.0/24 on 443/TCP: allow', file: 'i.yaml', line: 11, expect: 'allow',
        from: { type: 'selector', namespace: 'shop', podSelector: { matchLabels: { app: 'web' } } },
        to: { type: 'cidr', cidr: '203.0.113.0/24' },
        port: { port: 443, protocol: 'TCP' },
        text: { from: 'namespace shop, pods {app=web}', to: '203.0.113.0/24', port: '443/TCP' },
      },
      {
        name: '2001:db8::/32 -> namespaces {team In (a, b)} on any port: deny', file: 'i.yaml', line: 15, expect: 'deny',
        from: { type: 'cidr', cidr: '2001:db8::/32' },
        to: { type: 'selector', namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] } },
        text: { from: '2001:db8::/32', to: 'namespaces {team In (a, b)}', port: 'any port' },
      },
      {
        name: 'StatefulSet/shop/db -> 10.0.0.1 on 53/UDP: deny', file: 'i.yaml', line: 24, expect: 'deny',
        from: { type: 'workload', kind: 'StatefulSet', namespace: 'shop', name: 'db' },
        to: { type: 'cidr', cidr: '10.0.0.1' },
        port: { port: 53, protocol: 'UDP' },
        text: { from: 'StatefulSet/shop/db', to: '10.0.0.1', port: '53/UDP' },
      },
    ]);
  });

  it.each([
    ['  - from: shop/a\n    to: shop/b\n', 6, 5, 'intent 1: expect must be allow or deny'],
    ['  - from: shop/a\n    to: shop/b\n    expect: maybe\n', 8, 5, 'intent 1: expect must be allow or deny, not "maybe"'],
    ['  - to: shop/b\n    expect: deny\n', 6, 5, 'intent 1: from is required'],
    ['  - from: frontend\n    to: shop/b\n    expect: deny\n', 6, 5, 'intent 1: from: "frontend" is not a workload (namespace/name or Kind/namespace/name) nor an address range'],
    ['  - from: 10.0.0.0/8\n    to: 1.2.3.4\n    expect: deny\n', 6, 5, 'intent 1: at least one side must be in the cluster (a workload, namespace or selector)'],
    ['  - from: shop/a\n    to: { podSelector: {} }\n    expect: deny\n', 7, 5, 'intent 1: to: podSelector needs namespace or namespaceSelector (namespaceSelector: {} for every namespace)'],
    ['  - from: shop/a\n    to: { namespace: x, cidr: 1.2.3.4 }\n    expect: deny\n', 7, 5, 'intent 1: to must name exactly one of: workload, cidr, or namespace / namespaceSelector / podSelector'],
    ['  - from: shop/a\n    to: { namespaceSelector: { matchExpressions: [{ key: a, operator: Is }] } }\n    expect: deny\n', 7, 5, 'intent 1: to.namespaceSelector: unknown operator Is'],
    ['  - from: shop/a\n    to: shop/b\n    port: 80/ICMP\n    expect: deny\n', 8, 5, 'intent 1: protocol must be TCP, UDP or SCTP, not ICMP'],
    ['  - from: shop/a\n    to: shop/b\n    port: http\n    expect: deny\n', 8, 5, 'intent 1: port must be a number, number/PROTOCOL (e.g. 53/UDP) or any, not "http"'],
    ['  - from: shop/a\n    to: shop/b\n    expect: deny\n    ports: [80]\n', 9, 5, 'intent 1: unknown key "ports"; the keys are name, from, to, port, expect'],
    ['  - shop/a -> shop/b\n', 6, 5, 'intent 1: must be a mapping with from, to, expect and optionally port and name'],
  ])('%j: one error with its line', (body, line, column, message) => {
    const { intents, errors } = parseIntents(HEAD + body, 'i.yaml');
    expect(intents).toEqual([]);
    expect(errors).toEqual([{ file: 'i.yaml', line, column, message }]);
  });

  it('rejects documents that are not intents, and a file without any', () => {
    expect(parseIntents('intents: []\n', 'x.yaml').errors).toEqual([{
      file: 'x.yaml', line: 1, column: 1,
      message: 'skipped a document without apiVersion and kind (not a Kubernetes object); an intents file holds apiVersion: kubeward.io/v1alpha1, kind: NetworkIntents and a list of intents',
    }]);
    expect(parseIntents('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', 'x.yaml').errors).toEqual([
      { file: 'x.yaml', line: 1, column: 1, message: 'expected apiVersion: kubeward.io/v1alpha1 and kind: NetworkIntents, not v1 ConfigMap' },
    ]);
    expect(parseIntents(`${HEAD}  []\n`.replace('intents:\n  []', 'intents: []'), 'x.yaml').errors).toEqual([{ file: 'x.yaml', message: 'the file declares no intents' }]);
    expect(parseIntents('apiVersion: kubeward.io/v1alpha1\nkind: NetworkIntents\nintents: {}\n', 'x.yaml').errors).toEqual([
      { file: 'x.yaml', line: 3, column: 1, message: 'intents must be a list' },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const { errors } = parseIntents(`${HEAD}  - from: [shop/a\n`, 'x.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'x.yaml', line: 7 });
    expect(errors[0]!.message).toMatch(/^invalid YAML: /);
  });
});
