import type { Clock } from '../clock';
import type { SingleOwnerDuty } from '../coordination/leases';
import type { Retention } from './retention';

const DAY_MS = 86_400_000;
/** How often the owner looks whether a purge is due (cheap: one comparison). */
const CHECK_MS = 60 * 60_000;

/**
 * The daily purge, run by whichever instance holds the retention duty: once soon after start, then
 * once a day. A failed purge is reported and tried again at the next check.
 */
export class RetentionSchedule {
  private timer?: NodeJS.Timeout;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private running?: Promise<void>;

  constructor(
    private readonly retention: Retention,
    private readonly duty: SingleOwnerDuty,
    private readonly clock: Clock,
    private readonly onPurged: (deleted: Record<string, number>) => void,
    private readonly onError: (error: unknown) => void,
    private readonly checkMs: number = CHECK_MS,
  ) {}

  async start(): Promise<void> {
    await this.duty.start();
    this.timer = setInterval(() => this.check(), this.checkMs);
    this.timer.unref();
    this.check();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.duty.stop();
  }

  private check(): void {
    const now = this.clock();
    if (this.running || !this.duty.isOwner || now.getTime() - this.lastPurge < DAY_MS) return;
    this.running = this.retention
      .purge(now)
      .then((deleted) => {
        this.lastPurge = now.getTime();
        this.onPurged(deleted);
      }, this.onError)
      .finally(() => {
        this.running = undefined;
      });
  }
}
