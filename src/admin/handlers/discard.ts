import { createDiscardedCard } from '../../cards/broadcastCards';
import type { AdminActionHandler } from '../adminContext';

/** Discard on the preview: nothing is sent. */
export const discard: AdminActionHandler = async () => ({ card: createDiscardedCard(), messages: [] });
