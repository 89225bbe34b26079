import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import {
  TEST_CERTIFICATE_PEM,
  TEST_PRIVATE_KEY_PEM,
  TEST_THUMBPRINT_SHA1,
  TEST_THUMBPRINT_SHA256,
} from './graph/testCertificate';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to fail');
}

describe('Configuration', () => {
  it('runs in local mode with sensible defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.credentials).toBeUndefined();
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.organisation).toEqual({
      orgName: 'iTeres Group',
      portalUrl: 'https://www.microsoft365.com',
      supportName: 'iTeres Support',
      supportEmail: 'support@iteres.com',
      ssprUrl: 'https://aka.ms/sspr',
      ssprEnabled: false,
      securityInfoUrl: 'https://aka.ms/mysecurityinfo',
    });
    expect(config.dataDir).toMatch(/data$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats blank values as unset, as .env files write them', () => {
    expect(loadConfig({ BOT_ID: '', BOT_PASSWORD: ' ', PORT: '' }).credentials).toBeUndefined();
  });

  it('accepts a complete SingleTenant set and allows its tenant', () => {
    const config = loadConfig({
      BOT_ID: 'app-id',
      BOT_PASSWORD: 'secret',
      BOT_TENANT_ID: 'tenant-a',
      BOT_TYPE: 'SingleTenant',
      ALLOWED_TENANT_IDS: 'tenant-b, tenant-c',
    });
    expect(config.credentials).toEqual({
      appId: 'app-id',
      appType: 'SingleTenant',
      password: 'secret',
      tenantId: 'tenant-a',
    });
    expect(config.allowedTenantIds).toEqual(['tenant-a', 'tenant-b', 'tenant-c']);
  });

  it('needs no password for a user-assigned managed identity', () => {
    const config = loadConfig({ BOT_ID: 'app-id', BOT_TENANT_ID: 'tenant-a', BOT_TYPE: 'UserAssignedMSI' });
    expect(config.credentials?.password).toBeUndefined();
  });

  it('names what a partial set of credentials still needs', () => {
    expect(problemsOf({ BOT_ID: 'app-id', BOT_TYPE: 'SingleTenant' })).toMatch(
      /BOT_PASSWORD, BOT_TENANT_ID: missing/,
    );
    expect(problemsOf({ BOT_ID: 'app-id', BOT_TYPE: 'UserAssignedMSI' })).toMatch(/BOT_TENANT_ID: missing/);
    expect(problemsOf({ BOT_ID: 'app-id', BOT_TYPE: 'UserAssignedMSI' })).not.toMatch(/BOT_PASSWORD/);
    expect(problemsOf({ BOT_PASSWORD: 'secret' })).toMatch(/BOT_ID, BOT_TYPE: missing/);
  });

  it('names every bad key', () => {
    const message = problemsOf({
      PORT: 'eighty',
      BOT_TYPE: 'Sometimes',
      SUPPORT_EMAIL: 'not-an-address',
      SSPR_ENABLED: 'maybe',
    });
    expect(message).toMatch(/PORT: must be a port number/);
    expect(message).toMatch(/BOT_TYPE: must be one of SingleTenant, MultiTenant, UserAssignedMSI/);
    expect(message).toMatch(/SUPPORT_EMAIL: must be an e-mail address/);
    expect(message).toMatch(/SSPR_ENABLED: must be true or false/);
  });

  it('rejects a portal address that is not a web URL', () => {
    expect(problemsOf({ PORTAL_URL: 'javascript:alert(1)' })).toMatch(/PORTAL_URL: must be an http\(s\) URL/);
  });
});

