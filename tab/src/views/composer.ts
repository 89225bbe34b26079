import type { BroadcastRequestBody, RolloutOptionsResponse } from '../../../src/tab/contract';
import type { TabApi } from '../api';
import { broadcastRequest, type ComposerValues } from '../broadcastRequest';
import { el, heading, replaceChildren } from '../dom';
import { announce } from '../status';
import { checkedValue, field, radioGroup } from './formFields';

const CONTENT_KINDS = [
  ['checklist', 'A checklist'],
  ['ready-notice', 'A ready-made notice'],
  ['own-notice', 'A notice of your own'],
] as const;
const AUDIENCES = [
  ['all', 'Everyone who has the app'],
  ['team', 'A team'],
  ['channel', 'A channel'],
  ['chat', 'A group chat'],
  ['users', 'Chosen people'],
  ['group', 'An Entra group'],
] as const;
const IDS_LABEL: Record<string, string> = {
  channel: 'Channel ids (one per line)',
  chat: 'Group chat ids (one per line)',
  users: 'People: e-mail addresses or Entra object ids (one per line)',
};

function people(count: number): string {
  return count === 1 ? '1 person' : `${count} people`;
}

/** The broadcast composer, equal to the chat's: what, to whom, when; Preview shows the count before Send. */
export function createComposer(api: TabApi, onSent: () => Promise<void>): HTMLElement {
  const checklist = el('select', { attrs: { name: 'checklist' } });
  const readyNotice = el('select', { attrs: { name: 'readyNotice' } });
  const noticeTitle = el('input', { attrs: { name: 'noticeTitle', type: 'text', maxlength: 200 } });
  const noticeText = el('textarea', { attrs: { name: 'noticeText', rows: 4, maxlength: 4000 } });
  const teamId = el('input', { attrs: { name: 'teamId', type: 'text', autocomplete: 'off' } });
  const groupId = el('input', { attrs: { name: 'groupId', type: 'text', autocomplete: 'off' } });
  const ids = el('textarea', { attrs: { name: 'ids', rows: 3, autocomplete: 'off' } });
  const sendAt = el('input', { attrs: { name: 'sendAt', type: 'datetime-local' } });
  const checklistField = field('Checklist', checklist);
  const readyField = field('Notice', readyNotice);
  const ownFields = el('div', {}, [field('Title', noticeTitle), field('Text', noticeText)]);
  const teamField = field('Team id', teamId, 'From the team\'s "Get link to team" (groupId).');
  const idsField = field(IDS_LABEL.users, ids);
  const groupField = field(
    'Group object id',
    groupId,
    'From the group in the Entra admin center (Object ID).',
  );
  const result = el('div', { className: 'composer__result', attrs: { 'aria-live': 'polite' } });
  const previewButton = el('button', { className: 'secondary', attrs: { type: 'button' } }, ['Preview']);
  const sendButton = el('button', { className: 'primary', attrs: { type: 'submit', disabled: true } }, [
    'Send',
  ]);
  let options: RolloutOptionsResponse = { checklists: [], notices: [], groups: false };
  let previewed: string | undefined;

  const form = el('form', { className: 'composer', attrs: { novalidate: true } }, [
    radioGroup('contentKind', 'What to send', CONTENT_KINDS, 'checklist', [
      checklistField,
      readyField,
      ownFields,
    ]),
    radioGroup('audienceKind', 'Who gets it', AUDIENCES, 'all', [teamField, idsField, groupField]),
    field('Send at (optional)', sendAt, 'In your own time zone. Leave empty to send now.'),
    el('div', { className: 'button-row' }, [previewButton, sendButton]),
    result,
  ]);

  function values(): ComposerValues {
    const notice = options.notices.find((candidate) => candidate.id === readyNotice.value);
    return {
      contentKind: checkedValue(form, 'contentKind', 'checklist'),
      checklistId: checklist.value,
      readyNotice: notice ? { title: notice.title, text: notice.text } : undefined,
      noticeTitle: noticeTitle.value,
      noticeText: noticeText.value,
      audienceKind: checkedValue(form, 'audienceKind', 'all'),
      teamId: teamId.value,
      groupId: groupId.value,
      ids: ids.value,
      sendAt: sendAt.value,
    };
  }

  function showFieldsForChoice(): void {
    const { contentKind, audienceKind } = values();
    checklistField.hidden = contentKind !== 'checklist';
    readyField.hidden = contentKind !== 'ready-notice';
    ownFields.hidden = contentKind !== 'own-notice';
    teamField.hidden = audienceKind !== 'team';
    groupField.hidden = audienceKind !== 'group';
    // Groups are offered only when the bot has Microsoft Graph.
    const groupChoice = form.querySelector<HTMLInputElement>('input[name="audienceKind"][value="group"]');
    const groupOption = groupChoice?.closest<HTMLElement>('.radio');
    if (groupOption) groupOption.hidden = !options.groups;
    idsField.hidden = !(audienceKind in IDS_LABEL);
    const idsLabel = idsField.querySelector('label');
    if (idsLabel) idsLabel.textContent = IDS_LABEL[audienceKind] ?? '';
  }

  function request(): BroadcastRequestBody | undefined {
    const body = broadcastRequest(values());
    if (typeof body === 'string') {
      replaceChildren(result, [el('p', { className: 'error', attrs: { role: 'alert' } }, [body])]);
      return undefined;
    }
    return body;
  }

  form.addEventListener('input', () => {
    showFieldsForChoice();
    // Any change after a preview needs a new one: Send only ever sends what was counted.
    if (previewed !== undefined && previewed !== JSON.stringify(broadcastRequest(values()))) {
      previewed = undefined;
      sendButton.disabled = true;
      replaceChildren(result, [
        el('p', { className: 'muted' }, ['Changed: preview again to see the count.']),
      ]);
    }
  });

  previewButton.addEventListener('click', () => {
    const body = request();
    if (!body) return;
    previewButton.disabled = true;
    api
      .preview(body)
      .then((preview) => {
        previewed = JSON.stringify(body);
        const reachable = preview.recipients - preview.unreachable;
        // Never offer Send to nobody: say why instead.
        sendButton.disabled = reachable <= 0;
        replaceChildren(result, [
          el('p', { className: 'composer__count' }, [
            preview.audienceName ? `Group "${preview.audienceName}": ` : '',
            `This reaches ${people(preview.recipients)}.`,
            preview.unreachable > 0
              ? ` ${people(preview.unreachable)} of them not in Teams yet (they will not get it).`
              : '',
          ]),
          reachable <= 0
            ? el('p', { className: 'error', attrs: { role: 'alert' } }, [
                preview.reason ?? 'This broadcast reaches nobody, so it cannot be sent.',
              ])
            : null,
        ]);
      })
      .catch((error: unknown) =>
        replaceChildren(result, [
          el('p', { className: 'error', attrs: { role: 'alert' } }, [
            error instanceof Error ? error.message : 'Preview failed.',
          ]),
        ]),
      )
      .finally(() => (previewButton.disabled = false));
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = request();
    if (!body || previewed !== JSON.stringify(body)) return;
    sendButton.disabled = true;
    api
      .createBroadcast(body)
      .then(async (created) => {
        previewed = undefined;
        replaceChildren(result, [
          el('p', { className: 'success' }, [`Queued for ${people(created.recipients)}.`]),
        ]);
        announce(`Broadcast queued for ${people(created.recipients)}.`);
        await onSent();
      })
      .catch((error: unknown) => {
        sendButton.disabled = false;
        replaceChildren(result, [
          el('p', { className: 'error', attrs: { role: 'alert' } }, [
            error instanceof Error ? error.message : 'Sending failed.',
          ]),
        ]);
      });
  });

  api
    .rolloutOptions()
    .then((loaded) => {
      options = loaded;
      showFieldsForChoice();
      replaceChildren(
        checklist,
        loaded.checklists.map((item) => el('option', { attrs: { value: item.id } }, [item.title])),
      );
      replaceChildren(
        readyNotice,
        loaded.notices.map((item) => el('option', { attrs: { value: item.id } }, [item.title])),
      );
    })
    .catch(() =>
      replaceChildren(result, [
        el('p', { className: 'error' }, ['The checklists and notices could not be loaded.']),
      ]),
    );
  showFieldsForChoice();

  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'composer-title' } }, [
    heading(2, 'New broadcast', { attrs: { id: 'composer-title' } }),
    form,
  ]);
}
