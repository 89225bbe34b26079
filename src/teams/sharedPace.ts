import { optimisticUpdate } from '../state/optimisticUpdate';
import type { Store } from '../state/store';

/** How much wider than one second the window is kept, for the milliseconds a request takes to arrive. */
const WINDOW_MARGIN_MS = 50;
/** Start times reserved per store write: fewer writes, at the cost of a slot wasted if we die. */
const MAX_BATCH = 5;

interface PaceRecord {
  /** The last `ceiling` reserved start times (epoch ms), ascending. */
  readonly starts: number[];
  /** No call may start before this (a 429's Retry-After, seen by any instance). */
  readonly pausedUntil: number;
}

function isPaceRecord(value: unknown): value is PaceRecord {
  const record = value as Partial<PaceRecord> | null;
  return Array.isArray(record?.starts) && typeof record.pausedUntil === 'number';
}

/**
 * The Teams ceiling shared by every instance: start times for connector calls are reserved in one
 * record of the shared store, so that all instances together never start more than `ratePerSecond`
 * calls in any one-second window, and a 429 seen by one instance holds back all of them.
 */
export class SharedPace {
  private readonly interval: number;
  private readonly ceiling: number;
  private reserved: number[] = [];
  /** The latest hold this instance knows of (its own 429s). */
  private heldUntil = 0;
  private reserving?: Promise<void>;

  constructor(
    private readonly store: Store,
    ratePerSecond: number,
    private readonly key = 'teams-pace/ceiling',
    private readonly now: () => number = () => Date.now(),
  ) {
    this.interval = 1000 / ratePerSecond;
    this.ceiling = Math.max(1, Math.floor(ratePerSecond));
  }

  /** The wall-clock time (epoch ms) at which the caller may start its call. */
  async nextStart(waiting: number): Promise<number> {
    // Times left from a burst that ended, or that passed while this instance was busy, are not used
    // late: starting them now would bunch them with the times other instances hold.
    const tooLate = this.now() - WINDOW_MARGIN_MS;
    while (this.reserved.length > 0 && this.reserved[0] < tooLate) this.reserved.shift();
    while (this.reserved.length === 0) {
      this.reserving ??= this.reserve(Math.min(MAX_BATCH, Math.max(1, waiting))).finally(() => {
        this.reserving = undefined;
      });
      await this.reserving;
    }
    return this.reserved.shift() as number;
  }

  /** Every instance waits until `ms` from now. */
  async holdFor(ms: number): Promise<void> {
    const until = this.now() + ms;
    this.heldUntil = Math.max(this.heldUntil, until);
    this.reserved = [];
    await this.update((record) =>
      record.pausedUntil >= until ? undefined : { ...record, pausedUntil: until },
    );
  }

  private async reserve(count: number): Promise<void> {
    let taken: number[] = [];
    await this.update((record) => {
      const starts = [...record.starts];
      taken = [];
      const now = this.now();
      for (let i = 0; i < count; i++) {
        const last = starts.length > 0 ? starts[starts.length - 1] : -Infinity;
        const windowStart =
          starts.length >= this.ceiling
            ? starts[starts.length - this.ceiling] + 1000 + WINDOW_MARGIN_MS
            : -Infinity;
        const start = Math.max(now, record.pausedUntil, last + this.interval, windowStart);
        starts.push(start);
        taken.push(start);
      }
      return { starts: starts.slice(-this.ceiling), pausedUntil: record.pausedUntil };
    });
    // A hold that came in while this reservation was being written wins over it.
    this.reserved.push(...taken.filter((start) => start >= this.heldUntil));
  }

  private async update(change: (record: PaceRecord) => PaceRecord | undefined): Promise<void> {
    await optimisticUpdate(
      this.store,
      this.key,
      (item): PaceRecord => (item && isPaceRecord(item.value) ? item.value : { starts: [], pausedUntil: 0 }),
      change,
    );
  }
}
