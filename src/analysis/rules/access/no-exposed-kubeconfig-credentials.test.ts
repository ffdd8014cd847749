import { testRule } from '../../../../test/rule-tester.js';
import rule from './no-exposed-kubeconfig-credentials.js';

const FILE = 'no-exposed-kubeconfig-credentials.yaml';

const kubeconfig = (user: string): string => `apiVersion: v1
kind: Config
users:
  - name: jane
    user:
${user}`;

const facts = (modes: Record<string, number>, referenced: Record<string, { mode: number }> = {}) => ({
  kubeconfigFacts: {
    modes,
    referenced: Object.fromEntries(Object.entries(referenced).map(([k, v]) => [`${FILE}\u0000${k}`, v])),
  },
});

testRule(rule, {
  valid: [
    { name: 'key in a file, unknown permissions (scan)', yaml: kubeconfig('      client-certificate: jane.crt\n      client-key: jane.key\n') },
    { name: 'private file with a token', yaml: kubeconfig('      token: abc\n'), options: facts({ [FILE]: 0o600 }) },
    { name: 'readable file without credentials', yaml: kubeconfig('      client-key: jane.key\n'), options: facts({ [FILE]: 0o644 }, { 'jane.key': { mode: 0o400 } }) },
  ],
  invalid: [
    {
      name: 'an embedded key',
      yaml: kubeconfig('      client-certificate: jane.crt\n      client-key-data: c2VjcmV0\n'),
      findings: [{ messageId: 'key', line: 7, column: 7, path: 'users[0].user.client-key-data', data: { user: 'jane' } }],
    },
    {
      name: 'a group-readable kubeconfig with a token',
      yaml: kubeconfig('      token: abc\n'),
      options: facts({ [FILE]: 0o640 }),
      findings: [{ messageId: 'file', line: 6, data: { file: FILE, mode: '0640', access: 'read' } }],
    },
    {
      name: 'a world-writable kubeconfig with an embedded key: both reported',
      yaml: kubeconfig('      client-key-data: c2VjcmV0\n'),
      options: facts({ [FILE]: 0o666 }),
      findings: [
        { messageId: 'file', line: 6, data: { file: FILE, mode: '0666', access: 'read and write' } },
        { messageId: 'key', line: 6, data: { user: 'jane' } },
      ],
    },
    {
      name: 'a readable key file and token file',
      yaml: kubeconfig('      client-key: keys/jane.key\n      tokenFile: /run/token\n'),
      options: facts({ [FILE]: 0o600 }, { 'keys/jane.key': { mode: 0o644 }, '/run/token': { mode: 0o620 } }),
      findings: [
        { messageId: 'referenced', line: 6, data: { user: 'jane', file: 'keys/jane.key', field: 'client-key', mode: '0644', access: 'read' } },
        { messageId: 'referenced', line: 7, data: { user: 'jane', file: '/run/token', field: 'tokenFile', mode: '0620', access: 'write' } },
      ],
    },
  ],
});
