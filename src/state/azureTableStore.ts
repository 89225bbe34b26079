import {
  odata,
  TableClient,
  type TableEntity,
  type TableEntityResult,
  type TransactionAction,
} from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import {
  checkBatch,
  pageLimit,
  splitKey,
  splitListPrefix,
  valueToJson,
  VersionConflictError,
  type ListPage,
  type ListPageOptions,
  type Store,
  type StoredItem,
  type StoreWrite,
} from './store';
import { decodeTableKey, encodeTableKey, MAX_TABLE_KEY_LENGTH } from './tableKeys';

export const DEFAULT_TABLE = 'botstate';

/** A string property holds at most 64 KiB of UTF-16: the value's JSON is split into such pieces. */
const CHUNK_CHARACTERS = 32 * 1024;
/** An entity (keys, properties and their names) is at most 1 MiB. */
const MAX_ENTITY_BYTES = 1024 * 1024;
/** A transaction's request is at most 4 MiB. */
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
/** Value pieces are the properties v0, v1, … */
const VALUE_PROPERTY = 'v';

/**
 * What the Table service (and Azurite 3.35, tested) answers when a condition fails: 409 to a create
 * of a key that exists, 412 to an update or delete at another ETag, 404 to an update of a key that
 * is gone; a transaction fails with the status of its failed operation. Azurite has answered failed
 * conditions with 304 elsewhere (Azure/Azurite#633, blobs); its Table service has not here, but
 * that could only mean the condition failed too.
 */
const CONFLICTS = {
  create: [409, 304],
  update: [404, 412, 304],
  delete: [412, 304],
  transaction: [404, 409, 412, 304],
} as const;

/** The service's ETags look like `W/"datetime'2026-01-01T00%3A00%3A00.0000000Z'"`. */
const ETAG = /^W\/"datetime'[^'"]+'"$/;

/**
 * The Store on Azure Table storage (or Azurite): one table, PartitionKey and RowKey from the key's
 * partition and row (encoded by tableKeys.ts), the value's JSON in string properties, the entity's
 * ETag as the version. Conditional writes are `createEntity` (absent) and a Replace `updateEntity`
 * at the ETag read; putMany is one entity group transaction.
 */
export class AzureTableStore implements Store {
  private tableReady?: Promise<void>;

  constructor(private readonly client: TableClient) {}

  /** A connection string (Azurite's `UseDevelopmentStorage=true` or one with http endpoints too). */
  static fromConnectionString(connectionString: string, table: string = DEFAULT_TABLE): AzureTableStore {
    return new AzureTableStore(
      TableClient.fromConnectionString(connectionString, table, {
        allowInsecureConnection: /http:\/\/|DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true/i.test(
          connectionString,
        ),
      }),
    );
  }

  /** The table endpoint (`https://<account>.table.core.windows.net`) and an Entra credential. */
  static fromAccountUrl(
    accountUrl: string,
    credential: TokenCredential,
    table: string = DEFAULT_TABLE,
  ): AzureTableStore {
    return new AzureTableStore(
      new TableClient(accountUrl, table, credential, {
        allowInsecureConnection: accountUrl.startsWith('http://'),
      }),
    );
  }

  get tableName(): string {
    return this.client.tableName;
  }

  async get(key: string): Promise<StoredItem | undefined> {
    const { partitionKey, rowKey } = tableKeysOf(key);
    await this.ensureTable();
    try {
      const entity = await this.client.getEntity(partitionKey, rowKey);
      return { key, value: JSON.parse(jsonOf(entity)), version: entity.etag };
    } catch (error) {
      if (statusOf(error) === 404 && !isTableMissing(error)) return undefined;
      throw error;
    }
  }

