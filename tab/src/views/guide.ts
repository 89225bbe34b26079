import type { GuideResponse, TopicContent } from '../../../src/tab/contract';
import { button, el, heading, replaceChildren } from '../dom';
import { renderTopic } from './topic';

export interface GuideBrowser {
  readonly element: HTMLElement;
  /** Shows a topic (from the menu, a related link, "I'm stuck" or an answer's choice) and focuses it. */
  open(topicId: string): void;
  topic(topicId: string): TopicContent | undefined;
}

/** The guide's topics as a menu, and the chosen topic below it. */
export function createGuideBrowser(guide: GuideResponse, headingLevel: 2 | 3): GuideBrowser {
  const byId = new Map(guide.topics.map((topic) => [topic.id, topic]));
  const reader = el('div', { className: 'topic-reader' });
  const menuButtons = new Map<string, HTMLButtonElement>();

  function open(topicId: string): void {
    const topic = byId.get(topicId);
    if (!topic) return;
    for (const [id, menuButton] of menuButtons)
      menuButton.setAttribute('aria-pressed', String(id === topicId));
    const article = renderTopic(topic, { headingLevel: (headingLevel + 1) as 3, onOpenTopic: open });
    const close = button(
      'Close topic',
      () => {
        replaceChildren(reader, []);
        for (const menuButton of menuButtons.values()) menuButton.setAttribute('aria-pressed', 'false');
        (menuButtons.get(topicId) ?? element).focus();
      },
      { className: 'link-button topic-reader__close' },
    );
    replaceChildren(reader, [article, close]);
    article.querySelector<HTMLElement>('.topic__title')?.focus();
  }

  const menu = el(
    'ul',
    { className: 'chip-list topic-menu' },
    guide.topics
      .filter((topic) => topic.inMenu)
      .map((topic) => {
        const menuButton = button(topic.shortTitle, () => open(topic.id), {
          className: 'chip',
          attrs: { 'aria-pressed': 'false' },
        });
        menuButtons.set(topic.id, menuButton);
        return el('li', {}, [menuButton]);
      }),
  );
  const titleId = 'guide-title';
  const element = el(
    'section',
    { className: 'panel guide', attrs: { 'aria-labelledby': titleId, tabindex: -1 } },
    [
      heading(headingLevel, 'Setup guide', { attrs: { id: titleId } }),
      el('p', { className: 'muted' }, [
        'Pick a topic to read the steps. They are the same answers the chat gives.',
      ]),
      menu,
      reader,
    ],
  );
  return { element, open, topic: (topicId) => byId.get(topicId) };
}

export function supportSection(support: GuideResponse['support']): HTMLElement {
  return el('section', { className: 'panel support', attrs: { 'aria-labelledby': 'support-title' } }, [
    heading(2, 'Need help?', { attrs: { id: 'support-title' } }),
    el('p', {}, [
      `Contact ${support.name}: `,
      el('a', { attrs: { href: `mailto:${support.email}` } }, [support.email]),
    ]),
  ]);
}
