import { systemClock, type Clock } from '../clock';
import type { BroadcastSettings } from '../config';
import type { ConversationReferences } from '../state/conversationReferences';
import type { AuditLog } from './auditLog';
import type { BroadcastMessages } from './broadcastMessages';
import type { BroadcastRepository, StoredRecipient } from './broadcastRepository';
import { ConnectorError, type TeamsConnectorClient } from '../teams/connectorClient';
import type { RateLimiter } from '../teams/rateLimiter';
import type { BroadcastJob, Recipient } from './types';
import type { Leases } from '../coordination/leases';

/** Events the chat side (status cards) listens to. */
export interface DeliveryEvents {
  onProgress?(jobId: string): void;
  onPaused?(job: BroadcastJob): void;
  onFinished?(job: BroadcastJob): void;
}

/** Whoever subscribed, told in the order they did; a listener's failure is not the sender's. */
export class DeliveryListeners {
  private readonly listeners: DeliveryEvents[] = [];

  subscribe(listener: DeliveryEvents): void {
    this.listeners.push(listener);
  }

  progress(jobId: string): void {
    for (const listener of this.listeners) listener.onProgress?.(jobId);
  }

  paused(job: BroadcastJob): void {
    for (const listener of this.listeners) listener.onPaused?.(job);
  }

  finished(job: BroadcastJob): void {
    for (const listener of this.listeners) listener.onFinished?.(job);
  }
}

export interface DeliveryLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

const RETRYABLE = new Set([0, 412, 500, 502, 503, 504]);
const UNREACHABLE = new Set([403, 404]);
const MAX_THROTTLED_RETRIES = 30;
const LONGEST_TIMER_MS = 2 ** 31 - 1;
const JOB_RECHECK_MS = 100;
const UNKNOWN_ID_NOTE = 'Delivered, but Teams returned no message id, so this copy cannot be recalled.';

export interface DeliveryDependencies {
  readonly repository: BroadcastRepository;
  readonly connector: TeamsConnectorClient;
  readonly limiter: RateLimiter;
  readonly messages: BroadcastMessages;
  readonly conversations: ConversationReferences;
  readonly audit: AuditLog;
  readonly settings: Pick<BroadcastSettings, 'concurrency' | 'maxAttempts'>;
  readonly logger: DeliveryLogger;
  readonly clock?: Clock;
  /** Wait before retry N of a failed send (tests shorten it). */
  readonly backoff?: (attempt: number) => number;
  /**
   * With several instances on one store: a job is sent by the instance holding its lease, and the
   * others take it over when that one dies. Without, this process is the only sender.
   */
  readonly ownership?: { readonly leases: Leases; readonly leaseTtlMs: number; readonly pollMs: number };
}

/** Doubling from half a second up to 30 s, with jitter so that retries do not come in waves. */
export function exponentialBackoff(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random());
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
 * Sends broadcasts recipient by recipient, through the one rate limiter. Each recipient is marked
 * `sending` before the connector call and `sent` (with the activity id) after it, so a restart
 * resumes with everyone not yet `sent`; only a copy in flight at the moment of a crash can arrive
 * twice.
 */
export class DeliveryEngine {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly replanAfterRun = new Set<string>();
  private readonly jobCache = new Map<string, { job: BroadcastJob; readAt: number }>();
  /** Jobs whose lease this instance lost while running them. */
  private readonly lost = new Set<string>();
  private stopped = false;

  readonly events = new DeliveryListeners();
  private readonly repository: BroadcastRepository;
  private readonly connector: TeamsConnectorClient;
  private readonly limiter: RateLimiter;
  private readonly messages: BroadcastMessages;
  private readonly conversations: ConversationReferences;
  private readonly audit: AuditLog;
  private readonly settings: Pick<BroadcastSettings, 'concurrency' | 'maxAttempts'>;
  private readonly logger: DeliveryLogger;
  private readonly now: Clock;
  private readonly backoff: (attempt: number) => number;
  private readonly ownership?: DeliveryDependencies['ownership'];
  private poller?: NodeJS.Timeout;

