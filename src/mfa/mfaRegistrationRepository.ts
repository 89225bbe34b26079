import { z } from 'zod';
import {
  keySegment,
  listByPrefix,
  MAX_WRITES_PER_BATCH,
  VersionConflictError,
  type Store,
  type StoreWrite,
} from '../state/store';

/** One person's row of Entra's registration report, as kept in the shared store. */
export const mfaRecordSchema = z.object({
  /** Entra object id, lower case. */
  id: z.string().min(1),
  userPrincipalName: z.string().optional(),
  displayName: z.string().optional(),
  isMfaRegistered: z.boolean(),
  methodsRegistered: z.array(z.string()).default([]),
});
export type MfaRecord = z.infer<typeof mfaRecordSchema>;

/** The "last refreshed" record: when the report was last read, and whether it could be. */
export const mfaRefreshStateSchema = z.object({
  /** `ok`: the records are Entra's as of `refreshedAt`; `unavailable`: Graph refused (403). */
  status: z.enum(['ok', 'unavailable']),
  /** The last refresh that read the whole report. */
  refreshedAt: z.string().optional(),
  /** The last attempt, successful or not: the schedule counts its interval from here. */
  attemptedAt: z.string(),
  /** Why the report is unavailable, or why the last attempt failed: for IT. */
  problem: z.string().optional(),
  people: z.number().int().default(0),
});
export type MfaRefreshState = z.infer<typeof mfaRefreshStateSchema>;

const RECORD_PREFIX = 'mfa-registration/';
const STATE_KEY = 'mfa-refresh/state';
/** Tries of one batch when another writer got there first (an on-demand refresh racing). */
const BATCH_ATTEMPTS = 5;

const keyOf = (id: string) => `${RECORD_PREFIX}${keySegment(id.toLowerCase())}`;

function sameRecord(a: MfaRecord, b: MfaRecord): boolean {
  return (
    a.isMfaRegistered === b.isMfaRegistered &&
    a.userPrincipalName === b.userPrincipalName &&
    a.displayName === b.displayName &&
    a.methodsRegistered.join(',') === b.methodsRegistered.join(',')
  );
}

/** What the store holds before a refresh writes: each record with the version a write must name. */
export interface StoredRecords {
  readonly byId: ReadonlyMap<string, { readonly record: MfaRecord; readonly version: string }>;
}

/**
 * Entra's MFA registration report in the shared store: one record per person keyed by Entra object
 * id (`mfa-registration/<id>`, written in transactions of at most 100), and one "last refreshed"
 * record (`mfa-refresh/state`). Any instance reads them; the one refreshing writes them.
 */
export class MfaRegistrationRepository {
  constructor(
    private readonly store: Store,
    private readonly onInvalid: (key: string, error: unknown) => void = () => undefined,
  ) {}

  /** The person's record; undefined when Entra's report (as last read) does not list them. */
  async find(entraId: string): Promise<MfaRecord | undefined> {
    const item = await this.store.get(keyOf(entraId));
    if (!item) return undefined;
    const parsed = mfaRecordSchema.safeParse(item.value);
    if (!parsed.success) this.onInvalid(item.key, parsed.error);
    return parsed.success ? parsed.data : undefined;
  }

  async all(): Promise<MfaRecord[]> {
    return [...(await this.stored()).byId.values()].map((entry) => entry.record);
  }

  /** Every record with its version, for a refresh to write against. */
  async stored(): Promise<StoredRecords> {
    const byId = new Map<string, { record: MfaRecord; version: string }>();
    for (const item of await listByPrefix(this.store, RECORD_PREFIX)) {
      const parsed = mfaRecordSchema.safeParse(item.value);
      if (parsed.success) byId.set(parsed.data.id, { record: parsed.data, version: item.version });
      else this.onInvalid(item.key, parsed.error);
    }
    return { byId };
  }

  /**
   * Writes the records that changed, at most 100 per transaction; unchanged ones cost nothing. A
   * batch that meets another writer's version is read again and retried. Returns how many were written.
   */
  async save(records: readonly MfaRecord[], known: StoredRecords): Promise<number> {
    const changed = records.filter((record) => {
      const current = known.byId.get(record.id);
      return !current || !sameRecord(current.record, record);
    });
    for (let start = 0; start < changed.length; start += MAX_WRITES_PER_BATCH) {
      await this.saveBatch(changed.slice(start, start + MAX_WRITES_PER_BATCH), known);
    }
    return changed.length;
  }

  /** Removes the records of people no longer in the report (left, disabled). */
  async removeExcept(keep: ReadonlySet<string>, known: StoredRecords): Promise<number> {
    let removed = 0;
    for (const id of known.byId.keys()) {
      if (!keep.has(id) && (await this.store.delete(keyOf(id)))) removed++;
    }
    return removed;
  }

  async state(): Promise<MfaRefreshState | undefined> {
    const item = await this.store.get(STATE_KEY);
    if (!item) return undefined;
    const parsed = mfaRefreshStateSchema.safeParse(item.value);
    if (!parsed.success) this.onInvalid(item.key, parsed.error);
    return parsed.success ? parsed.data : undefined;
  }

  /** Replaces the "last refreshed" record, whatever it held (the refresh holding the run lease writes it). */
  async setState(
    change: (current: MfaRefreshState | undefined) => MfaRefreshState,
  ): Promise<MfaRefreshState> {
    for (let attempt = 1; ; attempt++) {
      const item = await this.store.get(STATE_KEY);
      const parsed = item ? mfaRefreshStateSchema.safeParse(item.value) : undefined;
      const next = change(parsed?.success ? parsed.data : undefined);
      try {
        await this.store.put(STATE_KEY, next, item ? item.version : null);
        return next;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= BATCH_ATTEMPTS) throw error;
      }
    }
  }

  private async saveBatch(batch: readonly MfaRecord[], known: StoredRecords): Promise<void> {
    const versions = new Map(
      [...batch].map((record) => [record.id, known.byId.get(record.id)?.version ?? null]),
    );
    for (let attempt = 1; ; attempt++) {
      const writes: StoreWrite[] = batch.map((record) => ({
        key: keyOf(record.id),
        value: record,
        expectedVersion: versions.get(record.id) ?? null,
      }));
      try {
        await this.store.putMany(writes);
        return;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= BATCH_ATTEMPTS) throw error;
        // Someone else wrote some of these: take their versions and write ours over them.
        for (const record of batch)
          versions.set(record.id, (await this.store.get(keyOf(record.id)))?.version ?? null);
      }
    }
  }
}
