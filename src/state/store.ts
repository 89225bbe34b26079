import { createHash } from 'node:crypto';

/** A stored value with the version a conditional write must name. */
export interface StoredItem {
  readonly key: string;
  readonly value: unknown;
  /**
   * Opaque (an ETag on Azure Table storage): changes with every write, and is only ever compared for
   * equality with what the store hands out.
   */
  readonly version: string;
}

export interface StoreWrite {
  readonly key: string;
  readonly value: unknown;
  /** The version the caller read; null: the key must be absent. */
  readonly expectedVersion: string | null;
}

/** A conditional write (or delete) found another version than the one it expected. */
export class VersionConflictError extends Error {
  constructor(
    readonly key: string,
    /** null: the write expected the key to be absent. */
    readonly expected: string | null,
    /** null: the key is absent. */
    readonly actual: string | null,
  ) {
    super(`Version conflict on "${key}": expected ${expected ?? 'absent'}, found ${actual ?? 'absent'}`);
    this.name = 'VersionConflictError';
  }
}

export interface ListPageOptions {
  /** At most this many items (1–1000; default 1000). A page may hold fewer even when more follow. */
  readonly limit?: number;
  /** From the previous page of the same listing. */
  readonly continuation?: string;
}

export interface ListPage {
  readonly items: StoredItem[];
  /** Set while more items may follow: pass it to get the next page. */
  readonly continuation?: string;
}

/** Azure Table storage runs at most 100 operations, all in one partition, as one transaction. */
export const MAX_WRITES_PER_BATCH = 100;
export const MAX_PAGE_SIZE = 1000;

/**
 * The bot's durable state, as JSON values under string keys.
 *
 * **Keys** are `<partition>/<row>`: the partition is everything before the last '/', the row the last
 * segment, and neither may be empty (a key without '/' is rejected). Items of one partition can be
 * listed and written together; nothing spans partitions. Ids from outside (Teams conversation ids,
 * person ids, broadcast ids) go into a key through `keySegment`, so that they can never add a '/'.
 *
 * **Writes are optimistic**: `put` succeeds only if the item still has the version the caller read
 * (null for a new key), so that two concurrent updates can never silently overwrite each other;
 * a version the store never handed out (`'*'` included) is a conflict too. `optimisticUpdate`
 * (optimisticUpdate.ts) is the read-change-write loop every repository uses.
 *
 * Every engine behaves the same (tests/state/store.test.ts runs one contract suite on each); lists
 * come in code point order of the row. An engine may refuse, with a plain Error, what it cannot
 * hold: Azure Table storage takes at most about 1 MiB per item and 512 characters per encoded
 * partition or row (keySegment keeps ids well within that).
 */