  async put(key: string, value: unknown, expectedVersion: string | null): Promise<StoredItem> {
    const json = valueToJson(key, value);
    const entity = entityOf(key, json);
    await this.ensureTable();
    if (expectedVersion !== null && !ETAG.test(expectedVersion)) {
      // Not a version this store handed out, so not the current one (and never '*', "any").
      throw new VersionConflictError(key, expectedVersion, await this.versionOf(key));
    }
    try {
      const response =
        expectedVersion === null
          ? await this.client.createEntity(entity)
          : await this.client.updateEntity(entity, 'Replace', { etag: expectedVersion });
      const version = response.etag ?? (await this.versionOf(key));
      return { key, value: JSON.parse(json), version: version ?? '' };
    } catch (error) {
      if (!isConflict(error, expectedVersion === null ? 'create' : 'update')) throw error;
      throw new VersionConflictError(key, expectedVersion, await this.versionOf(key));
    }
  }

  async putMany(writes: readonly StoreWrite[]): Promise<(string | undefined)[]> {
    if (checkBatch(writes) === undefined) return [];
    const entities = writes.map((write) => entityOf(write.key, valueToJson(write.key, write.value)));
    const bytes = entities.reduce((sum, entity) => sum + entityBytes(entity), 0);
    if (bytes > MAX_TRANSACTION_BYTES) {
      throw new Error(
        `putMany of ${writes.length} values is too large for one Azure Table transaction: ` +
          `about ${Math.ceil(bytes / 1024)} KiB, at most 4 MiB`,
      );
    }
    await this.ensureTable();
    const unknownVersion = writes.find(
      (write) => write.expectedVersion !== null && !ETAG.test(write.expectedVersion),
    );
    if (unknownVersion) {
      throw new VersionConflictError(
        unknownVersion.key,
        unknownVersion.expectedVersion,
        await this.versionOf(unknownVersion.key),
      );
    }
    const actions: TransactionAction[] = writes.map((write, index) =>
      write.expectedVersion === null
        ? ['create', entities[index]]
        : ['update', entities[index], 'Replace', { etag: write.expectedVersion }],
    );
    try {
      const response = await this.client.submitTransaction(actions);
      // Answers come in the order of the operations; only a create's answer names its row. An answer
      // without an ETag, or naming another row, leaves that version unknown.
      return entities.map((entity, index) => {
        const answer = response.subResponses[index];
        return answer?.rowKey === undefined || answer.rowKey === entity.rowKey ? answer?.etag : undefined;
      });
    } catch (error) {
      if (!isConflict(error, 'transaction')) throw error;
      // The service names the failed operation by its index: "1:The specified entity already exists."
      const index = Number(/^(\d+):/.exec(error instanceof Error ? error.message : '')?.[1] ?? 0);
      const failed = writes[index] ?? writes[0];
      throw new VersionConflictError(failed.key, failed.expectedVersion, await this.versionOf(failed.key));
    }
  }

  async listPage(prefix: string, options?: ListPageOptions): Promise<ListPage> {
    const { partition, rowPrefix } = splitListPrefix(prefix);
    const limit = pageLimit(options);
    const partitionKey = checkedTableKey(prefix, 'partition', partition);
    const from = encodeTableKey(rowPrefix);
    // An encoded row prefix ends in a plain character or a hex digit, never '~': its successor is
    // still printable ASCII, and exactly the rows that start with it sort between the two.
    const filter =
      from === ''
        ? odata`PartitionKey eq ${partitionKey}`
        : odata`PartitionKey eq ${partitionKey} and RowKey ge ${from} and RowKey lt ${successor(from)}`;
    await this.ensureTable();
    const pages = this.client
      .listEntities({ queryOptions: { filter } })
      .byPage({ maxPageSize: limit, continuationToken: options?.continuation });
    const { value: page, done } = await pages.next();
    if (done || !page) return { items: [] };
    const items = page.map((entity) => ({
      key: `${partition}/${decodeTableKey(entity.rowKey as string)}`,
      value: JSON.parse(jsonOf(entity)),
      version: entity.etag,
    }));
    return page.continuationToken ? { items, continuation: page.continuationToken } : { items };
  }

