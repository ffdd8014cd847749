import { describe, expect, it } from 'vitest';
import { renderCanJson, renderCanText, renderWhoCanJson, renderWhoCanText, whoCanQuestion, type CanReport, type WhoCanReport } from './who-can.js';

const report: WhoCanReport = {
  schemaVersion: 1, verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'prod',
  subjects: [
    { kind: 'Group', name: 'ops', via: [{ binding: 'ClusterRoleBinding/ops', role: 'ClusterRole/admin-ish', rules: [0, 3] }] },
    { kind: 'ServiceAccount', namespace: 'prod', name: 'app', via: [{ binding: 'RoleBinding/prod/app-read', role: 'ClusterRole/secret-reader', rules: [1] }] },
  ],
};

describe('who-can renderers', () => {
  it('states the question', () => {
    expect(whoCanQuestion(report)).toBe('get secrets in namespace "prod"');
    expect(whoCanQuestion({ schemaVersion: 1, verb: 'create', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', name: 'web', subjects: [] }))
      .toBe('create deployments/scale (API group apps) named "web" cluster-wide (all namespaces, or a cluster-scoped resource)');
    expect(whoCanQuestion({ schemaVersion: 1, verb: 'get', nonResourceURL: '/metrics', subjects: [] })).toBe('get /metrics');
  });

  it('text lists subjects with binding, role and rules', () => {
    expect(renderWhoCanText(report, { color: false })).toBe(`Who can get secrets in namespace "prod":

  Group ops
    ClusterRoleBinding/ops -> ClusterRole/admin-ish rules[0], rules[3]
  ServiceAccount prod/app
    RoleBinding/prod/app-read -> ClusterRole/secret-reader rules[1]

2 subjects. Groups are listed as groups; members of system:masters may do anything whatever RBAC says.
`);
  });

  it('text says when nobody can', () => {
    const text = renderWhoCanText({ ...report, subjects: [], notes: ['nodes is cluster-scoped'] }, { color: false });
    expect(text).toContain('  note: nodes is cluster-scoped\n');
    expect(text).toContain('  nobody, through the RoleBindings and ClusterRoleBindings scanned\n');
    expect(text).toContain('\n0 subjects.');
  });

  it('json is the report itself', () => {
    expect(JSON.parse(renderWhoCanJson(report))).toEqual(report);
  });
});

describe('can renderers', () => {
  const can: CanReport = {
    schemaVersion: 1,
    subject: { kind: 'ServiceAccount', namespace: 'prod', name: 'app' },
    user: { name: 'system:serviceaccount:prod:app', groups: ['system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated'] },
    scopes: [
      {
        scope: '*',
        grants: [{
          binding: 'ClusterRoleBinding/all-sas', role: 'ClusterRole/discover', ruleIndex: 0,
          via: { kind: 'Group', name: 'system:serviceaccounts' },
          rule: { verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/version'] },
        }],
      },
      {
        scope: 'prod',
        grants: [
          {
            binding: 'RoleBinding/prod/app', role: 'ClusterRole/edit', ruleIndex: 0, ruleSource: 'ClusterRole/system:aggregate-to-edit',
            via: { kind: 'ServiceAccount', namespace: 'prod', name: 'app' },
            rule: { verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'], resourceNames: [], nonResourceURLs: [] },
          },
          {
            binding: 'RoleBinding/prod/app', role: 'ClusterRole/edit', ruleIndex: 5,
            via: { kind: 'ServiceAccount', namespace: 'prod', name: 'app' },
            rule: { verbs: ['update'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], nonResourceURLs: [] },
          },
        ],
      },
    ],
  };

  it('text groups rules by scope and binding, naming the group a grant comes through', () => {
    expect(renderCanText(can, { color: false })).toBe(`Permissions of ServiceAccount prod/app
  authenticates as user "system:serviceaccount:prod:app" in groups system:serviceaccounts, system:serviceaccounts:prod, system:authenticated

Cluster-wide (every namespace and cluster-scoped resources):
  ClusterRoleBinding/all-sas -> ClusterRole/discover (as Group system:serviceaccounts)
    rules[0]: get on URLs /version

In namespace "prod":
  RoleBinding/prod/app -> ClusterRole/edit
    rules[0] (from ClusterRole/system:aggregate-to-edit): get, list on secrets (API groups "")
    rules[5]: update on deployments named web (API groups apps)
`);
  });

  it('text says when nothing is granted; json is the report', () => {
    expect(renderCanText({ ...can, scopes: [] }, { color: false })).toContain('no permissions granted by the RoleBindings and ClusterRoleBindings scanned');
    expect(JSON.parse(renderCanJson(can))).toEqual(can);
  });
});
