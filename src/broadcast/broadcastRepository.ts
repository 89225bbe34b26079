import { optimisticUpdate, type UpdateResult } from '../state/optimisticUpdate';
import {
  keySegment,
  listByPrefix,
  MAX_WRITES_PER_BATCH,
  type Store,
  type StoredItem,
  type StoreWrite,
} from '../state/store';
import { broadcastJobSchema, recipientSchema, type BroadcastJob, type Recipient } from './types';

const JOB_PREFIX = 'broadcast/';
const RECIPIENT_PREFIX = 'broadcast-recipient/';

export interface StoredRecipient {
  readonly storeKey: string;
  readonly recipient: Recipient;
  /** The version read or written with it, so that the next change can be written without a read. */
  readonly version?: string;
}

function jobKey(jobId: string): string {
  return `${JOB_PREFIX}${keySegment(jobId)}`;
}

/** A job's recipients share one partition, so that they are listed (and written) together. */
function recipientsPrefix(jobId: string): string {
  return `${RECIPIENT_PREFIX}${keySegment(jobId)}/`;
}

function recipientKey(jobId: string, index: number): string {
  return `${recipientsPrefix(jobId)}${String(index).padStart(7, '0')}`;
}

/** Broadcast jobs and their per-recipient ledger, in the durable store. */
export class BroadcastRepository {
  constructor(
    private readonly store: Store,
    /** Told about a stored record that no longer validates; lists skip it instead of failing. */
    private readonly onInvalid: (key: string, error: unknown) => void = () => undefined,
  ) {}

  /**
   * Writes the ledger, in transactions of at most MAX_WRITES_PER_BATCH recipients, and then the job:
   * a job exists only once all its recipients do. A crash (or a failed write) half-way leaves
   * recipient rows without a job; nothing ever reads those (every read starts from a job, and a job id
   * is never reused), so they are harmless. A failed write removes what it had written, as far as it
   * can.
   */
  async create(job: BroadcastJob, recipients: readonly Recipient[]): Promise<void> {
    const writes: StoreWrite[] = recipients.map((recipient, index) => ({
      key: recipientKey(job.id, index),
      value: recipient,
      expectedVersion: null,
    }));
    let written = 0;
    try {
      for (; written < writes.length; written += MAX_WRITES_PER_BATCH) {
        await this.store.putMany(writes.slice(written, written + MAX_WRITES_PER_BATCH));
      }
      await this.store.put(jobKey(job.id), job, null);
    } catch (error) {
      await Promise.allSettled(writes.slice(0, written).map((write) => this.store.delete(write.key)));
      throw error;
    }
  }

  async job(id: string): Promise<BroadcastJob | undefined> {
    const item = await this.store.get(jobKey(id));
    return item && broadcastJobSchema.parse(item.value);
  }

  async jobs(): Promise<BroadcastJob[]> {
    const jobs: BroadcastJob[] = [];
    for (const item of await listByPrefix(this.store, JOB_PREFIX)) {
      const parsed = broadcastJobSchema.safeParse(item.value);
      if (parsed.success) jobs.push(parsed.data);
      else this.onInvalid(item.key, parsed.error);
    }
    return jobs;
  }

  async recipients(jobId: string): Promise<StoredRecipient[]> {
    const recipients: StoredRecipient[] = [];
    for (const item of await listByPrefix(this.store, recipientsPrefix(jobId))) {
      const parsed = recipientSchema.safeParse(item.value);
      if (parsed.success)
        recipients.push({ storeKey: item.key, recipient: parsed.data, version: item.version });
      else this.onInvalid(item.key, parsed.error);
    }
    return recipients;
  }

  /** Only each recipient's state and person, without full validation: cheap enough to count often. */
  async recipientSummaries(jobId: string): Promise<{ state: string; personKey?: string }[]> {
    return (await listByPrefix(this.store, recipientsPrefix(jobId))).map((item) => {
      const value = item.value as { state?: unknown; personKey?: unknown };
      return {
        state: String(value.state),
        personKey: typeof value.personKey === 'string' ? value.personKey : undefined,
      };
    });
  }

  /** Read-change-write of a job, retried on a conflicting write. */
  /** `change` returns undefined for "leave it"; the result is the job as stored afterwards. */
  async updateJob(
    id: string,
    change: (job: BroadcastJob) => BroadcastJob | undefined,
  ): Promise<BroadcastJob | undefined> {
    return (await this.update(jobKey(id), (value) => broadcastJobSchema.parse(value), change)).value;
  }

  async updateRecipient(
    storeKey: string,
    change: (recipient: Recipient) => Recipient | undefined,
  ): Promise<Recipient | undefined> {
    return (await this.update(storeKey, (value) => recipientSchema.parse(value), change)).value;
  }

  /**
   * Changes a recipient starting from the version the caller holds (the sender's hot path: one
   * write instead of a read and a write); a conflict falls back to reading it again.
   */
  async updateRecipientFrom(
    entry: StoredRecipient,
    change: (recipient: Recipient) => Recipient | undefined,
  ): Promise<StoredRecipient | undefined> {
    const known =
      entry.version === undefined
        ? undefined
        : { key: entry.storeKey, value: entry.recipient, version: entry.version };
    const result = await this.update(entry.storeKey, (value) => recipientSchema.parse(value), change, known);
    return (
      result.value && { storeKey: entry.storeKey, recipient: result.value, version: result.item?.version }
    );
  }

  /**
   * `change` sees the stored record (an absent one is left absent); undefined leaves it. With
   * `known`, the first write goes against that version without reading it first.
   */
  private update<T>(
    key: string,
    parse: (value: unknown) => T,
    change: (current: T) => T | undefined,
    known?: StoredItem,
  ): Promise<UpdateResult<T | undefined>> {
    return optimisticUpdate(
      this.store,
      key,
      (item) => item && parse(item.value),
      (current) => (current === undefined ? undefined : change(current)),
      known,
    );
  }
}
