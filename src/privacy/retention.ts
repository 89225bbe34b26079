import { listByPrefix, type Store } from '../state/store';

const DAY_MS = 86_400_000;

/** One kind of personal record kept in the store, and the date its retention counts from. */
export interface RetainedKind {
  /** A whole partition and '/', e.g. `escalation/`. */
  readonly prefix: string;
  /** The record's last change (ISO 8601); undefined for a value that cannot be read (it is deleted). */
  readonly dateOf: (value: unknown) => string | undefined;
}

/**
 * What is kept about people, and for how long. Each feature that stores personal records registers
 * its kind here (`register('feedback/', (value) => …)`); `purge` deletes every record older than the
 * retention period, and the daily RetentionSchedule calls it on one instance.
 */
export class Retention {
  private readonly kinds: RetainedKind[] = [];

  constructor(
    private readonly store: Store,
    /** RETENTION_DAYS. */
    readonly days: number,
  ) {}

  register(prefix: string, dateOf: RetainedKind['dateOf']): void {
    if (!prefix.endsWith('/')) throw new Error(`A retained kind's prefix ends with '/': "${prefix}"`);
    this.kinds.push({ prefix, dateOf });
  }

  get registered(): readonly RetainedKind[] {
    return this.kinds;
  }

  /** Deletes the records older than `days` before `now`; returns how many went, per prefix. */
  async purge(now: Date): Promise<Record<string, number>> {
    return purgeExpired(this.store, this.kinds, this.days, now);
  }
}

/** Deletes records of `kinds` whose date is older than `days` before `now` (or unreadable). */
export async function purgeExpired(
  store: Store,
  kinds: readonly RetainedKind[],
  days: number,
  now: Date,
): Promise<Record<string, number>> {
  const cutoff = now.getTime() - days * DAY_MS;
  const deleted: Record<string, number> = {};
  for (const kind of kinds) {
    deleted[kind.prefix] = 0;
    for (const item of await listByPrefix(store, kind.prefix)) {
      const date = Date.parse(kind.dateOf(item.value) ?? '');
      if (Number.isFinite(date) && date >= cutoff) continue;
      // Only the version that was judged: a record changed meanwhile is newer, and stays.
      if (await store.delete(item.key, item.version).catch(() => false)) deleted[kind.prefix]++;
    }
  }
  return deleted;
}

/** The `updatedAt`, `at` or `createdAt` of a stored record: the usual "last changed" fields. */
export function lastChangeOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  for (const field of ['updatedAt', 'at', 'createdAt']) {
    if (typeof record[field] === 'string') return record[field];
  }
  return undefined;
}
