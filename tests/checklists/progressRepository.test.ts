import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProgressRepository } from '../../src/checklists/progressRepository';
import { MemoryStore } from '../../src/state/memoryStore';
import { SqliteStore } from '../../src/state/sqliteStore';
import type { Store } from '../../src/state/store';

describe.each([
  ['MemoryStore', () => new MemoryStore()],
  ['SqliteStore', () => SqliteStore.inDataDir(fs.mkdtempSync(path.join(os.tmpdir(), 'progress-')))],
] as [string, () => Store][])('Progress on %s', (_name, open) => {
  it('never loses an update when 50 writers race on one person', async () => {
    const store = open();
    const repository = new ProgressRepository(store);
    const stepIds = Array.from({ length: 50 }, (_, index) => `step-${index}`);
    await Promise.all(
      stepIds.map((stepId) =>
        repository.update('aad:x', (current) => ({
          ...current,
          completed: { ...current.completed, [stepId]: 'now' },
          completionOrder: [...current.completionOrder, stepId],
        })),
      ),
    );
    const final = await repository.get('aad:x');
    expect(Object.keys(final.completed).sort()).toEqual([...stepIds].sort());
    expect(final.completionOrder).toHaveLength(50);
    expect((await store.get('progress/aad:x'))?.version).toBe('50');
    await store.close();
  });
});
