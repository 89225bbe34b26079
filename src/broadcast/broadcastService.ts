import { systemClock, type Clock } from '../clock';
import { randomUUID } from 'node:crypto';
import type { ChecklistService } from '../checklists/checklistService';
import type { ProgressRepository } from '../checklists/progressRepository';
import { BroadcastReport, type ChecklistStanding } from './broadcastReport';
import type { AuditLog } from './auditLog';
import type { AudienceResolver } from './audienceResolver';
import type { BroadcastRepository } from './broadcastRepository';
import { deliveryCounts, type DeliveryEngine } from './deliveryEngine';
import type { Audience, BroadcastContent, BroadcastJob, Recipient } from './types';

export interface BroadcastRequest {
  readonly content: BroadcastContent;
  readonly audience: Audience;
  /** When to send; now when left out or in the past. */
  readonly sendAt?: Date;
  /** The admin's status card in chat, if the broadcast was sent from there. */
  readonly statusMessage?: BroadcastJob['statusMessage'];
}

export type { ChecklistStanding } from './broadcastReport';

export interface BroadcastStatus extends Record<string, unknown> {
  readonly id: string;
  readonly state: BroadcastJob['state'];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly sendAt: string;
  readonly content: BroadcastContent;
  readonly audience: Audience;
  /** The last recall could not delete every copy (Recall stays available to try again). */
  readonly recallProblem?: string;
  readonly pausedReason?: string;
  /** Something IT should know about the delivery (e.g. a Graph permission missing for installs). */
  readonly note?: string;
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
  readonly unreachable: number;
  readonly pending: number;
  readonly cancelled: number;
  readonly deleted: number;
  readonly done?: number;
  readonly inProgress?: number;
  readonly notStarted?: number;
}

export interface RecipientReport {
  readonly key: string;
  readonly label: string;
  readonly kind: Recipient['kind'];
  readonly state: Recipient['state'];
  readonly attempts: number;
  readonly error?: string;
  readonly progress?: ChecklistStanding;
}

/** A broadcast request that cannot be carried out as asked. */
export class BroadcastRequestError extends Error {}

/** What a broadcast would reach (nothing is sent). */
export interface AudiencePreview {
  readonly recipients: number;
  /** Of those, not reachable (not in Teams yet). */
  readonly unreachable: number;
  /** An Entra group's display name. */
  readonly audienceName?: string;
  /** Set when it reaches nobody: why, and that it cannot be sent. */
  readonly reason?: string;
}

function nobodyReason(asked: number): string {
  if (asked === 0) return 'This broadcast reaches nobody: the audience has no one in it.';
  if (asked === 1) return 'This broadcast reaches nobody: the one person in it is not in Teams yet.';
  return `This broadcast reaches nobody: none of the ${asked} people in it are in Teams yet.`;
}

/** IT broadcasts: create (resolving the audience), watch, cancel, recall, resume. Every change is audited. */
export class BroadcastService {
  constructor(
    private readonly repository: BroadcastRepository,
    private readonly resolver: AudienceResolver,
    private readonly engine: DeliveryEngine,
    private readonly checklists: ChecklistService,
    progress: ProgressRepository,
    private readonly audit: AuditLog,
    private readonly now: Clock = systemClock,
  ) {
    this.report = new BroadcastReport(checklists, progress, now);
  }

  private readonly report: BroadcastReport;

  /** Whether an Entra group can be the audience (Microsoft Graph is configured). */
  get groupsAvailable(): boolean {
    return this.resolver.groupsAvailable;
  }

  /** Creates the broadcast; one that would reach nobody is refused (BroadcastRequestError). */
  async create(
    actor: string,
    request: BroadcastRequest,
  ): Promise<{ id: string; recipients: number; unreachable: number }> {
    if (request.content.kind !== 'notice') this.checklists.checklist(request.content.checklistId);
    const audience = await this.resolver.named(request.audience);
    const drafts = await this.resolver.resolve(audience);
    if (!drafts.some((draft) => draft.state !== 'unreachable'))
      throw new BroadcastRequestError(nobodyReason(drafts.length));
    return this.createJob(actor, { ...request, audience }, drafts);
  }

