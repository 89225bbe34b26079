import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { BroadcastSettings } from '../config';
import type { Leases } from '../coordination/leases';
import { BroadcastSender, type SenderDependencies } from './broadcastSender';
import type { BroadcastRepository } from './broadcastRepository';
import { DeliveryListeners, type DeliveryLogger } from './deliveryEvents';
import { exponentialBackoff, RetryPolicy } from './retryPolicy';
import type { BroadcastJob } from './types';

export type { DeliveryEvents, DeliveryLogger } from './deliveryEvents';
export { DeliveryListeners } from './deliveryEvents';
export { deliveryCounts } from './broadcastSender';

const LONGEST_TIMER_MS = 2 ** 31 - 1;
/** Stop this long before the lease could lapse, for the clock difference between instances. */
const LEASE_SAFETY_MARGIN_MS = 2_000;

/** What the sender needs, plus the retry settings and, with several instances, the leases. */
export interface DeliveryDependencies extends Pick<
  SenderDependencies,
  'repository' | 'connector' | 'limiter' | 'renderer' | 'conversations' | 'audit' | 'logger' | 'installation'
> {
  readonly settings: Pick<BroadcastSettings, 'concurrency' | 'maxAttempts'>;
  readonly clock?: Clock;
  /** Wait before retry N of a failed send (tests shorten it). */
  readonly backoff?: (attempt: number) => number;
  /**
   * With several instances on one store: a job is sent by the instance holding its lease, and the
   * others take it over when that one dies. Without, this process is the only sender.
   */
  readonly ownership?: { readonly leases: Leases; readonly leaseTtlMs: number; readonly pollMs: number };
}

/**
 * Decides which jobs are due and who sends them: timers for scheduled sends, a poll for jobs
 * created or orphaned on other instances, and a lease per job so that one instance sends it. The
 * sending itself is the BroadcastSender's (the workers).
 */
export class DeliveryEngine {
  readonly events = new DeliveryListeners();
  private readonly sender: BroadcastSender;
  private readonly repository: BroadcastRepository;
  private readonly logger: DeliveryLogger;
  private readonly now: Clock;
  private readonly ownership?: DeliveryDependencies['ownership'];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly replanAfterRun = new Set<string>();
  /** Until when (monotonic ms) this instance surely holds each job it is running. */
  private readonly heldUntil = new Map<string, number>();
  private poller?: NodeJS.Timeout;
  private stopped = false;

  constructor(deps: DeliveryDependencies) {
    this.repository = deps.repository;
    this.logger = deps.logger;
    this.now = deps.clock ?? systemClock;
    this.ownership = deps.ownership;
    this.sender = new BroadcastSender({
      ...deps,
      retry: new RetryPolicy(deps.settings.maxAttempts, deps.backoff ?? exponentialBackoff),
      events: this.events,
      clock: this.now,
    });
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
      this.launch(job.id, () => this.sender.recall(job.id, () => this.mayContinue(job.id)));
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
    this.launch(job.id, () => this.sender.send(job.id, () => this.mayContinue(job.id)));
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
    // Held for sure until `ttl - margin` after the write was *sent* (measured on this host's
    // monotonic clock): a stalled instance stops by itself, without waiting for a renewal's answer.
    const heldFrom = performance.now();
    if (!(await leases.acquire(name, leaseTtlMs))) return;
    this.heldUntil.set(jobId, heldFrom + leaseTtlMs - LEASE_SAFETY_MARGIN_MS);
    let renewing: Promise<void> = Promise.resolve();
    const renew = async () => {
      const sentAt = performance.now();
      try {
        if (await leases.acquire(name, leaseTtlMs))
          this.heldUntil.set(jobId, sentAt + leaseTtlMs - LEASE_SAFETY_MARGIN_MS);
        else this.heldUntil.delete(jobId);
      } catch (error) {
        this.logger.warn(
          { err: error, jobId },
          'Could not renew a broadcast lease; the run stops if it lapses',
        );
      }
    };
    const renewal = setInterval(
      () => {
        renewing = renewing.then(renew);
      },
      Math.max(50, Math.floor(leaseTtlMs / 3)),
    );
    renewal.unref();
    try {
      await work();
    } finally {
      clearInterval(renewal);
      // A renewal still on its way would otherwise write the lease again after the release.
      await renewing;
      const stillHeld = this.owns(jobId);
      this.heldUntil.delete(jobId);
      if (stillHeld) await leases.release(name);
    }
  }

  /** Whether this instance still holds the job's lease, by its own clock. */
  private owns(jobId: string): boolean {
    const until = this.heldUntil.get(jobId);
    return until !== undefined && performance.now() < until;
  }

  /** Whether a run may go on: the engine is not stopping and this instance still holds the job. */
  private mayContinue(jobId: string): boolean {
    return !this.stopped && (!this.ownership || this.owns(jobId));
  }

  /** Delivery counts of a job, from its ledger. */
  counts(jobId: string): Promise<Record<string, number>> {
    return this.sender.counts(jobId);
  }
}
