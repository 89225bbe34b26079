import { systemClock, type Clock } from '../clock';
import { z } from 'zod';
import type { AuditLog } from '../broadcast/auditLog';
import { AudienceError } from '../broadcast/audienceResolver';
import type { BroadcastRequest, BroadcastService } from '../broadcast/broadcastService';
import type { StatusCards } from '../broadcast/statusCards';
import { audienceLine, contentTitle } from '../broadcast/statusCardView';
import {
  audienceSchema,
  broadcastContentSchema,
  type Audience,
  type BroadcastContent,
  type BroadcastJob,
} from '../broadcast/types';
import { formatInZone, isValidTimeZone, zonedParts, zonedTimeToUtc } from '../broadcast/zonedTime';
import { ACTION_VERBS } from '../cards/actionVerbs';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import {
  createBroadcastListCard,
  createComposerCard,
  createPreviewCard,
  type Choice,
} from '../cards/broadcastCards';
import { createNoticeCard } from '../cards/noticeCard';
import { ChecklistActionError } from '../checklists/checklistService';
import type { Guide } from '../guide/types';
import type { ConversationReferences } from '../state/conversationReferences';
import { words } from '../understanding/textNormalizer';
import type { OutboundMessage } from './assistant';
import type { ActionOutcome } from './onboardingConversation';

/** Who is asking, and where the card they pressed lives. */
export interface AdminActor {
  readonly aadObjectId?: string;
  readonly teamsId?: string;
  readonly timezone?: string;
  readonly serviceUrl: string;
  readonly conversationId: string;
  /** The message a pressed card belongs to (it becomes the live status card). */
  readonly cardActivityId?: string;
}

export type AdminCommand = 'broadcast' | 'broadcasts';

export const ADMIN_VERBS: ReadonlySet<string> = new Set([
  ACTION_VERBS.broadcastPreview,
  ACTION_VERBS.broadcastSend,
  ACTION_VERBS.broadcastDiscard,
  ACTION_VERBS.broadcastStatus,
  ACTION_VERBS.broadcastCancel,
  ACTION_VERBS.broadcastRecallAsk,
  ACTION_VERBS.broadcastRecall,
  ACTION_VERBS.broadcastRemind,
]);

export function adminCommandOf(text: string): AdminCommand | undefined {
  const plain = words(text).join(' ');
  if (/^(?:new |send (?:a )?)?broadcast$/.test(plain)) return 'broadcast';
  if (/^(?:my |recent |list |show )?broadcasts$/.test(plain)) return 'broadcasts';
  return undefined;
}

const composerInputs = z.object({
  content: z.string().min(1, 'Choose what to send.'),
  noticeTitle: z.string().trim().max(200).optional(),
  noticeText: z.string().trim().max(4000).optional(),
  audience: z.string().min(1, 'Choose who gets it.'),
  users: z.string().max(100_000).optional(),
  sendDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .or(z.literal(''))
    .optional(),
  sendTime: z
    .string()
    .regex(/^\d{2}:\d{2}(:\d{2})?$/)
    .or(z.literal(''))
    .optional(),
});
type ComposerInputs = z.infer<typeof composerInputs>;

const storedRequest = z.object({
  content: broadcastContentSchema,
  audience: audienceSchema,
  sendAt: z.string().optional(),
});
const broadcastIdData = z.object({ broadcastId: z.string().min(1).max(100) });

class ComposerProblem extends Error {}

/**
 * IT admins in chat: `broadcast` opens a composer (content, audience, send time in the admin's own
 * time zone) → a preview with the recipient count → Send → a live status card with Cancel, Recall,
 * "Remind those not done" and "Download list"; `broadcasts` lists recent ones. Anyone else is
 * refused politely, and the attempt is audited.
 */
export class AdminConversation {
  private readonly admins: ReadonlySet<string>;

  constructor(
    private readonly guide: Guide,
    private readonly broadcasts: BroadcastService,
    private readonly statusCards: StatusCards,
    private readonly conversations: ConversationReferences,
    private readonly audit: AuditLog,
    adminAadIds: readonly string[],
    private readonly orgTimezone: string,
    private readonly now: Clock = systemClock,
  ) {
    this.admins = new Set(adminAadIds.map((id) => id.toLowerCase()));
  }

  isAdmin(actor: Pick<AdminActor, 'aadObjectId'>): boolean {
    return actor.aadObjectId !== undefined && this.admins.has(actor.aadObjectId.toLowerCase());
  }

