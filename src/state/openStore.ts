import type { TokenCredential } from '@azure/identity';
import type { AppConfig } from '../config';
import { SqliteStore } from './sqliteStore';
import type { Store } from './store';

export interface OpenStoreOptions {
  /** For STORAGE=azure with AZURE_STORAGE_ACCOUNT_URL; DefaultAzureCredential when not given. */
  readonly credential?: TokenCredential;
}

/**
 * The Store the configuration asks for: the SQLite file in DATA_DIR (STORAGE=sqlite, the default),
 * or the Azure table (STORAGE=azure), which is created on first use. The Azure SDKs are loaded only
 * then, so that the default costs nothing to start.
 */
export function openStore(
  config: Pick<AppConfig, 'dataDir' | 'storage'>,
  options: OpenStoreOptions = {},
): Store {
  const storage = config.storage;
  if (storage.kind === 'sqlite') return SqliteStore.inDataDir(config.dataDir);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
  const { AzureTableStore } = require('./azureTableStore') as typeof import('./azureTableStore');
  if (storage.connectionString)
    return AzureTableStore.fromConnectionString(storage.connectionString, storage.table);
  if (!storage.accountUrl) throw new Error('STORAGE=azure needs a connection string or an account URL');
  const credential =
    options.credential ??
    new (require('@azure/identity') as typeof import('@azure/identity')).DefaultAzureCredential();
  /* eslint-enable @typescript-eslint/no-require-imports */
  return AzureTableStore.fromAccountUrl(storage.accountUrl, credential, storage.table);
}
