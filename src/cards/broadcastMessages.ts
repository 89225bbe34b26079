import { ACTION_VERBS } from './actionVerbs';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './adaptiveCard';
import { checklistCardData, createChecklistCard } from './checklistCard';
import { createNextStepCard, nextStepCardData } from './nextStepCard';
import { createNoticeCard } from './noticeCard';
import { createSharedChecklistCard, sharedChecklistCardData } from './sharedChecklistCard';
import type { ChecklistService } from '../checklists/checklistService';
import type { BroadcastRenderer } from '../broadcast/broadcastSender';
import type { BroadcastContent, Recipient } from '../broadcast/types';

/** Distinct progress states whose cards are kept; most people of a broadcast share a few. */
const CARD_CACHE_LIMIT = 500;

const REMINDER_HEADING = 'A friendly reminder: your next setup step';

/** "From Ivy Admin: we move to Microsoft 365 on Monday", for a checklist sent with a reason. */
export function fromLine(content: { readonly from?: string; readonly why?: string }): string {
  return `From ${content.from ?? 'IT'}: ${content.why ?? ''}`;
}

/** Builds the activity each recipient gets. */
export class BroadcastMessages implements BroadcastRenderer {
  /** Checklist cards by checklist and progress fingerprint: templating is the costly part of a send. */
  private readonly cards = new Map<string, { card: AdaptiveCard; summary: string }>();

  constructor(private readonly checklists: ChecklistService) {}

  async activityFor(content: BroadcastContent, recipient: Recipient): Promise<Record<string, unknown>> {
    const { card, summary } = await this.cardFor(content, recipient);
    if (content.kind === 'checklist' && content.why)
      return {
        type: 'message',
        summary,
        // Shown above the card: who sends it and why, so it does not arrive out of nowhere.
        text: fromLine(content),
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
      };
    return {
      type: 'message',
      summary,
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
    };
  }

  private async cardFor(
    content: BroadcastContent,
    recipient: Recipient,
  ): Promise<{ card: AdaptiveCard; summary: string }> {
    if (content.kind === 'notice') {
      const journey = this.checklists.journey;
      return {
        summary: content.title,
        card: createNoticeCard({
          heading: content.title,
          text: content.text,
          buttons: journey
            ? [
                {
                  title: 'Show my setup checklist',
                  verb: ACTION_VERBS.checklistShow,
                  checklistId: journey.id,
                  confirm: false,
                },
              ]
            : [],
        }),
      };
    }
    const checklist = this.checklists.checklist(content.checklistId);
    if (content.kind === 'reminder') return this.reminderFor(checklist.id, recipient);
    const refresh = { checklistId: checklist.id };
    if (recipient.kind === 'person' && recipient.personKey) {
      // A 1:1 chat: the person's own progress, refreshed whenever they look at it.
      const view = await this.checklists.view({ key: recipient.personKey }, checklist.id, { inTeams: true });
      const fingerprint = [
        checklist.id,
        view.askAuthenticator,
        view.lastTicked?.step.id ?? '',
        ...view.stages.map((stage) => stage.steps.map((step) => step.reason ?? '-').join('')),
      ].join('|');
      let built = this.cards.get(fingerprint);
      if (!built) {
        built = {
          summary: `${checklist.title}: ${view.doneCount} of ${view.totalCount} steps done`,
          card: createChecklistCard(checklistCardData(view), refresh),
        };
        if (this.cards.size >= CARD_CACHE_LIMIT) this.cards.clear();
        this.cards.set(fingerprint, built);
      }
      return built;
    }
    return {
      summary: `${checklist.title}: show my progress`,
      card: createSharedChecklistCard(sharedChecklistCardData(checklist.title, checklist.id), refresh),
    };
  }

  /** A reminder: the person's own next step, or a short well-done if they have finished since. */
  private async reminderFor(
    checklistId: string,
    recipient: Recipient,
  ): Promise<{ card: AdaptiveCard; summary: string }> {
    const view = await this.checklists.view({ key: recipient.personKey ?? recipient.key }, checklistId, {
      inTeams: true,
    });
    const next = nextStepCardData(view);
    if (!next) {
      return {
        summary: 'All done',
        card: createNoticeCard({
          heading: 'All done!',
          text: `You have finished "${view.checklist.title}". Thank you!`,
          buttons: [],
        }),
      };
    }
    return {
      summary: `Next: ${next.text}`,
      card: createNextStepCard({
        ...next,
        heading: REMINDER_HEADING,
        hasFooter: true,
        footer: 'Type **stop reminders** to turn these reminders off.',
      }),
    };
  }
}
