import { buttonsOf, visibleText } from './cards';
import type { TurnResult } from './botHarness';

/** The card an invoke response carries (it replaces the pressed card for the person who pressed). */
export function responseCard(result: TurnResult): Record<string, unknown> {
  const body = result.invokeResponse?.body as {
    statusCode: number;
    type: string;
    value: Record<string, unknown>;
  };
  expect(body.statusCode).toBe(200);
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
}

/** The Done button of the step whose text contains `stepText`. */
export function doneButtonFor(card: unknown, stepId: string) {
  const button = buttonsOf(card).find(
    (candidate) => candidate.title === 'Done' && candidate.data?.stepId === stepId,
  );
  if (!button) throw new Error(`no Done button for ${stepId} on:\n${visibleText(card)}`);
  return button;
}

export function progressLineOf(card: unknown): string | undefined {
  return visibleText(card)
    .split('\n')
    .find((line) => /^\d+ of \d+ steps done$/.test(line));
}
