import { RateLimiter } from '../../src/teams/rateLimiter';

/** A clock the test moves by hand, so pacing is checked without waiting. */
class ManualClock {
  time = 0;
  private sleepers: { until: number; wake: () => void }[] = [];
  now = () => this.time;
  sleep = (ms: number) => new Promise<void>((wake) => this.sleepers.push({ until: this.time + ms, wake }));
  async advance(to: number): Promise<void> {
    while (this.time < to) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = Math.min(to, ...this.sleepers.map((sleeper) => sleeper.until));
      this.time = Math.max(this.time, next);
      const due = this.sleepers.filter((sleeper) => sleeper.until <= this.time);
      this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.time);
      due.forEach((sleeper) => sleeper.wake());
      if (due.length === 0 && next >= to) break;
    }
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('Rate limiter', () => {
  it('never starts more than the ceiling in any one-second window, and keeps the pace', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(10, 4, clock.now, clock.sleep);
    const starts: number[] = [];
    const calls = Array.from({ length: 35 }, () => limiter.run(async () => void starts.push(clock.time)));
    await clock.advance(5000);
    await Promise.all(calls);
    expect(starts).toHaveLength(35);
    for (let i = 10; i < starts.length; i++) expect(starts[i] - starts[i - 10]).toBeGreaterThanOrEqual(1000);
    // Ten a second, with the small safety margin per window: 35 calls take about 3.5 seconds.
    expect(starts[34]).toBeLessThanOrEqual(3600);
  });

  it('holds back every caller after a 429', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(100, 8, clock.now, clock.sleep);
    await clock.advance(1);
    limiter.holdFor(2000);
    const starts: number[] = [];
    const calls = Array.from({ length: 3 }, () => limiter.run(async () => void starts.push(clock.time)));
    await clock.advance(3000);
    await Promise.all(calls);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(2001);
  });

  it('runs at most `concurrency` calls at once', async () => {
    const limiter = new RateLimiter(1000, 3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});

describe('Rate limiter lanes', () => {
  it('lets a delivery through while thousands of member lookups wait', async () => {
    const limiter = new RateLimiter(1000, 4);
    const order: string[] = [];
    const lookup = () =>
      limiter.run(async () => {
        order.push('resolve');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }, 'resolve');
    const lookups = Array.from({ length: 2000 }, lookup);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const send = limiter.run(async () => void order.push('deliver'), 'deliver');
    await send;
    // Only the lookups already running or handed a slot went first; not the 2,000 queued.
    expect(order.filter((entry) => entry === 'resolve').length).toBeLessThan(100);
    await Promise.all(lookups);
  });

  it('never gives lookups more than half of the concurrent calls', async () => {
    const limiter = new RateLimiter(1000, 8);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 40 }, () =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        }, 'resolve'),
      ),
    );
    expect(peak).toBe(4);
  });
});
