/**
 * Guide text as it should read on a card. Card renderers drop anything that looks like an HTML tag,
 * so the guide's "<GUID>" would vanish; single angle quotes look the same and survive.
 */
export function cardText(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}
