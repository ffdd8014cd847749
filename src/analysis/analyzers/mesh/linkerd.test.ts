/**
 * Linkerd semantics, one case per point: the injector's truth table (pkg/inject/report.go) and
 * the inbound policy of ports (linkerd.io Authorization Policy reference).
 */
import { describe, expect, it } from 'vitest';
import { deploy, ns, setOf } from '../../../../test/fixtures/mtls/build.js';
import { analyzeMesh } from './index.js';
import type { MeshOptions } from './types.js';

type Obj = Record<string, unknown>;

const inject = (value: string) => ({ 'linkerd.io/inject': value });
const web = (o: Parameters<typeof deploy>[2] = {}) => deploy('shop', 'web', { ports: [{ name: 'http', containerPort: 8080 }], ...o });

describe('Linkerd injection', () => {
  const cases: { name: string; objects: Obj[]; dataplane: string; optOut?: string }[] = [
    { name: 'namespace enabled, pod unset', objects: [ns('shop', {}, inject('enabled')), web()], dataplane: 'linkerd' },
    { name: 'namespace ingress mode', objects: [ns('shop', {}, inject('ingress')), web()], dataplane: 'linkerd' },
    {
      name: 'namespace enabled, pod disabled',
      objects: [ns('shop', {}, inject('enabled')), web({ annotations: inject('disabled') })],
      dataplane: 'none', optOut: 'linkerd: pod annotation linkerd.io/inject=disabled',
    },
    { name: 'namespace disabled, pod enabled', objects: [ns('shop', {}, inject('disabled')), web({ annotations: inject('enabled') })], dataplane: 'linkerd' },
    { name: 'namespace unset, pod enabled', objects: [ns('shop'), web({ annotations: inject('enabled') })], dataplane: 'linkerd' },
    { name: 'namespace disabled, pod unset', objects: [ns('shop', {}, inject('disabled')), web()], dataplane: 'none' },
    { name: 'an invalid namespace value blocks injection', objects: [ns('shop', {}, inject('yes')), web({ annotations: inject('enabled') })], dataplane: 'none' },
    {
      name: 'an invalid pod value blocks injection',
      objects: [ns('shop', {}, inject('enabled')), web({ annotations: inject('true') })],
      dataplane: 'none', optOut: 'linkerd: pod annotation linkerd.io/inject="true" is invalid: injection is skipped',
    },
    {
      name: 'hostNetwork pods are not injected',
      objects: [ns('shop', {}, inject('enabled')), web({ hostNetwork: true })],
      dataplane: 'none', optOut: 'linkerd: hostNetwork pods are not injected',
    },
    {
      name: 'pods without a service account token are not injected',
      objects: [ns('shop', {}, inject('enabled')), web({ automountServiceAccountToken: false })],
      dataplane: 'none',
      optOut: 'linkerd: automountServiceAccountToken is false: the proxy needs the service account token, so the pod is not injected',
    },
    {
      name: 'nor are pods whose ServiceAccount disables the token',
      objects: [
        ns('shop', {}, inject('enabled')), web({ serviceAccountName: 'web' }),
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' }, automountServiceAccountToken: false },
      ],
      dataplane: 'none',
      optOut: 'linkerd: ServiceAccount shop/web has automountServiceAccountToken: false and the pod does not override it: the proxy needs the token, so the pod is not injected',
    },
    { name: 'the pod can override the ServiceAccount', objects: [
      ns('shop', {}, inject('enabled')), web({ serviceAccountName: 'web', automountServiceAccountToken: true }),
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' }, automountServiceAccountToken: false },
    ], dataplane: 'linkerd' },
    { name: 'kube-system is excluded', objects: [ns('kube-system', {}, inject('enabled')), deploy('kube-system', 'web')], dataplane: 'none' },
    { name: 'an already injected pod', objects: [ns('shop'), web({ containers: ['main', 'linkerd-proxy'] })], dataplane: 'linkerd' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = analyzeMesh(setOf(...c.objects)).workloads[0]!;
      expect(w.dataplane.dataplane).toBe(c.dataplane);
      const opt = w.dataplane.optOut;
      expect(opt ? `${opt.mesh}: ${opt.reason}` : undefined).toBe(c.optOut);
    });
  }
});

const server = (name: string, port: number | string, o: { labels?: Record<string, string>; accessPolicy?: string } = {}): Obj => ({
  apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name, namespace: 'shop', ...(o.labels ? { labels: o.labels } : {}) },
  spec: { podSelector: { matchLabels: { app: 'web' } }, port, ...(o.accessPolicy ? { accessPolicy: o.accessPolicy } : {}) },
});
const serverAuthz = (name: string, target: Obj, client: Obj): Obj => ({
  apiVersion: 'policy.linkerd.io/v1beta1', kind: 'ServerAuthorization', metadata: { name, namespace: 'shop' }, spec: { server: target, client },
});
const authzPolicy = (name: string, targetRef: Obj, refs: Obj[]): Obj => ({
  apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy', metadata: { name, namespace: 'shop' },
  spec: { targetRef, requiredAuthenticationRefs: refs },
});
const meshedNs = ns('shop', {}, inject('enabled'));

