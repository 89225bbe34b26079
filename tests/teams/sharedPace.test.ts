import { MemoryStore } from '../../src/state/memoryStore';
import { SharedPace } from '../../src/teams/sharedPace';

/** The most start times inside any one-second window. */
function busiestSecond(starts: readonly number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('The Teams ceiling shared by several instances', () => {
  const now = Date.parse('2026-11-26T09:00:00Z');

  it('never gives out more starts than the ceiling in any second, across three instances, and keeps close to it', async () => {
    const store = new MemoryStore();
    const instances = [1, 2, 3].map(() => new SharedPace(store, 20, 'teams-pace/test', () => now));
    const starts = await Promise.all(
      instances.flatMap((pace) => Array.from({ length: 100 }, () => pace.nextStart(5))),
    );
    expect(new Set(starts).size).toBe(300);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(20);
    // 300 starts at 20 a second take 15 s: at least 90% of the ceiling means within 16.7 s.
    const span = (Math.max(...starts) - Math.min(...starts)) / 1000;
    expect(span).toBeLessThanOrEqual(300 / 20 / 0.9);
  });

  it('never hands out a start time that has passed (left over from a burst that ended)', async () => {
    let clock = now;
    const pace = new SharedPace(new MemoryStore(), 50, 'teams-pace/test', () => clock);
    await pace.nextStart(5); // reserves five, uses one
    clock += 10_000;
    expect(await pace.nextStart(1)).toBeGreaterThanOrEqual(clock);
  });

  it('holds every instance back after a 429 seen by one of them', async () => {
    const store = new MemoryStore();
    const [first, second] = [1, 2].map(() => new SharedPace(store, 50, 'teams-pace/test', () => now));
    await first.holdFor(5_000);
    expect(await second.nextStart(1)).toBeGreaterThanOrEqual(now + 5_000);
  });
});
