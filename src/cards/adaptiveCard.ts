import { Template } from 'adaptivecards-templating';

/** An Adaptive Card as JSON, ready to attach to a message or an invoke response. */
export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body: readonly unknown[];
  readonly actions?: readonly unknown[];
  readonly [property: string]: unknown;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Expands a card template with its data. */
export function expandTemplate<T extends object>(template: object, data: T): AdaptiveCard {
  const card = new Template(template).expand({ $root: data }) as AdaptiveCard;
  if (card?.type !== 'AdaptiveCard') throw new Error('Card template did not expand to an AdaptiveCard');
  return card;
}

export function mailtoLink(address: string, subject: string): string {
  return `mailto:${address}?subject=${encodeURIComponent(subject)}`;
}
