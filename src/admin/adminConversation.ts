import type { Admins } from './admins';
import { z } from 'zod';
import type { OutboundMessage } from '../assistant/assistant';
import type { ActionOutcome } from '../assistant/onboardingConversation';
import type { AuditLog } from '../broadcast/auditLog';
import { AudienceError } from '../broadcast/audienceResolver';
import type { BroadcastService } from '../broadcast/broadcastService';
import type { StatusCards } from '../broadcast/statusCards';
import { isValidTimeZone } from '../broadcast/zonedTime';
import { ACTION_VERBS } from '../cards/actionVerbs';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import { createBroadcastOutOfDateCard, createBroadcastRefusedCard } from '../cards/broadcastCards';
import { ChecklistActionError } from '../checklists/checklistService';
import { systemClock, type Clock } from '../clock';
import type { Guide } from '../guide/types';
import type { ConversationReferences } from '../state/conversationReferences';
import { words } from '../understanding/textNormalizer';
import { actorIdOf, type AdminActionHandler, type AdminActor, type AdminContext } from './adminContext';
import { composerCard } from './composer';
import { ComposerProblem, inputsOf } from './composerForm';
import { cancel } from './handlers/cancel';
import { discard } from './handlers/discard';
import { preview } from './handlers/preview';
import { recall } from './handlers/recall';
import { recallAsk } from './handlers/recallAsk';
import { remindAsk } from './handlers/remindAsk';
import { remind } from './handlers/remind';
import { send } from './handlers/send';
import { status } from './handlers/status';
import { MFA_HANDLERS, mfaCommand, type MfaChat } from './handlers/mfa';
import { recentBroadcastsCard } from './recentBroadcasts';
import type { ReportChat } from '../report/reportChat';
import { REPORT_VERB_SET } from '../report/reportVerbs';

export type { AdminActor } from './adminContext';

export type AdminCommand = 'broadcast' | 'broadcasts' | 'mfa' | 'mfaRefresh' | 'report';

/** One handler per verb of the broadcast cards' buttons. */
const HANDLERS: ReadonlyMap<string, AdminActionHandler> = new Map([
  [ACTION_VERBS.broadcastPreview, preview],
  [ACTION_VERBS.broadcastSend, send],
  [ACTION_VERBS.broadcastDiscard, discard],
  [ACTION_VERBS.broadcastStatus, status],
  [ACTION_VERBS.broadcastCancel, cancel],
  [ACTION_VERBS.broadcastRecallAsk, recallAsk],
  [ACTION_VERBS.broadcastRecall, recall],
  [ACTION_VERBS.broadcastRemindAsk, remindAsk],
  [ACTION_VERBS.broadcastRemind, remind],
]);

export const ADMIN_VERBS: ReadonlySet<string> = new Set([
  ...HANDLERS.keys(),
  ...MFA_HANDLERS.keys(),
  ...REPORT_VERB_SET,
]);

export function adminCommandOf(text: string): AdminCommand | undefined {
  const plain = words(text).join(' ');
  if (/^(?:new |send (?:a )?)?broadcast$/.test(plain)) return 'broadcast';
  if (/^(?:my |recent |list |show )?broadcasts$/.test(plain)) return 'broadcasts';
  if (/^mfa(?: report| status)?$/.test(plain)) return 'mfa';
  if (/^(?:mfa refresh|refresh mfa)$/.test(plain)) return 'mfaRefresh';
  if (/^(?:(?:the |show )?unanswered(?: questions)?(?: report)?|(?:questions )?report)$/.test(plain))
    return 'report';
  return undefined;
}

/**
 * IT admins in chat: `broadcast` opens a composer (content, audience, send time in the admin's own
 * time zone) → a preview with the recipient count → Send → a live status card with Cancel, Recall,
 * "Remind those not done" and "Download list"; `broadcasts` lists recent ones. Anyone else is
 * refused politely, and the attempt is audited. Each button's verb has its handler in `handlers/`.
 */