  async delete(key: string, expectedVersion?: string): Promise<boolean> {
    const { partitionKey, rowKey } = tableKeysOf(key);
    await this.ensureTable();
    if (expectedVersion !== undefined && !ETAG.test(expectedVersion)) {
      const actual = await this.versionOf(key);
      if (actual === null) return false;
      throw new VersionConflictError(key, expectedVersion, actual);
    }
    try {
      await this.client.deleteEntity(partitionKey, rowKey, expectedVersion ? { etag: expectedVersion } : {});
      return true;
    } catch (error) {
      if (statusOf(error) === 404 && !isTableMissing(error)) return false;
      if (expectedVersion === undefined || !isConflict(error, 'delete')) throw error;
      const actual = await this.versionOf(key);
      if (actual === null) return false;
      throw new VersionConflictError(key, expectedVersion, actual);
    }
  }

  async close(): Promise<void> {}

  /** Deletes the whole table: for tests. */
  async dropTable(): Promise<void> {
    await this.client.deleteTable();
    this.tableReady = undefined;
  }

  /** Creates the table on first use (an existing one is fine); tried again after a failure. */
  private ensureTable(): Promise<void> {
    this.tableReady ??= this.client.createTable().then(
      () => undefined,
      (error: unknown) => {
        if (statusOf(error) === 409) return;
        this.tableReady = undefined;
        throw error;
      },
    );
    return this.tableReady;
  }

  private async versionOf(key: string): Promise<string | null> {
    return (await this.get(key))?.version ?? null;
  }
}

function tableKeysOf(key: string): { partitionKey: string; rowKey: string } {
  const { partition, row } = splitKey(key);
  return {
    partitionKey: checkedTableKey(key, 'partition', partition),
    rowKey: checkedTableKey(key, 'row', row),
  };
}

function checkedTableKey(key: string, part: 'partition' | 'row', text: string): string {
  const encoded = encodeTableKey(text);
  if (encoded.length > MAX_TABLE_KEY_LENGTH) {
    throw new Error(
      `Store key "${key.slice(0, 80)}…" is too long for Azure Table storage: its ${part} is ` +
        `${encoded.length} characters once encoded, at most ${MAX_TABLE_KEY_LENGTH}`,
    );
  }
  return encoded;
}

/** The entity for a key and its value's JSON; throws when it is over the service's 1 MiB. */
function entityOf(key: string, json: string): TableEntity<Record<string, string>> {
  const entity: TableEntity<Record<string, string>> = { ...tableKeysOf(key) };
  let piece = 0;
  for (let start = 0; start < json.length || piece === 0; piece++) {
    let end = Math.min(start + CHUNK_CHARACTERS, json.length);
    // Never split a surrogate pair: each piece must be well-formed text on its own.
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    entity[`${VALUE_PROPERTY}${piece}`] = json.slice(start, end);
    start = end;
  }
  const bytes = entityBytes(entity);
  if (bytes > MAX_ENTITY_BYTES) {
    throw new Error(
      `Store value for "${key}" is too large for Azure Table storage: about ${Math.ceil(bytes / 1024)} KiB ` +
        'once stored, at most 1 MiB per item',
    );
  }
  return entity;
}

/** The service's own size formula: keys and strings as UTF-16, each property with its name. */
function entityBytes(entity: TableEntity<Record<string, string>>): number {
  let bytes = 4 + 2 * (entity.partitionKey.length + entity.rowKey.length) + 8 + 2 * 'Timestamp'.length + 8;
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'partitionKey' || name === 'rowKey') continue;
    bytes += 8 + 2 * name.length + 4 + 2 * value.length;
  }
  return bytes;
}

function jsonOf(entity: TableEntityResult<Record<string, unknown>>): string {
  let json = '';
  for (let piece = 0; typeof entity[`${VALUE_PROPERTY}${piece}`] === 'string'; piece++) {
    json += entity[`${VALUE_PROPERTY}${piece}`] as string;
  }
  return json;
}

function successor(encoded: string): string {
  return encoded.slice(0, -1) + String.fromCharCode(encoded.charCodeAt(encoded.length - 1) + 1);
}

function isConflict(error: unknown, operation: keyof typeof CONFLICTS): boolean {
  const status = statusOf(error);
  return (CONFLICTS[operation] as readonly number[]).includes(status ?? 0) && !isTableMissing(error);
}

/** A 404 for the table rather than the entity (someone deleted the table): never a conflict. */
function isTableMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'TableNotFound' || (error instanceof Error && error.message.includes('TableNotFound'));
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
