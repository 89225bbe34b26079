import type {
  ChecklistContent,
  ChecklistStageContent,
  ChecklistStepContent,
  StepDoneReason,
} from '../../../src/tab/contract';
import { button, el, heading, type Child } from '../dom';
import { stepBody, stepList } from './topic';

export interface ChecklistActions {
  setStep(checklistId: string, stepId: string, done: boolean): void;
  openTopic(topicId: string): void;
  /** Stages the person had open before a re-render (`stageKey`s): they stay open. */
  readonly openStages: ReadonlySet<string>;
}

export function stageKey(checklistId: string, topicId: string): string {
  return `${checklistId}/${topicId}`;
}

const REASONS: Record<StepDoneReason, string> = {
  ticked: 'Done',
  'in-teams': "Done: you're in Teams, so this is done",
  'authenticator-confirmed': 'Done: you said your authenticator is set up',
  'mfa-registered': 'Done: Microsoft Entra ID shows your MFA is registered',
};

/** The key of a step's row, to find its buttons again after a re-render. */
export function stepKey(checklistId: string, stepId: string): string {
  return `${checklistId}/${stepId}`;
}

export function progressText(checklist: ChecklistContent): string {
  return `${checklist.doneCount} of ${checklist.totalCount} steps done`;
}

function stepItem(
  checklist: ChecklistContent,
  step: ChecklistStepContent,
  actions: ChecklistActions,
): HTMLLIElement {
  const textId = `step-text-${checklist.id}-${step.id}`;
  const controls: Child[] = step.done
    ? [
        el('span', { className: 'step__done' }, [
          el('span', { attrs: { 'aria-hidden': 'true' } }, ['✓ ']),
          REASONS[step.reason ?? 'ticked'],
        ]),
        step.reason === 'in-teams' || step.reason === 'mfa-registered'
          ? null
          : button('Undo', () => actions.setStep(checklist.id, step.id, false), {
              className: 'secondary',
              attrs: { 'aria-describedby': textId, 'data-action': 'undo' },
            }),
      ]
    : [
        button('Done', () => actions.setStep(checklist.id, step.id, true), {
          className: 'primary',
          attrs: { 'aria-describedby': textId, 'data-action': 'done' },
        }),
      ];
  return el(
    'li',
    {
      className: `step checklist-step${step.done ? ' checklist-step--done' : ''}${checklist.nextStepId === step.id ? ' checklist-step--next' : ''}`,
      attrs: { 'data-step-key': stepKey(checklist.id, step.id) },
    },
    [
      // The row is a flex box inside the list item, so the item keeps its number.
      el('div', { className: 'checklist-step__row' }, [
        el('div', { className: 'step__body' }, stepBody(step, textId)),
        el('div', { className: 'step__actions' }, controls),
      ]),
    ],
  );
}

const STATE_LABEL: Record<ChecklistStageContent['state'], string> = {
  done: 'done',
  current: 'in progress',
  later: 'not started',
};

function stageItem(
  checklist: ChecklistContent,
  stage: ChecklistStageContent,
  actions: ChecklistActions,
): HTMLLIElement {
  const key = stageKey(checklist.id, stage.topicId);
  const open = stage.state === 'current' || actions.openStages.has(key);
  const details = el('details', { className: 'stage__details', attrs: { open, 'data-stage-key': key } }, [
    el('summary', { className: 'stage__summary' }, [
      el(
        'span',
        { className: `stage__marker stage__marker--${stage.state}`, attrs: { 'aria-hidden': 'true' } },
        [stage.state === 'done' ? '✓' : stage.state === 'current' ? '●' : '○'],
      ),
      el('span', { className: 'stage__title' }, [stage.title]),
      el('span', { className: 'stage__count' }, [
        `${stage.doneCount} of ${stage.steps.length}`,
        el('span', { className: 'visually-hidden' }, [`, ${STATE_LABEL[stage.state]}`]),
      ]),
    ]),
    ...stepList(stage.steps, (step) => stepItem(checklist, step, actions), 4),
    button("I'm stuck", () => actions.openTopic(stage.topicId), { className: 'link-button stage__stuck' }),
  ]);
  return el('li', { className: `stage stage--${stage.state}` }, [details]);
}

/** One checklist as the chat's card shows it: the count, the current stage open, the others collapsible. */
export function renderChecklist(
  checklist: ChecklistContent,
  actions: ChecklistActions,
  level: 2 | 3,
): HTMLElement {
  const titleId = `checklist-${checklist.id}`;
  return el(
    'section',
    { className: 'checklist', attrs: { 'aria-labelledby': titleId, 'data-checklist-id': checklist.id } },
    [
      heading(level, checklist.title, { attrs: { id: titleId, tabindex: -1 } }),
      el('p', { className: 'checklist__progress' }, [
        el('span', { className: 'checklist__count' }, [progressText(checklist)]),
        el('progress', {
          attrs: {
            max: checklist.totalCount,
            value: checklist.doneCount,
            'aria-label': `${checklist.title}: ${progressText(checklist)}`,
          },
        }),
      ]),
      checklist.complete ? el('p', { className: 'checklist__complete' }, ['All done. Nice work!']) : null,
      el(
        'ol',
        { className: 'stages' },
        checklist.stages.map((stage) => stageItem(checklist, stage, actions)),
      ),
    ],
  );
}
