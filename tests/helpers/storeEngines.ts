import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AzureTableStore } from '../../src/state/azureTableStore';
import { MemoryStore } from '../../src/state/memoryStore';
import { SqliteStore } from '../../src/state/sqliteStore';
import type { Store } from '../../src/state/store';
import { startAzurite, type RunningAzurite } from './azurite';

/** A name and a way to open a fresh, empty store of that engine (a new map, file or table). */
export type StoreEngine = [name: string, open: () => Store];

/**
 * Starts Azurite for the calling test file (beforeAll/afterAll) and returns the engines to run a
 * suite against: memory, SQLite if asked, and an Azure table on that Azurite.
 */
export function storeEngines(options: { sqlite: boolean }): {
  engines: StoreEngine[];
  /** Azurite's connection string, once started. */
  connectionString: () => string;
} {
  let azurite: RunningAzurite | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  const connectionString = () => (azurite as RunningAzurite).connectionString;
  const engines: StoreEngine[] = [
    ['MemoryStore', () => new MemoryStore()],
    ...(options.sqlite
      ? [
          [
            'SqliteStore',
            () => SqliteStore.inDataDir(fs.mkdtempSync(path.join(os.tmpdir(), 'store-'))),
          ] satisfies StoreEngine,
        ]
      : []),
    [
      'AzureTableStore on Azurite',
      () => AzureTableStore.fromConnectionString(connectionString(), `t${randomUUID().replace(/-/g, '')}`),
    ],
  ];
  return { engines, connectionString };
}
