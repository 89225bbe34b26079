import { BroadcastReport } from '../../src/broadcast/broadcastReport';
import type { BroadcastJob } from '../../src/broadcast/types';
import { ChecklistService } from '../../src/checklists/checklistService';
import { ProgressRepository } from '../../src/checklists/progressRepository';
import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import { MemoryStore } from '../../src/state/memoryStore';
import type { Store } from '../../src/state/store';

/** A store that counts how it is read. */
class CountingStore extends MemoryStore {
  gets = 0;
  listings = 0;
  override get(key: string): ReturnType<Store['get']> {
    this.gets++;
    return super.get(key);
  }
  override listPage(...args: Parameters<Store['listPage']>): ReturnType<Store['listPage']> {
    this.listings++;
    return super.listPage(...args);
  }
}

const config = loadConfig({});
const guide = loadGuide(config.guideFile, config.organisation);
const clock = () => new Date('2026-11-26T09:00:00Z');
const job = { id: 'job-1', content: { kind: 'checklist', checklistId: 'setup' } } as BroadcastJob;

describe("A broadcast's report", () => {
  it("reads the progress of that job's people only, and tells done from started from not started", async () => {
    const store = new CountingStore();
    const progress = new ProgressRepository(store, clock);
    const checklists = new ChecklistService(guide, progress, clock);
    const steps = (guide.checklist('setup')?.stages ?? []).flatMap((stage) => stage.steps.map((s) => s.id));
    for (let i = 0; i < 300; i++) {
      await progress.update(`aad:p${i}`, (current) => ({
        ...current,
        completed: Object.fromEntries(
          steps.slice(0, i % 3 === 0 ? steps.length : 1).map((id) => [id, 'now']),
        ),
        completionOrder: steps.slice(0, i % 3 === 0 ? steps.length : 1),
      }));
    }
    store.gets = 0;
    const report = new BroadcastReport(checklists, progress, clock);
    const people = [{ personKey: 'aad:p0' }, { personKey: 'aad:p1' }, { personKey: 'aad:nobody' }, {}];
    const standing = await report.standings(job, people);
    expect(people.map((person) => standing(person))).toEqual(['done', 'inProgress', 'notStarted', undefined]);
    expect(store.gets).toBe(3);
    expect(store.listings).toBe(0);
  });

  it('lists all progress once instead when the job reaches more people than point reads are worth', async () => {
    const store = new CountingStore();
    const progress = new ProgressRepository(store, clock);
    const report = new BroadcastReport(new ChecklistService(guide, progress, clock), progress, clock);
    const people = Array.from({ length: 1200 }, (_, i) => ({ personKey: `aad:p${i}` }));
    const standing = await report.standings(job, people);
    expect(standing(people[0])).toBe('notStarted');
    expect(store.gets).toBe(0);
    expect(store.listings).toBeGreaterThan(0);
  });
});
