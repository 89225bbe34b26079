import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import type { Guide } from '../guide/types';
import { listByPrefix, type Store } from '../state/store';
import { OUT_OF_SCOPE_TOPIC, type LabelledMessage } from '../understanding/trainingData';

/**
 * Training examples IT added from the report, in the shared store (not in `content/training/`: the
 * deployed content folder is read-only and replaced by each deployment, and every instance must learn
 * the same examples). Rows `<ISO time>_<random id>`, oldest first.
 */
export const ADDED_EXAMPLES_PREFIX = 'training-example/';

const MAX_TEXT_LENGTH = 4000;

const exampleSchema = z.object({
  text: z.string().min(1).max(MAX_TEXT_LENGTH),
  topicId: z.string().min(1).max(100),
  addedBy: z.string(),
  addedAt: z.string(),
});

/** One example IT added: what people wrote, the topic it is about, who added it and when. */
export type AddedExample = z.infer<typeof exampleSchema>;

/** An example that cannot be added: empty, too long, or about a topic the guide does not have. */
export class ExampleProblem extends Error {}

/** What learns the examples: the assistant, which retrains its understanding on them. */
export interface Learner {
  learn(added: readonly LabelledMessage[]): void;
}

/**
 * IT's added examples. Adding one stores it and retrains this instance at once; the other instances
 * find it at their next check (`refresh`, every minute) and at start-up.
 */
export class AddedExamples {
  /** The stored keys the model was last trained with. */
  private learntKeys = '';
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;

  constructor(
    private readonly store: Store,
    private readonly guide: Guide,
    private readonly learner: Learner,
    private readonly now: Clock = systemClock,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Checks, cleans and stores an example, then retrains. */
  async add(text: string, topicId: string, addedBy: string): Promise<AddedExample> {
    const cleaned = text.trim();
    if (cleaned === '') throw new ExampleProblem('The example text is empty.');
    if (cleaned.length > MAX_TEXT_LENGTH)
      throw new ExampleProblem(`The example is longer than ${MAX_TEXT_LENGTH} characters.`);
    if (topicId !== OUT_OF_SCOPE_TOPIC && !this.guide.topic(topicId))
      throw new ExampleProblem(`"${topicId}" is not a topic of the guide.`);
    const addedAt = this.now().toISOString();
    const example: AddedExample = { text: cleaned, topicId, addedBy, addedAt };
    await this.store.put(`${ADDED_EXAMPLES_PREFIX}${addedAt}_${randomUUID()}`, example, null);
    await this.refresh();
    return example;
  }

  async all(): Promise<AddedExample[]> {
    return (await this.stored()).map((entry) => entry.example);
  }

  /** Retrains when the stored examples differ from those last learnt (one refresh at a time). */
  async refresh(): Promise<void> {
    const previous = this.refreshing?.catch(() => undefined);
    const run = (async () => {
      await previous;
      const stored = await this.stored();
      const keys = stored.map((entry) => entry.key).join('\n');
      if (keys === this.learntKeys) return;
      this.learner.learn(stored.map(({ example }) => ({ text: example.text, topic: example.topicId })));
      this.learntKeys = keys;
    })();
    this.refreshing = run;
    await run;
  }

  /** Learns what is stored now, then checks every `intervalMs` for examples other instances added. */
  async start(intervalMs: number): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(this.onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async stored(): Promise<{ key: string; example: AddedExample }[]> {
    return (await listByPrefix(this.store, ADDED_EXAMPLES_PREFIX)).flatMap((item) => {
      const parsed = exampleSchema.safeParse(item.value);
      // An example whose topic left the guide is no longer learnt.
      if (!parsed.success) return [];
      const known = parsed.data.topicId === OUT_OF_SCOPE_TOPIC || this.guide.topic(parsed.data.topicId);
      return known ? [{ key: item.key, example: parsed.data }] : [];
    });
  }
}
