import type { AskResponse } from '../../../src/tab/contract';
import type { TabApi } from '../api';
import { button, el, heading, replaceChildren, type Child } from '../dom';
import { inlineMarkdown } from '../markdown';
import { guarded } from '../status';
import { renderTopic, warningBox } from './topic';

const MAX_QUESTION = 4000;

/** The chat's answer as the tab shows it: anything urgent and the safety warning first, then the topic. */
export function renderAnswer(answer: AskResponse, openTopic: (topicId: string) => void): Child[] {
  const [topic] = answer.topics;
  return [
    answer.urgent
      ? el('p', { className: 'urgent', attrs: { role: 'alert' } }, inlineMarkdown(answer.urgent))
      : null,
    answer.warning ? warningBox(answer.warning, true) : null,
    answer.message ? el('p', { className: 'answer__message' }, inlineMarkdown(answer.message)) : null,
    topic
      ? renderTopic(topic, {
          headingLevel: 3,
          onOpenTopic: openTopic,
          omitWarning: answer.warning !== undefined && topic.warning?.kind === answer.warning.kind,
          liveWarning: true,
        })
      : null,
    answer.choices && answer.choices.length > 0
      ? el(
          'ul',
          { className: 'chip-list' },
          answer.choices.map((choice) =>
            el('li', {}, [button(choice.label, () => openTopic(choice.topicId), { className: 'chip' })]),
          ),
        )
      : null,
  ];
}

/** "Ask a question": posts to the bot's ask endpoint and shows the answer below the box. */
export function createAskSection(api: TabApi, openTopic: (topicId: string) => void): HTMLElement {
  let lastTopicId: string | undefined;
  const input = el('input', {
    attrs: {
      id: 'ask-input',
      type: 'search',
      name: 'question',
      maxlength: MAX_QUESTION,
      autocomplete: 'off',
      required: true,
    },
  });
  const submit = el('button', { className: 'primary', attrs: { type: 'submit' } }, ['Ask']);
  const answer = el('div', { className: 'answer', attrs: { 'aria-live': 'polite' } });
  const form = el('form', { className: 'ask__form', attrs: { role: 'search' } }, [
    el('label', { attrs: { for: 'ask-input' } }, ['Ask in your own words']),
    el('div', { className: 'ask__row' }, [input, submit]),
    el('p', { className: 'muted ask__hint' }, [
      'For example: "the app on my phone keeps asking me to approve"',
    ]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    submit.disabled = true;
    replaceChildren(answer, [el('p', { className: 'muted' }, ['Looking that up…'])]);
    guarded(async () => {
      try {
        const response = await api.ask({ text, lastTopicId });
        lastTopicId = response.answeredTopicId ?? lastTopicId;
        replaceChildren(answer, renderAnswer(response, openTopic));
      } catch (error) {
        replaceChildren(answer, [
          el('p', { className: 'error' }, ['The question could not be answered just now. Please try again.']),
        ]);
        throw error;
      } finally {
        submit.disabled = false;
      }
    }, 'The question could not be answered.')();
  });
  return el('section', { className: 'panel ask', attrs: { 'aria-labelledby': 'ask-title' } }, [
    heading(2, 'Ask a question', { attrs: { id: 'ask-title' } }),
    form,
    answer,
  ]);
}
