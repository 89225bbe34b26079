import { z } from 'zod';
import type { Store } from './store';
import { VersionConflictError } from './store';

/**
 * What it takes to message a conversation later (IT broadcasts): our own shape, not Bot Framework's,
 * so the core does not depend on the SDK.
 */
export const savedConversationSchema = z.object({
  conversationId: z.string().min(1),
  conversationType: z.string().default('personal'),
  /** The team of a channel conversation (Teams' `channelData.team.id`). */
  teamId: z.string().optional(),
  teamName: z.string().optional(),
  conversationName: z.string().optional(),
  tenantId: z.string().optional(),
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  botId: z.string().min(1),
  botName: z.string().optional(),
  userTeamsId: z.string().optional(),
  userAadObjectId: z.string().optional(),
  userName: z.string().optional(),
  locale: z.string().optional(),
  timezone: z.string().optional(),
  welcomed: z.boolean().default(false),
  firstSeen: z.string(),
  lastSeen: z.string(),
});

export type SavedConversation = z.infer<typeof savedConversationSchema>;
export type ConversationSighting = Omit<SavedConversation, 'welcomed' | 'firstSeen' | 'lastSeen'>;

const PREFIX = 'conversation/';
/** An unchanged reference is rewritten at most this often, to keep "last seen" useful but writes rare. */
const LAST_SEEN_RESOLUTION_MS = 60 * 60 * 1000;

function keyOf(conversationId: string): string {
  return `${PREFIX}${conversationId}`;
}

function sameDetails(a: ConversationSighting, b: SavedConversation): boolean {
  return (Object.keys(a) as (keyof ConversationSighting)[]).every((field) => a[field] === b[field]);
}

/** How many recently saved references are remembered, so that unchanged ones skip the store. */
const RECENT_LIMIT = 50_000;

/** The conversations the bot can reach, kept in the durable store. */
export class ConversationReferences {
  /** What this process last wrote or read per conversation, and when it was last seen (ms). */
  private readonly recent = new Map<string, { saved: SavedConversation; lastSeenMs: number }>();

  constructor(
    private readonly store: Store,
    /** Told about a stored record that no longer validates; it is then treated as absent. */
    private readonly onInvalid: (key: string, error: unknown) => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Saves or refreshes the reference seen on an incoming activity. */
  async record(sighting: ConversationSighting): Promise<SavedConversation> {
    const known = this.recent.get(sighting.conversationId);
    if (
      known &&
      this.now().getTime() - known.lastSeenMs <= LAST_SEEN_RESOLUTION_MS &&
      sameDetails(sighting, known.saved)
    ) {
      return known.saved;
    }
    return this.update(sighting.conversationId, (current) => {
      const now = this.now().toISOString();
      if (!current) return { ...sighting, welcomed: false, firstSeen: now, lastSeen: now };
      if (sameDetails(sighting, current) && !this.isStale(current)) return undefined;
      return { ...current, ...sighting, lastSeen: now };
    });
  }

  /**
   * Marks the conversation welcomed; true only for the first caller, so that the two install events
   * Teams sends for one installation produce one welcome card.
   */
  async claimWelcome(conversationId: string): Promise<boolean> {
    let claimed = false;
    await this.update(conversationId, (current) => {
      if (!current || current.welcomed) return undefined;
      claimed = true;
      return { ...current, welcomed: true };
    });
    return claimed;
  }

  async get(conversationId: string): Promise<SavedConversation | undefined> {
    const item = await this.store.get(keyOf(conversationId));
    return item && this.parse(item.key, item.value);
  }

  /** Every reachable conversation; a record that does not validate is skipped (and reported). */
  async list(): Promise<SavedConversation[]> {
    const items = await this.store.listByPrefix(PREFIX);
    const valid: SavedConversation[] = [];
    for (const item of items) {
      const saved = this.parse(item.key, item.value);
      if (saved) valid.push(saved);
    }
    return valid;
  }

  private parse(key: string, value: unknown): SavedConversation | undefined {
    const result = savedConversationSchema.safeParse(value);
    if (result.success) return result.data;
    this.onInvalid(key, result.error);
    return undefined;
  }

  /** Forgets a conversation (the app was uninstalled there). */
  async remove(conversationId: string): Promise<boolean> {
    this.recent.delete(conversationId);
    return this.store.delete(keyOf(conversationId));
  }

  private isStale(saved: SavedConversation): boolean {
    return this.now().getTime() - Date.parse(saved.lastSeen) > LAST_SEEN_RESOLUTION_MS;
  }

  private remember(saved: SavedConversation | undefined): void {
    if (!saved) return;
    if (this.recent.size >= RECENT_LIMIT) this.recent.clear();
    this.recent.set(saved.conversationId, { saved, lastSeenMs: Date.parse(saved.lastSeen) });
  }

  /** Read, change, write-if-unchanged, retried on conflict. `change` returns undefined for "no write". */
  private async update(
    conversationId: string,
    change: (current: SavedConversation | undefined) => SavedConversation | undefined,
  ): Promise<SavedConversation> {
    const key = keyOf(conversationId);
    for (let attempt = 0; ; attempt++) {
      const item = await this.store.get(key);
      // A record that no longer validates is replaced by the next good sighting, not fatal.
      const current = item && this.parse(key, item.value);
      const next = change(current);
      if (!next) {
        this.remember(current);
        return current as SavedConversation;
      }
      // Validated on write too: nothing that could not be read back is ever stored.
      savedConversationSchema.parse(next);
      try {
        await this.store.put(key, next, item ? item.version : 'absent');
        this.remember(next);
        return next;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 20) throw error;
      }
    }
  }
}
