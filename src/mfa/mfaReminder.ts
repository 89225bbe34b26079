import type { BroadcastService } from '../broadcast/broadcastService';
import type { BroadcastJob } from '../broadcast/types';
import type { ChecklistService } from '../checklists/checklistService';
import type { MfaReport } from './mfaReport';

export interface MfaReminderSent {
  readonly id: string;
  readonly recipients: number;
  /** Of those, not in Teams yet: listed in the broadcast, not reached. */
  readonly unreachable: number;
}

/**
 * "Remind them": the setup checklist to exactly the people Entra ID says have not registered MFA,
 * as an ordinary broadcast (paced, resumable, audited, with its status card).
 */
export class MfaReminder {
  constructor(
    private readonly report: MfaReport,
    private readonly broadcasts: BroadcastService,
    private readonly checklists: ChecklistService,
  ) {}

  /** Undefined when nobody is left to remind (or the report is not available). */
  async remind(
    actor: string,
    statusMessage?: BroadcastJob['statusMessage'],
  ): Promise<MfaReminderSent | undefined> {
    const journey = this.checklists.journey;
    const report = await this.report.build();
    if (!journey || report.status !== 'ok' || report.unregistered.length === 0) return undefined;
    return this.broadcasts.create(actor, {
      content: { kind: 'checklist', checklistId: journey.id },
      audience: { kind: 'users', ids: report.unregistered.map((person) => person.id) },
      statusMessage,
    });
  }
}
