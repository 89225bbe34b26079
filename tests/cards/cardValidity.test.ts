import { loadConfig } from '../../src/config';
import { Assistant, type OutboundMessage } from '../../src/assistant/assistant';
import { loadGuide } from '../../src/guide/loadGuide';
import type { Checklist, Guide } from '../../src/guide/types';
import { buildChecklistView } from '../../src/checklists/checklistView';
import { emptyProgress } from '../../src/checklists/progressRepository';
import { checklistCardData, createChecklistCard } from '../../src/cards/checklistCard';
import { createNextStepCard, nextStepCardData } from '../../src/cards/nextStepCard';
import { createNoticeCard } from '../../src/cards/noticeCard';
import {
  createBroadcastListCard,
  createComposerCard,
  createPreviewCard,
} from '../../src/cards/broadcastCards';
import { statusCardFor } from '../../src/cards/broadcastStatusView';
import { createSharedChecklistCard, sharedChecklistCardData } from '../../src/cards/sharedChecklistCard';
import { feedbackCardSamples } from '../helpers/feedbackCardSamples';
import { escalationCardSamples } from '../escalation/escalationCardSamples';

// The browser bundle of the official renderer runs its parser and validator in plain Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: unknown[] };
  };
  SerializationContext: new (version: unknown) => {
    eventCount: number;
    getEventAt(index: number): { message: string };
  };
  Versions: { v1_5: unknown };
};

/** Teams refuses messages over about 28 KB; a card should stay far below that. */
const CARD_BUDGET_BYTES = 12 * 1024;

function problemsOf(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(JSON.stringify(event));
  return problems;
}

