/**
 * Requests reach Teams a few milliseconds apart from when they start; the one-second window is kept
 * this much wider so that the ceiling also holds where Teams counts.
 */
const WINDOW_MARGIN_MS = 50;

/** How many intervals behind its timeline the limiter may catch up (more would bunch arrivals). */
const MAX_CATCH_UP_INTERVALS = 2;

/**
 * Who a call is for. Resolving a large audience (member lookups, rosters) may use at most half of
 * the concurrent calls, and waiting lanes take turns, so deliveries and small broadcasts are never
 * starved behind thousands of lookups.
 */
export type Lane = 'deliver' | 'resolve';
const LANES: readonly Lane[] = ['deliver', 'resolve'];

/** Start times shared with the other instances (see SharedPace): the ceiling is per app, not per process. */
export interface SharedStarts {
  nextStart(waiting: number): Promise<number>;
  holdFor(ms: number): Promise<void>;
}

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
  private readonly runningIn: Record<Lane, number> = { deliver: 0, resolve: 0 };
  private readonly laneCap: Record<Lane, number>;
  private readonly waiting: Record<Lane, (() => void)[]> = { deliver: [], resolve: [] };
  /** The lane served first when a slot frees, alternated so that each gets its turn. */
  private preferred = 0;
  /** Start times of the last `ceiling` calls, oldest first. */
  private readonly recentStarts: number[] = [];
  private readonly ceiling: number;

  constructor(
    ratePerSecond: number,
    private readonly concurrency: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
    /** With several instances, the pace they share; without, this process keeps the ceiling alone. */
    private readonly shared?: SharedStarts,
    private readonly onSharedError: (error: unknown) => void = () => undefined,
  ) {
    this.interval = 1000 / ratePerSecond;
    this.ceiling = Math.max(1, Math.floor(ratePerSecond));
    this.laneCap = { deliver: concurrency, resolve: Math.max(1, Math.floor(concurrency / 2)) };
  }

  /** Runs `call` when the pace, the window, the concurrency and its lane's share allow. */
  async run<T>(call: () => Promise<T>, lane: Lane = 'deliver'): Promise<T> {
    await this.slot(lane);
    try {
      await this.turn();
      return await call();
    } finally {
      this.running--;
      this.runningIn[lane]--;
      this.dispatch();
    }
  }

  /** Every caller waits until `ms` from now (a 429's Retry-After). */
  holdFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.shared?.holdFor(ms).catch(this.onSharedError);
  }

  private canStart(lane: Lane): boolean {
    return this.running < this.concurrency && this.runningIn[lane] < this.laneCap[lane];
  }

  /** Takes a slot now, or waits to be handed one (the hand-over counts it, so none is lost). */
  private async slot(lane: Lane): Promise<void> {
    if (this.waiting[lane].length === 0 && this.canStart(lane)) {
      this.running++;
      this.runningIn[lane]++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting[lane].push(resolve));
  }

  /** Hands free slots to waiting callers, taking the lanes in turn. */
  private dispatch(): void {
    for (let handed = true; handed;) {
      handed = false;
      for (let i = 0; i < LANES.length; i++) {
        const lane = LANES[(this.preferred + i) % LANES.length];
        if (this.waiting[lane].length === 0 || !this.canStart(lane)) continue;
        this.running++;
        this.runningIn[lane]++;
        this.preferred = (LANES.indexOf(lane) + 1) % LANES.length;
        this.waiting[lane].shift()?.();
        handed = true;
        break;
      }
    }
  }

  /** Reserves the next start time; resolves when it comes. */
  private async turn(): Promise<void> {
    if (this.shared) return this.sharedTurn();
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

  /**
   * The start time the instances share, then this process's own hold (a 429 it just got), looked at
   * again after every wait: a hold that comes in while a caller sleeps holds it back too.
   */
  private async sharedTurn(): Promise<void> {
    const shared = this.shared as SharedStarts;
    for (;;) {
      const start = await shared.nextStart(this.waiting.deliver.length + this.waiting.resolve.length + 1);
      const wait = start - Date.now();
      if (wait > 0) await this.sleep(wait);
      const held = this.pausedUntil - this.now();
      if (held <= 0) return;
      await this.sleep(held);
    }
  }
}
