import type { Store, StoreWrite } from '../state/store';
import { VersionConflictError } from '../state/store';
import { broadcastJobSchema, recipientSchema, type BroadcastJob, type Recipient } from './types';

const JOB_PREFIX = 'broadcast/';
const RECIPIENT_PREFIX = 'broadcast-recipient/';

export interface StoredRecipient {
  readonly storeKey: string;
  readonly recipient: Recipient;
}

function recipientKey(jobId: string, index: number): string {
  return `${RECIPIENT_PREFIX}${jobId}/${String(index).padStart(7, '0')}`;
}

/** Broadcast jobs and their per-recipient ledger, in the durable store. */
export class BroadcastRepository {
  constructor(
    private readonly store: Store,
    /** Told about a stored record that no longer validates; lists skip it instead of failing. */
    private readonly onInvalid: (key: string, error: unknown) => void = () => undefined,
  ) {}

  /** Writes the ledger and the job in one transaction: a job exists only with all its recipients. */
  async create(job: BroadcastJob, recipients: readonly Recipient[]): Promise<void> {
    const writes: StoreWrite[] = recipients.map((recipient, index) => ({
      key: recipientKey(job.id, index),
      value: recipient,
      expectedVersion: 'absent',
    }));
    writes.push({ key: JOB_PREFIX + job.id, value: job, expectedVersion: 'absent' });
    await this.store.putMany(writes);
  }

  async job(id: string): Promise<BroadcastJob | undefined> {
    const item = await this.store.get(JOB_PREFIX + id);
    return item && broadcastJobSchema.parse(item.value);
  }

  async jobs(): Promise<BroadcastJob[]> {
    const jobs: BroadcastJob[] = [];
    for (const item of await this.store.listByPrefix(JOB_PREFIX)) {
      const parsed = broadcastJobSchema.safeParse(item.value);
      if (parsed.success) jobs.push(parsed.data);
      else this.onInvalid(item.key, parsed.error);
    }
    return jobs;
  }

  async recipients(jobId: string): Promise<StoredRecipient[]> {
    const recipients: StoredRecipient[] = [];
    for (const item of await this.store.listByPrefix(`${RECIPIENT_PREFIX}${jobId}/`)) {
      const parsed = recipientSchema.safeParse(item.value);
      if (parsed.success) recipients.push({ storeKey: item.key, recipient: parsed.data });
      else this.onInvalid(item.key, parsed.error);
    }
    return recipients;
  }

  /** Only each recipient's state and person, without full validation: cheap enough to count often. */
  async recipientSummaries(jobId: string): Promise<{ state: string; personKey?: string }[]> {
    return (await this.store.listByPrefix(`${RECIPIENT_PREFIX}${jobId}/`)).map((item) => {
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
    return this.update(JOB_PREFIX + id, (value) => broadcastJobSchema.parse(value), change);
  }

  async updateRecipient(
    storeKey: string,
    change: (recipient: Recipient) => Recipient | undefined,
  ): Promise<Recipient | undefined> {
    return this.update(storeKey, (value) => recipientSchema.parse(value), change);
  }

  private async update<T>(
    key: string,
    parse: (value: unknown) => T,
    change: (current: T) => T | undefined,
  ): Promise<T | undefined> {
    for (let attempt = 1; ; attempt++) {
      const item = await this.store.get(key);
      if (!item) return undefined;
      const current = parse(item.value);
      const next = change(current);
      if (next === undefined) return current;
      try {
        await this.store.put(key, next, item.version);
        return next;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 50) throw error;
      }
    }
  }
}
