import type { Clock } from '../clock';
import type { BroadcastSettings } from '../config';
import type { ConversationReferences } from '../state/conversationReferences';
import { ConnectorError, type TeamsConnectorClient } from '../teams/connectorClient';
import type { RateLimiter } from '../teams/rateLimiter';
import type { AppInstallation } from './appInstallation';
import { NOT_IN_TEAMS } from './audienceResolver';
import type { AuditLog } from './auditLog';
import type { BroadcastRepository, StoredRecipient } from './broadcastRepository';
import type { DeliveryListeners, DeliveryLogger } from './deliveryEvents';
import { asConnectorError, type RetryPolicy } from './retryPolicy';
import type { BroadcastContent, BroadcastJob, Recipient } from './types';

const JOB_RECHECK_MS = 100;
const UNKNOWN_ID_NOTE = 'Delivered, but Teams returned no message id, so this copy cannot be recalled.';

/** Turns a broadcast's content into the activity one recipient gets (implemented by `src/cards/`). */
export interface BroadcastRenderer {
  activityFor(content: BroadcastContent, recipient: Recipient): Promise<Record<string, unknown>>;
}

/** Whether a run may go on: false once the engine stops or this instance lost the job's lease. */
export type MayContinue = () => boolean;

export interface SenderDependencies {
  readonly repository: BroadcastRepository;
  readonly connector: TeamsConnectorClient;
  readonly limiter: RateLimiter;
  readonly renderer: BroadcastRenderer;
  readonly conversations: ConversationReferences;
  readonly audit: AuditLog;
  readonly settings: Pick<BroadcastSettings, 'concurrency'>;
  readonly retry: RetryPolicy;
  readonly logger: DeliveryLogger;
  readonly events: DeliveryListeners;
  readonly clock: Clock;
  /** Installs the app for people without a conversation (Graph on); undefined: they stay unreachable. */
  readonly installation?: AppInstallation;
}

/** Hands out items in order to several workers (Array.shift is linear on large arrays). */
class WorkQueue<T> {
  private position = 0;
  constructor(private readonly items: readonly T[]) {}
  get size(): number {
    return this.items.length;
  }
  next(): T | undefined {
    return this.items[this.position++];
  }
}

/** The job was paused (401) while a send was under way: put the recipient back as it was. */
class JobPaused extends Error {}

/**
 * The workers: send one job's copies, `concurrency` at a time, through the one rate limiter. Each
 * recipient is marked `sending` before the connector call and `sent` (with the activity id) after
 * it, so a run taken up again (after a restart, or by another instance) resumes with everyone not
 * yet `sent`; only a copy in flight at the moment of a crash can arrive twice.
 */
export class BroadcastSender {
  private readonly jobCache = new Map<string, { job: BroadcastJob; readAt: number }>();
  /** Jobs whose installs Graph refused (permission, catalog): why, for the rest of their people. */
  private readonly installsRefused = new Map<string, string>();

  constructor(private readonly deps: SenderDependencies) {}

  /** Sends every pending copy of the job, then marks it completed (read from the ledger). */
  async send(jobId: string, mayContinue: MayContinue): Promise<void> {
    const { repository, settings } = this.deps;
    for (;;) {
      const job = await repository.updateJob(jobId, (current) =>
        current.state === 'scheduled' ? { ...current, state: 'sending' } : undefined,
      );
      if (!job || job.state !== 'sending' || !mayContinue()) return;
      const queue = new WorkQueue(
        (await repository.recipients(jobId)).filter(
          ({ recipient }) => recipient.state === 'pending' || recipient.state === 'sending',
        ),
      );
      // Completion is read from the ledger, so a copy put back to pending is never left behind.
      if (queue.size === 0) return this.complete(jobId);
      let halted = false;
      const worker = async () => {
        for (let entry = queue.next(); entry && !halted && mayContinue(); entry = queue.next()) {
          const current = await this.currentJob(jobId);
          if (!current || current.state !== 'sending') {
            halted = true;
            return;
          }
          try {
            await this.deliver(current, entry, mayContinue);
          } catch (error) {
            // Every worker stops with the first failure: the run ends, and with it this instance's
            // claim on the job, so no worker may go on sending beside the next owner.
            halted = true;
            if (!(error instanceof JobPaused)) throw error;
          }
        }
      };
      await allWorkers(settings.concurrency, worker);
      if (halted || !mayContinue()) return;
    }
  }

