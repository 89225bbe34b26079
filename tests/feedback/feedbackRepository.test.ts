import { FeedbackRepository } from '../../src/feedback/feedbackRepository';
import { FeedbackSalt } from '../../src/feedback/feedbackSalt';
import { MemoryStore } from '../../src/state/memoryStore';
import { listByPrefix } from '../../src/state/store';

const RATING = { topicId: 'sspr', answerId: 'answer-1', helpful: true, question: 'forgot my password' };

describe('Feedback votes in the shared store', () => {
  it('two instances racing on one person and answer keep one vote; other people and answers add votes', async () => {
    const store = new MemoryStore();
    // Two instances: their own salt readers and repositories over the one store.
    const first = new FeedbackRepository(store, new FeedbackSalt(store));
    const second = new FeedbackRepository(store, new FeedbackSalt(store));
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 ? first : second).rate('aad:alice', { ...RATING, helpful: index % 3 === 0 }),
      ),
    );
    expect(await first.all()).toHaveLength(1);
    await second.rate('aad:bob', RATING);
    await first.rate('aad:alice', { ...RATING, answerId: 'answer-2' });
    expect((await second.all()).map((vote) => vote.answerId).sort()).toEqual([
      'answer-1',
      'answer-1',
      'answer-2',
    ]);
    // One salt for everyone, created once.
    expect(await listByPrefix(store, 'feedback-salt/')).toHaveLength(1);
  });

  it('a changed vote keeps its first time and notes the change; the detail belongs to "not helpful" only', async () => {
    const store = new MemoryStore();
    let now = new Date('2026-11-01T10:00:00Z');
    const votes = new FeedbackRepository(store, new FeedbackSalt(store), () => now);
    await votes.rate('aad:alice', { ...RATING, helpful: false });
    expect(await votes.addDetail('aad:alice', 'answer-1', 'the reset link')).toBe(true);
    expect(await votes.addDetail('aad:bob', 'answer-1', 'no vote, no detail')).toBe(false);
    now = new Date('2026-11-02T10:00:00Z');
    await votes.rate('aad:alice', { ...RATING, helpful: true });
    expect(await votes.all()).toEqual([
      {
        topicId: 'sspr',
        answerId: 'answer-1',
        helpful: true,
        question: 'forgot my password',
        at: '2026-11-01T10:00:00.000Z',
        updatedAt: '2026-11-02T10:00:00.000Z',
      },
    ]);
  });
});
