/** A bare web address in guide text, not already inside a markdown link. */
const BARE_URL = /(?<!\]\(|\[)\bhttps:\/\/[^\s)\]]+[^\s)\].,;:!?'"]/g;

/**
 * Guide text as it should read on a card. Card renderers drop anything that looks like an HTML tag,
 * so the guide's "<GUID>" would vanish; single angle quotes look the same and survive. Bare https
 * addresses become markdown links, which every Teams client makes clickable.
 */
export function cardText(text: string): string {
  return text
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(BARE_URL, (url) => `[${url}](${url})`);
}
