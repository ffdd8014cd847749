import { isRecord } from '../../../model/index.js';
import { factsFromOptions, formatDate, formatHours, readToken, usersOf } from '../../analyzers/kubeconfig/index.js';
import { defineRule } from '../../define-rule.js';

const DEFAULT_MAX_HOURS = 24;
const AUTH_PROVIDER_SECRETS = ['id-token', 'refresh-token', 'access-token', 'client-secret'];

export default defineRule({
  id: 'no-kubeconfig-static-tokens',
  area: 'access',
  severity: 'high',
  title: 'Static bearer tokens in kubeconfigs',
  kinds: ['Config'],
  description:
    'Reports kubeconfig users that authenticate with a bearer token stored in the file (`token`, ' +
    '`tokenFile`, or the secrets of a legacy `auth-provider`), unless the token is a JWT that expires ' +
    'within 24 hours (option `maxLifetimeHours`). A JWT\'s claims are decoded without checking its ' +
    'signature: tokens of ServiceAccount token Secrets (issuer `kubernetes/serviceaccount`) never expire, ' +
    'nor do opaque tokens such as static token files and kubeadm bootstrap tokens. The token itself is ' +
    'never printed.',
  rationale:
    'A bearer token is the identity: anyone who reads the file, a backup or a CI log can replay it from ' +
    'anywhere, and a token that never expires stays valid until someone finds and deletes its Secret.',
  remediation:
    'Use an exec plugin that fetches short-lived tokens (OIDC, cloud IAM). For automation inside the cluster ' +
    'use projected ServiceAccount tokens; outside it, `kubectl create token` issues bound tokens with a ' +
    'lifetime. Delete ServiceAccount token Secrets that are no longer needed.',
  references: [
    { framework: 'cis-k8s', control: '3.1.2' },
    { framework: 'cis-k8s', control: '3.1.3' },
    { framework: 'nsa-cisa', control: 'Authentication and authorization: strong, short-lived credentials' },
    { framework: 'mitre', control: 'T1528 Steal Application Access Token' },
  ],
  messages: {
    legacy: 'User "{user}" holds a ServiceAccount token Secret\'s token{subject}: it never expires.',
    noExpiry: 'User "{user}" holds a JWT bearer token without an expiry{subject}.',
    longLived: 'User "{user}" holds a bearer token{subject} valid for {lifetime}, until {expires}.',
    expired: 'User "{user}" holds a bearer token{subject} that expired at {expires}.',
    bootstrap: 'User "{user}" holds a kubeadm bootstrap token: valid until it is deleted or its Secret expires.',
    opaque: 'User "{user}" holds a static bearer token: it does not expire by itself.',
    tokenFile: 'User "{user}" reads a static bearer token from {file}.',
    authProvider: 'User "{user}" stores {fields} of the {provider} auth-provider in the file.',
  },
  examples: {
    bad: `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example.com:6443
users:
  - name: ci-deployer
    user:
      token: eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9uYW1lc3BhY2UiOiJjaSIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VjcmV0Lm5hbWUiOiJkZXBsb3llci10b2tlbiIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VydmljZS1hY2NvdW50Lm5hbWUiOiJkZXBsb3llciIsInN1YiI6InN5c3RlbTpzZXJ2aWNlYWNjb3VudDpjaTpkZXBsb3llciJ9.bm90LWEtcmVhbC1zaWduYXR1cmU
contexts:
  - name: ci
    context:
      cluster: prod
      user: ci-deployer
current-context: ci
`,
    good: `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example.com:6443
users:
  - name: ci-deployer
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: aws
        args: ["eks", "get-token", "--cluster-name", "prod"]
        interactiveMode: Never
contexts:
  - name: ci
    context:
      cluster: prod
      user: ci-deployer
current-context: ci
`,
  },
  check(obj, ctx) {
    const facts = factsFromOptions(ctx.options);
    const max = typeof ctx.options.maxLifetimeHours === 'number' ? ctx.options.maxLifetimeHours : DEFAULT_MAX_HOURS;
    for (const u of usersOf(obj)) {
      const user = u.name;
      const token = u.value.token;
      if (typeof token === 'string' && token.trim() !== '') {
        const path = [...u.path, 'token'];
        const t = readToken(token);
        const subject = t.subject !== undefined ? ` for ${t.subject}` : '';
        if (t.kind === 'opaque') ctx.report(t.bootstrap ? 'bootstrap' : 'opaque', { user }, path);
        else if (t.legacyServiceAccount) ctx.report('legacy', { user, subject }, path);
        else if (!t.expires) ctx.report('noExpiry', { user, subject }, path);
        else if (t.expires.getTime() <= facts.now.getTime()) ctx.report('expired', { user, subject, expires: formatDate(t.expires) }, path);
        else {
          const from = t.issuedAt ?? facts.now;
          const hours = (t.expires.getTime() - from.getTime()) / 3_600_000;
          if (hours > max) ctx.report('longLived', { user, subject, lifetime: formatHours(hours), expires: formatDate(t.expires) }, path);
        }
      }
      const tokenFile = u.value.tokenFile;
      if (typeof tokenFile === 'string' && tokenFile !== '') ctx.report('tokenFile', { user, file: tokenFile }, [...u.path, 'tokenFile']);
      const provider = u.value['auth-provider'];
      if (isRecord(provider) && isRecord(provider.config)) {
        const config = provider.config;
        const fields = AUTH_PROVIDER_SECRETS.filter((f) => typeof config[f] === 'string' && config[f] !== '');
        if (fields.length > 0) {
          ctx.report('authProvider', { user, fields: fields.join(', '), provider: typeof provider.name === 'string' ? provider.name : 'unnamed' }, [...u.path, 'auth-provider', 'config', fields[0]!]);
        }
      }
    }
  },
});