  constructor(dependencies: DeliveryDependencies) {
    this.ownership = dependencies.ownership;
    this.repository = dependencies.repository;
    this.connector = dependencies.connector;
    this.limiter = dependencies.limiter;
    this.messages = dependencies.messages;
    this.conversations = dependencies.conversations;
    this.audit = dependencies.audit;
    this.settings = dependencies.settings;
    this.logger = dependencies.logger;
    this.now = dependencies.clock ?? systemClock;
    this.backoff = dependencies.backoff ?? exponentialBackoff;
  }

  /** Picks up every unfinished job: scheduled ones get their timer, interrupted ones carry on. */
  async start(): Promise<void> {
    await this.planAll();
    if (this.ownership && !this.stopped) {
      // Jobs created, resumed or orphaned (their sender died) on other instances are picked up here.
      this.poller = setInterval(
        () =>
          void this.planAll().catch((error: unknown) =>
            this.logger.warn({ err: error }, 'Could not list broadcasts to plan them'),
          ),
        this.ownership.pollMs,
      );
      this.poller.unref();
    }
  }

  private async planAll(): Promise<void> {
    for (const job of await this.repository.jobs()) this.plan(job);
  }

  /** Plans a job: wait for its send time, send, or carry on recalling. */
  plan(job: BroadcastJob): void {
    if (this.stopped) return;
    if (job.recallRequested && job.state !== 'recalled') {
      this.launch(job.id, () => this.recall(job.id));
      return;
    }
    if (job.state !== 'scheduled' && job.state !== 'sending') return;
    if (this.running.has(job.id) && this.ownership) return;
    const wait = Date.parse(job.sendAt) - this.now().getTime();
    if (wait > 0) {
      clearTimeout(this.timers.get(job.id));
      this.timers.set(
        job.id,
        setTimeout(() => this.replan(job.id), Math.min(wait, LONGEST_TIMER_MS)),
      );
      return;
    }
    this.launch(job.id, () => this.send(job.id));
  }

