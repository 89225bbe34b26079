import { z } from 'zod';
import { optimisticUpdate, type UpdateResult } from './optimisticUpdate';
import { RecentlyConfirmed } from './recentlyConfirmed';
import { keySegment, listByPrefix, type Store } from './store';

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
  /** The person's UPN (Teams' member record), fetched once when their 1:1 chat is first seen. */
  userPrincipalName: z.string().optional(),
  locale: z.string().optional(),
  timezone: z.string().optional(),
  welcomed: z.boolean().default(false),
  firstSeen: z.string(),
  lastSeen: z.string(),
});

export type SavedConversation = z.infer<typeof savedConversationSchema>;
export type ConversationSighting = Omit<
  SavedConversation,
  'welcomed' | 'firstSeen' | 'lastSeen' | 'userPrincipalName'
>;

const PREFIX = 'conversation/';
/** An unchanged reference is rewritten at most this often, to keep "last seen" useful but writes rare. */
const LAST_SEEN_RESOLUTION_MS = 60 * 60 * 1000;

/**
 * A message identical to one this instance matched against the store this recently skips the point
 * read (the read is most of what a turn costs in storage). Short, so that what another instance wrote
 * meanwhile is looked at again soon; installation events never skip it.
 */
const RECENT_SIGHTING_MS = 60 * 1000;
const MAX_RECENT_SIGHTINGS = 20_000;

/** Conversation ids come from Teams, that is from outside: keySegment keeps them one key segment. */
function keyOf(conversationId: string): string {
  return `${PREFIX}${keySegment(conversationId)}`;
}

function sameDetails(a: ConversationSighting, b: SavedConversation): boolean {
  return (Object.keys(a) as (keyof ConversationSighting)[]).every((field) => a[field] === b[field]);
}

/**
 * The conversations the bot can reach, kept in the durable store, which several bot instances share.
 *
 * Every sighting is compared with the reference as stored now (a point read), never with a copy this
 * instance kept: a copy could hide what another instance wrote since (a new service URL, the other
 * person of a group chat), and the sighting that changes it back would then be lost. Only a sighting
 * identical to the stored reference but for `lastSeen`, seen within LAST_SEEN_RESOLUTION_MS of the
 * stored `lastSeen`, skips the write; any other goes through the optimistic update. The one shortcut:
 * a message whose details this instance matched against the store within RECENT_SIGHTING_MS.
 */
export class ConversationReferences {
  private readonly recent: RecentlyConfirmed<SavedConversation>;

  constructor(
    private readonly store: Store,
    /** Told about a stored record that no longer validates; it is then treated as absent. */
    private readonly onInvalid: (key: string, error: unknown) => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.recent = new RecentlyConfirmed(RECENT_SIGHTING_MS, MAX_RECENT_SIGHTINGS, () => this.now().getTime());
  }

  /**
   * Saves or refreshes the reference seen on an incoming activity. `fromMessage`: an ordinary message,
   * which may be matched against this instance's recent view; an installation must see the store.
   */
  async record(
    sighting: ConversationSighting,
    options: { fromMessage?: boolean } = {},
  ): Promise<SavedConversation> {
    return (await this.recordSighting(sighting, options)).saved;
  }

  /** As `record`, also telling whether this sighting created the reference (a new conversation). */
  async recordSighting(
    sighting: ConversationSighting & { readonly userPrincipalName?: string },
    options: { fromMessage?: boolean } = {},
  ): Promise<{ saved: SavedConversation; created: boolean }> {
    const fingerprint = JSON.stringify(sighting);
    if (options.fromMessage) {
      const recent = this.recent.get(sighting.conversationId, fingerprint);
      if (recent) return { saved: recent, created: false };
    }
    let created = false;
    const result = await this.update(sighting.conversationId, (current) => {
      const now = this.now().toISOString();
      // Set on every try: the one that was written decides.
      created = !current;
      if (!current) return { ...sighting, welcomed: false, firstSeen: now, lastSeen: now };
      if (sameDetails(sighting, current) && !this.isStale(current)) return undefined;
      return { ...current, ...sighting, lastSeen: now };
    });
    const saved = result.value as SavedConversation;
    this.recent.set(sighting.conversationId, fingerprint, saved);
    return { saved, created: created && result.written };
  }

  /** Stores the person's UPN on their conversation (kept across later sightings). */
  async setUserPrincipalName(conversationId: string, userPrincipalName: string): Promise<void> {
    this.recent.forget(conversationId);
    await this.update(conversationId, (current) =>
      !current || current.userPrincipalName === userPrincipalName
        ? undefined
        : { ...current, userPrincipalName },
    );
  }

  /**
   * Marks the conversation welcomed; true only for the first caller, so that the two install events
   * Teams sends for one installation produce one welcome card.
   */
  async claimWelcome(conversationId: string): Promise<boolean> {
    this.recent.forget(conversationId);
    // `written`, not a flag set in `change`: a change that lost a race is applied again to what won.
    const result = await this.update(conversationId, (current) =>
      !current || current.welcomed ? undefined : { ...current, welcomed: true },
    );
    return result.written;
  }

  async get(conversationId: string): Promise<SavedConversation | undefined> {
    const item = await this.store.get(keyOf(conversationId));
    return item && this.parse(item.key, item.value);
  }

  /** Every reachable conversation; a record that does not validate is skipped (and reported). */
  async list(): Promise<SavedConversation[]> {
    const items = await listByPrefix(this.store, PREFIX);
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
    this.recent.forget(conversationId);
    return this.store.delete(keyOf(conversationId));
  }

  private isStale(saved: SavedConversation): boolean {
    return this.now().getTime() - Date.parse(saved.lastSeen) > LAST_SEEN_RESOLUTION_MS;
  }

  /** Read, change, write-if-unchanged, retried on conflict. `change` returns undefined for "no write". */
  private async update(
    conversationId: string,
    change: (current: SavedConversation | undefined) => SavedConversation | undefined,
  ): Promise<UpdateResult<SavedConversation | undefined>> {
    const key = keyOf(conversationId);
    return optimisticUpdate(
      this.store,
      key,
      // A record that no longer validates is replaced by the next good sighting, not fatal.
      (item) => item && this.parse(key, item.value),
      (current) => {
        const next = change(current);
        // Validated on write too: nothing that could not be read back is ever stored.
        if (next) savedConversationSchema.parse(next);
        return next;
      },
    );
  }
}
