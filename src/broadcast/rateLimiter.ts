/**
 * Requests reach Teams a few milliseconds apart from when they start; the one-second window is kept
 * this much wider so that the ceiling also holds where Teams counts.
 */
const WINDOW_MARGIN_MS = 50;

/** How many intervals behind its timeline the limiter may catch up (more would bunch arrivals). */
const MAX_CATCH_UP_INTERVALS = 2;

/**
 * Paces every Bot Connector call: starts are spread evenly at `ratePerSecond`, no more than that
 * many start in any one-second window, at most `concurrency` run at once, and a 429's Retry-After
 * holds back every caller, not only the one that got it.
 */
export class RateLimiter {
  private readonly interval: number;
  private nextStart = 0;
  private pausedUntil = 0;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Start times of the last `ceiling` calls, oldest first. */
  private readonly recentStarts: number[] = [];
  private readonly ceiling: number;

  constructor(
    ratePerSecond: number,
    private readonly concurrency: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.interval = 1000 / ratePerSecond;
    this.ceiling = Math.max(1, Math.floor(ratePerSecond));
  }

  /** Runs `call` when the pace, the window and the concurrency allow. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    await this.slot();
    try {
      await this.turn();
      return await call();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Every caller waits until `ms` from now (a 429's Retry-After). */
  holdFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
  }

  /** Reserves the next start time; resolves when it comes. */
  private async turn(): Promise<void> {
    for (;;) {
      const now = this.now();
      const windowStart =
        this.recentStarts.length >= this.ceiling ? this.recentStarts[0] + 1000 + WINDOW_MARGIN_MS : 0;
      const start = Math.max(now, this.nextStart, this.pausedUntil, windowStart);
      if (start <= now) {
        // Keep to the ideal timeline, so that timers waking late or a busy moment do not lower
        // the rate; catching up is bounded, and the one-second window above still caps it.
        this.nextStart =
          Math.max(this.nextStart, now - MAX_CATCH_UP_INTERVALS * this.interval) + this.interval;
        this.recentStarts.push(now);
        if (this.recentStarts.length > this.ceiling) this.recentStarts.shift();
        return;
      }
      await this.sleep(start - now);
    }
  }
}
