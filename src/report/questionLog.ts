import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { listByPrefix, MAX_WRITES_PER_BATCH, type Store } from '../state/store';

/** One partition; rows `<ISO time>_<random id>`, oldest first. No identity is stored. */
export const UNANSWERED_PREFIX = 'unanswered-question/';

/** Why a question counts as not answered: the bot said "outside the setup", or asked which topic. */
export type RecordedOutcome = 'outOfScope' | 'clarify';

const recordSchema = z.object({
  text: z.string(),
  outcome: z.enum(['outOfScope', 'clarify']),
  guessedTopicId: z.string().optional(),
  at: z.string(),
});

export type RecordedQuestion = z.infer<typeof recordSchema>;

/** Writes are gathered for this long and then written in transactions of up to 100. */
const FLUSH_AFTER_MS = 500;
/** What is kept for the next try when the store fails; beyond it the oldest unwritten are dropped. */
const MAX_PENDING = 10_000;

/**
 * The questions the bot could not answer, with the topic it guessed: written behind the turn (the
 * reply never waits on the store), in batches.
 */
export class QuestionLog {
  private pending: { key: string; value: RecordedQuestion }[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly store: Store,
    private readonly now: Clock = systemClock,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  record(question: Omit<RecordedQuestion, 'at'>): void {
    const at = this.now().toISOString();
    this.pending.push({ key: `${UNANSWERED_PREFIX}${at}_${randomUUID()}`, value: { ...question, at } });
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(this.onError), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** Writes what is pending now; on failure it stays pending for the next flush. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing?.catch(() => undefined);
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.write(batch);
    try {
      await this.flushing;
    } catch (error) {
      this.pending = [...batch, ...this.pending].slice(-MAX_PENDING);
      throw error;
    }
  }

  /** Every recorded question (what is still pending included), oldest first. */
  async all(): Promise<RecordedQuestion[]> {
    const stored = (await listByPrefix(this.store, UNANSWERED_PREFIX)).flatMap((item) => {
      const parsed = recordSchema.safeParse(item.value);
      return parsed.success ? [parsed.data] : [];
    });
    return [...stored, ...this.pending.map((entry) => entry.value)];
  }

  private async write(batch: readonly { key: string; value: RecordedQuestion }[]): Promise<void> {
    for (let start = 0; start < batch.length; start += MAX_WRITES_PER_BATCH) {
      const writes = batch
        .slice(start, start + MAX_WRITES_PER_BATCH)
        .map(({ key, value }) => ({ key, value, expectedVersion: null }));
      await this.store.putMany(writes);
    }
  }
}