  /** Deletes every delivered copy, through the same limiter, then marks the job recalled. */
  async recall(jobId: string, mayContinue: MayContinue): Promise<void> {
    const { repository, settings, events } = this.deps;
    const sent = (await repository.recipients(jobId)).filter(({ recipient }) => recipient.state === 'sent');
    // Teams accepted these but its reply could not be read, so there is no id to delete them by.
    for (const entry of sent) {
      if (!entry.recipient.activityId && entry.recipient.error !== UNKNOWN_ID_NOTE)
        await this.record(entry, { error: UNKNOWN_ID_NOTE });
    }
    const delivered = new WorkQueue(sent.filter(({ recipient }) => recipient.activityId));
    let failed = false;
    const worker = async () => {
      for (let entry = delivered.next(); entry && !failed && mayContinue(); entry = delivered.next()) {
        const { recipient } = entry;
        const conversationId = recipient.conversationId ?? recipient.target?.conversationId;
        if (!recipient.target || !conversationId) continue;
        const target = recipient.target;
        const deleted = await this.withRetries(mayContinue, () =>
          this.deps.connector.deleteActivity(
            target.serviceUrl,
            conversationId,
            recipient.activityId as string,
          ),
        );
        // Unreachable: the chat is gone, and the copy with it.
        if (deleted === 'stopped') return;
        if (deleted === 'gave-up') {
          failed = true;
          return;
        }
        await this.record(entry, { state: 'deleted' });
        events.progress(jobId);
      }
    };
    await allWorkers(settings.concurrency, worker);
    if (!mayContinue()) return;
    if (failed) {
      // Said on the status card, and the recall is no longer pending: the admin decides to try again.
      const left = (await repository.recipients(jobId)).filter(({ recipient }) => recipient.state === 'sent');
      const job = await repository.updateJob(jobId, (current) => ({
        ...current,
        recallRequested: false,
        recallProblem:
          `The recall stopped: Teams kept refusing to delete copies, and ${left.length} ` +
          `${left.length === 1 ? 'copy is' : 'copies are'} still in people's chats. Press Recall to try again.`,
      }));
      if (job) events.finished(job);
      throw new Error(`Could not delete every copy of broadcast ${jobId}`);
    }
    const job = await repository.updateJob(jobId, (current) => ({ ...current, state: 'recalled' }));
    if (job) events.finished(job);
  }

  /** Delivery counts of a job, from its ledger. */
  async counts(jobId: string): Promise<Record<string, number>> {
    return deliveryCounts(await this.deps.repository.recipientSummaries(jobId));
  }

  /** A call retried by the policy; 'unreachable' and 'gave-up' are the ways it can end without success. */
  private async withRetries(
    mayContinue: MayContinue,
    call: () => Promise<unknown>,
  ): Promise<'done' | 'unreachable' | 'gave-up' | 'stopped'> {
    let throttled = 0;
    for (let attempts = 1; ; attempts++) {
      if (!mayContinue()) return 'stopped';
      try {
        await call();
        return 'done';
      } catch (caught) {
        const decision = this.deps.retry.decide(asConnectorError(caught), attempts, throttled);
        if (decision.kind === 'throttled') {
          throttled++;
          attempts--;
          this.deps.limiter.holdFor(decision.holdMs);
        } else if (decision.kind === 'retry') await sleep(decision.waitMs);
        else if (decision.kind === 'unreachable') return 'unreachable';
        else return 'gave-up';
      }
    }
  }

  private async complete(jobId: string): Promise<void> {
    const completed = await this.deps.repository.updateJob(jobId, (current) =>
      current.state === 'sending' ? { ...current, state: 'completed' } : undefined,
    );
    if (completed?.state !== 'completed') return;
    await this.deps.audit.record({
      actor: 'system',
      action: 'broadcast.completed',
      broadcastId: jobId,
      detail: { counts: await this.counts(jobId) },
    });
    this.deps.events.finished(completed);
  }

  private async deliver(job: BroadcastJob, entry: StoredRecipient, mayContinue: MayContinue): Promise<void> {
    const { connector, renderer, events } = this.deps;
    let claimed = await this.deps.repository.updateRecipientFrom(entry, (current) =>
      current.state === 'pending' || current.state === 'sending'
        ? { ...current, state: 'sending', attempts: current.attempts + 1, updatedAt: this.now() }
        : undefined,
    );
    if (!claimed || claimed.recipient.state !== 'sending') return;
    if (!claimed.recipient.target && claimed.recipient.entraId) {
      const installed = await this.installFor(job, claimed);
      if (!installed) return;
      claimed = installed;
    }
    let throttled = 0;
    for (;;) {
      const recipient = claimed.recipient;
      // Stopping, or no longer the job's owner: the copy goes back for whoever sends next.
      if (!mayContinue()) {
        await this.record(claimed, { state: 'pending' });
        return;
      }
      try {
        const target = recipient.target;
        if (!target) throw new ConnectorError(404, 'no delivery target');
        const conversationId =
          recipient.conversationId ??
          target.conversationId ??
          (await connector.createPersonalConversation(
            target.serviceUrl,
            target.botId,
            target.userTeamsId as string,
            target.tenantId,
          ));
        const activityId = await connector.sendActivity(
          target.serviceUrl,
          conversationId,
          await renderer.activityFor(job.content, recipient),
        );
        await this.record(claimed, { state: 'sent', activityId, conversationId, error: undefined });
        events.progress(job.id);
        return;
      } catch (caught) {
        const error = asConnectorError(caught);
        const decision = this.deps.retry.decide(error, recipient.attempts, throttled);
        if (decision.kind === 'throttled') {
          throttled++;
          this.deps.limiter.holdFor(decision.holdMs);
          continue;
        }
        if (decision.kind === 'unauthorized') {
          await this.record(claimed, { state: 'pending', attempts: Math.max(0, recipient.attempts - 1) });
          await this.pause(
            job.id,
            'The Bot Connector refused our credentials (401). Check BOT_ID/BOT_PASSWORD, then resume.',
          );
          throw new JobPaused();
        }
        if (decision.kind === 'unreachable') {
          await this.record(claimed, {
            state: 'unreachable',
            error: `HTTP ${error.status}: the app is not installed or the chat is blocked`,
          });
          const dropped = recipient.conversationId ?? recipient.target?.conversationId;
          if (dropped && recipient.kind === 'person') await this.deps.conversations.remove(dropped);
          events.progress(job.id);
          return;
        }
        if (decision.kind === 'retry') {
          await sleep(decision.waitMs);
          claimed =
            (await this.deps.repository.updateRecipientFrom(claimed, (current) => ({
              ...current,
              attempts: current.attempts + 1,
              error: error.message,
            }))) ?? claimed;
          continue;
        }
        await this.record(claimed, { state: 'failed', error: error.message });
        events.progress(job.id);
        return;
      }
    }
  }

