import type { BroadcastJob } from '../broadcast/types';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import type { MfaRefresher, RefreshOutcome } from './mfaRefresher';
import type { MfaReminder, MfaReminderSent } from './mfaReminder';
import type { MfaReport } from './mfaReport';
import { createMfaReportCard } from './mfaReportCard';

/** What a refresh did, in a sentence for the admin. */
export function refreshSentence(outcome: RefreshOutcome): string {
  switch (outcome.kind) {
    case 'refreshed':
      return `Read ${outcome.people} people from Microsoft Entra ID (${outcome.registered} registered).`;
    case 'busy':
    case 'notDue':
      return 'A refresh is already running; the card shows the records as they are now.';
    case 'unavailable':
      return outcome.note;
    case 'failed':
      return `Could not refresh from Microsoft Entra ID: ${outcome.problem}`;
    case 'off':
      return 'MFA status is off: Microsoft Graph is not configured.';
  }
}

/** The admins' side of MFA registration, for chat (and the tab's routes): the report, refresh, remind. */
export class MfaAdmin {
  constructor(
    readonly report: MfaReport,
    readonly refresher: MfaRefresher,
    readonly reminder: MfaReminder,
  ) {}

  async card(timezone: string): Promise<AdaptiveCard> {
    return createMfaReportCard(await this.report.build(), timezone);
  }

  async refresh(): Promise<{ outcome: RefreshOutcome; sentence: string }> {
    const outcome = await this.refresher.refresh();
    return { outcome, sentence: refreshSentence(outcome) };
  }

  remind(actor: string, statusMessage?: BroadcastJob['statusMessage']): Promise<MfaReminderSent | undefined> {
    return this.reminder.remind(actor, statusMessage);
  }
}
