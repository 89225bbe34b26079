import { systemClock, type Clock } from '../clock';
import { z } from 'zod';
import { optimisticUpdate } from '../state/optimisticUpdate';
import { keySegment, listByPrefix, type Store } from '../state/store';

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

function keyOf(personKey: string): string {
  return `${PREFIX}${keySegment(personKey)}`;
}

export function emptyProgress(personKey: string, now: Date): PersonProgress {
  return { personKey, completed: {}, completionOrder: [], updatedAt: now.toISOString() };
}

/** Checklist progress in the durable store, updated read-modify-write with optimistic versions. */
export class ProgressRepository {
  constructor(
    private readonly store: Store,
    private readonly now: Clock = systemClock,
  ) {}

  /** The person's stored progress; undefined when they have none yet. */
  async find(personKey: string): Promise<PersonProgress | undefined> {
    const item = await this.store.get(keyOf(personKey));
    return item && personProgressSchema.parse(item.value);
  }

  async get(personKey: string): Promise<PersonProgress> {
    const item = await this.store.get(keyOf(personKey));
    return item ? personProgressSchema.parse(item.value) : emptyProgress(personKey, this.now());
  }

  async list(): Promise<PersonProgress[]> {
    return (await listByPrefix(this.store, PREFIX)).map((item) => personProgressSchema.parse(item.value));
  }

  /**
   * Applies `change` to the current progress and writes it only if nobody wrote in between; on a
   * conflict it reads again and re-applies, so concurrent clicks never lose an update. `change`
   * returns undefined when there is nothing to write. The result is the progress as stored now.
   */
  async update(
    personKey: string,
    change: (current: PersonProgress) => PersonProgress | undefined,
  ): Promise<PersonProgress> {
    const result = await optimisticUpdate(
      this.store,
      keyOf(personKey),
      (item) => (item ? personProgressSchema.parse(item.value) : emptyProgress(personKey, this.now())),
      (current) => {
        const next = change(current);
        return next && { ...next, updatedAt: this.now().toISOString() };
      },
    );
    return result.value;
  }
}