  /**
   * A person without a conversation: the app installed for them and their chat as the target, or
   * undefined once they are recorded as not reachable that way. Graph refusing installs (a missing
   * permission) turns installs off for the rest of the job, with one log line and a note for IT.
   */
  private async installFor(job: BroadcastJob, entry: StoredRecipient): Promise<StoredRecipient | undefined> {
    const { installation, events } = this.deps;
    const refused = this.installsRefused.get(job.id);
    const step =
      installation && refused === undefined
        ? await installation.reach(entry, (current, change) => this.recordFrom(current, change))
        : ({ kind: 'unreachable', error: refused ?? NOT_IN_TEAMS } as const);
    if (step.kind === 'ready') return step.entry;
    if (step.kind === 'refused' && !this.installsRefused.has(job.id)) {
      this.installsRefused.set(job.id, step.error);
      await this.noteOnJob(job.id, step.note);
    }
    await this.record(entry, { state: step.kind === 'failed' ? 'failed' : 'unreachable', error: step.error });
    events.progress(job.id);
    return undefined;
  }

  /** A note for IT on the job's status, logged and audited once (whichever instance writes it). */
  private async noteOnJob(jobId: string, note: string): Promise<void> {
    let wrote = false;
    await this.deps.repository.updateJob(jobId, (current) => {
      wrote = current.note !== note;
      return wrote ? { ...current, note } : undefined;
    });
    this.jobCache.delete(jobId);
    if (!wrote) return;
    this.deps.logger.warn({ jobId }, note);
    await this.deps.audit.record({
      actor: 'system',
      action: 'broadcast.note',
      broadcastId: jobId,
      detail: { note },
    });
  }

  /**
   * The job as stored, read at most every JOB_RECHECK_MS while sending. A cancel in between cannot
   * send a cancelled copy: only `pending` copies are ever claimed.
   */
  private async currentJob(jobId: string): Promise<BroadcastJob | undefined> {
    const cached = this.jobCache.get(jobId);
    if (cached && performance.now() - cached.readAt < JOB_RECHECK_MS) return cached.job;
    const job = await this.deps.repository.job(jobId);
    if (job) this.jobCache.set(jobId, { job, readAt: performance.now() });
    else this.jobCache.delete(jobId);
    return job;
  }

  /** Writes a recipient's new state, from the version this worker holds. */
  private async record(entry: StoredRecipient, change: Partial<Recipient>): Promise<void> {
    await this.recordFrom(entry, change);
  }

  /** As `record`, returning the entry as written, to be changed again from its version. */
  private async recordFrom(entry: StoredRecipient, change: Partial<Recipient>): Promise<StoredRecipient> {
    const written = await this.deps.repository.updateRecipientFrom(entry, (current) => ({
      ...current,
      ...change,
      updatedAt: this.now(),
    }));
    return written ?? entry;
  }

  private async pause(jobId: string, reason: string): Promise<void> {
    const job = await this.deps.repository.updateJob(jobId, (current) =>
      current.state === 'sending' ? { ...current, state: 'paused', pausedReason: reason } : undefined,
    );
    this.jobCache.delete(jobId);
    if (job?.state !== 'paused' || job.pausedReason !== reason) return;
    this.deps.logger.warn({ jobId }, reason);
    await this.deps.audit.record({
      actor: 'system',
      action: 'broadcast.paused',
      broadcastId: jobId,
      detail: { reason },
    });
    this.deps.events.paused(job);
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }
}

/** Runs the workers to the end, then passes on the first failure (none is left running). */
async function allWorkers(count: number, worker: () => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(Array.from({ length: count }, worker));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How many recipients are in each delivery state; one still `sending` counts as pending. */
export function deliveryCounts(recipients: readonly { state: string }[]): Record<string, number> {
  const counts: Record<string, number> = {
    total: 0,
    sent: 0,
    failed: 0,
    unreachable: 0,
    pending: 0,
    cancelled: 0,
    deleted: 0,
  };
  for (const { state } of recipients) {
    counts.total++;
    const bucket = state === 'sending' ? 'pending' : state;
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}
