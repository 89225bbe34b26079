import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { optimisticUpdate } from '../state/optimisticUpdate';
import { listByPrefix, type Store } from '../state/store';
import type { FeedbackSalt } from './feedbackSalt';

/** One partition; rows are voter keys (a salted hash of person and answer), never an identity. */
export const FEEDBACK_PREFIX = 'feedback/';

const recordSchema = z.object({
  topicId: z.string(),
  answerId: z.string(),
  helpful: z.boolean(),
  question: z.string().optional(),
  detail: z.string().optional(),
  at: z.string(),
  /** The last change of the vote or its detail (retention counts from it). */
  updatedAt: z.string().optional(),
});

/** One person's current vote on one answer. */
export type FeedbackRecord = z.infer<typeof recordSchema>;

export interface Rating {
  readonly topicId: string;
  readonly answerId: string;
  readonly helpful: boolean;
  readonly question?: string;
}

/**
 * Helpful / not helpful votes. One record per person and answer, so a second press changes the vote
 * instead of counting twice; written with optimistic versions, as several instances share the store.
 */
export class FeedbackRepository {
  constructor(
    private readonly store: Store,
    private readonly salt: FeedbackSalt,
    private readonly now: Clock = systemClock,
  ) {}

  async rate(personKey: string, rating: Rating): Promise<FeedbackRecord> {
    const key = await this.keyOf(personKey, rating.answerId);
    const at = this.now().toISOString();
    const { value } = await optimisticUpdate<FeedbackRecord | undefined>(
      this.store,
      key,
      parse,
      (current) => {
        if (current && current.helpful === rating.helpful && current.topicId === rating.topicId)
          return undefined;
        const next: FeedbackRecord = {
          topicId: rating.topicId,
          answerId: rating.answerId,
          helpful: rating.helpful,
          ...(rating.question ? { question: rating.question } : {}),
          // What they were looking for belongs to a "not helpful" vote only.
          ...(current?.detail && !rating.helpful ? { detail: current.detail } : {}),
          at: current?.at ?? at,
          ...(current ? { updatedAt: at } : {}),
        };
        return next;
      },
    );
    return value as FeedbackRecord;
  }

  /** Adds "what were you looking for" to the person's vote on that answer; false without a vote. */
  async addDetail(personKey: string, answerId: string, detail: string): Promise<boolean> {
    const key = await this.keyOf(personKey, answerId);
    const updatedAt = this.now().toISOString();
    const { value } = await optimisticUpdate<FeedbackRecord | undefined>(this.store, key, parse, (current) =>
      current ? { ...current, detail, updatedAt } : undefined,
    );
    return value !== undefined;
  }

  async all(): Promise<FeedbackRecord[]> {
    return (await listByPrefix(this.store, FEEDBACK_PREFIX)).flatMap((item) => {
      const parsed = recordSchema.safeParse(item.value);
      return parsed.success ? [parsed.data] : [];
    });
  }

  private async keyOf(personKey: string, answerId: string): Promise<string> {
    return `${FEEDBACK_PREFIX}${await this.salt.voterKey(personKey, answerId)}`;
  }
}

function parse(item: { value: unknown } | undefined): FeedbackRecord | undefined {
  const parsed = recordSchema.safeParse(item?.value);
  return parsed.success ? parsed.data : undefined;
}
