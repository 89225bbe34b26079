import type { BroadcastRepository } from './broadcastRepository';
import type { BroadcastService, BroadcastStatus } from './broadcastService';
import type { TeamsConnectorClient } from '../teams/connectorClient';
import type { DownloadLinks } from './downloadLinks';
import type { BroadcastJob } from './types';

/** What a status card shows besides the broadcast's status. */
export interface StatusCardView {
  /** The admin's time zone, for the send time and the "Updated" time. */
  readonly timezone: string;
  /** The recipient list as a download, when links are configured. */
  readonly downloadUrl?: string;
  readonly now: Date;
}

/** Draws a broadcast's status card; the composition root supplies one from `src/cards/`. */
export interface StatusCardRenderer<Card extends Record<string, unknown> = Record<string, unknown>> {
  /** The attachment content type of the cards it draws. */
  readonly contentType: string;
  render(status: BroadcastStatus, view: StatusCardView): Card;
}

interface Schedule {
  /** When the last update was accepted: the next one goes out no sooner than an interval later. */
  lastUpdate: number;
  timer?: NodeJS.Timeout;
  inFlight: boolean;
  /** Something changed since the last update began. */
  dirty: boolean;
  final: boolean;
}

/**
 * Keeps each admin's status card current: updated in place (through the same paced connector) at
 * most once per interval while a broadcast goes out, and once more when it ends, so that its own
 * updates stay inside Teams' per-conversation limits.
 */
export class StatusCards<Card extends Record<string, unknown> = Record<string, unknown>> {
  private readonly schedules = new Map<string, Schedule>();
  /** Every update made, for tests and diagnostics: broadcast id and time. */
  readonly updates: { broadcastId: string; at: number }[] = [];

  constructor(
    private readonly broadcasts: BroadcastService,
    private readonly repository: BroadcastRepository,
    private readonly connector: TeamsConnectorClient,
    private readonly links: DownloadLinks,
    private readonly renderer: StatusCardRenderer<Card>,
    private readonly intervalMs: number,
    private readonly fallbackTimezone: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Something changed: update soon, but not sooner than the interval since the last update. */
  changed(broadcastId: string): void {
    this.schedule(broadcastId, false);
  }

  /** The broadcast ended: one last update (still respecting the interval). */
  finished(job: BroadcastJob): void {
    this.schedule(job.id, true);
  }

  stop(): void {
    for (const schedule of this.schedules.values()) clearTimeout(schedule.timer);
    this.schedules.clear();
  }

  /** The card as it is now, for invoke responses. */
  async cardFor(broadcastId: string, timezone?: string): Promise<Card | undefined> {
    const status = await this.broadcasts.status(broadcastId);
    if (!status) return undefined;
    const job = await this.repository.job(broadcastId);
    return this.renderer.render(status, {
      timezone: timezone ?? job?.statusMessage?.timezone ?? this.fallbackTimezone,
      downloadUrl: this.links.linkFor(broadcastId),
      now: new Date(this.now()),
    });
  }

  private schedule(broadcastId: string, final: boolean): void {
    const schedule = this.schedules.get(broadcastId) ?? {
      lastUpdate: Number.NEGATIVE_INFINITY,
      inFlight: false,
      dirty: false,
      final: false,
    };
    this.schedules.set(broadcastId, schedule);
    schedule.final ||= final;
    schedule.dirty = true;
    if (!schedule.timer && !schedule.inFlight) this.arm(broadcastId, schedule);
  }

  private arm(broadcastId: string, schedule: Schedule): void {
    const wait = Math.max(0, schedule.lastUpdate + this.intervalMs - this.now());
    // update() handles its own errors; the catch only keeps a bug there from becoming fatal.
    schedule.timer = setTimeout(() => this.update(broadcastId, schedule).catch(() => undefined), wait);
  }

  private async update(broadcastId: string, schedule: Schedule): Promise<void> {
    schedule.timer = undefined;
    schedule.dirty = false;
    schedule.inFlight = true;
    try {
      const job = await this.repository.job(broadcastId);
      const target = job?.statusMessage;
      const card = target && (await this.cardFor(broadcastId));
      if (target && card) {
        this.updates.push({ broadcastId, at: this.now() });
        await this.connector.updateActivity(target.serviceUrl, target.conversationId, target.activityId, {
          type: 'message',
          attachments: [{ contentType: this.renderer.contentType, content: card }],
        });
      }
    } catch {
      // A status card that cannot be updated must never disturb the broadcast itself.
    } finally {
      schedule.inFlight = false;
      schedule.lastUpdate = this.now();
      if (schedule.dirty && this.schedules.get(broadcastId) === schedule) this.arm(broadcastId, schedule);
      else if (schedule.final) this.schedules.delete(broadcastId);
    }
  }
}
