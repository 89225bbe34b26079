import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { loadConfig } from '../../src/config';
import { AzureTableStore } from '../../src/state/azureTableStore';
import { openStore } from '../../src/state/openStore';
import { SqliteStore } from '../../src/state/sqliteStore';

const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'test', expiresOnTimestamp: Date.now() + 60_000 }),
};

describe('openStore', () => {
  it('opens the SQLite file in DATA_DIR by default', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'open-store-'));
    const store = openStore(loadConfig({ DATA_DIR: dataDir }));
    expect(store).toBeInstanceOf(SqliteStore);
    await store.put('k/a', 1, null);
    expect(fs.existsSync(path.join(dataDir, 'bot-state.sqlite'))).toBe(true);
    await store.close();
  });

  it('opens the Azure table from a connection string or an account URL, without calling Azure yet', async () => {
    const fromConnectionString = openStore(
      loadConfig({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      }),
    );
    expect(fromConnectionString).toBeInstanceOf(AzureTableStore);
    expect((fromConnectionString as AzureTableStore).tableName).toBe('botstate');
    const fromUrl = openStore(
      loadConfig({
        STORAGE: 'azure',
        DOWNLOAD_LINK_SECRET: 'a-shared-link-signing-secret-0123',
        AZURE_STORAGE_ACCOUNT_URL: 'https://botstore.table.core.windows.net',
        AZURE_STORAGE_TABLE: 'onboarding',
      }),
      { credential },
    );
    expect(fromUrl).toBeInstanceOf(AzureTableStore);
    expect((fromUrl as AzureTableStore).tableName).toBe('onboarding');
  });
});
