import { expandTemplate, type AdaptiveCard } from './adaptiveCard';
import template from './templates/notice.json';

export interface NoticeButton {
  readonly title: string;
  readonly verb: string;
  readonly checklistId: string;
  readonly confirm: boolean;
}

export interface NoticeCardData {
  readonly heading: string;
  readonly text: string;
  readonly buttons: readonly NoticeButton[];
}

/** A short message with buttons: the reset confirmation and the "out of date" error card. */
export function createNoticeCard(data: NoticeCardData): AdaptiveCard {
  return expandTemplate(template, data);
}
