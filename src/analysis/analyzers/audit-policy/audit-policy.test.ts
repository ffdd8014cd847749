import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isRecord, toKubeObject } from '../../../model/index.js';
import { auditDecision, candidateRequests, findRequests, parseAuditPolicy, type AuditPolicy, type AuditRequest } from './index.js';

function policy(yaml: string): AuditPolicy {
  const raw: unknown = parseAllDocuments(`apiVersion: audit.k8s.io/v1\nkind: Policy\n${yaml}`)[0]!.toJS();
  if (!isRecord(raw)) throw new Error('not a map');
  return parseAuditPolicy(toKubeObject(raw, { type: 'reference', ref: 'test' })!);
}

const req = (over: Partial<AuditRequest>): AuditRequest => ({
  user: 'alice', groups: ['system:authenticated'], verb: 'get', apiGroup: '', resource: 'pods', subresource: '', name: '', namespace: 'prod', ...over,
});

describe('audit policy matching (apiserver policy checker)', () => {
  const p = policy(`omitStages: [RequestReceived]
rules:
  - level: None
    users: ["system:kube-proxy"]
  - level: None
    nonResourceURLs: ["/healthz*", "/version"]
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets"]
    omitStages: [ResponseStarted]
  - level: Request
    resources:
      - group: ""
        resources: ["pods/*"]
  - level: RequestResponse
    resources:
      - group: apps
        resources: ["*/scale"]
  - level: Request
    userGroups: ["devs"]
    namespaces: ["dev"]
  - level: Metadata
    resources:
      - group: ""
        resources: ["configmaps"]
        resourceNames: ["cluster-info"]
  - level: RequestResponse
    verbs: ["delete"]
`);
  const at = (r: AuditRequest): [string, number | undefined] => {
    const d = auditDecision(p, r);
    return [d.level, d.rule?.index];
  };

  it.each<[string, Partial<AuditRequest>, [string, number | undefined]]>([
    ['a rule with users matches only those users', { user: 'system:kube-proxy', resource: 'secrets' }, ['None', 0]],
    ['nonResourceURLs: trailing * is a prefix', { path: '/healthz/etcd', resource: '' }, ['None', 1]],
    ['nonResourceURLs never match resource requests', { resource: 'healthz' }, ['None', undefined]],
    ['resources: exact name in the group', { resource: 'secrets', verb: 'list' }, ['Metadata', 2]],
    ['resources: another group does not match', { resource: 'secrets', apiGroup: 'example.com' }, ['None', undefined]],
    ['resources: pods/* covers pods itself', { resource: 'pods' }, ['Request', 3]],
    ['resources: pods/* covers subresources', { resource: 'pods', subresource: 'exec', verb: 'create' }, ['Request', 3]],
    ['resources: */scale matches the subresource only', { apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }, ['RequestResponse', 4]],
    ['resources: */scale does not match the resource', { apiGroup: 'apps', resource: 'deployments' }, ['None', undefined]],
    ['namespaces: a rule with namespaces is a resource rule', { groups: ['system:authenticated', 'devs'], namespace: 'dev', resource: 'services' }, ['Request', 5]],
    ['namespaces: not another namespace', { groups: ['system:authenticated', 'devs'], namespace: 'prod', resource: 'services' }, ['None', undefined]],
    ['namespaces: never a non-resource request', { groups: ['system:authenticated', 'devs'], namespace: '', path: '/metrics', resource: '' }, ['None', undefined]],
    ['resourceNames: the named object', { resource: 'configmaps', name: 'cluster-info', namespace: 'kube-public' }, ['Metadata', 6]],
    ['resourceNames: not others (falls through to the delete rule only for delete)', { resource: 'configmaps', name: 'other', verb: 'delete' }, ['RequestResponse', 7]],
    ['no match is level None', { resource: 'configmaps', name: 'other' }, ['None', undefined]],
  ])('%s', (_name, over, expected) => {
    expect(at(req(over))).toEqual(expected);
  });

  it('omitted stages are the policy\'s and the rule\'s together', () => {
    expect(auditDecision(p, req({ resource: 'secrets' })).omitStages.sort()).toEqual(['RequestReceived', 'ResponseStarted']);
    expect(auditDecision(p, req({ resource: 'nothing' })).omitStages).toEqual(['RequestReceived']);
  });

  it('skips rules with an invalid level', () => {
    const q = policy('rules:\n  - level: Everything\n  - level: Metadata\n');
    expect(auditDecision(q, req({})).rule?.index).toBe(1);
  });
});

describe('finding requests of a shape', () => {
  it('tries identities and namespaces the policy names, and others', () => {
    const p = policy(`rules:
  - level: None
    users: [bob]
  - level: None
    userGroups: [ops]
    namespaces: [kube-system]
  - level: Metadata
`);
    const reqs = candidateRequests(p, { verbs: ['get'], apiGroup: '', resource: 'pods', subresource: 'exec' });
    expect(new Set(reqs.map((r) => r.user))).toEqual(new Set(['kubeward.invalid:other', 'system:anonymous', 'bob']));
    expect(new Set(reqs.map((r) => r.namespace))).toEqual(new Set(['', 'kubeward.invalid:other', 'kube-system']));
    const hits = findRequests(p, [{ verbs: ['get'], apiGroup: '', resource: 'pods', subresource: 'exec' }], (_r, d) => d.level === 'None');
    expect(hits.map((h) => [h.decision.rule?.index, h.request.user, h.request.groups, h.request.namespace])).toEqual([
      [0, 'bob', ['system:authenticated'], ''],
      [1, 'kubeward.invalid:other', ['system:authenticated', 'ops'], 'kube-system'],
    ]);
  });

  it('a rule shadowed by an earlier one for every request is never the deciding rule', () => {
    const p = policy(`rules:
  - level: Metadata
    resources: [{group: "", resources: [secrets]}]
  - level: RequestResponse
    resources: [{group: "", resources: [secrets]}]
    users: [alice]
  - level: None
`);
    expect(findRequests(p, [{ verbs: ['get', 'create'], apiGroup: '', resource: 'secrets' }], (_r, d) => d.level === 'RequestResponse')).toEqual([]);
  });

  it('ServiceAccounts are in their groups, anonymous only in system:unauthenticated', () => {
    const p = policy(`rules:
  - level: None
    userGroups: ["system:serviceaccounts:ci"]
  - level: Metadata
    users: ["system:serviceaccount:ci:deployer", "system:anonymous"]
`);
    const at = (user: string) => auditDecision(p, candidateRequests(p, { verbs: ['get'], apiGroup: '', resource: 'pods' }).find((r) => r.user === user && r.groups.length <= 3)!).rule?.index;
    expect(at('system:serviceaccount:ci:deployer')).toBe(0);
    expect(at('system:anonymous')).toBe(1);
  });
});
