import { describe, expect, it } from 'vitest';
import { assessCredential, safeLabel } from './credential.js';

const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const tok = (prefix: string, n: number): string => prefix + Array.from({ length: n }, (_, i) => A[(i * 11 + 5) % A.length]).join('');

describe('assessCredential', () => {
  it('the value\'s format wins, whatever the name', () => {
    expect(assessCredential('DATABASE_URL', 'postgres://shop:hunter2@db.shop.svc:5432/shop')).toEqual({ kind: 'url-password', what: 'a password in a URL', basis: 'value' });
    expect(assessCredential('NOTES', tok('ghp_', 36))).toEqual({ kind: 'github-token', what: 'a GitHub token', basis: 'value' });
    expect(assessCredential('', tok('ghp_', 36))?.kind).toBe('github-token');
    // A name that says "not the secret" does not hide a credential in the value.
    expect(assessCredential('AWS_ACCESS_KEY_ID', tok('AKIA', 0) + 'QWERTYUIOPASDFGH')?.kind).toBe('aws-access-key-id');
    expect(assessCredential('TOKEN_URL', 'https://bot:abc@api.example.com/token')?.kind).toBe('url-password');
  });

  it('a strong name makes any literal a credential', () => {
    expect(assessCredential('PAYMENT_API_KEY', 'demo-7f3a9c2e1b5d4a60-not-a-real-key')).toEqual({ kind: 'named-secret', what: 'a literal API key', basis: 'name' });
    expect(assessCredential('DB_PASSWORD', 'hunter2')).toEqual({ kind: 'named-secret', what: 'a literal password', basis: 'name' });
    expect(assessCredential('DB_PASSWORD', '123456'), 'a numeric password of six digits').toEqual({ kind: 'named-secret', what: 'a literal password', basis: 'name' });
    expect(assessCredential('BASIC_AUTH', 'admin:hunter2')?.what).toBe('a literal credential');
  });

  it('a weak name needs a random-looking value', () => {
    expect(assessCredential('LICENSE_KEY', '3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toEqual({ kind: 'random-secret', what: 'a random-looking key', basis: 'name' });
    expect(assessCredential('S3_KEY', 'uploads/2024/report.pdf')).toBeUndefined();
    expect(assessCredential('CACHE_KEY', 'session')).toBeUndefined();
    expect(assessCredential('AUTH', 'jwt')).toBeUndefined();
  });

  it('no name, no credential unless the value says so', () => {
    expect(assessCredential('', 'hunter2')).toBeUndefined();
    expect(assessCredential('LOG_LEVEL', 'demo-7f3a9c2e1b5d4a60-not-a-real-key')).toBeUndefined();
  });

  it.each([
    ['POSTGRES_PASSWORD_FILE', '/var/run/secrets/db/password'],
    ['DB_PASSWORD', '$(DB_PASSWORD_FROM_SECRET)'],
    ['DB_PASSWORD', '${DB_PASSWORD}'],
    ['DB_PASSWORD', '{{ .Values.db.password }}'],
    ['DB_PASSWORD', '<changeme>'],
    ['DB_PASSWORD', ''],
    ['DB_PASSWORD', 'vault:secret/data/db#password'],
    ['MYSQL_ALLOW_EMPTY_PASSWORD', 'yes'],
    ['TOKEN', 'true'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['TOKEN_REFRESH', '30s'],
    ['TOKEN', 'https://auth.example.com/token'],
    ['DATABASE_URL', 'postgres://db.shop.svc:5432/shop'],
    ['DATABASE_URL', 'postgres://shop:$(DB_PASSWORD)@db.shop.svc:5432/shop'],
    ['PWD', '/home/app'],
  ])('not a credential: %s=%s', (name, value) => {
    expect(assessCredential(name, value)).toBeUndefined();
  });
});

describe('safeLabel', () => {
  it('prints ordinary names', () => {
    for (const n of ['DATABASE_URL', 'application.properties', 'spring.datasource.password', 'x-api-key', 'AWS_SECRET_ACCESS_KEY', 'tls.key']) {
      expect(safeLabel(n)).toBe(n);
    }
  });

  it('refuses names that may be secrets or are odd', () => {
    expect(safeLabel(tok('ghp_', 36))).toBeUndefined();
    expect(safeLabel('Zx81kqP0a9LmW3e7Tq5B')).toBeUndefined();
    expect(safeLabel('')).toBeUndefined();
    expect(safeLabel('name\nwith newline')).toBeUndefined();
    expect(safeLabel('x'.repeat(101))).toBeUndefined();
  });
});
