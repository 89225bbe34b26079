import { groupQuestions, jaccard, type GroupableQuestion } from '../../src/report/questionGroups';
import { QuestionLog } from '../../src/report/questionLog';
import { UnansweredRecorder } from '../../src/report/unansweredRecorder';
import { MemoryStore } from '../../src/state/memoryStore';

const terms = (text: string) =>
  text
    .toLowerCase()
    .split(/\W+/)
    .filter((word) => word.length > 2);
const frequency: Record<string, number> = { work: 150, office: 57, mail: 120, home: 44, dog: 1, bring: 2 };
const df = (term: string) => frequency[term] ?? 10;

describe('Grouping similar questions', () => {
  it('joins wordings whose terms overlap by 60% or more, or that share their most distinctive term', () => {
    const questions: GroupableQuestion[] = [
      { text: 'can I bring my dog to work', outcome: 'outOfScope', guessedTopicId: 'out_of_scope' },
      { text: 'dog allowed in the office', outcome: 'notHelpful', guessedTopicId: 'm365_apps' },
      { text: 'work mail from home', outcome: 'clarify', guessedTopicId: 'outlook_web' },
      { text: 'work mail from home please', outcome: 'clarify', guessedTopicId: 'outlook_web' },
      { text: 'CAN I BRING MY DOG TO WORK', outcome: 'outOfScope', guessedTopicId: 'out_of_scope' },
    ];
    expect(groupQuestions(questions, terms, df)).toEqual([
      {
        count: 3,
        examples: ['can I bring my dog to work', 'dog allowed in the office'],
        guessedTopicId: 'out_of_scope',
        outcomes: { outOfScope: 2, clarify: 0, notHelpful: 1 },
        keyTerm: 'dog',
      },
      {
        count: 2,
        examples: ['work mail from home', 'work mail from home please'],
        guessedTopicId: 'outlook_web',
        outcomes: { outOfScope: 0, clarify: 2, notHelpful: 0 },
        keyTerm: 'from',
      },
    ]);
    expect(
      jaccard(new Set(['work', 'mail', 'from', 'home']), new Set(['work', 'mail', 'from', 'home', 'please'])),
    ).toBe(0.8);
  });

  it('records out-of-scope and clarifying outcomes with the guess, and nothing for answered questions', async () => {
    const store = new MemoryStore();
    let second = 0;
    const log = new QuestionLog(store, () => new Date(Date.UTC(2026, 10, 1, 10, 0, second++)));
    const recorder = new UnansweredRecorder(log);
    recorder.observe(' sync my watch ', { kind: 'outOfScope', reason: 'classifier' });
    recorder.observe('mail at home', {
      kind: 'clarify',
      candidates: [
        { topicId: 'outlook_web', probability: 0.4 },
        { topicId: 'phone_setup', probability: 0.3 },
      ],
    });
    recorder.observe('help with outlook', {
      kind: 'topic',
      topicId: 'outlook_reconfigure',
      score: 0.9,
      safety: false,
    });
    await log.flush();
    const stored = (await store.listPage('unanswered-question/')).items.map((item) => item.value);
    expect(stored).toEqual([
      {
        text: 'sync my watch',
        outcome: 'outOfScope',
        guessedTopicId: 'out_of_scope',
        at: '2026-11-01T10:00:00.000Z',
      },
      {
        text: 'mail at home',
        outcome: 'clarify',
        guessedTopicId: 'outlook_web',
        at: '2026-11-01T10:00:01.000Z',
      },
    ]);
  });
});
