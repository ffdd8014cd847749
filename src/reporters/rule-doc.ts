import { ruleHelpUri, type RuleMeta } from '../model/index.js';

/** `kubeward explain` output: a rule's metadata as terminal text. */
export function renderRuleExplanation(rule: RuleMeta): string {
  const out = [
    `${rule.id} (${rule.area}, ${rule.severity}): ${rule.title}`,
    '',
    rule.description,
    '',
    'Why it matters:',
    `  ${rule.rationale}`,
    '',
    'How to fix:',
    `  ${rule.remediation}`,
    '',
    'References:',
    ...rule.references.map((r) => `  - ${r.framework} ${r.control}`),
    '',
    'Bad:',
    indent(rule.examples.bad),
    'Good:',
    indent(rule.examples.good),
    `More: ${ruleHelpUri(rule.id)}`,
  ];
  return out.join('\n') + '\n';
}

function indent(yaml: string): string {
  return yaml.trimEnd().split('\n').map((l) => `    ${l}`).join('\n') + '\n';
}
