import { z } from 'zod';
import type { BroadcastService } from '../broadcast/broadcastService';
import type { StatusCards } from '../broadcast/statusCards';
import type { BroadcastJob } from '../broadcast/types';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import type { ActionOutcome } from '../assistant/onboardingConversation';
import type { Clock } from '../clock';
import type { Guide } from '../guide/types';
import type { ConversationReferences } from '../state/conversationReferences';

/** Who is asking, and where the card they pressed lives. */
export interface AdminActor {
  readonly aadObjectId?: string;
  /** The admin's display name, for "From <name>: …" on what they send. */
  readonly name?: string;
  readonly teamsId?: string;
  readonly timezone?: string;
  readonly serviceUrl: string;
  readonly conversationId: string;
  /** The message a pressed card belongs to (it becomes the live status card). */
  readonly cardActivityId?: string;
}

/** What the admin handlers work with. */
export interface AdminContext {
  readonly guide: Guide;
  readonly broadcasts: BroadcastService;
  readonly statusCards: StatusCards<AdaptiveCard>;
  readonly conversations: ConversationReferences;
  /** For admins whose Teams client sends no valid time zone, and for the list's times. */
  readonly orgTimezone: string;
  readonly now: Clock;
}

/** A pressed admin button, from someone known to be an admin. */
export interface AdminAction {
  readonly data: unknown;
  readonly actor: AdminActor;
  /** The admin's own time zone, or the organisation's. */
  readonly timezone: string;
}

/**
 * One admin verb. A `z.ZodError` means the button is out of date (its data no longer fits, or its
 * broadcast is gone); a `ComposerProblem`, `AudienceError` or `ChecklistActionError` brings the
 * composer back with the message.
 */
export type AdminActionHandler = (action: AdminAction, context: AdminContext) => Promise<ActionOutcome>;

/** The data of every button that acts on one broadcast. */
export const broadcastIdData = z.object({ broadcastId: z.string().min(1).max(100) });

export function actorIdOf(actor: AdminActor): string {
  return actor.aadObjectId ?? actor.teamsId ?? 'unknown';
}

export function checklistTitleIn(guide: Guide, id: string): string {
  return guide.checklist(id)?.title ?? id;
}

/** The pressed card, which becomes the broadcast's live status card (none outside a message). */
export function statusMessageOf(actor: AdminActor, timezone: string): BroadcastJob['statusMessage'] {
  if (!actor.cardActivityId) return undefined;
  return {
    serviceUrl: actor.serviceUrl,
    conversationId: actor.conversationId,
    activityId: actor.cardActivityId,
    timezone,
  };
}

export async function statusCardOf(
  context: AdminContext,
  broadcastId: string,
  timezone: string,
): Promise<AdaptiveCard> {
  const card = await context.statusCards.cardFor(broadcastId, timezone);
  if (!card) throw new z.ZodError([]);
  return card;
}

/** The pressed card becomes the broadcast's status card as it is now. */
export async function showStatusCard(
  context: AdminContext,
  broadcastId: string,
  timezone: string,
): Promise<ActionOutcome> {
  return { card: await statusCardOf(context, broadcastId, timezone), messages: [] };
}