describe('Linkerd port modes', () => {
  const cases: { name: string; objects: Obj[]; options?: MeshOptions; mode: string; reason?: RegExp }[] = [
    { name: 'default policy all-unauthenticated: PERMISSIVE', objects: [meshedNs, web()], mode: 'PERMISSIVE' },
    {
      name: 'namespace default-inbound-policy all-authenticated: STRICT',
      objects: [ns('shop', {}, { ...inject('enabled'), 'config.linkerd.io/default-inbound-policy': 'all-authenticated' }), web()],
      mode: 'STRICT', reason: /from namespace shop annotation admits only meshed clients/,
    },
    {
      name: 'the pod annotation wins over the namespace one',
      objects: [ns('shop', {}, { ...inject('enabled'), 'config.linkerd.io/default-inbound-policy': 'all-authenticated' }),
        web({ annotations: { 'config.linkerd.io/default-inbound-policy': 'cluster-unauthenticated' } })],
      mode: 'PERMISSIVE',
    },
    { name: 'the cluster default option', objects: [meshedNs, web()], options: { linkerdDefaultInboundPolicy: 'cluster-authenticated' }, mode: 'STRICT' },
    { name: 'a Server without authorizations denies everything: STRICT', objects: [meshedNs, web(), server('web-http', 8080)], mode: 'STRICT', reason: /no authorization/ },
    {
      name: 'a Server matched by port name',
      objects: [meshedNs, web(), server('web-http', 'http'), serverAuthz('open', { name: 'web-http' }, { unauthenticated: true })],
      mode: 'PERMISSIVE', reason: /ServerAuthorization shop\/open/,
    },
    {
      name: 'a ServerAuthorization requiring meshTLS: STRICT',
      objects: [meshedNs, web(), server('web-http', 8080), serverAuthz('meshed', { name: 'web-http' }, { meshTLS: { serviceAccounts: [{ name: 'api' }] } })],
      mode: 'STRICT',
    },
    {
      name: 'a ServerAuthorization selecting Servers by label',
      objects: [meshedNs, web(), server('web-http', 8080, { labels: { tier: 'web' } }),
        serverAuthz('open', { selector: { matchLabels: { tier: 'web' } } }, { unauthenticated: true })],
      mode: 'PERMISSIVE',
    },
    {
      name: 'an AuthorizationPolicy needing a MeshTLSAuthentication: STRICT',
      objects: [meshedNs, web(), server('web-http', 8080),
        authzPolicy('meshed', { group: 'policy.linkerd.io', kind: 'Server', name: 'web-http' }, [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'all' }])],
      mode: 'STRICT',
    },
    {
      name: 'an AuthorizationPolicy on a NetworkAuthentication admits plaintext: PERMISSIVE',
      objects: [meshedNs, web(), server('web-http', 8080),
        authzPolicy('net', { kind: 'Namespace', name: 'shop' }, [{ group: 'policy.linkerd.io', kind: 'NetworkAuthentication', name: 'cluster' }])],
      mode: 'PERMISSIVE',
    },
    { name: 'a Server with accessPolicy audit admits plaintext', objects: [meshedNs, web(), server('web-http', 8080, { accessPolicy: 'audit' })], mode: 'PERMISSIVE' },
    {
      name: 'proxy-require-identity-inbound-ports makes a port STRICT under an allowing default',
      objects: [meshedNs, web({ annotations: { 'config.linkerd.io/proxy-require-identity-inbound-ports': '8080,9000' } })],
      mode: 'STRICT', reason: /lists it, so only meshed clients are admitted$/,
    },
    {
      name: 'a skipped inbound port is DISABLE',
      objects: [meshedNs, web({ annotations: { 'config.linkerd.io/skip-inbound-ports': '8000-8100' } })],
      mode: 'DISABLE',
    },
    {
      name: 'skip ports set on the namespace apply to its pods',
      objects: [ns('shop', {}, { ...inject('enabled'), 'config.linkerd.io/skip-inbound-ports': '8080' }), web()],
      mode: 'DISABLE',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = analyzeMesh(setOf(...c.objects), c.options).workloads[0]!;
      expect(w.dataplane.dataplane).toBe('linkerd');
      const p = w.ports.find((x) => x.port === 8080)!;
      expect(p.mode).toBe(c.mode);
      if (c.reason) expect(p.reason).toMatch(c.reason);
    });
  }
});