  async onCommand(command: AdminCommand, actor: AdminActor): Promise<OutboundMessage[]> {
    if (!this.isAdmin(actor)) return [await this.refuse(actor, command)];
    if (command === 'broadcasts') return [{ text: 'Recent broadcasts', card: await this.listCard() }];
    return [{ text: 'New broadcast', card: await this.composer(actor) }];
  }

  async onAction(verb: string, data: unknown, actor: AdminActor): Promise<ActionOutcome> {
    if (!this.isAdmin(actor)) {
      const refusal = await this.refuse(actor, verb);
      return { card: refusal.card, messages: [] };
    }
    try {
      return await this.act(verb, data, actor);
    } catch (error) {
      if (
        error instanceof ComposerProblem ||
        error instanceof AudienceError ||
        error instanceof ChecklistActionError
      ) {
        return { card: await this.composer(actor, inputsOf(data), error.message), messages: [] };
      }
      if (error instanceof z.ZodError)
        return {
          card: this.notice(
            'That button is out of date',
            'Nothing was changed. Type **broadcasts** to see them.',
          ),
          messages: [],
        };
      throw error;
    }
  }

  private async act(verb: string, data: unknown, actor: AdminActor): Promise<ActionOutcome> {
    const timezone = this.timezoneOf(actor);
    switch (verb) {
      case ACTION_VERBS.broadcastPreview: {
        const inputs = composerInputs.parse(data);
        const request = this.requestFrom(inputs, timezone);
        const counts = await this.broadcasts.preview(request);
        const content = request.content;
        const card = createPreviewCard(
          {
            contentLine: this.contentLine(content),
            audienceLine: audienceLine({ audience: request.audience }),
            recipientsLine: `${counts.recipients}${counts.unreachable ? ` (${counts.unreachable} not in Teams yet)` : ''}`,
            whenLine: request.sendAt ? formatInZone(request.sendAt, timezone) : 'Now',
            hasNotice: content.kind === 'notice',
            noticeTitle: content.kind === 'notice' ? content.title : '',
            noticeText: content.kind === 'notice' ? content.text : '',
            sendVerb: ACTION_VERBS.broadcastSend,
            discardVerb: ACTION_VERBS.broadcastDiscard,
          },
          { content: request.content, audience: request.audience, sendAt: request.sendAt?.toISOString() },
        );
        return { card, messages: [] };
      }
      case ACTION_VERBS.broadcastSend: {
        const stored = storedRequest.parse((data as { request?: unknown })?.request);
        const created = await this.broadcasts.create(this.actorId(actor), {
          content: stored.content,
          audience: stored.audience,
          sendAt: stored.sendAt ? new Date(stored.sendAt) : undefined,
          statusMessage: this.statusMessageOf(actor, timezone),
        });
        return { card: await this.statusCard(created.id, timezone), messages: [] };
      }
      case ACTION_VERBS.broadcastDiscard:
        return {
          card: this.notice('Broadcast discarded', 'Nothing was sent. Type **broadcast** to start again.'),
          messages: [],
        };
      case ACTION_VERBS.broadcastStatus: {
        const { broadcastId } = broadcastIdData.parse(data);
        const statusMessage = this.statusMessageOf(actor, timezone);
        if (statusMessage) await this.broadcasts.setStatusMessage(broadcastId, statusMessage);
        return { card: await this.statusCard(broadcastId, timezone), messages: [] };
      }
      case ACTION_VERBS.broadcastCancel: {
        const { broadcastId } = broadcastIdData.parse(data);
        await this.broadcasts.cancel(this.actorId(actor), broadcastId);
        return { card: await this.statusCard(broadcastId, timezone), messages: [] };
      }
      case ACTION_VERBS.broadcastRecallAsk: {
        const { broadcastId } = broadcastIdData.parse(data);
        const status = await this.broadcasts.status(broadcastId);
        if (!status) throw new z.ZodError([]);
        const card = this.notice(
          'Recall this broadcast?',
          `This deletes the ${status.sent} delivered copies from people's chats and stops any still queued. People's checklist progress stays.`,
        );
        return {
          card: {
            ...card,
            actions: [
              {
                type: 'Action.Execute',
                title: `Yes, recall ${status.sent} copies`,
                verb: ACTION_VERBS.broadcastRecall,
                data: { broadcastId },
              },
              {
                type: 'Action.Execute',
                title: 'No, keep them',
                verb: ACTION_VERBS.broadcastStatus,
                data: { broadcastId },
              },
            ],
          },
          messages: [],
        };
      }
      case ACTION_VERBS.broadcastRecall: {
        const { broadcastId } = broadcastIdData.parse(data);
        await this.broadcasts.recall(this.actorId(actor), broadcastId);
        return { card: await this.statusCard(broadcastId, timezone), messages: [] };
      }
      case ACTION_VERBS.broadcastRemind: {
        const { broadcastId } = broadcastIdData.parse(data);
        const reminder = await this.broadcasts.remindNotDone(this.actorId(actor), broadcastId);
        const card = await this.statusCard(broadcastId, timezone);
        if (!reminder)
          return { card, messages: [{ text: 'Everyone who got it has finished: no reminder needed.' }] };
        return {
          card,
          messages: [
            {
              text: `Reminder on its way to ${reminder.recipients} people`,
              card: await this.statusCard(reminder.id, timezone),
              tracksBroadcast: reminder.id,
            },
          ],
        };
      }
      default:
        throw new z.ZodError([]);
    }
  }

