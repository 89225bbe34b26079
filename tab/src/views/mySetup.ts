import type { ChecklistContent, GuideResponse } from '../../../src/tab/contract';
import type { TabApi } from '../api';
import { el, heading, replaceChildren } from '../dom';
import { announce } from '../status';
import { createAskSection } from './ask';
import { progressText, renderChecklist, stepKey, type ChecklistActions } from './checklist';
import { createGuideBrowser, supportSection } from './guide';

/** Where focus goes after a re-render: the same step's button if still visible, else the next step's. */
function restoreFocus(container: HTMLElement, checklist: ChecklistContent, stepId: string): void {
  const visibleButton = (key: string) => {
    const row = container.querySelector<HTMLElement>(`[data-step-key="${CSS.escape(key)}"]`);
    const control = row?.querySelector<HTMLButtonElement>('button');
    return control && !control.closest('details:not([open])') ? control : undefined;
  };
  const target =
    visibleButton(stepKey(checklist.id, stepId)) ??
    (checklist.nextStepId ? visibleButton(stepKey(checklist.id, checklist.nextStepId)) : undefined) ??
    container.querySelector<HTMLElement>(`#checklist-${CSS.escape(checklist.id)}`);
  target?.focus();
}

/** "My setup": the person's checklists, the guide, the question box and IT support. */
export async function renderMySetup(
  container: HTMLElement,
  api: TabApi,
  guide: GuideResponse,
): Promise<void> {
  let checklists = (await api.checklists()).checklists;
  const browser = createGuideBrowser(guide, 2);
  const openTopic = (topicId: string) => {
    browser.open(topicId);
    browser.element.scrollIntoView({ block: 'start' });
  };
  const checklistArea = el('div', { className: 'checklists' });
  let busy = false;

  const openStages = new Set<string>();
  const actions: ChecklistActions = {
    openTopic,
    openStages,
    setStep(checklistId, stepId, done) {
      if (busy) return;
      busy = true;
      checklistArea.setAttribute('aria-busy', 'true');
      api
        .setStep(checklistId, stepId, done)
        .then(({ checklist }) => {
          checklists = checklists.map((existing) => (existing.id === checklist.id ? checklist : existing));
          draw();
          restoreFocus(checklistArea, checklist, stepId);
          announce(`${done ? 'Marked done' : 'Marked not done'}. ${progressText(checklist)}.`);
        })
        .catch((error: unknown) =>
          announce(`That step could not be saved. ${error instanceof Error ? error.message : ''}`),
        )
        .finally(() => {
          busy = false;
          checklistArea.removeAttribute('aria-busy');
        });
    },
  };

  function draw(): void {
    openStages.clear();
    for (const stage of checklistArea.querySelectorAll<HTMLElement>('details[open][data-stage-key]'))
      openStages.add(stage.dataset.stageKey ?? '');
    const othersOpen =
      checklistArea.querySelector<HTMLDetailsElement>('details.other-checklists')?.open ?? false;
    const [journey, ...others] = checklists;
    replaceChildren(checklistArea, [
      journey ? renderChecklist(journey, actions, 2) : el('p', {}, ['You have no checklist yet.']),
      others.length > 0
        ? el('details', { className: 'panel other-checklists', attrs: { open: othersOpen } }, [
            el('summary', {}, [`Other checklists (${others.length})`]),
            ...others.map((checklist) => renderChecklist(checklist, actions, 3)),
          ])
        : null,
    ]);
  }

  draw();
  replaceChildren(container, [
    el('div', { className: 'panel' }, [checklistArea]),
    createAskSection(api, openTopic),
    browser.element,
    supportSection(guide.support),
  ]);
}

/** Outside Teams (or without a token): the guide to read, and where to go for one's own progress. */
export function renderReadOnly(container: HTMLElement, guide: GuideResponse, reason: string): void {
  const browser = createGuideBrowser(guide, 2);
  replaceChildren(container, [
    el('div', { className: 'notice', attrs: { role: 'note' } }, [
      heading(2, 'Open this in Teams to see your progress'),
      el('p', {}, [reason]),
    ]),
    browser.element,
    supportSection(guide.support),
  ]);
}
