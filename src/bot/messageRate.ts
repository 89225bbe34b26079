/** What to do with one person's message under the per-person rate. */
export type RateDecision = 'answer' | 'slowDown' | 'ignore';

export interface MessageRateSettings {
  /** Messages a person may send in a burst. */
  readonly burst: number;
  /** Messages per minute a person may keep sending after the burst. */
  readonly perMinute: number;
}

/** People tracked at once; the map is cleared beyond this (everyone starts with a full bucket). */
const MAX_PEOPLE = 50_000;

/**
 * A token bucket per person. Over the rate, the first message gets one friendly "slow down" and the
 * rest are dropped until the bucket refills, so one person typing as fast as a script can cannot
 * take the bot's time from everyone else.
 */
export class MessageRate {
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();
  private readonly refillPerMs: number;

  constructor(
    private readonly settings: MessageRateSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.refillPerMs = settings.perMinute / 60_000;
  }

  decide(personKey: string): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(personKey);
    if (!bucket) {
      if (this.buckets.size >= MAX_PEOPLE) this.buckets.clear();
      bucket = { tokens: this.settings.burst, at: now, warned: false };
      this.buckets.set(personKey, bucket);
    }
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + (now - bucket.at) * this.refillPerMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      return 'answer';
    }
    if (bucket.warned) return 'ignore';
    bucket.warned = true;
    return 'slowDown';
  }
}

export const SLOW_DOWN_REPLY =
  "You're sending messages faster than I can answer them. Give me a few seconds, then ask again: one question at a time works best.";