  /**
   * How many a request would reach, without sending anything (the composer's preview). `reason`
   * says why it cannot be sent when it reaches nobody; `audienceName` is a group's display name.
   */
  async preview(request: BroadcastRequest): Promise<AudiencePreview> {
    if (request.content.kind !== 'notice') this.checklists.checklist(request.content.checklistId);
    const audience = await this.resolver.named(request.audience);
    const drafts = await this.resolver.resolve(audience);
    const unreachable = drafts.filter((draft) => draft.state === 'unreachable').length;
    return {
      recipients: drafts.length,
      unreachable,
      ...(audience.kind === 'group' && audience.name ? { audienceName: audience.name } : {}),
      ...(drafts.length === unreachable ? { reason: nobodyReason(drafts.length) } : {}),
    };
  }

  /**
   * "Remind those not done": a new broadcast of each person's next step to the recipients of a
   * checklist broadcast who got it and have not finished. Undefined when there is nobody to remind.
   */
  async remindNotDone(
    actor: string,
    id: string,
    statusMessage?: BroadcastJob['statusMessage'],
  ): Promise<{ id: string; recipients: number } | undefined> {
    const job = await this.repository.job(id);
    if (!job || job.content.kind === 'notice') return undefined;
    const entries = (await this.repository.recipients(id)).map(({ recipient }) => recipient);
    const standing = await this.report.standings(job, entries);
    const drafts = entries
      .filter(
        (recipient) =>
          recipient.kind === 'person' &&
          (recipient.state === 'sent' || recipient.state === 'deleted') &&
          standing(recipient) !== 'done',
      )
      .map((recipient) => ({
        key: recipient.key,
        personKey: recipient.personKey,
        label: recipient.label,
        kind: recipient.kind,
        target: {
          ...(recipient.target as NonNullable<Recipient['target']>),
          conversationId: recipient.conversationId ?? recipient.target?.conversationId,
        },
        state: 'pending' as const,
      }));
    if (drafts.length === 0) return undefined;
    const content = { kind: 'reminder' as const, checklistId: job.content.checklistId, of: id };
    const audience = { kind: 'users' as const, ids: drafts.map((draft) => draft.personKey ?? draft.key) };
    return this.createJob(actor, { content, audience, statusMessage }, drafts);
  }

  /** Sends to people already resolved (reminders and nudges), through the same ledger and sender. */
  async createForRecipients(
    actor: string,
    request: BroadcastRequest,
    drafts: readonly Omit<Recipient, 'updatedAt' | 'attempts'>[],
  ): Promise<{ id: string; recipients: number; unreachable: number }> {
    return this.createJob(actor, request, drafts);
  }

  /** Points a broadcast's live status card at a message (the card the admin opened last). */
  async setStatusMessage(
    id: string,
    statusMessage: NonNullable<BroadcastJob['statusMessage']>,
  ): Promise<void> {
    await this.repository.updateJob(id, (job) => ({ ...job, statusMessage }));
  }

  private async createJob(
    actor: string,
    request: BroadcastRequest,
    drafts: readonly Omit<Recipient, 'updatedAt' | 'attempts'>[],
  ): Promise<{ id: string; recipients: number; unreachable: number }> {
    const now = this.now();
    const id = randomUUID();
    const sendAt = request.sendAt && request.sendAt > now ? request.sendAt : now;
    const job: BroadcastJob = {
      id,
      createdAt: now.toISOString(),
      createdBy: actor,
      content: request.content,
      audience: request.audience,
      sendAt: sendAt.toISOString(),
      state: 'scheduled',
      recallRequested: false,
      total: drafts.length,
      statusMessage: request.statusMessage,
    };
    const recipients = drafts.map((draft) => ({ ...draft, attempts: 0, updatedAt: now.toISOString() }));
    await this.repository.create(job, recipients);
    const unreachable = recipients.filter((recipient) => recipient.state === 'unreachable').length;
    await this.audit.record({
      actor,
      action: 'broadcast.create',
      broadcastId: id,
      detail: {
        content: request.content,
        audience: request.audience,
        sendAt: job.sendAt,
        recipients: recipients.length,
        unreachable,
      },
    });
    this.engine.plan(job);
    return { id, recipients: recipients.length, unreachable };
  }