  /** Waits until nothing is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /**
   * Stops taking new recipients and waits for the sends under way, for at most `graceMs`; true if
   * they all finished (their ledger rows are then final). A send cut off stays `sending` and is
   * resumed on the next start.
   */
  async stop(graceMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    this.stopped = true;
    clearInterval(this.poller);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (!Number.isFinite(graceMs)) {
      await this.idle();
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.idle().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    return finished;
  }

  /** Reads the job again and plans it; a record that cannot be read is logged, never thrown. */
  private replan(jobId: string): void {
    this.repository.job(jobId).then(
      (current) => current && this.plan(current),
      (error: unknown) => this.logger.warn({ err: error, jobId }, 'Could not read a broadcast to plan it'),
    );
  }

  private launch(jobId: string, work: () => Promise<void>): void {
    if (this.running.has(jobId)) {
      // Resumed or recalled while a run is finishing: plan again once it has.
      this.replanAfterRun.add(jobId);
      return;
    }
    const run = this.owning(jobId, work)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, jobId }, 'Broadcast run failed; it resumes on restart'),
      )
      .finally(() => {
        this.running.delete(jobId);
        if (this.replanAfterRun.delete(jobId) && !this.stopped) this.replan(jobId);
      });
    this.running.set(jobId, run);
  }

  /**
   * Runs `work` while this instance holds the job's lease, renewed every third of its lifetime. A
   * lease lost on the way (this instance stalled past its expiry) stops the run before the next copy.
   */
  private async owning(jobId: string, work: () => Promise<void>): Promise<void> {
    if (!this.ownership) return work();
    const { leases, leaseTtlMs } = this.ownership;
    const name = `broadcast-job/${jobId}`;
    if (!(await leases.acquire(name, leaseTtlMs))) return;
    this.lost.delete(jobId);
    const renewal = setInterval(
      () => {
        leases.acquire(name, leaseTtlMs).then(
          (held) => {
            if (!held) this.lost.add(jobId);
          },
          (error: unknown) => {
            this.lost.add(jobId);
            this.logger.warn({ err: error, jobId }, 'Could not renew a broadcast lease; stopping its run');
          },
        );
      },
      Math.max(50, Math.floor(leaseTtlMs / 3)),
    );
    try {
      await work();
    } finally {
      clearInterval(renewal);
      if (!this.lost.delete(jobId)) await leases.release(name);
    }
  }

  /** Whether this instance may go on sending the job (it has not lost the job's lease). */
  private owns(jobId: string): boolean {
    return !this.lost.has(jobId);
  }

  private async send(jobId: string): Promise<void> {
    for (;;) {
      const job = await this.repository.updateJob(jobId, (current) =>
        current.state === 'scheduled' ? { ...current, state: 'sending' } : undefined,
      );
      if (!job || job.state !== 'sending' || this.stopped) return;
      const queue = new WorkQueue(
        (await this.repository.recipients(jobId)).filter(
          ({ recipient }) => recipient.state === 'pending' || recipient.state === 'sending',
        ),
      );
      // Completion is read from the ledger, so a copy put back to pending is never left behind.
      if (queue.size === 0) {
        const completed = await this.repository.updateJob(jobId, (current) =>
          current.state === 'sending' ? { ...current, state: 'completed' } : undefined,
        );
        if (completed?.state === 'completed') {
          await this.audit.record({
            actor: 'system',
            action: 'broadcast.completed',
            broadcastId: jobId,
            detail: { counts: await this.counts(jobId) },
          });
          this.events.finished(completed);
        }
        return;
      }
      let halted = false;
      const worker = async () => {
        for (
          let entry = queue.next();
          entry && !halted && !this.stopped && this.owns(jobId);
          entry = queue.next()
        ) {
          const current = await this.currentJob(jobId);
          if (!current || current.state !== 'sending') {
            halted = true;
            return;
          }
          try {
            await this.deliver(current, entry, current.content);
          } catch (error) {
            if (!(error instanceof JobPaused)) throw error;
            halted = true;
          }
        }
      };
      await Promise.all(Array.from({ length: this.settings.concurrency }, worker));
      if (halted || this.stopped || !this.owns(jobId)) return;
    }
  }

  private async deliver(
    job: BroadcastJob,
    entry: StoredRecipient,
    content: BroadcastJob['content'],
  ): Promise<void> {
    const { storeKey } = entry;
    let recipient = (await this.repository.updateRecipient(storeKey, (current) =>
      current.state === 'pending' || current.state === 'sending'
        ? {
            ...current,
            state: 'sending',
            attempts: current.attempts + 1,
            updatedAt: this.now().toISOString(),
          }
        : undefined,
    )) as Recipient;
    if (recipient.state !== 'sending') return;
    let throttled = 0;
    for (;;) {
      try {
        const target = recipient.target;
        if (!target) throw new ConnectorError(404, 'no delivery target');
        const conversationId =
          recipient.conversationId ??
          target.conversationId ??
          (await this.connector.createPersonalConversation(
            target.serviceUrl,
            target.botId,
            target.userTeamsId as string,
            target.tenantId,
          ));
        const activityId = await this.connector.sendActivity(
          target.serviceUrl,
          conversationId,
          await this.messages.activityFor(content, recipient),
        );
        await this.finish(storeKey, { state: 'sent', activityId, conversationId, error: undefined });
        this.events.progress(job.id);
        return;
      } catch (caught) {
        // Anything else (building the card, a token) fails this copy, retried like a network error,
        // instead of aborting the whole run and leaving the job stuck in `sending`.
        const error =
          caught instanceof ConnectorError
            ? caught
            : new ConnectorError(0, `could not send: ${(caught as Error)?.message ?? String(caught)}`);
        if (error.status === 429 && throttled++ < MAX_THROTTLED_RETRIES) {
          this.limiter.holdFor(error.retryAfterMs ?? this.backoff(throttled));
          continue;
        }
        if (error.status === 401) {
          await this.finish(storeKey, { state: 'pending', attempts: Math.max(0, recipient.attempts - 1) });
          await this.pause(
            job.id,
            'The Bot Connector refused our credentials (401). Check BOT_ID/BOT_PASSWORD, then resume.',
          );
          throw new JobPaused();
        }
        if (UNREACHABLE.has(error.status)) {
          await this.finish(storeKey, {
            state: 'unreachable',
            error: `HTTP ${error.status}: the app is not installed or the chat is blocked`,
          });
          const dropped = recipient.conversationId ?? recipient.target?.conversationId;
          if (dropped && recipient.kind === 'person') await this.conversations.remove(dropped);
          this.events.progress(job.id);
          return;
        }
        if (RETRYABLE.has(error.status) && recipient.attempts < this.settings.maxAttempts) {
          await new Promise((resolve) => setTimeout(resolve, this.backoff(recipient.attempts)));
          recipient = (await this.repository.updateRecipient(storeKey, (current) => ({
            ...current,
            attempts: current.attempts + 1,
            error: error.message,
          }))) as Recipient;
          continue;
        }
        await this.finish(storeKey, { state: 'failed', error: error.message });
        this.events.progress(job.id);
        return;
      }
    }
  }

  /**
   * The job as stored, read at most every JOB_RECHECK_MS while sending. A cancel in between cannot
   * send a cancelled copy: only `pending` copies are ever claimed.
   */
  private async currentJob(jobId: string): Promise<BroadcastJob | undefined> {
    const cached = this.jobCache.get(jobId);
    if (cached && performance.now() - cached.readAt < JOB_RECHECK_MS) return cached.job;
    const job = await this.repository.job(jobId);
    if (job) this.jobCache.set(jobId, { job, readAt: performance.now() });
    else this.jobCache.delete(jobId);
    return job;
  }

  private async finish(storeKey: string, change: Partial<Recipient>): Promise<void> {
    await this.repository.updateRecipient(storeKey, (current) => ({
      ...current,
      ...change,
      updatedAt: this.now().toISOString(),
    }));
  }

  private async pause(jobId: string, reason: string): Promise<void> {
    const job = await this.repository.updateJob(jobId, (current) =>
      current.state === 'sending' ? { ...current, state: 'paused', pausedReason: reason } : undefined,
    );
    this.jobCache.delete(jobId);
    if (job?.state !== 'paused' || job.pausedReason !== reason) return;
    this.logger.warn({ jobId }, reason);
    await this.audit.record({
      actor: 'system',
      action: 'broadcast.paused',
      broadcastId: jobId,
      detail: { reason },
    });
    this.events.paused(job);
  }

  /** Deletes every delivered copy, through the same limiter, then marks the job recalled. */
  private async recall(jobId: string): Promise<void> {
    const sent = (await this.repository.recipients(jobId)).filter(
      ({ recipient }) => recipient.state === 'sent',
    );
    // Teams accepted these but its reply could not be read, so there is no id to delete them by.
    for (const { storeKey, recipient } of sent) {
      if (!recipient.activityId && recipient.error !== UNKNOWN_ID_NOTE)
        await this.finish(storeKey, { error: UNKNOWN_ID_NOTE });
    }
    const delivered = new WorkQueue(sent.filter(({ recipient }) => recipient.activityId));
    const worker = async () => {
      for (
        let entry = delivered.next();
        entry && !this.stopped && this.owns(jobId);
        entry = delivered.next()
      ) {
        const { recipient, storeKey } = entry;
        const conversationId = recipient.conversationId ?? recipient.target?.conversationId;
        if (!recipient.target || !conversationId) continue;
        for (let attempt = 1; ; attempt++) {
          try {
            await this.connector.deleteActivity(
              recipient.target.serviceUrl,
              conversationId,
              recipient.activityId as string,
            );
            break;
          } catch (error) {
            if (!(error instanceof ConnectorError)) throw error;
            if (UNREACHABLE.has(error.status)) break;
            if (error.status === 429) this.limiter.holdFor(error.retryAfterMs ?? this.backoff(attempt));
            else if (!RETRYABLE.has(error.status) || attempt >= this.settings.maxAttempts) throw error;
            else await new Promise((resolve) => setTimeout(resolve, this.backoff(attempt)));
          }
        }
        await this.finish(storeKey, { state: 'deleted' });
        this.events.progress(jobId);
      }
    };
    await Promise.all(Array.from({ length: this.settings.concurrency }, worker));
    if (this.stopped || !this.owns(jobId)) return;
    const job = await this.repository.updateJob(jobId, (current) => ({ ...current, state: 'recalled' }));
    if (job) this.events.finished(job);
  }

  /** Delivery counts of a job, from its ledger. */
  async counts(jobId: string): Promise<Record<string, number>> {
    return deliveryCounts(await this.repository.recipientSummaries(jobId));
  }
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