  private requestFrom(inputs: ComposerInputs, timezone: string): BroadcastRequest {
    const content = this.contentFrom(inputs);
    const audience = this.audienceFrom(inputs);
    let sendAt: Date | undefined;
    if (inputs.sendDate) {
      sendAt = zonedTimeToUtc(inputs.sendDate, inputs.sendTime || '09:00', timezone);
      if (Number.isNaN(sendAt.getTime()))
        throw new ComposerProblem('That send time is not a valid date and time.');
    } else if (inputs.sendTime) {
      throw new ComposerProblem('Choose a date for the send time, or leave both empty to send now.');
    }
    return { content, audience, sendAt };
  }

  private contentFrom(inputs: ComposerInputs): BroadcastContent {
    const [kind, id] = splitChoice(inputs.content);
    if (kind === 'checklist') {
      if (!this.guide.checklist(id)) throw new ComposerProblem(`There is no checklist "${id}".`);
      return { kind: 'checklist', checklistId: id };
    }
    if (kind === 'notice' && id === 'custom') {
      if (!inputs.noticeTitle || !inputs.noticeText)
        throw new ComposerProblem('Your own notice needs a title and a text.');
      return { kind: 'notice', title: inputs.noticeTitle, text: inputs.noticeText };
    }
    const notice = this.guide.notices.find((candidate) => candidate.id === id);
    if (kind !== 'notice' || !notice) throw new ComposerProblem('Choose what to send.');
    return { kind: 'notice', title: notice.title, text: notice.text };
  }

  private audienceFrom(inputs: ComposerInputs): Audience {
    const [kind, id] = splitChoice(inputs.audience);
    if (kind === 'all') return { kind: 'all' };
    if (kind === 'team' && id) return { kind: 'team', teamId: id };
    if (kind === 'channel' && id) return { kind: 'channels', ids: [id] };
    if (kind === 'users') {
      const ids = (inputs.users ?? '')
        .split(/[\s,;]+/)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      if (ids.length === 0)
        throw new ComposerProblem(
          'Add the people: e-mail addresses or Entra object ids, separated by commas.',
        );
      return { kind: 'users', ids };
    }
    throw new ComposerProblem('Choose who gets it.');
  }

