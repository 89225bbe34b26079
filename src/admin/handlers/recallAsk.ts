import { z } from 'zod';
import { ACTION_VERBS } from '../../cards/actionVerbs';
import { createRecallConfirmCard } from '../../cards/broadcastCards';
import { plural } from '../../cards/plural';
import { broadcastIdData, type AdminActionHandler } from '../adminContext';

/** Recall on the status card: asks first, since the recall deletes delivered copies. */
export const recallAsk: AdminActionHandler = async ({ data }, { broadcasts }) => {
  const { broadcastId } = broadcastIdData.parse(data);
  const status = await broadcasts.status(broadcastId);
  if (!status) throw new z.ZodError([]);
  const card = createRecallConfirmCard({
    broadcastId,
    copies: plural(status.sent, 'copy', 'copies'),
    recallVerb: ACTION_VERBS.broadcastRecall,
    keepVerb: ACTION_VERBS.broadcastStatus,
  });
  return { card, messages: [] };
};