export class AdminConversation {
  private readonly context: AdminContext;
  private mfa?: MfaChat;
  private report?: ReportChat;

  constructor(
    guide: Guide,
    broadcasts: BroadcastService,
    statusCards: StatusCards<AdaptiveCard>,
    conversations: ConversationReferences,
    private readonly audit: AuditLog,
    private readonly admins: Pick<Admins, 'isAdmin'>,
    orgTimezone: string,
    now: Clock = systemClock,
  ) {
    this.context = { guide, broadcasts, statusCards, conversations, orgTimezone, now };
  }

  isAdmin(actor: Pick<AdminActor, 'aadObjectId'>): Promise<boolean> {
    return this.admins.isAdmin(actor.aadObjectId);
  }

  /** Adds the `mfa` commands and the MFA report card's buttons (see handlers/mfa.ts). */
  useMfa(mfa: MfaChat): void {
    this.mfa = mfa;
  }

  /** Adds the `report` command and the unanswered-questions report card's buttons (src/report/). */
  useReport(report: ReportChat): void {
    this.report = report;
  }

  async onCommand(command: AdminCommand, actor: AdminActor): Promise<OutboundMessage[]> {
    if (command === 'report')
      return this.report
        ? this.report.onCommand({ id: actorIdOf(actor), isAdmin: await this.isAdmin(actor) })
        : [];
    if (command === 'mfa' || command === 'mfaRefresh') {
      // Staff typing "mfa" mean the guide's topic: only admins get the report.
      if (!this.mfa || !(await this.isAdmin(actor)))
        return [...(this.mfa?.staffReply(command === 'mfa' ? 'mfa' : 'mfa refresh') ?? [])];
      return mfaCommand(this.mfa.admin, this.timezoneOf(actor), command === 'mfaRefresh');
    }
    if (!(await this.isAdmin(actor))) return [await this.refuse(actor, command)];
    if (command === 'broadcasts')
      return [{ text: 'Recent broadcasts', card: await recentBroadcastsCard(this.context) }];
    return [{ text: 'New broadcast', card: await composerCard(this.context, this.timezoneOf(actor)) }];
  }

  async onAction(verb: string, data: unknown, actor: AdminActor): Promise<ActionOutcome> {
    if (this.report?.handles(verb))
      return this.report.onAction(verb, data, { id: actorIdOf(actor), isAdmin: await this.isAdmin(actor) });
    if (!(await this.isAdmin(actor))) {
      const refusal = await this.refuse(actor, verb);
      return { card: refusal.card, messages: [] };
    }
    const timezone = this.timezoneOf(actor);
    const mfaHandler = MFA_HANDLERS.get(verb);
    if (mfaHandler)
      return this.mfa
        ? mfaHandler({ data, actor, timezone }, this.mfa.admin, this.context)
        : { card: createBroadcastOutOfDateCard(), messages: [] };
    const handler = HANDLERS.get(verb);
    if (!handler) return { card: createBroadcastOutOfDateCard(), messages: [] };
    try {
      return await handler({ data, actor, timezone }, this.context);
    } catch (error) {
      if (
        error instanceof ComposerProblem ||
        error instanceof AudienceError ||
        error instanceof ChecklistActionError
      ) {
        const card = await composerCard(this.context, timezone, inputsOf(data), error.message);
        return { card, messages: [] };
      }
      if (error instanceof z.ZodError) return { card: createBroadcastOutOfDateCard(), messages: [] };
      throw error;
    }
  }

  private async refuse(
    actor: AdminActor,
    attempted: string,
  ): Promise<OutboundMessage & { card: AdaptiveCard }> {
    await this.audit.record({
      actor: actorIdOf(actor),
      action: 'broadcast.refused',
      detail: { via: 'chat', attempted, reason: 'not an admin' },
    });
    return { text: 'Only IT admins can send broadcasts', card: createBroadcastRefusedCard() };
  }

  private timezoneOf(actor: AdminActor): string {
    return isValidTimeZone(actor.timezone) ? actor.timezone : this.context.orgTimezone;
  }
}
