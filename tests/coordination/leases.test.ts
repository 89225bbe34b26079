import { Leases, SingleOwnerDuty } from '../../src/coordination/leases';
import { MemoryStore } from '../../src/state/memoryStore';

describe('Leases in the shared store', () => {
  let time = Date.parse('2026-11-26T09:00:00Z');
  const clock = () => new Date(time);
  const store = new MemoryStore();
  const instanceA = new Leases(store, 'instance-a', clock);
  const instanceB = new Leases(store, 'instance-b', clock);

  it('gives a lease to one instance at a time, and to another once the holder stops renewing', async () => {
    expect(await instanceA.acquire('broadcast-job/1', 10_000)).toBe(true);
    expect(await instanceB.acquire('broadcast-job/1', 10_000)).toBe(false);
    time += 5_000;
    expect(await instanceA.acquire('broadcast-job/1', 10_000)).toBe(true); // renewed
    time += 9_000;
    expect(await instanceB.acquire('broadcast-job/1', 10_000)).toBe(false);
    time += 2_000; // A died: its renewal is 11 s old
    expect(await instanceB.acquire('broadcast-job/1', 10_000)).toBe(true);
    expect(await instanceA.acquire('broadcast-job/1', 10_000)).toBe(false);
    expect(await instanceA.holderOf('broadcast-job/1')).toBe('instance-b');
  });

  it('lets a released lease be taken at once, and ignores a release by someone else', async () => {
    expect(await instanceA.acquire('nudges', 60_000)).toBe(true);
    await instanceB.release('nudges');
    expect(await instanceB.acquire('nudges', 60_000)).toBe(false);
    await instanceA.release('nudges');
    expect(await instanceB.acquire('nudges', 60_000)).toBe(true);
  });

  it('lets exactly one of many racing instances win', async () => {
    const racers = Array.from({ length: 12 }, (_, i) => new Leases(store, `racer-${i}`, clock));
    const won = await Promise.all(racers.map((leases) => leases.acquire('race', 10_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('gives a duty up for good when stopped, even with a renewal on its way', async () => {
    const duty = new SingleOwnerDuty(
      new Leases(store, 'stopping', clock),
      'stop-duty',
      60_000,
      () => undefined,
    );
    await duty.start();
    expect(duty.isOwner).toBe(true);
    const renewal = (duty as unknown as { renewNow(): Promise<void> }).renewNow();
    await duty.stop();
    await renewal;
    expect(duty.isOwner).toBe(false);
    expect(await new Leases(store, 'next', clock).acquire('stop-duty', 60_000)).toBe(true);
  });

  it('makes exactly one of three instances the owner of a duty, and hands it over when it stops', async () => {
    const duties = ['a', 'b', 'c'].map(
      (name) => new SingleOwnerDuty(new Leases(store, name, clock), 'nudge-duty', 60_000, () => undefined),
    );
    for (const duty of duties) await duty.start();
    const owners = duties.filter((duty) => duty.isOwner);
    expect(owners).toHaveLength(1);
    await owners[0].stop();
    const others = duties.filter((duty) => duty !== owners[0]);
    // The next renewal round (every ttl/3 in real time) would pick a new owner; run it now.
    for (const duty of others) await (duty as unknown as { renew(): Promise<void> }).renew();
    expect(others.filter((duty) => duty.isOwner)).toHaveLength(1);
    for (const duty of others) await duty.stop();
  });
});
