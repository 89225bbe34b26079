import type { OutboundMessage } from '../../src/assistant/assistant';
import {
  createAskItCard,
  createEmailItCard,
  createEscalationListCard,
  createEscalationNoticeCard,
} from '../../src/cards/escalationCards';
import { supportMailto } from '../../src/escalation/emailFallback';
import type { Escalation } from '../../src/escalation/escalationRecord';
import { escalationCard } from '../../src/escalation/escalationView';

const asked: Escalation = {
  id: 'Abc123xyz',
  status: 'open',
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  person: { key: 'aad:alice', name: 'Alice Example' },
  personChat: { serviceUrl: 'https://smba.example/', conversationId: 'a:alice' },
  question: 'The QR code <will not> scan on my iPhone',
  recentMessages: ['help with the authenticator', 'The QR code <will not> scan on my iPhone'],
  progress: '9 of 29 steps done',
  nextStep: 'Scan the QR code',
  authenticator: 'Microsoft Authenticator',
  device: 'iPhone',
  replies: [],
};
const it = { key: 'aad:ivy', name: 'Ivy IT', at: '2026-12-01T09:05:00.000Z' };

/** Every escalation card in its states, for the card validity suite. */
export function escalationCardSamples(): [string, OutboundMessage][] {
  return [
    ['escalation, open', { text: 'x', card: escalationCard(asked, 'Europe/London') }],
    [
      'escalation, taken and answered, already-taken notice',
      {
        text: 'x',
        card: escalationCard(
          { ...asked, takenBy: it, replies: [{ ...it, text: 'Try the camera app' }] },
          'Europe/London',
          'Already taken by Ivy IT at 1 Dec, 09:05.',
        ),
      },
    ],
    [
      'escalation, resolved',
      { text: 'x', card: escalationCard({ ...asked, status: 'resolved', resolvedBy: it }, 'Europe/London') },
    ],
    ['Ask IT offer', { text: 'x', card: createAskItCard('Want IT?', 'I am stuck') }],
    [
      'E-mail IT',
      {
        text: 'x',
        card: createEmailItCard('E-mail IT', 'Press it', supportMailto('it@example.com', 'q', ['a', 'b'])),
      },
    ],
    ['escalation notice', { text: 'x', card: createEscalationNoticeCard('Passed to IT', 'reference x') }],
    ['escalation list, empty', { text: 'x', card: createEscalationListCard('Open escalations (0)', []) }],
    [
      'escalation list',
      {
        text: 'x',
        card: createEscalationListCard('Open escalations (1)', [{ title: 'Alice: QR', detail: 'Waiting' }]),
      },
    ],
  ];
}
