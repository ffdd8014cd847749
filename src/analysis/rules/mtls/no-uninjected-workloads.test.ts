import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-uninjected-workloads.js';

/** A 6-line Namespace with one label or annotation. */
const ns = (name: string, entry: string, block: 'labels' | 'annotations' = 'labels') => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  ${block}:
    ${entry}
`;
const INJECTED = ns('shop', 'istio-injection: enabled');

/**
 * A Deployment: its pod labels key is line 12 and `app` line 13; extra labels follow one per
 * line, then the annotations (key, then one line each), then `spec:` and hostNetwork.
 */
const deploy = (name: string, namespace = 'shop', o: { labels?: string[]; annotations?: string[]; hostNetwork?: boolean } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
${(o.labels ?? []).map((l) => `        ${l}\n`).join('')}${o.annotations ? `      annotations:\n${o.annotations.map((a) => `        ${a}\n`).join('')}` : ''}    spec:
${o.hostNetwork ? '      hostNetwork: true\n' : ''}      containers:
        - name: main
          image: registry.example/${name}:1
`;

testRule(rule, {
  valid: [
    { name: 'injected like its namespace', yaml: `${INJECTED}---\n${deploy('web')}` },
    { name: 'a namespace that enrols nothing', yaml: `${ns('shop', 'team: a')}---\n${deploy('web', 'shop', { labels: ['sidecar.istio.io/inject: "false"'] })}` },
    { name: 'a namespace with injection disabled', yaml: `${ns('shop', 'istio-injection: disabled')}---\n${deploy('web', 'shop', { labels: ['sidecar.istio.io/inject: "false"'] })}` },
    { name: 'exempt namespace', yaml: `${INJECTED}---\n${deploy('web', 'shop', { labels: ['sidecar.istio.io/inject: "false"'] })}`, options: { exempt: ['shop'] } },
    {
      name: 'a policy without proxies when nothing at all is meshed is left to mesh-present',
      yaml: `${ns('shop', 'team: a')}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICT
---
${deploy('web')}`,
    },
  ],
  invalid: [
    {
      name: 'pod label sidecar.istio.io/inject=false, at the label',
      yaml: `${INJECTED}---\n${deploy('web', 'shop', { labels: ['sidecar.istio.io/inject: "false"'] })}`,
      findings: [{
        messageId: 'optOut', line: 21, path: 'spec.template.metadata.labels["sidecar.istio.io/inject"]',
        data: { workload: 'Deployment shop/web', mesh: 'the Istio sidecar', reason: 'pod label sidecar.istio.io/inject="false"' },
      }],
    },
    {
      name: 'pod annotation sidecar.istio.io/inject=false',
      yaml: `${INJECTED}---\n${deploy('web', 'shop', { annotations: ['sidecar.istio.io/inject: "false"'] })}`,
      findings: [{
        messageId: 'optOut', line: 22,
        data: { workload: 'Deployment shop/web', mesh: 'the Istio sidecar', reason: 'pod annotation sidecar.istio.io/inject="false"' },
      }],
    },
    {
      name: 'hostNetwork in an injected namespace',
      yaml: `${INJECTED}---\n${deploy('agent', 'shop', { hostNetwork: true })}`,
      findings: [{
        messageId: 'optOut', line: 22, path: 'spec.template.spec.hostNetwork',
        data: { workload: 'Deployment shop/agent', mesh: 'the Istio sidecar', reason: 'hostNetwork pods are never injected' },
      }],
    },
    {
      name: 'ambient opt-out',
      yaml: `${ns('shop', 'istio.io/dataplane-mode: ambient')}---\n${deploy('web', 'shop', { labels: ['istio.io/dataplane-mode: none'] })}`,
      findings: [{
        messageId: 'optOut', line: 21,
        data: { workload: 'Deployment shop/web', mesh: 'Istio ambient mode', reason: 'pod label istio.io/dataplane-mode=none' },
      }],
    },
    {
      name: 'Linkerd opt-out',
      yaml: `${ns('shop', 'linkerd.io/inject: enabled', 'annotations')}---\n${deploy('web', 'shop', { annotations: ['linkerd.io/inject: disabled'] })}`,
      findings: [{
        messageId: 'optOut', line: 22,
        data: { workload: 'Deployment shop/web', mesh: 'the Linkerd proxy', reason: 'pod annotation linkerd.io/inject=disabled' },
      }],
    },
    {
      name: 'a PeerAuthentication over a namespace the mesh does not enrol',
      // shop: Namespace 1-6, web 8-24; legacy: Namespace 26-31, policy 33-40, old 42- (labels key at 53).
      yaml: `${INJECTED}---\n${deploy('web')}---\n${ns('legacy', 'team: a')}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: legacy
spec:
  mtls:
    mode: STRICT
---
${deploy('old', 'legacy')}`,
      findings: [{
        messageId: 'policyWithoutProxy', line: 53,
        data: {
          workload: 'Deployment legacy/old', policy: 'PeerAuthentication legacy/default',
          reason: 'no mesh proxy: neither namespace legacy nor the pod enables injection',
        },
      }],
    },
  ],
});