export interface Store {
  get(key: string): Promise<StoredItem | undefined>;
  put(key: string, value: unknown, expectedVersion: string | null): Promise<StoredItem>;
  /**
   * Several conditional writes as one: all of them happen, or none (a VersionConflictError). They must
   * all be in one partition, at most MAX_WRITES_PER_BATCH of them, each key once; anything else is
   * refused with an Error before anything is written. Returns each key's new version, in order, where
   * the engine tells it (undefined where it does not).
   */
  putMany(writes: readonly StoreWrite[]): Promise<(string | undefined)[]>;
  /**
   * One page of the items whose key starts with `prefix`, in row order. The prefix is a whole
   * partition, then '/', then an optional start of the row (`broadcast-recipient/<job>/` or
   * `audit/2026-`): a listing never spans partitions.
   */
  listPage(prefix: string, options?: ListPageOptions): Promise<ListPage>;
  /** Deletes the key if present (and, when given, still at `expectedVersion`); true if it was deleted. */
  delete(key: string, expectedVersion?: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The JSON a value is stored as; throws for a value JSON cannot represent (undefined, a function). */
export function valueToJson(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error(`Store value for "${key}" cannot be written as JSON`);
  return json;
}

/** Every item under `prefix` (see Store.listPage), all pages. */
export async function listByPrefix(store: Store, prefix: string): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let continuation: string | undefined;
  do {
    const page = await store.listPage(prefix, { continuation });
    items.push(...page.items);
    continuation = page.continuation;
  } while (continuation !== undefined);
  return items;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The partition and row of a key; throws on a key that is not `<partition>/<row>`. */
export function splitKey(key: string): { partition: string; row: string } {
  if (typeof key !== 'string') throw new Error(`Store key must be a string, not ${typeof key}`);
  const slash = key.lastIndexOf('/');
  if (slash <= 0 || slash === key.length - 1) {
    throw new Error(
      `Store key "${key}" is not "<partition>/<row>": it needs a '/' with text before and after the last one`,
    );
  }
  if (LONE_SURROGATE.test(key)) throw new Error(`Store key "${key}" is not well-formed Unicode`);
  return { partition: key.slice(0, slash), row: key.slice(slash + 1) };
}

/** The partition and row prefix of a listing prefix; throws unless it is `<partition>/[row prefix]`. */
export function splitListPrefix(prefix: string): { partition: string; rowPrefix: string } {
  const slash = typeof prefix === 'string' ? prefix.lastIndexOf('/') : -1;
  if (slash <= 0) {
    throw new Error(
      `Store listing prefix "${String(prefix)}" is not "<partition>/[start of row]": a listing covers one partition`,
    );
  }
  if (LONE_SURROGATE.test(prefix)) {
    throw new Error(`Store listing prefix "${prefix}" is not well-formed Unicode`);
  }
  return { partition: prefix.slice(0, slash), rowPrefix: prefix.slice(slash + 1) };
}

/** Checks a batch for putMany (one partition, at most 100, each key once); returns the partition. */
export function checkBatch(writes: readonly StoreWrite[]): string | undefined {
  if (writes.length > MAX_WRITES_PER_BATCH) {
    throw new Error(`putMany takes at most ${MAX_WRITES_PER_BATCH} writes, not ${writes.length}`);
  }
  const keys = new Set<string>();
  let partition: string | undefined;
  for (const write of writes) {
    const { partition: own } = splitKey(write.key);
    if (partition !== undefined && own !== partition) {
      throw new Error(
        `putMany writes within one partition: "${write.key}" is not in partition "${partition}"`,
      );
    }
    partition = own;
    if (keys.has(write.key)) throw new Error(`putMany writes each key once: "${write.key}" is there twice`);
    keys.add(write.key);
  }
  return partition;
}

/** The page size asked for, within 1–MAX_PAGE_SIZE. */
export function pageLimit(options: ListPageOptions | undefined): number {
  const limit = options?.limit ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`Store listing limit must be a positive integer, not ${limit}`);
  }
  return Math.min(limit, MAX_PAGE_SIZE);
}

/**
 * Compares strings by code point (UTF-16 code unit order differs above U+FFFF), the order in which
 * every engine lists rows.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (code points above U+FFFF) rank after U+E000–U+FFFF, as their code points do. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** What Teams and Entra ids are made of: such ids are used in keys as they are. */
const PLAIN_ID = /^[A-Za-z0-9\-_.:;=@,+!*()'&]{1,200}$/;
const PLAIN_CHARACTER = /[A-Za-z0-9\-_.:;=@,+!*()'&]/;
const ESCAPED_UP_TO = 64;

/**
 * An id (from Teams, Entra, a URL: hostile input) as one segment of a key: never a '/', never empty,
 * at most 200 characters, one segment per id. Ids made of the characters Teams and Entra ids use are
 * kept as they are (so existing keys do not change); any other id is percent-encoded (`a/b` →
 * `a%2Fb`), and one that would still be longer than 64 characters becomes `^` and its SHA-256.
 */
export function keySegment(id: string): string {
  if (PLAIN_ID.test(id)) return id;
  if (id === '') return '%';
  let escaped = '';
  for (const character of id) {
    if (PLAIN_CHARACTER.test(character)) {
      escaped += character;
    } else if (LONE_SURROGATE.test(character)) {
      escaped += `%u${hex(character.charCodeAt(0), 4)}`;
    } else {
      for (const byte of Buffer.from(character, 'utf8')) escaped += `%${hex(byte, 2)}`;
    }
    if (escaped.length > ESCAPED_UP_TO) break;
  }
  if (escaped.length <= ESCAPED_UP_TO && escaped.includes('%')) return escaped;
  // Hashed as UTF-16, which (unlike UTF-8) keeps lone surrogates apart.
  return `^${createHash('sha256').update(Buffer.from(id, 'utf16le')).digest('base64url')}`;
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}