describe('Configuration: storage', () => {
  const CONNECTION_STRING =
    'DefaultEndpointsProtocol=https;AccountName=botstore;AccountKey=a2V5;EndpointSuffix=core.windows.net';

  it('keeps the state in SQLite in DATA_DIR by default', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'sqlite' });
    expect(loadConfig({ STORAGE: 'sqlite' }).storage).toEqual({ kind: 'sqlite' });
  });

  it('takes a connection string or an account URL for Azure Table storage, and a table name', () => {
    expect(
      loadConfig({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_CONNECTION_STRING: CONNECTION_STRING,
      }).storage,
    ).toEqual({
      kind: 'azure',
      table: 'botstate',
      connectionString: CONNECTION_STRING,
    });
    expect(
      loadConfig({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_ACCOUNT_URL: 'https://botstore.table.core.windows.net',
        AZURE_STORAGE_TABLE: 'onboarding2',
      }).storage,
    ).toEqual({ kind: 'azure', table: 'onboarding2', accountUrl: 'https://botstore.table.core.windows.net' });
    expect(
      loadConfig({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      }).storage,
    ).toMatchObject({ kind: 'azure' });
  });

  it('names what is missing or wrong', () => {
    expect(problemsOf({ STORAGE: 'cosmos' })).toMatch(/STORAGE: must be one of sqlite, azure/);
    expect(
      problemsOf({ STORAGE: 'azure', DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123' }),
    ).toMatch(/AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL: missing/);
    expect(
      problemsOf({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_CONNECTION_STRING: CONNECTION_STRING,
        AZURE_STORAGE_ACCOUNT_URL: 'https://botstore.table.core.windows.net',
      }),
    ).toMatch(/both set/);
    expect(
      problemsOf({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_CONNECTION_STRING: 'hunter2',
      }),
    ).toMatch(/AZURE_STORAGE_CONNECTION_STRING: not a storage connection string/);
    expect(
      problemsOf({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_ACCOUNT_URL: 'botstore',
      }),
    ).toMatch(/AZURE_STORAGE_ACCOUNT_URL: must be an http\(s\) URL/);
    expect(
      problemsOf({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_CONNECTION_STRING: CONNECTION_STRING,
        AZURE_STORAGE_TABLE: 'bot-state',
      }),
    ).toMatch(/AZURE_STORAGE_TABLE: must be an Azure table name/);
    expect(problemsOf({ AZURE_STORAGE_CONNECTION_STRING: CONNECTION_STRING })).toMatch(
      /AZURE_STORAGE_CONNECTION_STRING: set, but STORAGE is sqlite/,
    );
  });

  it('never puts the connection string in an error message', () => {
    expect(
      problemsOf({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_CONNECTION_STRING: 'AccountKey=secret-key-value',
      }),
    ).not.toMatch(/secret-key-value/);
  });
});

describe('Configuration: several instances', () => {
  it('requires a shared download-link secret with Azure storage, so that every instance signs links alike', () => {
    expect(() =>
      loadConfig({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }),
    ).toThrow(/DOWNLOAD_LINK_SECRET: required with STORAGE=azure/);
    const config = loadConfig({
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
    });
    expect(config.broadcast.downloadLinkSecret).toBe('a-shared-link-signing-secret-0123');
  });
});

describe('Configuration: the personal tab', () => {
  const CLIENT_ID = '1b6a5f2c-7c1e-4a8e-9a43-2f1c0e2b7d11';

  it('leaves the tab API off without a client id, and serves the built tab from dist/tab', () => {
    const config = loadConfig({});
    expect(config.tab.api).toBeUndefined();
    expect(config.tab.assetsDir).toBe(path.resolve('dist/tab'));
  });

  it('takes the bot id as the client id by default, with the common key set and access_as_user', () => {
    const config = loadConfig({
      BOT_ID: 'bot-app-id',
      BOT_PASSWORD: 'secret',
      BOT_TYPE: 'SingleTenant',
      BOT_TENANT_ID: 'tenant-a',
    });
    expect(config.tab.api).toEqual({
      clientId: 'bot-app-id',
      audiences: ['bot-app-id'],
      scope: 'access_as_user',
      jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      allowedTenantIds: ['tenant-a'],
    });
  });

  it('accepts both audience forms once TAB_DOMAIN is set, and its own client id and scope', () => {
    const config = loadConfig({
      TAB_CLIENT_ID: CLIENT_ID,
      TAB_DOMAIN: 'Onboarding.Contoso.com',
      TAB_API_SCOPE: 'tab.read',
      ALLOWED_TENANT_IDS: 'tenant-a, tenant-b',
      TAB_ASSETS_DIR: '/srv/tab',
    });
    expect(config.credentials).toBeUndefined();
    expect(config.tab).toEqual({
      api: {
        clientId: CLIENT_ID,
        audiences: [CLIENT_ID, `api://onboarding.contoso.com/${CLIENT_ID}`],
        scope: 'tab.read',
        jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
        allowedTenantIds: ['tenant-a', 'tenant-b'],
      },
      domain: 'onboarding.contoso.com',
      assetsDir: '/srv/tab',
    });
  });

  it.each([
    [{ TAB_DOMAIN: 'https://onboarding.contoso.com/' }, /TAB_DOMAIN: must be a host name only/],
    [{ TAB_DOMAIN: 'onboarding.contoso.com' }, /TAB_DOMAIN: set, but neither TAB_CLIENT_ID nor BOT_ID is/],
    [{ TAB_CLIENT_ID: 'not a guid!' }, /TAB_CLIENT_ID: must be the Entra application \(client\) id/],
    [{ TAB_API_SCOPE: 'read write' }, /TAB_API_SCOPE: must be a scope name/],
    [{ ENTRA_JWKS_URI: 'http://keys.example.com/keys' }, /ENTRA_JWKS_URI: must be an https URL/],
    [{ ENTRA_JWKS_URI: 'not a url' }, /ENTRA_JWKS_URI: must be an http\(s\) URL/],
  ])('names a bad tab setting: %j', (env, message) => {
    expect(problemsOf(env)).toMatch(message);
  });

  it('takes a loopback http key set (a test server)', () => {
    const config = loadConfig({ TAB_CLIENT_ID: CLIENT_ID, ENTRA_JWKS_URI: 'http://127.0.0.1:4000/keys' });
    expect(config.tab.api?.jwksUri).toBe('http://127.0.0.1:4000/keys');
  });
});

