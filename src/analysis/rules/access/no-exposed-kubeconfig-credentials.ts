import { factsFromOptions, fileOf, formatMode, referenceKey, usersOf } from '../../analyzers/kubeconfig/index.js';
import type { Path } from '../../../model/index.js';
import { defineRule } from '../../define-rule.js';

/** Fields whose presence makes the kubeconfig itself a credential. */
const CREDENTIAL_FIELDS = ['client-key-data', 'token', 'password', 'auth-provider'];

/** What group and other users may do with a file of this mode; undefined when nothing. */
function othersMay(mode: number): string | undefined {
  const read = (mode & 0o044) !== 0;
  const write = (mode & 0o022) !== 0;
  if (read && write) return 'read and write';
  if (read) return 'read';
  if (write) return 'write';
  return undefined;
}

export default defineRule({
  id: 'no-exposed-kubeconfig-credentials',
  area: 'access',
  severity: 'medium',
  title: 'Private keys in kubeconfigs, and credential files others can read',
  kinds: ['Config'],
  description:
    'Reports kubeconfig users with `client-key-data` (the certificate\'s private key inside the file). When ' +
    '`kubeward kubeconfig` reads the files it also reports kubeconfigs holding credentials (an embedded ' +
    'key, a token, a password, auth-provider secrets) that group or other users may read or write, and ' +
    '`client-key` and `tokenFile` files with such permissions; `kubeward scan` cannot see permissions (a ' +
    'repository does not keep them). Keys and tokens are never printed.',
  rationale:
    'Whoever has a copy of a kubeconfig with its key (a backup, a laptop, a support bundle, a CI artifact) ' +
    'is its user until the certificate expires, and Kubernetes cannot revoke it. On a shared machine (a ' +
    'bastion, a CI runner, a control-plane node) an account that can read the file becomes its user; one ' +
    'that can write it can add an exec plugin and run commands as the owner.',
  remediation:
    'Prefer single sign-on through an exec plugin. Where a certificate is needed, keep its key out of the ' +
    'kubeconfig (`client-key` pointing at a file only its owner can read, or a hardware-backed exec ' +
    'plugin) and issue it for hours; make credential files private: `chmod 600 ~/.kube/config`.',
  references: [
    { framework: 'cis-k8s', control: '1.1.13' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: strong, short-lived credentials' },
    { framework: 'mitre', control: 'T1552.004 Unsecured Credentials: Private Keys' },
  ],
  messages: {
    key: 'User "{user}" embeds its private key (client-key-data) in the file.',
    file: 'The kubeconfig {file} holds credentials and has mode {mode}: group or other users can {access} it.',
    referenced: 'User "{user}" uses {file} ({field}), which has mode {mode}: group or other users can {access} it.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Config
users:
  - name: jane
    user:
      client-certificate: /home/jane/.kube/jane.crt
      client-key-data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCihyZWRhY3RlZCBleGFtcGxlKQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==
`,
    good: `apiVersion: v1
kind: Config
users:
  - name: jane
    user:
      client-certificate: /home/jane/.kube/jane.crt
      client-key: /home/jane/.kube/jane.key
`,
  },
  check(obj, ctx) {
    const users = usersOf(obj);
    for (const u of users) {
      const key = u.value['client-key-data'];
      if (typeof key === 'string' && key.trim() !== '') ctx.report('key', { user: u.name }, [...u.path, 'client-key-data']);
    }
    const file = fileOf(obj);
    if (file === undefined) return;
    const facts = factsFromOptions(ctx.options);
    const mode = facts.modes[file];
    const fileAccess = mode !== undefined ? othersMay(mode) : undefined;
    if (fileAccess !== undefined) {
      let where: Path | undefined;
      for (const u of users) {
        const field = CREDENTIAL_FIELDS.find((f) => u.value[f] !== undefined && u.value[f] !== '');
        if (field) {
          where = [...u.path, field];
          break;
        }
      }
      if (where) ctx.report('file', { file, mode: formatMode(mode!), access: fileAccess }, where);
    }
    for (const u of users) {
      for (const field of ['client-key', 'tokenFile']) {
        const written = u.value[field];
        if (typeof written !== 'string' || written === '') continue;
        const ref = facts.referenced[referenceKey(file, written)];
        const how = ref?.mode !== undefined ? othersMay(ref.mode) : undefined;
        if (how) ctx.report('referenced', { user: u.name, file: written, field, mode: formatMode(ref!.mode!), access: how }, [...u.path, field]);
      }
    }
  },
});
