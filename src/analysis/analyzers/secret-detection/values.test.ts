import { describe, expect, it } from 'vitest';
import {
  decodeBase64, detectValue, findPrivateKey, isNonCredentialValue, isPlaceholder, isReferenceOnly, looksRandom, shannonEntropy,
} from './values.js';

// Token-shaped test values are assembled at run time so that no scanner mistakes this file for a leak.
const rnd = (n: number, alphabet = 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zC'): string => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const pem = (label: string, bodyLines = 4): string =>
  [`-----BEGIN ${label}-----`, ...Array.from({ length: bodyLines }, () => rnd(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')), `-----END ${label}-----`].join('\n');

describe('detectValue: private keys', () => {
  it.each([
    ['PKCS#8', 'PRIVATE KEY', 'a PEM private key'],
    ['PKCS#1 RSA', 'RSA PRIVATE KEY', 'a PEM private key'],
    ['SEC1 EC', 'EC PRIVATE KEY', 'a PEM private key'],
    ['OpenSSH', 'OPENSSH PRIVATE KEY', 'a PEM private key'],
    ['encrypted PKCS#8', 'ENCRYPTED PRIVATE KEY', 'an encrypted PEM private key'],
  ])('%s', (_n, label, what) => {
    expect(detectValue(pem(label))).toEqual({ kind: 'private-key', what });
  });

  it('a legacy encrypted PEM (Proc-Type header) is encrypted; the headers are not the body', () => {
    const text = ['-----BEGIN RSA PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,0123456789ABCDEF', '', rnd(64), rnd(64), '-----END RSA PRIVATE KEY-----'].join('\n');
    expect(detectValue(text)?.what).toBe('an encrypted PEM private key');
  });

  it('a PGP armored private key block, with its headers', () => {
    const text = ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'Version: GnuPG v2', '', rnd(64), rnd(40), '-----END PGP PRIVATE KEY BLOCK-----'].join('\n');
    expect(detectValue(text)?.kind).toBe('private-key');
  });

  it('a key inside JSON with \\n escapes (a GCP service-account key file)', () => {
    const key = pem('PRIVATE KEY').replace(/\n/g, '\\n');
    expect(detectValue(`{"type": "service_account", "private_key": "${key}\\n", "client_email": "x@p.iam.gserviceaccount.com"}`)?.what).toBe('a PEM private key');
  });

  it('a key whose line breaks became spaces (pasted into an env var)', () => {
    expect(detectValue(pem('RSA PRIVATE KEY').replace(/\n/g, ' '))?.kind).toBe('private-key');
  });

  it('templates and truncated examples are not keys', () => {
    expect(detectValue('-----BEGIN PRIVATE KEY-----\n<paste your key here>\n-----END PRIVATE KEY-----')).toBeUndefined();
    expect(detectValue('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----')).toBeUndefined();
    expect(detectValue('-----BEGIN RSA PRIVATE KEY-----')).toBeUndefined();
  });

  it('certificates and public keys are not secrets', () => {
    expect(detectValue(pem('CERTIFICATE'))).toBeUndefined();
    expect(detectValue(pem('PUBLIC KEY'))).toBeUndefined();
    expect(detectValue(pem('RSA PUBLIC KEY'))).toBeUndefined();
    expect(detectValue(`ssh-ed25519 ${rnd(68)} user@host`)).toBeUndefined();
  });

  it('a PuTTY key file', () => {
    expect(detectValue(`PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nPublic-Lines: 1\n${rnd(40)}\nPrivate-Lines: 1\n${rnd(40)}\n`)?.what).toBe('a PuTTY private key');
  });

  it('a base64-encoded PEM key (kubeconfig client-key-data, a Secret value pasted elsewhere)', () => {
    expect(detectValue(b64(pem('EC PRIVATE KEY')))).toEqual({ kind: 'private-key', what: 'a PEM private key, base64-encoded' });
  });

  it('findPrivateKey gives the offset of the BEGIN line', () => {
    const text = `a: 1\nkey: |\n  ${pem('PRIVATE KEY').replace(/\n/g, '\n  ')}\n`;
    expect(findPrivateKey(text)?.index).toBe(text.indexOf('-----BEGIN'));
  });
});

describe('detectValue: passwords in URLs and connection strings', () => {
  it.each([
    'postgres://shop:hunter2@db.shop.svc:5432/shop',
    'mysql://root:p%40ss@mysql:3306/app',
    'redis://:s3cret@redis:6379/0',
    'amqp://guest:guest@rabbitmq:5672/',
    'mongodb+srv://app:Zx81kq@cluster0.example.net/db?retryWrites=true',
    'https://x-access-token:abc123def@github.com/org/repo.git',
    'see postgres://u:pw@db/x for details',
  ])('%s', (url) => {
    expect(detectValue(url)).toEqual({ kind: 'url-password', what: 'a password in a URL' });
  });

  it('Oracle thin JDBC URLs carry user/password before the host', () => {
    expect(detectValue('jdbc:oracle:thin:scott/tiger@db.example.com:1521/ORCL')?.what).toBe('a password in a JDBC URL');
  });

  it.each([
    ['no userinfo', 'postgres://db.shop.svc:5432/shop'],
    ['a user without a password', 'https://deploy@git.example.com/repo.git'],
    ['an empty password', 'postgres://shop:@db:5432/shop'],
    ['a Kubernetes dependent variable', 'postgres://shop:$(DB_PASSWORD)@db:5432/shop'],
    ['an envsubst variable', 'postgres://shop:${DB_PASSWORD}@db:5432/shop'],
    ['a placeholder', 'postgres://shop:<password>@db:5432/shop'],
    ['a Helm template (spaces cut the URL short)', 'postgres://{{ .Values.user }}:{{ .Values.password }}@db/shop'],
    ['scp-style git address', 'git@github.com:org/repo.git'],
  ])('no password: %s', (_n, url) => {
    expect(detectValue(url)).toBeUndefined();
  });

  it('query parameters', () => {
    expect(detectValue('jdbc:postgresql://db:5432/app?user=app&password=Zq9x')?.what).toBe('a password in a URL');
    expect(detectValue('https://api.example.com/v1?access_token=abcdef123456')?.what).toBe('a token in a URL');
    expect(detectValue('https://api.example.com/v1?api_key=abcdef123456')?.what).toBe('an API key in a URL');
    expect(detectValue('https://api.example.com/v1?password=$(PW)')).toBeUndefined();
    expect(detectValue('https://api.example.com/v1?token_type=bearer&page=2')).toBeUndefined();
  });

  it('Azure SAS URLs', () => {
    expect(detectValue(`https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=${rnd(43)}%3D`)?.kind).toBe('azure-sas');
  });

  it('ADO.NET / ODBC and Azure connection strings', () => {
    expect(detectValue('Server=sql;Database=app;User Id=app;Password=Zq9x!;')?.what).toBe('a password in a connection string');
    expect(detectValue(`DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${rnd(86)}==;EndpointSuffix=core.windows.net`)?.what).toBe('an access key in a connection string');
    expect(detectValue(`Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${rnd(43)}=`)?.what).toBe('an access key in a connection string');
    expect(detectValue('Server=sql;Database=app;Integrated Security=true;')).toBeUndefined();
    expect(detectValue('Server=sql;Database=app;User Id=app;Password=${SQL_PASSWORD};')).toBeUndefined();
  });
});

describe('detectValue: token formats', () => {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  it.each([
    ['AWS long-term access key ID', `AKIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, 'aws-access-key-id'],
    ['AWS temporary access key ID', `ASIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, 'aws-access-key-id'],
    ['GitHub classic PAT', `ghp_${rnd(36, A)}`, 'github-token'],
    ['GitHub OAuth token', `gho_${rnd(36, A)}`, 'github-token'],
    ['GitHub App installation token', `ghs_${rnd(36, A)}`, 'github-token'],
    ['GitHub fine-grained PAT', `github_pat_${rnd(22, A)}_${rnd(59, A)}`, 'github-token'],
    ['GitLab PAT', `glpat-${rnd(20, A)}`, 'gitlab-token'],
    ['Slack bot token', `xoxb-1234567890-1234567890-${rnd(24, A)}`, 'slack-token'],
    ['Slack user token', `xoxp-1234567890-${rnd(24, A)}`, 'slack-token'],
    ['Slack webhook', `https://hooks.slack.com/services/T0000/B0000/${rnd(24, A)}`, 'slack-webhook'],
    ['Discord webhook', `https://discord.com/api/webhooks/123456789012345678/${rnd(60, A)}`, 'discord-webhook'],
    ['Stripe live secret key', `sk_live_${rnd(24, A)}`, 'stripe-key'],
    ['Stripe live restricted key', `rk_live_${rnd(24, A)}`, 'stripe-key'],
    ['Google API key', `AIza${rnd(35, A)}`, 'google-api-key'],
    ['Google OAuth client secret', `GOCSPX-${rnd(28, A)}`, 'google-oauth-secret'],
    ['npm token', `npm_${rnd(36, A)}`, 'npm-token'],
    ['PyPI token', `pypi-AgEIcHlwaS5vcmc${rnd(60, A)}`, 'pypi-token'],
    ['SendGrid key', `SG.${rnd(22, A)}.${rnd(43, A)}`, 'sendgrid-key'],
    ['Docker Hub PAT', `dckr_pat_${rnd(27, A)}`, 'docker-hub-token'],
    ['Vault service token', `hvs.${rnd(90, A)}`, 'vault-token'],
    ['Vault batch token', `hvb.${rnd(90, A)}`, 'vault-token'],
    ['OpenAI project key', `sk-proj-${rnd(48, A)}`, 'openai-key'],
    ['OpenAI legacy key', `sk-${rnd(20, A)}T3BlbkFJ${rnd(20, A)}`, 'openai-key'],
    ['Anthropic key', `sk-ant-api03-${rnd(93, A)}AA`, 'anthropic-key'],
  ])('%s', (_n, token, kind) => {
    expect(detectValue(token)?.kind).toBe(kind);
    expect(detectValue(`Authorization: Bearer ${token}`)?.kind, 'inside a longer text').toBe(kind);
  });

  it('AWS documentation examples are not reported', () => {
    expect(detectValue('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
  });

  it('AWS IDs that are not access keys (roles, users) are not reported', () => {
    expect(detectValue(`AROA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`)).toBeUndefined();
    expect(detectValue(`AIDA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`)).toBeUndefined();
  });

  it('prefixes inside longer words do not count', () => {
    expect(detectValue(`xghp_${rnd(36, A)}`)).toBeUndefined();
    expect(detectValue(`ghp_${rnd(20, A)}`)).toBeUndefined();
    expect(detectValue(`sk_test_${rnd(24, A)}`), 'Stripe test keys are left to the name heuristics').toBeUndefined();
    expect(detectValue('pk_live_abcdefghijklmnopqrstuvwx'), 'publishable keys are public').toBeUndefined();
  });

  it('JSON Web Tokens: a JSON header with alg and a JSON payload', () => {
    const h = Buffer.from('{"alg":"RS256","kid":"k1"}').toString('base64url');
    const p = Buffer.from('{"iss":"kubernetes/serviceaccount","sub":"system:serviceaccount:shop:backend"}').toString('base64url');
    expect(detectValue(`${h}.${p}.${rnd(43, A)}`)).toEqual({ kind: 'jwt', what: 'a JSON Web Token' });
    const noAlg = Buffer.from('{"typ":"JWT"}').toString('base64url');
    expect(detectValue(`${noAlg}.${p}.${rnd(43, A)}`)).toBeUndefined();
    expect(detectValue('eyJhbGciOi.eyJzdWIiOi.abc'), 'parts that do not decode to JSON').toBeUndefined();
  });

  it('base64 of a URL with a password is found too; random base64 is not', () => {
    expect(detectValue(b64('postgres://app:Zq9x@db:5432/app'))?.what).toBe('a password in a URL, base64-encoded');
    expect(detectValue(b64('just some harmless configuration text'))).toBeUndefined();
    expect(detectValue(Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 37) % 256)).toString('base64'))).toBeUndefined();
  });

  it('plain values are not credentials by themselves', () => {
    for (const v of ['hunter2', 'http://backend.shop.svc:8080', 'db.shop.svc', '/var/run/secrets/db/password', 'INFO', rnd(40, A)]) {
      expect(detectValue(v), v).toBeUndefined();
    }
  });
});

describe('references, placeholders and non-credential values', () => {
  it.each([
    '$(DB_PASSWORD)', '${DB_PASSWORD}', '$DB_PASSWORD', '{{ .Values.db.password }}', '{{ password }}', '%{password}', '#{Password}#',
    '@db.password@', '__DB_PASSWORD__', '%DB_PASSWORD%', '$(USER):$(PASSWORD)', '${{ secrets.TOKEN }}',
    '$dex.github.clientSecret', '$argocd-sso:clientSecret', '$__file{/etc/secrets/grafana/admin}', '$__env{GF_PASSWORD}',
  ])('reference: %s', (v) => {
    expect(isReferenceOnly(v)).toBe(true);
    expect(isPlaceholder(v)).toBe(true);
  });

  it('a literal around a reference is not a reference', () => {
    expect(isReferenceOnly('hunter2$(SUFFIX)')).toBe(false);
    expect(isReferenceOnly('pa$sword1')).toBe(false);
    expect(isReferenceOnly('hunter2')).toBe(false);
  });

  it.each([
    '', '   ', '<changeme>', '<your-api-key>', '[REDACTED]', 'changeme', 'CHANGE_ME', 'change-me', 'changeit', 'REPLACE_ME', 'replaceme',
    'TODO', 'tbd', 'xxx', 'XXXXXXXX', '********', '...', 'none', 'null', 'n/a', 'your-password-here', 'YOUR_TOKEN', 'placeholder',
    'vault:secret/data/shop/db#password', 'ref+vault://secret/shop#/password', 'op://vault/item/password',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/shop/db-AbCdEf', 'projects/p/secrets/db/versions/latest',
    'ENC[AES256_GCM,data:abcd,iv:efgh,tag:ijkl,type:str]', 'ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)', '{cipher}FKSAJDFGYOS8F7GLHAKERGFHLSAJ',
  ])('placeholder: %j', (v) => {
    expect(isPlaceholder(v)).toBe(true);
  });

  it.each(['hunter2', 'example', 'password', 'secret', 'demo-7f3a9c2e1b5d4a60-not-a-real-key', 'changeme123'])('not a placeholder: %s', (v) => {
    expect(isPlaceholder(v)).toBe(false);
  });

  it.each(['true', 'False', 'yes', 'off', 'enabled', '8', '3600', '0.5', '30s', '1h30m', '/var/run/secrets/db/password', './secret.txt', '~/.pgpass',
    'file:///etc/token', 'C:\\secrets\\token', 'https://auth.example.com/token'])('non-credential value: %s', (v) => {
    expect(isNonCredentialValue(v)).toBe(true);
  });

  it.each(['hunter2', '123456', 'Zq9x!', 'postgres://u:p@h/db'])('may be a credential: %s', (v) => {
    expect(isNonCredentialValue(v)).toBe(false);
  });
});

describe('randomness', () => {
  it('entropy in bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBe(1);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it.each(['7f3a9c2e1b5d4a60e8c1', 'demo-7f3a9c2e1b5d4a60-not-a-real-key', 'dGhpcyBpcyBhIHRlc3Qga2V5IDEyMw==', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'])('random-looking: %s', (v) => {
    expect(looksRandom(v)).toBe(true);
  });

  it.each(['created_at_timestamp_desc', 'ThisIsMyApplicationName', 'short1', 'uploads/2024/report-final.pdf', 'aaaaaaaaaaaaaaaa1111', 'has spaces 1234567890 abc'])('not random-looking: %s', (v) => {
    expect(looksRandom(v)).toBe(false);
  });

  it('decodeBase64 accepts standard base64 with line breaks and rejects the rest', () => {
    expect(decodeBase64('aHVudGVyMg==')?.toString()).toBe('hunter2');
    expect(decodeBase64('aHVu\ndGVyMg==')?.toString()).toBe('hunter2');
    expect(decodeBase64('not base64!')).toBeUndefined();
    expect(decodeBase64('')).toBeUndefined();
    expect(decodeBase64('abcde')).toBeUndefined();
  });
});
