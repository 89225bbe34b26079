import { formatInZone } from '../broadcast/zonedTime';
import { ACTION_VERBS } from '../cards/actionVerbs';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import { createBroadcastListCard } from '../cards/broadcastCards';
import { contentTitle } from '../cards/broadcastStatusView';
import { checklistTitleIn, type AdminContext } from './adminContext';

const LISTED = 10;

/** The `broadcasts` command: the latest broadcasts, each with a button to its status card. */
export async function recentBroadcastsCard(context: AdminContext): Promise<AdaptiveCard> {
  const recent = await context.broadcasts.list(LISTED);
  return createBroadcastListCard({
    isEmpty: recent.length === 0,
    items: recent.map((status) => ({
      id: status.id,
      title: contentTitle(status, (id) => checklistTitleIn(context.guide, id)),
      line: `${status.state} · ${status.sent} of ${status.total} sent${status.done !== undefined ? ` · ${status.done} done` : ''} · ${formatInZone(new Date(status.createdAt), context.orgTimezone)}`,
      verb: ACTION_VERBS.broadcastStatus,
    })),
  });
}
