import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { optimisticUpdate } from '../state/optimisticUpdate';
import { keySegment, type Store, type StoredItem } from '../state/store';

export const MESSAGE_HISTORY_PREFIX = 'message-history/';
/** How many of a person's messages are kept, per conversation. */
export const KEPT_MESSAGES = 5;
/** One message is kept up to this long: enough to tell IT what it was about. */
const MAX_KEPT_LENGTH = 500;
/** Messages are gathered for this long and then written, off the message turn. */
const FLUSH_AFTER_MS = 200;

const historySchema = z.object({
  messages: z.array(z.object({ text: z.string(), at: z.string() })).max(KEPT_MESSAGES),
  /** When the last message came: what the retention period counts from. */
  at: z.string(),
});
export type MessageHistoryRecord = z.infer<typeof historySchema>;

function parsed(item: StoredItem | undefined): MessageHistoryRecord | undefined {
  const result = historySchema.safeParse(item?.value);
  return result.success ? result.data : undefined;
}

type Kept = MessageHistoryRecord['messages'][number];

/**
 * The last KEPT_MESSAGES messages each person sent in a conversation, so that "Ask IT" can show IT
 * what they already said. Kept in the shared store (every instance sees them) and written behind
 * the turn, like ConversationMemory: gathered for a moment, then appended with an optimistic update
 * per conversation, so that two instances appending at once lose nothing. This instance reads its
 * own unwritten messages too. Deleted by the retention purge (src/privacy/retention.ts).
 */
export class MessageHistory {
  private readonly pending = new Map<string, Kept[]>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly now: Clock = systemClock,
  ) {}

  /** Keeps a message the person sent; it reaches the store within FLUSH_AFTER_MS. */
  record(conversationId: string, personKey: string, text: string): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    const key = keyOf(conversationId, personKey);
    const list = this.pending.get(key) ?? [];
    list.push({ text: trimmed.slice(0, MAX_KEPT_LENGTH), at: this.now().toISOString() });
    this.pending.set(key, list.slice(-KEPT_MESSAGES));
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** The person's last messages in this conversation, oldest first. */
  async recent(conversationId: string, personKey: string): Promise<string[]> {
    const key = keyOf(conversationId, personKey);
    const stored = parsed(await this.store.get(key))?.messages ?? [];
    return [...stored, ...(this.pending.get(key) ?? [])].slice(-KEPT_MESSAGES).map((kept) => kept.text);
  }

  /** Writes what is pending now; what cannot be written is kept for the next flush. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const entries = [...this.pending];
    this.pending.clear();
    const previous = this.flushing;
    this.flushing = (async () => {
      await previous.catch(() => undefined);
      const failed: unknown[] = [];
      for (const [key, messages] of entries) {
        try {
          await optimisticUpdate(this.store, key, parsed, (current) => ({
            messages: [...(current?.messages ?? []), ...messages].slice(-KEPT_MESSAGES),
            at: messages[messages.length - 1].at,
          }));
        } catch (error) {
          failed.push(error);
          const newer = this.pending.get(key) ?? [];
          this.pending.set(key, [...messages, ...newer].slice(-KEPT_MESSAGES));
        }
      }
      if (failed.length > 0) throw failed[0];
    })();
    await this.flushing;
  }
}

function keyOf(conversationId: string, personKey: string): string {
  return `${MESSAGE_HISTORY_PREFIX}${keySegment(conversationId)}|${keySegment(personKey)}`;
}
