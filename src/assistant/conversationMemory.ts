import { systemClock, type Clock } from '../clock';
import { z } from 'zod';
import {
  keySegment,
  MAX_WRITES_PER_BATCH,
  VersionConflictError,
  type Store,
  type StoreWrite,
} from '../state/store';

const PREFIX = 'conversation-memory/';
/** A follow-up refers to an answer given at most this long ago. */
const REMEMBERED_FOR_MS = 30 * 60_000;
/** Writes are gathered for this long and then written in one transaction. */
const FLUSH_AFTER_MS = 200;
/** Versions of records this instance wrote, kept so the next write needs no read first. */
const KNOWN_VERSIONS_LIMIT = 20_000;

const memorySchema = z.object({ topicId: z.string().min(1).max(100), at: z.string() });
type Remembered = z.infer<typeof memorySchema>;

/**
 * What the bot last answered in a conversation, per person, so that "and on my phone?" or "that
 * didn't work" can refer to it. Kept in the durable store, as several bot instances share it.
 *
 * Writes are off the message turn: they are gathered for a moment and written in one transaction
 * (one disk sync for many answers), so remembering costs a turn almost nothing. No person types a
 * follow-up within that moment, and this instance reads its own unwritten answers first. Losing the
 * last moment's memory in a crash only means a follow-up is asked what "it" is. A record this instance
 * wrote last is written again from the version it got back, without a read; a conflict (another
 * instance wrote meanwhile) falls back to reading.
 */
export class ConversationMemory {
  private readonly pending = new Map<string, Remembered>();
  private readonly knownVersions = new Map<string, string>();
  private flushing?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly now: Clock = systemClock,
  ) {}

  /** The topic last answered for this person in this conversation, if it is recent. */
  async lastTopic(conversationId: string, personKey: string): Promise<string | undefined> {
    const key = keyOf(conversationId, personKey);
    let remembered = this.pending.get(key);
    if (!remembered) {
      const parsed = memorySchema.safeParse((await this.store.get(key))?.value);
      remembered = parsed.success ? parsed.data : undefined;
    }
    if (!remembered) return undefined;
    const age = this.now().getTime() - Date.parse(remembered.at);
    return age >= 0 && age <= REMEMBERED_FOR_MS ? remembered.topicId : undefined;
  }

  /** Remembers the topic just answered; it reaches the store within FLUSH_AFTER_MS. */
  remember(conversationId: string, personKey: string, topicId: string): void {
    this.pending.set(keyOf(conversationId, personKey), { topicId, at: this.now().toISOString() });
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** Writes what is pending now. A concurrent write by another instance wins: both are as recent. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // An earlier batch's failure is its own caller's to report, not this one's.
    await this.flushing?.catch(() => undefined);
    if (this.pending.size === 0) return;
    const entries = [...this.pending];
    this.pending.clear();
    this.flushing = this.write(entries);
    try {
      await this.flushing;
    } catch (error) {
      // Put back what was not written, unless a newer topic came in meanwhile.
      for (const [key, value] of entries) if (!this.pending.has(key)) this.pending.set(key, value);
      throw error;
    } finally {
      this.flushing = undefined;
    }
  }

  /** Writes in transactions of at most MAX_WRITES_PER_BATCH (all keys share one partition). */
  private async write(entries: readonly [string, Remembered][]): Promise<void> {
    for (let start = 0; start < entries.length; start += MAX_WRITES_PER_BATCH)
      await this.writeBatch(entries.slice(start, start + MAX_WRITES_PER_BATCH));
  }

  private async writeBatch(entries: readonly [string, Remembered][]): Promise<void> {
    const writes: StoreWrite[] = [];
    for (const [key, value] of entries) {
      const known = this.knownVersions.get(key);
      const expectedVersion = known ?? (await this.store.get(key))?.version ?? null;
      writes.push({ key, value, expectedVersion });
    }
    try {
      const versions = await this.store.putMany(writes);
      writes.forEach(({ key }, index) => this.learnVersion(key, versions[index]));
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // Another instance wrote one of them meanwhile; write them one by one from what is stored.
      for (const { key, value } of writes) {
        const current = await this.store.get(key);
        const written = await this.store
          .put(key, value, current?.version ?? null)
          .catch((conflict: unknown) => {
            if (!(conflict instanceof VersionConflictError)) throw conflict;
            return undefined;
          });
        this.learnVersion(key, written?.version);
      }
    }
  }

  private learnVersion(key: string, version: string | undefined): void {
    this.knownVersions.delete(key);
    if (version === undefined) return;
    if (this.knownVersions.size >= KNOWN_VERSIONS_LIMIT) this.knownVersions.clear();
    this.knownVersions.set(key, version);
  }
}

function keyOf(conversationId: string, personKey: string): string {
  return `${PREFIX}${keySegment(conversationId)}|${keySegment(personKey)}`;
}
