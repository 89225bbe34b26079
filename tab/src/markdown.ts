import { el, type Child } from './dom';

/**
 * The guide's light Markdown (`**bold**`, `[text](url)`, bare URLs and e-mail addresses) as DOM nodes. Only http(s) and
 * mailto links become anchors; anything else stays text, so guide content can never inject markup.
 */
const TOKEN =
  /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s)]+[^\s).,;:!?])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(href);
}

/** An anchor for http(s) and mailto addresses; other schemes stay plain text. */
export function safeLink(text: string, href: string): Child {
  if (!isSafeHref(href)) return text;
  const external = !href.toLowerCase().startsWith('mailto:');
  return el(
    'a',
    {
      attrs: {
        href,
        target: external ? '_blank' : undefined,
        rel: external ? 'noopener noreferrer' : undefined,
      },
    },
    [text],
  );
}

export function inlineMarkdown(text: string): Child[] {
  const parts: Child[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    const [whole, bold, linkText, linkHref, bareUrl, email] = match;
    if (bold !== undefined) parts.push(el('strong', {}, [bold]));
    else if (linkText !== undefined && linkHref !== undefined) parts.push(safeLink(linkText, linkHref));
    else if (bareUrl !== undefined) parts.push(safeLink(bareUrl, bareUrl));
    else if (email !== undefined) parts.push(safeLink(email, `mailto:${email}`));
    else parts.push(whole);
    last = index + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** A paragraph-like element holding one line of guide text. */
export function markdownLine<K extends 'p' | 'span' | 'li'>(tag: K, text: string, className?: string) {
  return el(tag, { className }, inlineMarkdown(text));
}
