import type { BroadcastStatus, RecipientReport } from '../broadcast/broadcastService';
import type { Guide } from '../guide/types';
import type {
  BroadcastDetailResponse,
  BroadcastSummary,
  ChecklistStandingContent,
  RecipientContent,
  RecipientStateContent,
  RolloutOptionsResponse,
} from './contract';

const DELIVERY_STATES: readonly RecipientStateContent[] = [
  'pending',
  'sent',
  'failed',
  'unreachable',
  'cancelled',
  'deleted',
];
const STANDINGS: readonly ChecklistStandingContent[] = ['done', 'inProgress', 'notStarted'];

/** The Rollout page's read model: broadcasts as the chat's status card reports them, as data. */
export class RolloutContent {
  constructor(
    private readonly guide: Guide,
    /** Whether Entra groups can be an audience (Microsoft Graph is configured). */
    private readonly groupsAvailable = false,
  ) {}

  options(): RolloutOptionsResponse {
    return {
      checklists: this.guide.checklists.map(({ id, title }) => ({ id, title })),
      notices: this.guide.notices.map(({ id, title, text }) => ({ id, title, text })),
      groups: this.groupsAvailable,
    };
  }

  summary(status: BroadcastStatus): BroadcastSummary {
    const { content } = status;
    const title =
      content.kind === 'notice'
        ? content.title
        : (this.guide.checklist(content.checklistId)?.title ?? content.checklistId);
    return {
      id: status.id,
      state: status.state,
      createdAt: status.createdAt,
      createdBy: status.createdBy,
      sendAt: status.sendAt,
      content,
      title,
      audience: status.audience,
      ...(status.pausedReason ? { pausedReason: status.pausedReason } : {}),
      ...(status.note ? { note: status.note } : {}),
      total: status.total,
      sent: status.sent,
      failed: status.failed,
      unreachable: status.unreachable,
      pending: status.pending,
      cancelled: status.cancelled,
      deleted: status.deleted,
      ...(status.done !== undefined
        ? { done: status.done, inProgress: status.inProgress ?? 0, notStarted: status.notStarted ?? 0 }
        : {}),
    };
  }

  /** Status plus the people grouped by delivery and, for checklists, by progress. */
  detail(status: BroadcastStatus, recipients: readonly RecipientReport[]): BroadcastDetailResponse {
    const rows: RecipientContent[] = recipients.map((recipient) => ({
      key: recipient.key,
      label: recipient.label,
      kind: recipient.kind,
      state: recipient.state === 'sending' ? 'pending' : recipient.state,
      attempts: recipient.attempts,
      ...(recipient.error ? { error: recipient.error } : {}),
      ...(recipient.progress ? { progress: recipient.progress } : {}),
    }));
    const byDelivery = Object.fromEntries(
      DELIVERY_STATES.map((state) => [state, rows.filter((row) => row.state === state)]),
    ) as Record<RecipientStateContent, RecipientContent[]>;
    const byProgress =
      status.content.kind === 'notice'
        ? undefined
        : (Object.fromEntries(
            STANDINGS.map((standing) => [standing, rows.filter((row) => row.progress === standing)]),
          ) as Record<ChecklistStandingContent, RecipientContent[]>);
    return { broadcast: this.summary(status), byDelivery, ...(byProgress ? { byProgress } : {}) };
  }
}
