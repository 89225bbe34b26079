import type { StepContent, TopicContent, WarningContent } from '../../../src/tab/contract';
import { button, el, heading, type Child } from '../dom';
import { inlineMarkdown, markdownLine, safeLink } from '../markdown';

/**
 * A warning banner. `live` marks it as an alert, for a warning that appears in answer to a question
 * (it must be the first thing heard); in the browsable guide it is a plain note.
 */
export function warningBox(warning: WarningContent, live: boolean): HTMLElement {
  return el(
    'div',
    { className: `warning warning--${warning.kind}`, attrs: { role: live ? 'alert' : 'note' } },
    [
      el('p', { className: 'warning__title' }, [
        el('span', { className: 'warning__icon', attrs: { 'aria-hidden': 'true' } }, ['!']),
        warning.title,
      ]),
      ...warning.lines.map((line) => markdownLine('p', line, 'warning__line')),
    ],
  );
}

/** The per-app ways of doing a step, each labelled with its app. */
function variants(step: StepContent): Child {
  if (step.variants.length === 0) return null;
  return el(
    'div',
    { className: 'variants' },
    step.variants.map((variant) =>
      el('div', { className: 'variant' }, [
        el('p', { className: 'variant__label' }, [variant.label]),
        el(
          'ol',
          { className: 'variant__steps' },
          variant.steps.map((line) => markdownLine('li', line)),
        ),
      ]),
    ),
  );
}

/** A step's own words: text, details, per-app variants and a note. */
export function stepBody(step: StepContent, textId?: string): Child[] {
  const text = markdownLine('p', step.text, 'step__text');
  if (textId) text.id = textId;
  return [
    text,
    step.details.length > 0
      ? el(
          'ul',
          { className: 'step__details' },
          step.details.map((line) => markdownLine('li', line)),
        )
      : null,
    variants(step),
    step.note
      ? el('p', { className: 'step__note' }, [el('strong', {}, ['Note: ']), ...inlineMarkdown(step.note)])
      : null,
  ];
}

/** Steps in order, a sub-heading wherever the guide starts a new section ("Outlook on your phone"). */
export function stepList<S extends StepContent>(
  steps: readonly S[],
  item: (step: S) => HTMLLIElement,
  sectionLevel: 3 | 4,
): Child[] {
  const blocks: Child[] = [];
  let list: HTMLOListElement | undefined;
  let section: string | undefined;
  let number = 0;
  for (const step of steps) {
    if (!list || step.section !== section) {
      section = step.section;
      if (section) blocks.push(heading(sectionLevel, section, { className: 'steps__section' }));
      list = el('ol', { className: 'steps', attrs: { start: number + 1 } });
      blocks.push(list);
    }
    number += 1;
    list.appendChild(item(step));
  }
  return blocks;
}

export interface TopicOptions {
  readonly headingLevel: 2 | 3;
  readonly onOpenTopic: (topicId: string) => void;
  /** Leave out the topic's own banner (it is already shown above it). */
  readonly omitWarning?: boolean;
  readonly liveWarning?: boolean;
}

/** One guide topic, with the same content as the chat's answer card. */
export function renderTopic(topic: TopicContent, options: TopicOptions): HTMLElement {
  const sub = (options.headingLevel + 1) as 3 | 4;
  const title = heading(options.headingLevel, topic.title, {
    className: 'topic__title',
    attrs: { tabindex: -1 },
  });
  return el('article', { className: 'topic', attrs: { 'data-topic-id': topic.id } }, [
    title,
    topic.warning && !options.omitWarning ? warningBox(topic.warning, options.liveWarning ?? false) : null,
    topic.summary ? markdownLine('p', topic.summary, 'topic__summary') : null,
    ...stepList(topic.steps, (step) => el('li', { className: 'step' }, stepBody(step)), sub),
    topic.notes.length > 0
      ? el(
          'ul',
          { className: 'topic__notes' },
          topic.notes.map((note) => markdownLine('li', note)),
        )
      : null,
    topic.links.length > 0
      ? el(
          'ul',
          { className: 'topic__links' },
          topic.links.map((link) => el('li', {}, [safeLink(link.title, link.url)])),
        )
      : null,
    topic.related.length > 0
      ? el('div', { className: 'topic__related' }, [
          heading(sub, 'Related', { className: 'topic__related-title' }),
          el(
            'ul',
            { className: 'chip-list' },
            topic.related.map((related) =>
              el('li', {}, [
                button(related.label, () => options.onOpenTopic(related.topicId), { className: 'chip' }),
              ]),
            ),
          ),
        ])
      : null,
  ]);
}
