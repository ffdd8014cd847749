import { describe, expect, it } from 'vitest';
import { classifySecretName, nameWords } from './names.js';

describe('nameWords', () => {
  it.each([
    ['DATABASE_PASSWORD', ['database', 'password']],
    ['dbPassword', ['db', 'password']],
    ['APIKey', ['api', 'key']],
    ['spring.datasource.password', ['spring', 'datasource', 'password']],
    ['x-api-key', ['x', 'api', 'key']],
    ['--client-secret', ['client', 'secret']],
    ['OAuth2Token', ['o', 'auth2', 'token']],
  ])('%s', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe('classifySecretName: strong names', () => {
  it.each([
    ['PASSWORD', 'password'], ['DB_PASSWORD', 'password'], ['POSTGRES_PASSWORD', 'password'], ['PGPASSWORD', 'password'],
    ['MYSQL_ROOT_PASSWORD', 'password'], ['dbPassword', 'password'], ['spring.datasource.password', 'password'],
    ['DB_PASS', 'password'], ['DB_PWD', 'password'], ['db_pw', 'password'], ['PASSWORD2', 'password'], ['KEYSTORE_PASSWORD', 'password'],
    ['passphrase', 'passphrase'], ['requirepass', 'password'], ['masterauth', 'password'],
    ['SECRET', 'secret'], ['JWT_SECRET', 'secret'], ['NEXTAUTH_SECRET', 'secret'], ['WEBHOOK_SECRET', 'secret'],
    ['CLIENT_SECRET', 'client secret'], ['clientSecret', 'client secret'], ['OAUTH_CLIENT_SECRET', 'client secret'],
    ['GITHUB_TOKEN', 'token'], ['authToken', 'token'], ['ACCESS_TOKEN', 'token'], ['REFRESH_TOKEN', 'token'], ['PASSWORD_RESET_TOKEN', 'token'],
    ['TOKEN_SECRET', 'secret'], ['CREDENTIALS', 'credential'], ['DB_CREDS', 'credential'], ['BASIC_AUTH', 'credential'],
    ['API_KEY', 'API key'], ['apiKey', 'API key'], ['APIKEY', 'API key'], ['x-api-key', 'API key'], ['PAYMENT_API_KEY', 'API key'],
    ['SECRET_KEY', 'secret key'], ['secretkey', 'secret key'], ['SECRET_KEY_BASE', 'secret key'], ['DJANGO_SECRET_KEY', 'secret key'],
    ['AWS_SECRET_ACCESS_KEY', 'secret access key'], ['ACCESS_KEY', 'access key'], ['PRIVATE_KEY', 'private key'], ['privateKey', 'private key'],
    ['ENCRYPTION_KEY', 'encryption key'], ['SIGNING_KEY', 'signing key'], ['AZURE_STORAGE_ACCOUNT_KEY', 'account key'],
    ['VAULT_SECRET_ID', 'secret ID'], ['secret_id', 'secret ID'], ['Authorization', 'authorization value'],
  ])('%s is a %s', (name, noun) => {
    expect(classifySecretName(name)).toEqual({ strength: 'strong', noun });
  });
});

describe('classifySecretName: weak names (only random-looking values count)', () => {
  it.each(['KEY', 'LICENSE_KEY', 'STRIPE_KEY', 'SSH_KEY', 's3Key', 'APP_KEY', 'PASSWORD_KEY', 'AUTH', 'MAPBOX_KEY'])('%s', (name) => {
    expect(classifySecretName(name)?.strength).toBe('weak');
  });
});

describe('classifySecretName: names about a secret, not the secret', () => {
  it.each([
    // Where the secret is.
    'DATABASE_PASSWORD_FILE', 'POSTGRES_PASSWORD_FILE', 'passwordFile', 'TOKEN_PATH', 'SECRETS_DIR', 'GITHUB_TOKEN_URL', 'TOKEN_ENDPOINT',
    'VAULT_SECRET_PATH', 'SECRET_NAME', 'secretName', 'secretKeyRef', 'passwordSecretRef', 'tokenSecretRef', 'SECRET_ARN', 'TOKEN_ENV',
    'AWS_ACCESS_KEY_ID', 'KMS_KEY_ID', 'SECRETS_MANAGER_REGION', 'PASSWORD_COMMAND',
    // How it is handled.
    'PASSWORD_MIN_LENGTH', 'MIN_PASSWORD_LENGTH', 'TOKEN_TTL', 'TOKEN_EXPIRY_SECONDS', 'JWT_TOKEN_LIFETIME', 'TOKEN_TYPE', 'PASSWORD_HASH',
    'PASSWORD_POLICY', 'TOKEN_AUDIENCE', 'TOKEN_ISSUER', 'SECRET_VERSION', 'SECRET_ROTATION', 'PASSWORD_RESET_URL', 'AUTH_DOMAIN', 'AUTH_STRATEGY',
    // Switches and counts.
    'PASSWORD_AUTH_ENABLED', 'REQUIRE_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD', 'MAX_TOKENS', 'existingSecret', 'existingSecretPasswordKey',
    // Public keys and other keys that are not secrets.
    'PUBLIC_KEY', 'STRIPE_PUBLISHABLE_KEY', 'SSH_PUBLIC_KEY', 'PARTITION_KEY', 'SORT_KEY', 'CACHE_KEY', 'ROUTING_KEY', 'IDEMPOTENCY_KEY',
    // Words that merely contain a secret word.
    'PASSPORT_NUMBER', 'BYPASS', 'SSL_PASSTHROUGH', 'TOKENIZER', 'MONKEY', 'HOCKEY_TEAM', 'SECRETARY', 'COMPASS',
    // Nothing secret at all.
    'DATABASE_URL', 'DATABASE_HOST', 'BACKEND_URL', 'CLIENT_ID', 'USERNAME', 'LOG_LEVEL', 'PGDATA', 'KEYCLOAK_REALM',
  ])('%s', (name) => {
    expect(classifySecretName(name)).toBeUndefined();
  });
});