  private async composer(
    actor: AdminActor,
    previous: Partial<ComposerInputs> = {},
    error?: string,
  ): Promise<AdaptiveCard> {
    const timezone = this.timezoneOf(actor);
    const known = await this.conversations.list();
    const people = known.filter((saved) => saved.conversationType === 'personal').length;
    const teams = new Map<string, string>();
    const channels: Choice[] = [];
    for (const saved of known) {
      if (saved.teamId && !teams.has(saved.teamId)) teams.set(saved.teamId, saved.teamName ?? saved.teamId);
      if (saved.conversationType !== 'personal') {
        const id = saved.conversationId.split(';')[0];
        const kind = saved.conversationType === 'channel' ? 'Channel' : 'Group chat';
        if (!channels.some((choice) => choice.value === `channel:${id}`)) {
          channels.push({
            title: `${kind}: ${saved.conversationName ?? saved.teamName ?? id}`,
            value: `channel:${id}`,
          });
        }
      }
    }
    const today = zonedParts(this.now(), timezone);
    return createComposerCard({
      contentChoices: [
        ...this.guide.checklists.map((checklist) => ({
          title: `Checklist: ${checklist.title}`,
          value: `checklist:${checklist.id}`,
        })),
        ...this.guide.notices.map((notice) => ({
          title: `Notice: ${notice.title}`,
          value: `notice:${notice.id}`,
        })),
        { title: 'Notice: write your own (title and text below)', value: 'notice:custom' },
      ],
      audienceChoices: [
        { title: `Everyone who has the app (${people} ${people === 1 ? 'person' : 'people'})`, value: 'all' },
        ...[...teams].map(([teamId, name]) => ({
          title: `Team: ${name} (each member in a 1:1 chat)`,
          value: `team:${teamId}`,
        })),
        ...channels,
        { title: 'Chosen people (list below)', value: 'users' },
      ],
      timezone,
      today: `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`,
      hasError: error !== undefined,
      error: error ?? '',
      previewVerb: ACTION_VERBS.broadcastPreview,
      contentValue: previous.content ?? `checklist:${this.guide.checklists[0]?.id ?? ''}`,
      noticeTitle: previous.noticeTitle ?? '',
      noticeText: previous.noticeText ?? '',
      audienceValue: previous.audience ?? 'all',
      users: previous.users ?? '',
      sendDate: previous.sendDate ?? '',
      sendTime: previous.sendTime ?? '',
    });
  }

  private async listCard(): Promise<AdaptiveCard> {
    const recent = await this.broadcasts.list(10);
    return createBroadcastListCard({
      isEmpty: recent.length === 0,
      items: recent.map((status) => ({
        id: status.id,
        title: contentTitle(status, (id) => this.checklistTitle(id)),
        line: `${status.state} · ${status.sent} of ${status.total} sent${status.done !== undefined ? ` · ${status.done} done` : ''} · ${formatInZone(new Date(status.createdAt), this.orgTimezone)}`,
        verb: ACTION_VERBS.broadcastStatus,
      })),
    });
  }

  private async statusCard(broadcastId: string, timezone: string): Promise<AdaptiveCard> {
    const card = await this.statusCards.cardFor(broadcastId, timezone);
    if (!card) throw new z.ZodError([]);
    return card;
  }

  private async refuse(
    actor: AdminActor,
    attempted: string,
  ): Promise<OutboundMessage & { card: AdaptiveCard }> {
    await this.audit.record({
      actor: this.actorId(actor),
      action: 'broadcast.refused',
      detail: { via: 'chat', attempted, reason: 'not an admin' },
    });
    return {
      text: 'Only IT admins can send broadcasts',
      card: this.notice(
        'Only IT admins can send broadcasts',
        "Sorry, broadcasting to staff is for the IT team. If you think you should have access, ask IT to add you. I'm happy to help with your own Microsoft 365 setup: type **menu**.",
      ),
    };
  }

  private notice(heading: string, text: string): AdaptiveCard {
    return createNoticeCard({ heading, text, buttons: [] });
  }

  private contentLine(content: BroadcastContent): string {
    if (content.kind === 'notice') return `Notice: ${content.title}`;
    return `${content.kind === 'reminder' ? 'Reminder' : 'Checklist'}: ${this.checklistTitle(content.checklistId)}`;
  }

  private checklistTitle(id: string): string {
    return this.guide.checklist(id)?.title ?? id;
  }

  private timezoneOf(actor: AdminActor): string {
    return isValidTimeZone(actor.timezone) ? actor.timezone : this.orgTimezone;
  }

  private actorId(actor: AdminActor): string {
    return actor.aadObjectId ?? actor.teamsId ?? 'unknown';
  }

  private statusMessageOf(actor: AdminActor, timezone: string): BroadcastJob['statusMessage'] {
    if (!actor.cardActivityId) return undefined;
    return {
      serviceUrl: actor.serviceUrl,
      conversationId: actor.conversationId,
      activityId: actor.cardActivityId,
      timezone,
    };
  }
}

function splitChoice(value: string): [string, string] {
  const index = value.indexOf(':');
  return index < 0 ? [value, ''] : [value.slice(0, index), value.slice(index + 1)];
}

function inputsOf(data: unknown): Partial<ComposerInputs> {
  const parsed = composerInputs.partial().safeParse(data);
  return parsed.success ? parsed.data : {};
}
