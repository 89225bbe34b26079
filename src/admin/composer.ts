import { zonedParts } from '../broadcast/zonedTime';
import { ACTION_VERBS } from '../cards/actionVerbs';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import { createComposerCard, type Choice } from '../cards/broadcastCards';
import type { AdminContext } from './adminContext';
import type { ComposerInputs } from './composerForm';

/**
 * The `broadcast` command's composer: the guide's checklists and notices, the audiences the bot
 * knows of, and the send time in the admin's time zone. With an error it comes back filled in.
 */
export async function composerCard(
  context: AdminContext,
  timezone: string,
  previous: Partial<ComposerInputs> = {},
  error?: string,
): Promise<AdaptiveCard> {
  const { guide } = context;
  const known = await context.conversations.list();
  const people = known.filter((saved) => saved.conversationType === 'personal').length;
  const teams = new Map<string, string>();
  const channels: Choice[] = [];
  for (const saved of known) {
    if (saved.teamId && !teams.has(saved.teamId)) teams.set(saved.teamId, saved.teamName ?? saved.teamId);
    if (saved.conversationType !== 'personal') {
      const id = saved.conversationId.split(';')[0];
      const kind = saved.conversationType === 'channel' ? 'Channel' : 'Group chat';
      if (!channels.some((choice) => choice.value === `channel:${id}`)) {
        channels.push({
          title: `${kind}: ${saved.conversationName ?? saved.teamName ?? id}`,
          value: `channel:${id}`,
        });
      }
    }
  }
  const today = zonedParts(context.now(), timezone);
  return createComposerCard({
    contentChoices: [
      ...guide.checklists.map((checklist) => ({
        title: `Checklist: ${checklist.title}`,
        value: `checklist:${checklist.id}`,
      })),
      ...guide.notices.map((notice) => ({
        title: `Notice: ${notice.title}`,
        value: `notice:${notice.id}`,
      })),
      { title: 'Notice: write your own (title and text below)', value: 'notice:custom' },
    ],
    audienceChoices: [
      { title: `Everyone who has the app (${people} ${people === 1 ? 'person' : 'people'})`, value: 'all' },
      ...[...teams].map(([teamId, name]) => ({
        title: `Team: ${name} (each member in a 1:1 chat)`,
        value: `team:${teamId}`,
      })),
      ...channels,
      { title: 'Chosen people (list below)', value: 'users' },
      ...(context.broadcasts.groupsAvailable
        ? [{ title: 'An Entra group (its object id below)', value: 'group' }]
        : []),
    ],
    timezone,
    today: `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`,
    hasError: error !== undefined,
    error: error ?? '',
    previewVerb: ACTION_VERBS.broadcastPreview,
    contentValue: previous.content ?? `checklist:${guide.checklists[0]?.id ?? ''}`,
    noticeTitle: previous.noticeTitle ?? '',
    noticeText: previous.noticeText ?? '',
    why: previous.why ?? '',
    audienceValue: previous.audience ?? 'all',
    users: previous.users ?? '',
    groupsAvailable: context.broadcasts.groupsAvailable,
    groupId: previous.groupId ?? '',
    sendDate: previous.sendDate ?? '',
    sendTime: previous.sendTime ?? '',
  });
}