function checklistCards(guide: Guide): [string, OutboundMessage][] {
  const journey = guide.checklist('setup') as Checklist;
  const allSteps = journey.stages.flatMap((stage) => stage.steps.map((step) => step.id));
  const progressWith = (ticked: string[], authenticatorAnswer?: 'yes' | 'no') => ({
    ...emptyProgress('aad:x', new Date()),
    completed: Object.fromEntries(ticked.map((id) => [id, 'now'])),
    completionOrder: ticked,
    authenticatorAnswer,
  });
  const states: [string, ReturnType<typeof progressWith>][] = [
    ['fresh', progressWith([])],
    ['half done', progressWith(allSteps.slice(0, 12), 'no')],
    ['complete', progressWith(allSteps, 'yes')],
  ];
  const cards: [string, OutboundMessage][] = [];
  for (const checklist of guide.checklists) {
    for (const [label, progress] of states) {
      const view = buildChecklistView(checklist, progress, { inTeams: true });
      cards.push([
        `checklist ${checklist.id}, ${label}`,
        { text: 'x', card: createChecklistCard(checklistCardData(view), { checklistId: checklist.id }) },
      ]);
      const next = nextStepCardData(view);
      if (next)
        cards.push([`next step of ${checklist.id}, ${label}`, { text: 'x', card: createNextStepCard(next) }]);
    }
  }
  cards.push([
    'shared group-chat checklist',
    {
      text: 'x',
      card: createSharedChecklistCard(sharedChecklistCardData('Microsoft 365 setup', 'setup'), {
        checklistId: 'setup',
        userIds: ['29:a'],
      }),
    },
  ]);
  const now = new Date('2026-12-01T09:00:00Z');
  const status = {
    id: 'b1',
    state: 'sending' as const,
    createdAt: now.toISOString(),
    createdBy: 'aad-admin',
    sendAt: now.toISOString(),
    content: { kind: 'checklist' as const, checklistId: 'setup' },
    audience: { kind: 'all' as const },
    total: 10,
    sent: 6,
    failed: 1,
    unreachable: 1,
    pending: 2,
    cancelled: 0,
    deleted: 0,
    done: 2,
    inProgress: 3,
    notStarted: 3,
  };
  cards.push([
    'broadcast status',
    {
      text: 'x',
      card: statusCardFor(
        {
          ...status,
          pausedReason: 'paused (401)',
          note: 'Microsoft Graph refused to install the app (TeamsAppInstallation.ReadWriteSelfForUser.All).',
        },
        {
          timezone: 'Europe/Berlin',
          downloadUrl: 'https://bot.example/x.csv',
          checklistTitle: () => 'Microsoft 365 setup',
          now,
        },
      ),
    },
  ]);
  cards.push([
    'broadcast composer',
    {
      text: 'x',
      card: createComposerCard({
        contentChoices: [{ title: 'Checklist: Microsoft 365 setup', value: 'checklist:setup' }],
        audienceChoices: [{ title: 'Everyone', value: 'all' }],
        timezone: 'Europe/Berlin',
        today: '2026-12-01',
        hasError: true,
        error: 'Choose who gets it.',
        previewVerb: 'broadcast.preview',
        contentValue: 'checklist:setup',
        why: 'We move to Microsoft 365 on Monday',
        noticeTitle: '',
        noticeText: '',
        audienceValue: 'all',
        users: '',
        groupsAvailable: true,
        groupId: '',
        sendDate: '',
        sendTime: '',
      }),
    },
  ]);
  cards.push([
    'broadcast preview',
    {
      text: 'x',
      card: createPreviewCard(
        {
          contentLine: 'Notice: x',
          audienceLine: 'Everyone',
          recipientsLine: '12',
          whenLine: 'Now',
          hasNotice: true,
          noticeTitle: 'T',
          noticeText: 'Text',
          canSend: false,
          hasReason: true,
          reason: 'This broadcast reaches nobody: none of the 12 people are in Teams yet.',
          sendVerb: 'broadcast.send',
          discardVerb: 'broadcast.discard',
        },
        { content: { kind: 'notice', title: 'T', text: 'Text' }, audience: { kind: 'all' } },
      ),
    },
  ]);
  cards.push([
    'broadcast list',
    {
      text: 'x',
      card: createBroadcastListCard({
        isEmpty: false,
        items: [{ id: 'b1', title: 'Setup', line: 'completed', verb: 'broadcast.status' }],
      }),
    },
  ]);
  cards.push([
    'reset confirmation',
    {
      text: 'x',
      card: createNoticeCard({
        heading: 'Clear?',
        text: 'Sure?',
        buttons: [{ title: 'Yes', verb: 'checklist.reset', checklistId: 'setup', confirm: true }],
      }),
    },
  ]);
  return cards;
}

function everyCard(ssprEnabled: boolean): [string, OutboundMessage][] {
  const config = loadConfig({ SSPR_ENABLED: String(ssprEnabled) });
  const guide = loadGuide(config.guideFile, config.organisation);
  const assistant = new Assistant(guide, config.organisation);
  return [
    ...checklistCards(guide),
    ['menu', assistant.menu()],
    ['welcome', assistant.welcome()],
    ['did you mean', assistant.replyTo('where do i type my temporary password').messages[0]],
    ['empty message', assistant.replyTo(' ').messages[0]],
    ...escalationCardSamples(),
    ...feedbackCardSamples(assistant),
    ...guide.topics.map((topic): [string, OutboundMessage] => [
      `topic ${topic.id}`,
      assistant.topicAnswer(topic.id) as OutboundMessage,
    ]),
  ];
}

describe.each([false, true])('Every card the bot sends (self-service reset enabled: %s)', (ssprEnabled) => {
  it.each(everyCard(ssprEnabled))(
    '%s is a valid Adaptive Card 1.5, fully expanded, well under the size limit',
    (_name, message) => {
      const card = message.card as Record<string, unknown>;
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      expect(problemsOf(card)).toEqual([]);
      const json = JSON.stringify(card);
      expect(json).not.toContain('${');
      expect(Buffer.byteLength(json)).toBeLessThan(CARD_BUDGET_BYTES);
      expect(message.text).toBeTruthy();
    },
  );
});
