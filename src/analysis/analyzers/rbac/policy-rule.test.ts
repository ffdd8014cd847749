import { describe, expect, it } from 'vitest';
import { parsePolicyRule, ruleAllows, sameRule, type PolicyRule, type RequestAttributes } from './index.js';

function rule(r: Partial<PolicyRule>): PolicyRule {
  return parsePolicyRule(r);
}

function res(verb: string, resource: string, extra: Partial<{ apiGroup: string; subresource: string; name: string }> = {}): RequestAttributes {
  return { verb, apiGroup: extra.apiGroup ?? '', resource, subresource: extra.subresource ?? '', name: extra.name ?? '', namespace: 'ns' };
}

function url(verb: string, path: string): RequestAttributes {
  return { verb, path, namespace: '' };
}

const podsReader = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });

const cases: { name: string; rule: PolicyRule; req: RequestAttributes; allowed: boolean }[] = [
  { name: 'exact verb, group and resource', rule: podsReader, req: res('get', 'pods'), allowed: true },
  { name: 'verb not listed', rule: podsReader, req: res('delete', 'pods'), allowed: false },
  { name: 'verb * matches any verb', rule: rule({ verbs: ['*'], apiGroups: [''], resources: ['pods'] }), req: res('escalate', 'pods'), allowed: true },
  { name: 'request verb * only matches a rule verb *', rule: podsReader, req: res('*', 'pods'), allowed: false },
  { name: 'empty verbs match nothing', rule: rule({ verbs: [], apiGroups: [''], resources: ['pods'] }), req: res('get', 'pods'), allowed: false },
  { name: 'other API group', rule: podsReader, req: res('get', 'pods', { apiGroup: 'apps' }), allowed: false },
  { name: 'apiGroups * matches any group', rule: rule({ verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] }), req: res('get', 'deployments', { apiGroup: 'apps' }), allowed: true },
  { name: 'missing apiGroups match nothing', rule: rule({ verbs: ['get'], resources: ['pods'] }), req: res('get', 'pods'), allowed: false },
  { name: 'pods does not grant pods/exec', rule: rule({ verbs: ['*'], apiGroups: [''], resources: ['pods'] }), req: res('create', 'pods', { subresource: 'exec' }), allowed: false },
  { name: 'pods/exec grants pods/exec', rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }), req: res('create', 'pods', { subresource: 'exec' }), allowed: true },
  { name: 'pods/exec does not grant pods', rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }), req: res('create', 'pods'), allowed: false },
  { name: 'pods/exec does not grant pods/attach', rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }), req: res('create', 'pods', { subresource: 'attach' }), allowed: false },
  { name: '*/exec grants any resource\'s exec', rule: rule({ verbs: ['create'], apiGroups: ['*'], resources: ['*/exec'] }), req: res('create', 'widgets', { apiGroup: 'x.io', subresource: 'exec' }), allowed: true },
  { name: '*/exec does not grant the resource itself', rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['*/exec'] }), req: res('create', 'pods'), allowed: false },
  { name: '*/exec does not grant another subresource', rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['*/exec'] }), req: res('create', 'pods', { subresource: 'execute' }), allowed: false },
  { name: '* grants subresources', rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['*'] }), req: res('create', 'pods', { subresource: 'exec' }), allowed: true },
  { name: 'pods/* is no wildcard upstream', rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/*'] }), req: res('create', 'pods', { subresource: 'exec' }), allowed: false },
  { name: '*/* is no wildcard upstream', rule: rule({ verbs: ['create'], apiGroups: [''], resources: ['*/*'] }), req: res('create', 'pods', { subresource: 'exec' }), allowed: false },
  { name: 'resourceNames: listed name', rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] }), req: res('get', 'secrets', { name: 'tls' }), allowed: true },
  { name: 'resourceNames: other name', rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] }), req: res('get', 'secrets', { name: 'db' }), allowed: false },
  { name: 'resourceNames: request without a name', rule: rule({ verbs: ['list'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] }), req: res('list', 'secrets'), allowed: false },
  { name: 'no resourceNames: any name', rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }), req: res('get', 'secrets', { name: 'db' }), allowed: true },
  { name: 'resource rule does not grant a URL', rule: rule({ verbs: ['get'], apiGroups: ['*'], resources: ['*'] }), req: url('get', '/metrics'), allowed: false },
  { name: 'URL: exact', rule: rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }), req: url('get', '/metrics'), allowed: true },
  { name: 'URL: exact only, not a prefix', rule: rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }), req: url('get', '/metrics/cadvisor'), allowed: false },
  { name: 'URL: trailing * is a prefix', rule: rule({ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }), req: url('get', '/healthz/etcd'), allowed: true },
  { name: 'URL: /healthz/* does not match /healthz', rule: rule({ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }), req: url('get', '/healthz'), allowed: false },
  { name: 'URL: /hea* is a plain string prefix', rule: rule({ verbs: ['get'], nonResourceURLs: ['/hea*'] }), req: url('get', '/healthz'), allowed: true },
  { name: 'URL: * matches everything', rule: rule({ verbs: ['get'], nonResourceURLs: ['*'] }), req: url('get', '/anything/at/all'), allowed: true },
  { name: 'URL: verb must match', rule: rule({ verbs: ['get'], nonResourceURLs: ['*'] }), req: url('post', '/api'), allowed: false },
  { name: 'URL rule does not grant resources', rule: rule({ verbs: ['*'], nonResourceURLs: ['*'] }), req: res('get', 'pods'), allowed: false },
];

describe('ruleAllows', () => {
  it.each(cases)('$name', ({ rule: r, req, allowed }) => {
    expect(ruleAllows(r, req)).toBe(allowed);
  });
});

describe('parsePolicyRule', () => {
  it('keeps strings and drops what is not one', () => {
    expect(parsePolicyRule({ verbs: ['get', 3, null], resources: 'pods', apiGroups: [''] })).toEqual({
      verbs: ['get'], apiGroups: [''], resources: [], resourceNames: [], nonResourceURLs: [],
    });
  });

  it('reads a non-object as a rule that matches nothing', () => {
    expect(ruleAllows(parsePolicyRule('x'), res('get', 'pods'))).toBe(false);
  });
});

describe('sameRule', () => {
  it('compares lists in order, absent as empty', () => {
    expect(sameRule(rule({ verbs: ['get'], apiGroups: [''] }), parsePolicyRule({ verbs: ['get'], apiGroups: [''], resourceNames: [] }))).toBe(true);
    expect(sameRule(rule({ verbs: ['get', 'list'] }), rule({ verbs: ['list', 'get'] }))).toBe(false);
  });
});
