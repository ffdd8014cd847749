import { describe, expect, it } from 'vitest';
import { scanText } from './text.js';

const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rnd = (n: number): string => Array.from({ length: n }, (_, i) => A[(i * 13 + 7) % A.length]).join('');
const summary = (text: string, file?: string): string[] => scanText(text, file).map((m) => `${m.line} ${m.key ?? '-'}: ${m.what}`);

describe('scanText', () => {
  it('.properties', () => {
    expect(summary(`# datasource
spring.datasource.url=jdbc:postgresql://db:5432/shop
spring.datasource.username=shop
spring.datasource.password=hunter2
spring.datasource.password-file=/var/run/secrets/db/password
server.port=8080
`, 'application.properties')).toEqual([
      '4 spring.datasource.password: a literal password',
    ]);
  });

  it('a .properties value keeps a #, which is not a comment there', () => {
    const [m] = scanText('db.password=abc #def\n', 'app.properties');
    expect(m?.what).toBe('a literal password');
  });

  it('.env, with export and quotes, and references left alone', () => {
    expect(summary(`APP_ENV=production
export STRIPE_SECRET_KEY="sk_test_${rnd(24)}"
DB_PASSWORD=\${DB_PASSWORD}
REDIS_URL=redis://:Zq9xw@redis:6379/0
# OLD_API_TOKEN=${rnd(32)}
`, '.env')).toEqual([
      '2 STRIPE_SECRET_KEY: a literal secret key',
      '4 REDIS_URL: a password in a URL',
      '5 OLD_API_TOKEN: a literal token',
    ]);
  });

  it('YAML, nested and in lists, with comments and block markers', () => {
    expect(summary(`database:
  host: db.shop.svc
  password: hunter2   # rotate me
  passwordFile: /etc/db/password
smtp:
  - user: mailer
    pass: "Zq9x!"
tls:
  key: |
cache:
  key: session
`, 'config.yaml')).toEqual([
      '3 password: a literal password',
      '7 pass: a literal password',
    ]);
  });

  it('JSON, pretty and minified (one finding per line)', () => {
    expect(summary(`{
  "database": {
    "user": "shop",
    "password": "hunter2"
  },
  "apiKey": "<your-api-key>"
}`, 'config.json')).toEqual(['4 password: a literal password']);
    expect(summary('{"user":"shop","password":"hunter2","token":"abc"}')).toEqual(['1 password: a literal password']);
  });

  it('YAML flow mappings', () => {
    expect(summary('db: {host: db.shop.svc, user: shop, password: hunter2}\ncache: {ttl: 30s}\n')).toEqual(['1 password: a literal password']);
  });

  it('INI, TOML and HCL', () => {
    expect(summary(`[client]
user = root
password = "Zq9x"

[server]
secret_key = 'abc123'
token_ttl = 3600
`, 'my.cnf')).toEqual(['3 password: a literal password', '6 secret_key: a literal secret key']);
  });

  it('XML elements, appSettings and attributes', () => {
    expect(summary(`<configuration>
  <appSettings>
    <add key="DbPassword" value="hunter2" />
    <add key="LogLevel" value="Info" />
  </appSettings>
  <datasource url="jdbc:mysql://db/app" username="app" password="Zq9x" />
  <password>s3cret</password>
  <passwordFile>/etc/pw</passwordFile>
</configuration>`, 'web.config')).toEqual([
      '3 DbPassword: a literal password',
      '6 password: a literal password',
      '7 password: a literal password',
    ]);
  });

  it('space-separated directives (redis.conf)', () => {
    expect(summary('port 6379\nrequirepass foobared\nmasterauth "Zq9x"\nmaxmemory 2gb\n', 'redis.conf')).toEqual([
      '2 requirepass: a literal password',
      '3 masterauth: a literal password',
    ]);
  });

  it('shell scripts: assignments, flags and URLs', () => {
    expect(summary(`#!/bin/sh
set -e
PGPASSWORD=hunter2 psql -h db -U shop
mysqldump --user=root --password=Zq9x app > /backup/app.sql
curl -H "Authorization: Bearer ${rnd(40)}" https://api.example.com
vault login -method=userpass username=ops password="$VAULT_PW"
aws s3 cp s3://bucket/x . --profile prod
`)).toEqual([
      '3 PGPASSWORD: a literal password',
      '4 password: a literal password',
      '5 authorization: a literal authorization value',
    ]);
  });

  it('--flag value with a space', () => {
    expect(summary('--db-password Zq9x --db-host db')).toEqual(['1 db-password: a literal password']);
  });

  it('credentials that announce themselves anywhere in a line, with no key', () => {
    expect(summary(`upstreams:
  - postgres://shop:hunter2@db:5432/shop
  - ghp_${rnd(36)}
`)).toEqual(['2 -: a password in a URL', '3 -: a GitHub token']);
  });

  it('PEM private keys: one finding at the BEGIN line, the body lines not re-read', () => {
    const body = Array.from({ length: 5 }, () => rnd(64)).join('\n');
    expect(summary(`# client key\n-----BEGIN EC PRIVATE KEY-----\n${body}\n-----END EC PRIVATE KEY-----\npassword: hunter2\n-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`)).toEqual([
      '2 -: a PEM private key',
      '9 password: a literal password',
    ]);
  });

  it('two keys in one file are two findings', () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${rnd(64)}\n${rnd(64)}\n-----END PRIVATE KEY-----`;
    expect(summary(`${key}\n${key}\n`).map((s) => s.split(' ')[0])).toEqual(['1', '5']);
  });

  it('Windows line endings', () => {
    expect(summary('user=shop\r\npassword=hunter2\r\n')).toEqual(['2 password: a literal password']);
  });

  it('nothing in ordinary configuration', () => {
    expect(scanText(`server {
  listen 8080;
  location / {
    proxy_pass http://backend.shop.svc:8080;
  }
}
log_level: info
feature_flags: {"checkout": true, "token_auth_enabled": true}
max_tokens = 4096
auth: oidc
`)).toEqual([]);
  });

  it('never returns any of the text but its line and key', () => {
    const secret = 'Zq9xUniqueValue42';
    const out = JSON.stringify(scanText(`password=${secret}\nurl=postgres://a:${secret}@db/x\n`));
    expect(out).not.toContain(secret);
    expect(out).not.toContain(secret.slice(0, 6));
  });
});
