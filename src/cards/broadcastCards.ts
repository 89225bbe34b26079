import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, type AdaptiveCard } from './adaptiveCard';
import composerTemplate from './templates/broadcastComposer.json';
import discardedTemplate from './templates/broadcastDiscarded.json';
import listTemplate from './templates/broadcastList.json';
import outOfDateTemplate from './templates/broadcastOutOfDate.json';
import previewTemplate from './templates/broadcastPreview.json';
import recallConfirmTemplate from './templates/broadcastRecallConfirm.json';
import remindConfirmTemplate from './templates/broadcastRemindConfirm.json';
import refusedTemplate from './templates/broadcastRefused.json';
import statusTemplate from './templates/broadcastStatus.json';

export interface Choice {
  readonly title: string;
  readonly value: string;
}

export interface ComposerCardData {
  readonly contentChoices: readonly Choice[];
  readonly audienceChoices: readonly Choice[];
  readonly timezone: string;
  readonly today: string;
  readonly hasError: boolean;
  readonly error: string;
  readonly previewVerb: string;
  /** What the admin entered before, when the composer comes back with an error. */
  readonly contentValue: string;
  readonly noticeTitle: string;
  readonly noticeText: string;
  /** Why the admin sends it: shown above a checklist as "From <admin>: …". */
  readonly why: string;
  readonly audienceValue: string;
  readonly users: string;
  /** Whether "An Entra group" is offered (Microsoft Graph is configured), and its id field. */
  readonly groupsAvailable: boolean;
  readonly groupId: string;
  readonly sendDate: string;
  readonly sendTime: string;
}

/** The composer: content, audience and optional send time (in the admin's own time zone). */
export function createComposerCard(data: ComposerCardData): AdaptiveCard {
  return expandTemplate(composerTemplate, data);
}

export interface PreviewCardData {
  readonly contentLine: string;
  readonly audienceLine: string;
  readonly recipientsLine: string;
  readonly whenLine: string;
  readonly hasNotice: boolean;
  readonly noticeTitle: string;
  readonly noticeText: string;
  /** False when it reaches nobody: no Send button, and `reason` says why. */
  readonly canSend: boolean;
  readonly hasReason: boolean;
  readonly reason: string;
  readonly sendVerb: string;
  readonly discardVerb: string;
}

/** The preview with the recipient count; Send carries the checked request. */
export function createPreviewCard(data: PreviewCardData, request: Record<string, unknown>): AdaptiveCard {
  const card = expandTemplate(previewTemplate, data);
  const actions = (card.actions ?? []).map((action) =>
    (action as { verb?: string }).verb === ACTION_VERBS.broadcastSend
      ? { ...(action as object), data: { request } }
      : action,
  );
  return { ...card, actions };
}

export interface StatusCardData {
  readonly id: string;
  readonly title: string;
  readonly stateLine: string;
  readonly stateColor: string;
  readonly hasPausedReason: boolean;
  readonly pausedReason: string;
  /** A note for IT (e.g. a Graph permission missing for app installs). */
  readonly hasNote: boolean;
  readonly note: string;
  /** Where the copies are: queued, sent, failed, unreachable (cancelled, recalled). */
  readonly deliveryFacts: readonly Choice[];
  /** Checklist broadcasts: how far the people who got it are. */
  readonly hasProgress: boolean;
  readonly progressFacts: readonly Choice[];
  readonly footer: string;
  readonly showRemind: boolean;
  readonly showCancel: boolean;
  readonly showRecall: boolean;
  readonly hasDownload: boolean;
  readonly downloadUrl: string;
  readonly remindVerb: string;
  readonly cancelVerb: string;
  readonly recallAskVerb: string;
  readonly statusVerb: string;
}

/** The live status card the admin watches; it is updated in place as the broadcast goes out. */
export function createStatusCard(data: StatusCardData): AdaptiveCard {
  return expandTemplate(statusTemplate, data);
}

export interface BroadcastListData {
  readonly isEmpty: boolean;
  readonly items: readonly { id: string; title: string; line: string; verb: string }[];
}

export function createBroadcastListCard(data: BroadcastListData): AdaptiveCard {
  return expandTemplate(listTemplate, data);
}

export interface RecallConfirmData {
  readonly broadcastId: string;
  /** How many delivered copies the recall deletes, with the noun: "1 copy", "3 copies". */
  readonly copies: string;
  readonly recallVerb: string;
  /** The "No, keep them" button: back to the status card. */
  readonly keepVerb: string;
}

/** "Recall this broadcast?": the recall deletes delivered copies, so it is asked first. */
export function createRecallConfirmCard(data: RecallConfirmData): AdaptiveCard {
  return expandTemplate(recallConfirmTemplate, data);
}

/** After Discard on the preview: nothing was sent. */
export function createDiscardedCard(): AdaptiveCard {
  return expandTemplate(discardedTemplate, {});
}

/** A broadcast button whose data no longer fits (an old card, an unknown broadcast): nothing changed. */
export function createBroadcastOutOfDateCard(): AdaptiveCard {
  return expandTemplate(outOfDateTemplate, {});
}

/** Someone who is not an IT admin typed a broadcast command or pressed a broadcast button. */
export function createBroadcastRefusedCard(): AdaptiveCard {
  return expandTemplate(refusedTemplate, {});
}

export interface RemindConfirmData {
  readonly broadcastId: string;
  /** Who would be reminded, with the noun: "1 person", "4 people". */
  readonly people: string;
  /** The checklist they got. */
  readonly title: string;
  readonly remindVerb: string;
  /** "Not now": back to the status card. */
  readonly keepVerb: string;
}

/** "Send a reminder to 4 people?": reminders go out only once the admin has seen how many. */
export function createRemindConfirmCard(data: RemindConfirmData): AdaptiveCard {
  return expandTemplate(remindConfirmTemplate, data);
}
