import type { BroadcastContent } from '../../broadcast/types';
import { formatInZone } from '../../broadcast/zonedTime';
import { ACTION_VERBS } from '../../cards/actionVerbs';
import { fromLine } from '../../cards/broadcastMessages';
import { createPreviewCard } from '../../cards/broadcastCards';
import { audienceLine } from '../../cards/broadcastStatusView';
import type { Guide } from '../../guide/types';
import { checklistTitleIn, type AdminActionHandler } from '../adminContext';
import { composerInputs, requestFrom } from '../composerForm';

/** Preview: the composer's inputs checked, with the recipient count; Send carries the request. */
export const preview: AdminActionHandler = async ({ data, timezone, actor }, { guide, broadcasts }) => {
  const request = requestFrom(composerInputs.parse(data), guide, timezone, actor.name);
  const counts = await broadcasts.preview(request);
  const content = request.content;
  const card = createPreviewCard(
    {
      contentLine: contentLine(guide, content),
      audienceLine: audienceLine({
        audience:
          request.audience.kind === 'group' && counts.audienceName
            ? { ...request.audience, name: counts.audienceName }
            : request.audience,
      }),
      recipientsLine: `${counts.recipients}${counts.unreachable ? ` (${counts.unreachable} not in Teams yet)` : ''}`,
      whenLine: request.sendAt ? formatInZone(request.sendAt, timezone) : 'Now',
      hasNotice: content.kind === 'notice',
      noticeTitle: content.kind === 'notice' ? content.title : '',
      noticeText: content.kind === 'notice' ? content.text : '',
      canSend: counts.reason === undefined,
      hasReason: counts.reason !== undefined,
      reason: counts.reason ?? '',
      sendVerb: ACTION_VERBS.broadcastSend,
      discardVerb: ACTION_VERBS.broadcastDiscard,
    },
    { content: request.content, audience: request.audience, sendAt: request.sendAt?.toISOString() },
  );
  return { card, messages: [] };
};

function contentLine(guide: Guide, content: BroadcastContent): string {
  if (content.kind === 'notice') return `Notice: ${content.title}`;
  const line = `${content.kind === 'reminder' ? 'Reminder' : 'Checklist'}: ${checklistTitleIn(guide, content.checklistId)}`;
  return content.kind === 'checklist' && content.why ? `${line}, with "${fromLine(content)}"` : line;
}
