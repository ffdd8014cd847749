import { testRule, type InvalidCase, type ValidCase } from '../../../../test/rule-tester.js';
import rule from './pss-namespace-enforced.js';

function ns(name: string, labels: Record<string, string> = {}): string {
  const entries = Object.entries(labels);
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${entries.length === 0 ? '' : `  labels:\n${entries.map(([k, v]) => `    ${k}: "${v}"`).join('\n')}\n`}`;
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';

const valid: ValidCase[] = [
  { name: 'restricted', yaml: ns('shop', { [ENFORCE]: 'restricted' }) },
  { name: 'baseline pinned to a version', yaml: ns('shop', { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.33' }) },
  { name: 'restricted with warn and audit labels', yaml: ns('shop', { [ENFORCE]: 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'privileged' }) },
  { name: 'kube-system is exempt by default', yaml: ns('kube-system') },
  { name: 'kube-system is exempt even when privileged', yaml: ns('kube-system', { [ENFORCE]: 'privileged' }) },
  { name: 'the exempt option names other namespaces', yaml: ns('legacy', { [ENFORCE]: 'privileged' }) + '---\n' + ns('monitoring'), options: { exempt: ['legacy', 'monitoring'] } },
  {
    name: 'objects of other kinds are not looked at',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
---
${ns('shop', { [ENFORCE]: 'baseline' })}`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'a namespace without labels: the finding sits on metadata',
    yaml: ns('shop'),
    findings: [{ messageId: 'missing', line: 3, column: 1, data: { name: 'shop' }, path: 'metadata.labels' }],
  },
  {
    name: 'warn and audit labels alone do not enforce anything; nor does a version without a level',
    yaml: ns('shop', { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', [ENFORCE_VERSION]: 'v1.35' }),
    findings: [{ messageId: 'missing', line: 5, column: 3, data: { name: 'shop' } }],
  },
  {
    name: 'privileged',
    yaml: ns('shop', { [ENFORCE]: 'privileged', [ENFORCE_VERSION]: 'latest' }),
    findings: [{ messageId: 'privileged', line: 6, column: 5, data: { name: 'shop' }, path: `metadata.labels["${ENFORCE}"]` }],
  },
  {
    name: 'an invalid level: admission enforces restricted instead, so it is not also missing or privileged',
    yaml: ns('shop', { [ENFORCE]: 'Restricted' }),
    findings: [{ messageId: 'invalid', line: 6, column: 5, data: { name: 'shop', label: ENFORCE, value: 'Restricted', fallback: 'restricted' } }],
  },
  {
    name: 'an invalid version falls back to latest',
    yaml: ns('shop', { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: '1.25' }),
    findings: [{ messageId: 'invalid', line: 7, column: 5, data: { name: 'shop', label: ENFORCE_VERSION, value: '1.25', fallback: 'latest' }, path: `metadata.labels["${ENFORCE_VERSION}"]` }],
  },
  {
    name: 'a version with a leading zero is invalid too, and so is an invalid level next to it',
    yaml: ns('shop', { [ENFORCE]: 'strict', [ENFORCE_VERSION]: 'v1.025' }),
    findings: [
      { messageId: 'invalid', line: 6, data: { name: 'shop', label: ENFORCE, value: 'strict', fallback: 'restricted' } },
      { messageId: 'invalid', line: 7, data: { name: 'shop', label: ENFORCE_VERSION, value: 'v1.025', fallback: 'latest' } },
    ],
  },
  {
    name: 'an invalid version with privileged: both reported',
    yaml: ns('shop', { [ENFORCE]: 'privileged', [ENFORCE_VERSION]: 'v2.0' }),
    findings: [
      { messageId: 'privileged', line: 6, data: { name: 'shop' } },
      { messageId: 'invalid', line: 7, data: { name: 'shop', label: ENFORCE_VERSION, value: 'v2.0', fallback: 'latest' } },
    ],
  },
  {
    name: 'the exempt option replaces the default: kube-system is then judged',
    yaml: ns('kube-system') + '---\n' + ns('legacy'),
    options: { exempt: ['legacy'] },
    findings: [{ messageId: 'missing', line: 3, data: { name: 'kube-system' } }],
  },
  {
    name: 'an empty exempt list exempts nothing',
    yaml: ns('kube-system', { [ENFORCE]: 'privileged' }),
    options: { exempt: [] },
    findings: [{ messageId: 'privileged', line: 6, data: { name: 'kube-system' } }],
  },
];

testRule(rule, { valid, invalid });
