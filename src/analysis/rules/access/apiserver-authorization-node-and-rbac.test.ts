import { describe, expect, it } from 'vitest';
import { editArgs, KUBEADM_ARGS, staticPod } from '../../../../test/helpers/control-plane.js';
import { testRule } from '../../../../test/rule-tester.js';
import { emptyConfig, ObjectSet } from '../../../model/index.js';
import { parseManifests } from '../../../sources/index.js';
import { runRules } from '../../engine.js';
import nodeAndRbac from './apiserver-authorization-node-and-rbac.js';
import alwaysAllow from './apiserver-no-always-allow-authorization.js';

const base = KUBEADM_ARGS['kube-apiserver'];
const API = 'kube-apiserver in Pod/kube-system/kube-apiserver-cp1';
const with_ = (set: Record<string, string>) => staticPod('kube-apiserver', editArgs(base, { set }));
const unset = staticPod('kube-apiserver', editArgs(base, { remove: ['authorization-mode'] }));
const rbacOnly = with_({ 'authorization-mode': 'RBAC' });
const spaced = with_({ 'authorization-mode': 'Node, RBAC' });
const allowAll = with_({ 'authorization-mode': 'Node,RBAC,AlwaysAllow' });
const repeated = staticPod('kube-apiserver', [...editArgs(base, { set: { 'authorization-mode': 'Node' } }), '--authorization-mode=RBAC']);
const withConfig = (types: string[]) => `${staticPod('kube-apiserver', editArgs(base, { remove: ['authorization-mode'], set: { 'authorization-config': '/etc/kubernetes/authz.yaml' } })).yaml}---
apiVersion: apiserver.config.k8s.io/v1
kind: AuthorizationConfiguration
authorizers:
${types.map((t) => `  - type: ${t}\n    name: ${t.toLowerCase()}`).join('\n')}
`;
// Lines of that AuthorizationConfiguration: the manifest has base.length args (one replaced, one added).
const CONFIG_AUTHORIZERS_LINE = 11 + base.length + 4;

testRule(nodeAndRbac, {
  valid: [
    { name: 'kubeadm: Node,RBAC', yaml: staticPod('kube-apiserver', base).yaml },
    { name: 'repeated flags add up: --authorization-mode=Node --authorization-mode=RBAC', yaml: repeated.yaml },
    { name: 'Node,RBAC,Webhook', yaml: with_({ 'authorization-mode': 'Node,RBAC,Webhook' }).yaml },
    { name: 'an AuthorizationConfiguration with Node and RBAC', yaml: withConfig(['Node', 'RBAC', 'Webhook']) },
  ],
  invalid: [
    { name: 'unset: default AlwaysAllow', yaml: unset.yaml, findings: [{ messageId: 'missing', line: unset.commandLine, data: { apiserver: API, missing: 'Node and RBAC', where: '--authorization-mode is not set (default AlwaysAllow)' } }] },
    { name: 'RBAC only', yaml: rbacOnly.yaml, findings: [{ messageId: 'missing', line: rbacOnly.flagLine('authorization-mode'), data: { apiserver: API, missing: 'Node', where: '--authorization-mode is RBAC' } }] },
    { name: '"Node, RBAC" has " RBAC", which is not RBAC', yaml: spaced.yaml, findings: [{ messageId: 'missing', line: spaced.flagLine('authorization-mode'), data: { apiserver: API, missing: 'RBAC', where: '--authorization-mode is Node, RBAC' } }] },
    { name: 'an AuthorizationConfiguration with RBAC only', yaml: withConfig(['RBAC']), findings: [{ messageId: 'missing', line: CONFIG_AUTHORIZERS_LINE, data: { apiserver: API, missing: 'Node', where: '/etc/kubernetes/authz.yaml configures RBAC' } }] },
  ],
});

testRule(alwaysAllow, {
  valid: [
    { name: 'kubeadm: Node,RBAC', yaml: staticPod('kube-apiserver', base).yaml },
    { name: 'AlwaysDeny is not AlwaysAllow', yaml: with_({ 'authorization-mode': 'Node,RBAC,AlwaysDeny' }).yaml },
  ],
  invalid: [
    { name: 'unset: the default is AlwaysAllow', yaml: unset.yaml, findings: [{ messageId: 'alwaysAllow', line: unset.commandLine, data: { apiserver: API, where: '--authorization-mode is not set and defaults to AlwaysAllow' } }] },
    { name: 'AlwaysAllow after Node and RBAC still allows what they do not', yaml: allowAll.yaml, findings: [{ messageId: 'alwaysAllow', line: allowAll.flagLine('authorization-mode'), data: { apiserver: API, where: '--authorization-mode includes AlwaysAllow' } }] },
    { name: 'an AuthorizationConfiguration with AlwaysAllow, pointing at that authorizer', yaml: withConfig(['Node', 'AlwaysAllow']), findings: [{ messageId: 'alwaysAllow', line: CONFIG_AUTHORIZERS_LINE + 3, data: { apiserver: API, where: '/etc/kubernetes/authz.yaml has an AlwaysAllow authorizer' } }] },
  ],
});

describe('authorization with a config file that is not in the input', () => {
  it('is not assessed rather than guessed', () => {
    const yaml = staticPod('kube-apiserver', editArgs(base, { remove: ['authorization-mode'], set: { 'authorization-config': '/etc/kubernetes/authz.yaml' } })).yaml;
    const r = runRules(new ObjectSet(parseManifests(yaml, 'x.yaml').objects), [alwaysAllow, nodeAndRbac], emptyConfig());
    expect(r.findings).toEqual([]);
    expect(r.notAssessed.map((n) => n.reason)).toEqual([
      `${API}: authorization is configured in /etc/kubernetes/authz.yaml (--authorization-config), which is not in the input`,
      `${API}: authorization is configured in /etc/kubernetes/authz.yaml (--authorization-config), which is not in the input`,
    ]);
  });
});