  async list(limit = 50): Promise<BroadcastStatus[]> {
    const jobs = (await this.repository.jobs())
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
    return Promise.all(jobs.map((job) => this.statusOf(job)));
  }

  async status(id: string): Promise<BroadcastStatus | undefined> {
    const job = await this.repository.job(id);
    return job && this.statusOf(job);
  }

  async recipients(id: string): Promise<RecipientReport[] | undefined> {
    const job = await this.repository.job(id);
    if (!job) return undefined;
    const entries = await this.repository.recipients(id);
    const standing = await this.report.standings(
      job,
      entries.map(({ recipient }) => recipient),
    );
    return entries.map(({ recipient }) => ({
      key: recipient.key,
      label: recipient.label,
      kind: recipient.kind,
      state: recipient.state === 'sending' ? 'pending' : recipient.state,
      attempts: recipient.attempts,
      error: recipient.error,
      progress: standing(recipient),
    }));
  }

  /** Stops pending sends; already delivered copies stay. Idempotent. */
  async cancel(actor: string, id: string): Promise<BroadcastStatus | undefined> {
    const job = await this.repository.updateJob(id, (current) =>
      ['scheduled', 'sending', 'paused'].includes(current.state)
        ? { ...current, state: 'cancelled' }
        : undefined,
    );
    if (!job) return undefined;
    await this.markPendingCancelled(id);
    await this.audit.record({ actor, action: 'broadcast.cancel', broadcastId: id });
    return this.status(id);
  }

  /** Cancels, then deletes every delivered copy (progress stays). Idempotent. */
  async recall(actor: string, id: string): Promise<BroadcastStatus | undefined> {
    const job = await this.repository.updateJob(id, (current) => {
      if (current.recallRequested) return undefined;
      const state = ['scheduled', 'sending', 'paused'].includes(current.state) ? 'cancelled' : current.state;
      return { ...current, state, recallRequested: true, recallProblem: undefined };
    });
    if (!job) return undefined;
    await this.markPendingCancelled(id);
    await this.audit.record({ actor, action: 'broadcast.recall', broadcastId: id });
    this.engine.plan(job);
    return this.status(id);
  }

  /** Carries on a job paused by a 401, once the credentials are fixed. */
  async resume(actor: string, id: string): Promise<BroadcastStatus | undefined> {
    const job = await this.repository.updateJob(id, (current) =>
      current.state === 'paused' ? { ...current, state: 'sending', pausedReason: undefined } : undefined,
    );
    if (!job) return undefined;
    await this.audit.record({ actor, action: 'broadcast.resume', broadcastId: id });
    this.engine.plan(job);
    return this.status(id);
  }

  private async markPendingCancelled(id: string): Promise<void> {
    for (const entry of await this.repository.recipients(id)) {
      if (entry.recipient.state !== 'pending') continue;
      // From the version just listed: one write per recipient, a read only on a conflict.
      await this.repository.updateRecipientFrom(entry, (current) =>
        current.state === 'pending'
          ? { ...current, state: 'cancelled', updatedAt: this.now().toISOString() }
          : undefined,
      );
    }
  }

  private async statusOf(job: BroadcastJob): Promise<BroadcastStatus> {
    // One read of the ledger serves both the delivery counts and the checklist standings.
    const summaries = await this.repository.recipientSummaries(job.id);
    const counts = deliveryCounts(summaries);
    const status: BroadcastStatus = {
      id: job.id,
      state: job.state,
      createdAt: job.createdAt,
      createdBy: job.createdBy,
      sendAt: job.sendAt,
      content: job.content,
      audience: job.audience,
      pausedReason: job.pausedReason,
      recallProblem: job.recallProblem,
      ...(job.note ? { note: job.note } : {}),
      total: counts.total,
      sent: counts.sent,
      failed: counts.failed,
      unreachable: counts.unreachable,
      pending: counts.pending,
      cancelled: counts.cancelled,
      deleted: counts.deleted,
    };
    if (job.content.kind === 'notice') return status;
    const standing = await this.report.standings(job, summaries);
    const standings = { done: 0, inProgress: 0, notStarted: 0 };
    for (const recipient of summaries) {
      const value = standing(recipient);
      if (value) standings[value]++;
    }
    return { ...status, ...standings };
  }
}
