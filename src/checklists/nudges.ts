import { systemClock, type Clock } from '../clock';
import { z } from 'zod';
import type { BroadcastService } from '../broadcast/broadcastService';
import { isValidTimeZone, zonedParts } from '../broadcast/zonedTime';
import type { NudgeSettings } from '../config';
import type { ConversationReferences, SavedConversation } from '../state/conversationReferences';
import { optimisticUpdate } from '../state/optimisticUpdate';
import { keySegment, type Store } from '../state/store';
import type { ChecklistService } from './checklistService';
import { buildChecklistView } from './checklistView';
import type { ProgressRepository } from './progressRepository';

const nudgeRecordSchema = z.object({
  count: z.number().int().default(0),
  lastAt: z.string().optional(),
  optedOut: z.boolean().default(false),
});
type NudgeRecord = z.infer<typeof nudgeRecordSchema>;

const PREFIX = 'nudge/';

function keyOf(personKey: string): string {
  return `${PREFIX}${keySegment(personKey)}`;
}
const DAY_MS = 24 * 60 * 60 * 1000;
const WORKDAY = { firstHour: 9, lastHour: 17 };
export const NUDGE_ACTOR = 'system:nudges';

/**
 * Friendly nudges for people who started the setup and stopped: after a quiet period without
 * progress, at most one per quiet period and `maxNudges` in all, only 09:00–17:00 on weekdays in
 * the person's own time zone, none once they are done or have said "stop reminders". Nudges are
 * broadcasts, so they go through the same paced, resumable sender.
 */
export class NudgeScheduler {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly progress: ProgressRepository,
    private readonly conversations: ConversationReferences,
    private readonly checklists: ChecklistService,
    private readonly broadcasts: BroadcastService,
    private readonly settings: NudgeSettings,
    private readonly now: Clock = systemClock,
  ) {}

  /** Ticks every `everyMs` while `isOwner` says this instance holds the nudge duty (one instance does). */
  start(everyMs = 15 * 60 * 1000, isOwner: () => boolean = () => true): void {
    if (this.settings.quietDays === 0) return;
    this.timer = setInterval(() => {
      if (isOwner()) void this.tick().catch(() => undefined);
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** "stop reminders": no more nudges for this person. */
  async stopReminders(personKey: string): Promise<void> {
    await this.update(personKey, (record) => ({ ...record, optedOut: true }));
  }

  /** Sends the nudges that are due now; returns who was nudged. */
  async tick(): Promise<string[]> {
    const journey = this.checklists.journey;
    if (this.settings.quietDays === 0 || !journey) return [];
    const now = this.now();
    const quietMs = this.settings.quietDays * DAY_MS;
    const personal = new Map<string, SavedConversation>();
    for (const saved of await this.conversations.list()) {
      if (saved.conversationType !== 'personal') continue;
      const key = saved.userAadObjectId
        ? `aad:${saved.userAadObjectId}`
        : saved.userTeamsId
          ? `teams:${saved.userTeamsId}`
          : undefined;
      if (key) personal.set(key, saved);
    }
    const due: SavedConversation[] = [];
    const dueKeys: string[] = [];
    for (const progress of await this.progress.list()) {
      const conversation = personal.get(progress.personKey);
      if (!conversation) continue;
      const view = buildChecklistView(journey, progress, { inTeams: true });
      const started = view.stages.some((stage) =>
        stage.steps.some((step) => step.reason === 'ticked' || step.reason === 'authenticator-confirmed'),
      );
      if (view.complete || !started) continue;
      if (now.getTime() - Date.parse(progress.updatedAt) < quietMs) continue;
      const record = await this.record(progress.personKey);
      if (record.optedOut || record.count >= this.settings.maxNudges) continue;
      if (record.lastAt && now.getTime() - Date.parse(record.lastAt) < quietMs) continue;
      const zone = isValidTimeZone(conversation.timezone) ? conversation.timezone : this.settings.orgTimezone;
      const local = zonedParts(now, zone);
      const workday =
        local.weekday >= 1 &&
        local.weekday <= 5 &&
        local.hour >= WORKDAY.firstHour &&
        local.hour < WORKDAY.lastHour;
      if (!workday) continue;
      due.push(conversation);
      dueKeys.push(progress.personKey);
    }
    if (due.length === 0) return [];
    // Recorded first: if the process dies in between, a nudge is skipped rather than sent twice.
    for (const personKey of dueKeys) {
      await this.update(personKey, (record) => ({
        ...record,
        count: record.count + 1,
        lastAt: now.toISOString(),
      }));
    }
    await this.broadcasts.createForRecipients(
      NUDGE_ACTOR,
      { content: { kind: 'reminder', checklistId: journey.id }, audience: { kind: 'users', ids: dueKeys } },
      due.map((conversation, index) => ({
        key: dueKeys[index],
        personKey: dueKeys[index],
        label: conversation.userName ?? dueKeys[index],
        kind: 'person' as const,
        target: {
          serviceUrl: conversation.serviceUrl,
          tenantId: conversation.tenantId,
          botId: conversation.botId,
          conversationId: conversation.conversationId,
        },
        state: 'pending' as const,
      })),
    );
    return dueKeys;
  }

  private async record(personKey: string): Promise<NudgeRecord> {
    const item = await this.store.get(keyOf(personKey));
    return nudgeRecordSchema.parse(item?.value ?? {});
  }

  private async update(personKey: string, change: (record: NudgeRecord) => NudgeRecord): Promise<void> {
    await optimisticUpdate(
      this.store,
      keyOf(personKey),
      (item) => nudgeRecordSchema.parse(item?.value ?? {}),
      change,
    );
  }
}