describe('Configuration: Microsoft Graph', () => {
  const CLIENT_ID = '3c1a5e0f-2b7d-4a39-9d61-7f0e8c2b4a15';
  const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const WITH_SECRET = {
    GRAPH_CLIENT_ID: CLIENT_ID,
    GRAPH_TENANT_ID: TENANT_ID,
    GRAPH_CLIENT_SECRET: 'graph-secret',
  };

  it('leaves Graph off when no GRAPH_* setting is given', () => {
    expect(loadConfig({}).graph).toBeUndefined();
    expect(loadConfig({ GRAPH_CLIENT_ID: ' ', GRAPH_BASE_URL: '' }).graph).toBeUndefined();
  });

  it('takes a client secret, with the global cloud and a polite pace by default', () => {
    const config = loadConfig(WITH_SECRET);
    expect(config.graph).toEqual({
      clientId: CLIENT_ID,
      tenantId: TENANT_ID,
      credential: { kind: 'secret', clientSecret: 'graph-secret' },
      authorityHost: 'https://login.microsoftonline.com',
      baseUrl: 'https://graph.microsoft.com',
      ratePerSecond: 20,
      concurrency: 8,
      maxAttempts: 5,
      requestTimeoutMs: 30_000,
    });
    expect(Object.isFrozen(config.graph)).toBe(true);
  });

  it('takes a national cloud, a loopback test server, a tenant domain and its own pace', () => {
    expect(
      loadConfig({
        ...WITH_SECRET,
        GRAPH_TENANT_ID: 'contoso.onmicrosoft.com',
        GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
        GRAPH_BASE_URL: 'https://graph.microsoft.us',
        GRAPH_RATE_PER_SECOND: '5',
        GRAPH_CONCURRENCY: '2',
        GRAPH_MAX_ATTEMPTS: '3',
        GRAPH_TIMEOUT_MS: '10000',
      }).graph,
    ).toMatchObject({
      tenantId: 'contoso.onmicrosoft.com',
      authorityHost: 'https://login.microsoftonline.us',
      baseUrl: 'https://graph.microsoft.us',
      ratePerSecond: 5,
      concurrency: 2,
      maxAttempts: 3,
      requestTimeoutMs: 10_000,
    });
    expect(loadConfig({ ...WITH_SECRET, GRAPH_BASE_URL: 'http://127.0.0.1:4100' }).graph?.baseUrl).toBe(
      'http://127.0.0.1:4100',
    );
  });

  it('takes a certificate file and its thumbprint', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-config-'));
    try {
      const file = path.join(dir, 'graph.pem');
      fs.writeFileSync(file, `${TEST_PRIVATE_KEY_PEM}${TEST_CERTIFICATE_PEM}`);
      const graph = loadConfig({
        GRAPH_CLIENT_ID: CLIENT_ID,
        GRAPH_TENANT_ID: TENANT_ID,
        GRAPH_CERTIFICATE_PATH: file,
        GRAPH_CERTIFICATE_THUMBPRINT: TEST_THUMBPRINT_SHA1.toUpperCase(),
      }).graph;
      expect(graph?.credential).toMatchObject({
        kind: 'certificate',
        certificatePath: file,
        thumbprint: TEST_THUMBPRINT_SHA256,
        thumbprintAlgorithm: 'sha256',
      });
      expect(
        problemsOf({
          GRAPH_CLIENT_ID: CLIENT_ID,
          GRAPH_TENANT_ID: TENANT_ID,
          GRAPH_CERTIFICATE_PATH: path.join(dir, 'missing.pem'),
          GRAPH_CERTIFICATE_THUMBPRINT: TEST_THUMBPRINT_SHA1,
        }),
      ).toMatch(/GRAPH_CERTIFICATE_PATH: .*missing\.pem cannot be read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      { GRAPH_CLIENT_ID: CLIENT_ID },
      /GRAPH_TENANT_ID, GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH with GRAPH_CERTIFICATE_THUMBPRINT: missing\. GRAPH_CLIENT_ID is set/,
    ],
    [
      { GRAPH_CLIENT_SECRET: 'graph-secret' },
      /GRAPH_CLIENT_ID, GRAPH_TENANT_ID: missing\. GRAPH_CLIENT_SECRET is set, so the bot calls Microsoft Graph/,
    ],
    [
      { GRAPH_BASE_URL: 'https://graph.microsoft.com' },
      /GRAPH_CLIENT_ID, GRAPH_TENANT_ID, GRAPH_CLIENT_SECRET or .*: missing.*unset all GRAPH_\* settings/,
    ],
    [
      { GRAPH_CLIENT_ID: CLIENT_ID, GRAPH_TENANT_ID: TENANT_ID, GRAPH_CERTIFICATE_PATH: '/etc/graph.pem' },
      /GRAPH_CERTIFICATE_THUMBPRINT: missing/,
    ],
    [
      {
        GRAPH_CLIENT_ID: CLIENT_ID,
        GRAPH_TENANT_ID: TENANT_ID,
        GRAPH_CERTIFICATE_THUMBPRINT: 'ab'.repeat(20),
      },
      /GRAPH_CERTIFICATE_PATH: missing/,
    ],
    [
      { ...WITH_SECRET, GRAPH_CERTIFICATE_PATH: '/etc/graph.pem' },
      /GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH: both set/,
    ],
    [
      { ...WITH_SECRET, GRAPH_CLIENT_ID: 'bot' },
      /GRAPH_CLIENT_ID: must be the Entra application \(client\) id, a GUID/,
    ],
    [{ ...WITH_SECRET, GRAPH_TENANT_ID: 'common' }, /GRAPH_TENANT_ID: must be one tenant/],
    [
      { ...WITH_SECRET, GRAPH_CERTIFICATE_THUMBPRINT: 'xyz' },
      /GRAPH_CERTIFICATE_THUMBPRINT: must be the certificate's SHA-1/,
    ],
    [
      { ...WITH_SECRET, GRAPH_AUTHORITY_HOST: 'http://login.microsoftonline.com' },
      /GRAPH_AUTHORITY_HOST: must be an https URL/,
    ],
    [
      { ...WITH_SECRET, GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.com/tenant' },
      /GRAPH_AUTHORITY_HOST: must be the sign-in host only/,
    ],
    [
      { ...WITH_SECRET, GRAPH_BASE_URL: 'http://graph.example.com' },
      /GRAPH_BASE_URL: must be an https URL \(http only on 127\.0\.0\.1 or localhost\)/,
    ],
    [
      { ...WITH_SECRET, GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' },
      /GRAPH_BASE_URL: must be the Graph host only/,
    ],
    [{ ...WITH_SECRET, GRAPH_RATE_PER_SECOND: '0' }, /GRAPH_RATE_PER_SECOND/],
  ])('names a bad or incomplete Graph setting: %j', (env, message) => {
    expect(problemsOf(env)).toMatch(message);
  });

  it('never puts the client secret in an error message', () => {
    expect(problemsOf({ GRAPH_CLIENT_SECRET: 'very-secret-graph-value' })).not.toMatch(
      /very-secret-graph-value/,
    );
  });
});

describe('Admins by Entra group (ADMIN_GROUP_ID)', () => {
  const graphEnv = {
    GRAPH_CLIENT_ID: '3c1d8f2a-5b6e-4f70-9a81-b2c3d4e5f607',
    GRAPH_TENANT_ID: '11111111-2222-3333-4444-555555555555',
    GRAPH_CLIENT_SECRET: 'a-secret-for-tests',
  };

  it('takes the group id in lower case, with a five-minute memory by default', () => {
    const config = loadConfig({ ...graphEnv, ADMIN_GROUP_ID: '2B0F0000-1111-4222-8333-444455556666' });
    expect(config.broadcast.adminGroupId).toBe('2b0f0000-1111-4222-8333-444455556666');
    expect(config.broadcast.adminGroupCacheMs).toBe(300_000);
  });

  it('names a group id that is not a GUID, and a group without Graph to read it', () => {
    expect(() => loadConfig({ ...graphEnv, ADMIN_GROUP_ID: 'IT admins' })).toThrow(
      /ADMIN_GROUP_ID: must be the Entra group object id/,
    );
    expect(() => loadConfig({ ADMIN_GROUP_ID: '2b0f0000-1111-4222-8333-444455556666' })).toThrow(
      /ADMIN_GROUP_ID: set, but Graph is not/,
    );
  });
});
