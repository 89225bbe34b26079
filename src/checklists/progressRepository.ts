import { systemClock, type Clock } from '../clock';
import { z } from 'zod';
import type { Store } from '../state/store';
import { VersionConflictError } from '../state/store';

/** One person's checklist progress, shared by every checklist (steps have guide-wide ids). */
export const personProgressSchema = z.object({
  personKey: z.string(),
  /** Step id → when it was ticked. Ids the guide no longer has are kept but not counted. */
  completed: z.record(z.string(), z.string()).default({}),
  /** Ticked step ids, oldest first: "Undo" acts on the last. */
  completionOrder: z.array(z.string()).default([]),
  authenticatorAnswer: z.enum(['yes', 'no']).optional(),
  updatedAt: z.string(),
});

export type PersonProgress = z.infer<typeof personProgressSchema>;

const PREFIX = 'progress/';
const MAX_ATTEMPTS = 200;

export function emptyProgress(personKey: string, now: Date): PersonProgress {
  return { personKey, completed: {}, completionOrder: [], updatedAt: now.toISOString() };
}

/** Checklist progress in the durable store, updated read-modify-write with optimistic versions. */
export class ProgressRepository {
  constructor(
    private readonly store: Store,
    private readonly now: Clock = systemClock,
  ) {}

  async get(personKey: string): Promise<PersonProgress> {
    const item = await this.store.get(PREFIX + personKey);
    return item ? personProgressSchema.parse(item.value) : emptyProgress(personKey, this.now());
  }

  async list(): Promise<PersonProgress[]> {
    return (await this.store.listByPrefix(PREFIX)).map((item) => personProgressSchema.parse(item.value));
  }

  /**
   * Applies `change` to the current progress and writes it only if nobody wrote in between; on a
   * conflict it reads again and re-applies, so concurrent clicks never lose an update. `change`
   * returns undefined when there is nothing to write.
   */
  async update(
    personKey: string,
    change: (current: PersonProgress) => PersonProgress | undefined,
  ): Promise<PersonProgress> {
    const key = PREFIX + personKey;
    for (let attempt = 1; ; attempt++) {
      const item = await this.store.get(key);
      const current = item ? personProgressSchema.parse(item.value) : emptyProgress(personKey, this.now());
      const next = change(current);
      if (!next) return current;
      try {
        await this.store.put(
          key,
          { ...next, updatedAt: this.now().toISOString() },
          item ? item.version : 'absent',
        );
        return next;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
        // Let the writer that won finish before reading again.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
}
