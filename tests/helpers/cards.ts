import type { Activity, Attachment } from 'botbuilder';

/** The Adaptive Card JSON of a reply, or undefined when it has none. */
export function cardOf(activity: Partial<Activity>): Record<string, unknown> | undefined {
  const attachment = (activity.attachments ?? []).find(
    (candidate: Attachment) => candidate.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return attachment?.content as Record<string, unknown> | undefined;
}

/** All text a person can read on a card (text blocks, fact values, button titles), joined by newlines. */
export function visibleText(card: unknown): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.text === 'string') parts.push(record.text);
    if (typeof record.title === 'string') parts.push(record.title);
    Object.values(record).forEach(visit);
  };
  visit(card);
  return parts.join('\n');
}

/** Buttons of a card: their titles and the verb/data or URL they carry. */
export function buttonsOf(
  card: unknown,
): { title: string; verb?: string; data?: Record<string, unknown>; url?: string }[] {
  const buttons: { title: string; verb?: string; data?: Record<string, unknown>; url?: string }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.')) {
      buttons.push({
        title: String(record.title),
        verb: record.verb as string | undefined,
        data: record.data as Record<string, unknown> | undefined,
        url: record.url as string | undefined,
      });
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return buttons;
}

/** The card's first large heading. */
export function headingOf(card: unknown): string | undefined {
  const body = (card as { body?: { type: string; size?: string; text?: string }[] }).body ?? [];
  return body.find((element) => element.type === 'TextBlock' && element.size === 'Large')?.text;
}
