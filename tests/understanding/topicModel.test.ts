import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { GuideError, loadGuide } from '../../src/guide/loadGuide';
import { followUpOfText } from '../../src/understanding/followUps';
import { loadTrainingData } from '../../src/understanding/trainingData';
import {
  decide,
  MAX_MESSAGE_LENGTH,
  trainingFolderOf,
  Understanding,
} from '../../src/understanding/understanding';

const config = loadConfig({});
const guide = loadGuide(config.guideFile, config.organisation);
const topicIds = new Set(guide.topics.map((topic) => topic.id));

describe('The trained topic model', () => {
  const understanding = new Understanding(guide);

  it('learns from the training corpus: at least 80 messages for every topic', () => {
    const counts = new Map<string, number>();
    for (const message of understanding.trainingMessages)
      counts.set(message.topic, (counts.get(message.topic) ?? 0) + 1);
    for (const topic of [...topicIds, 'out_of_scope'])
      expect(counts.get(topic) ?? 0).toBeGreaterThanOrEqual(80);
  });

  it('gives probabilities that sum to one, most likely first', () => {
    const ranking = understanding.rank('which authenticator app do I download');
    expect(ranking[0].topicId).toBe('authenticator_install');
    expect(ranking.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 6);
  });

  it('reads long rambling messages up to the limit, with typos and no apostrophes', () => {
    const rambling =
      'Hi there, hope your well. ' +
      'So I came back from leave and theres a lot going on, the team moved desks and I had a new chair. '.repeat(
        12,
      ) +
      'Anyway the real problem: outlook on my windows laptop wont connect, it just says disconected at the bottom.';
    expect(rambling.length).toBeLessThan(MAX_MESSAGE_LENGTH);
    expect(understanding.understand(rambling)).toMatchObject({
      kind: 'topic',
      topicId: 'outlook_reconfigure',
    });
    expect(understanding.understand('x'.repeat(MAX_MESSAGE_LENGTH + 1))).toMatchObject({ kind: 'tooLong' });
  });

  it('is taught by a new line in a training file, with no code change', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'training-'));
    const guideFile = path.join(folder, 'guide.yaml');
    fs.copyFileSync(config.guideFile, guideFile);
    fs.mkdirSync(path.join(folder, 'training'));
    for (const name of fs.readdirSync(trainingFolderOf(guide))) {
      if (name.endsWith('.jsonl'))
        fs.copyFileSync(path.join(trainingFolderOf(guide), name), path.join(folder, 'training', name));
    }
    const question = 'zorblax gadget on my desk wants attention';
    const before = new Understanding(loadGuide(guideFile, config.organisation)).understand(question);
    expect(before).not.toMatchObject({ topicId: 'outlook_web' });
    const lines = ['zorblax gadget', 'the zorblax gadget', 'zorblax gadget wants attention', 'zorblax'].map(
      (text) => JSON.stringify({ text, topic: 'outlook_web', safety: false }),
    );
    fs.appendFileSync(path.join(folder, 'training', 'outlook_web.jsonl'), `${lines.join('\n')}\n`);
    const after = new Understanding(loadGuide(guideFile, config.organisation)).understand(question);
    expect(after).toMatchObject({ kind: 'topic', topicId: 'outlook_web' });
  });

  it('refuses a bad training line at start-up, naming the file, the line and the field', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'training-'));
    fs.writeFileSync(
      path.join(folder, 'x.jsonl'),
      '{"text": "hello", "topic": "support"}\n{"text": "hi", "topic": "nope"}\n',
    );
    expect(() => loadTrainingData(folder, topicIds)).toThrow(GuideError);
    expect(() => loadTrainingData(folder, topicIds)).toThrow(
      /x\.jsonl: line 2, field "topic": "nope" is not a topic/,
    );
  });
});

describe('Deciding from calibrated probabilities', () => {
  const all = () => true;
  it('answers a clear winner', () => {
    expect(
      decide(
        [
          { topicId: 'sspr', probability: 0.9 },
          { topicId: 'support', probability: 0.05 },
        ],
        all,
      ),
    ).toMatchObject({ kind: 'topic', topicId: 'sspr' });
  });

  it('asks one question between the top two when they are close', () => {
    expect(
      decide(
        [
          { topicId: 'portal_login', probability: 0.38 },
          { topicId: 'change_password', probability: 0.33 },
          { topicId: 'sspr', probability: 0.1 },
        ],
        all,
      ),
    ).toEqual({
      kind: 'clarify',
      candidates: [
        { topicId: 'portal_login', probability: 0.38 },
        { topicId: 'change_password', probability: 0.33 },
      ],
    });
  });

  it('asks, too, when two likely topics are all but tied', () => {
    expect(
      decide(
        [
          { topicId: 'outlook_reconfigure', probability: 0.5 },
          { topicId: 'phone_setup', probability: 0.45 },
        ],
        all,
      ),
    ).toMatchObject({ kind: 'clarify' });
  });

  it('says it is outside the setup when nothing is likely or out_of_scope wins', () => {
    expect(
      decide(
        [
          { topicId: 'out_of_scope', probability: 0.7 },
          { topicId: 'support', probability: 0.1 },
        ],
        all,
      ),
    ).toMatchObject({ kind: 'outOfScope' });
    expect(
      decide(
        [
          { topicId: 'support', probability: 0.2 },
          { topicId: 'sspr', probability: 0.15 },
          { topicId: 'm365_apps', probability: 0.15 },
        ],
        all,
      ),
    ).toMatchObject({ kind: 'outOfScope', reason: 'no match' });
  });
});

describe('Follow-ups', () => {
  it.each([
    ['and on my phone?', 'onPhone'],
    ['what about my iPhone', 'onPhone'],
    ['and on my laptop', 'onComputer'],
    ["that didn't work", 'didntWork'],
    ['still not working', 'didntWork'],
    ['it still asks', 'stillAsks'],
    ['it keeps asking for my password', 'stillAsks'],
    ["it doesn't work", 'vague'],
    ['not working', 'vague'],
  ])('"%s" is a follow-up (%s)', (text, kind) => {
    expect(followUpOfText(text)).toBe(kind);
  });

  it.each([
    'outlook on my phone does not work',
    'how do I set up my phone',
    'which app do I download',
    'it asks for a code',
  ])('"%s" carries its own subject', (text) => {
    expect(followUpOfText(text)).toBeUndefined();
  });
});
