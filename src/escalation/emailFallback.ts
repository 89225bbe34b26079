/** Mail clients and browsers cut long mailto links; stay well below the usual 2,000 characters. */
export const MAX_MAILTO_LENGTH = 1800;
const SUBJECT = 'Microsoft 365 setup: I need help';
/** Each part is cut first, so that a long question leaves room for the earlier messages. */
const MAX_QUESTION_LENGTH = 600;
const MAX_EARLIER_LENGTH = 200;

function clip(text: string, length: number): string {
  const characters = [...text];
  return characters.length <= length ? text : `${characters.slice(0, length).join('')}…`;
}

/**
 * A `mailto:` link to IT with the subject and body filled in: the question and the person's last
 * messages, URL-encoded, cut so that the whole link stays within MAX_MAILTO_LENGTH.
 */
export function supportMailto(address: string, question: string, recentMessages: readonly string[]): string {
  const head = `mailto:${address}?subject=${encodeURIComponent(SUBJECT)}&body=`;
  const earlier = recentMessages
    .filter((message) => message !== question)
    .map((message) => clip(message, MAX_EARLIER_LENGTH));
  const body = [
    `My question: ${clip(question, MAX_QUESTION_LENGTH) || '(see below)'}`,
    ...(earlier.length > 0
      ? ['', 'What I asked the setup assistant before:', ...earlier.map((m) => `- ${m}`)]
      : []),
    '',
    '(Please never send your password.)',
  ].join('\n');
  return head + encodeURIComponent(fitting(body, MAX_MAILTO_LENGTH - head.length));
}

/** The longest start of `text` (whole characters, then "…") whose encoding fits in `room`. */
function fitting(text: string, room: number): string {
  if (encodeURIComponent(text).length <= room) return text;
  const characters = [...text];
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (encodeURIComponent(`${characters.slice(0, middle).join('')}…`).length <= room) low = middle;
    else high = middle - 1;
  }
  return `${characters.slice(0, low).join('')}…`;
}
