import type { ChecklistView, StageView } from '../checklists/checklistView';
import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, type AdaptiveCard } from './adaptiveCard';
import { stepLines } from './answerCard';
import { cardText } from './cardText';
import template from './templates/checklist.json';

export interface ChecklistStepData {
  readonly checklistId: string;
  readonly stepId: string;
  readonly mark: string;
  readonly markColor: string;
  readonly text: string;
  readonly lines: readonly string[];
  readonly done: boolean;
  readonly showDone: boolean;
  readonly showUndo: boolean;
  readonly doneVerb: string;
  readonly undoVerb: string;
}

export interface ChecklistStageData {
  readonly checklistId: string;
  readonly topicId: string;
  readonly title: string;
  readonly isDone: boolean;
  readonly isCurrent: boolean;
  readonly isLater: boolean;
  readonly doneNote: string;
  readonly doneCount: number;
  readonly stepCount: number;
  /** Only the current stage lists its steps; the others are one line each. */
  readonly steps: readonly ChecklistStepData[];
  readonly stuckVerb: string;
  readonly hasStageUndo: boolean;
  readonly undoText: string;
  readonly undoStepId: string;
  readonly undoVerb: string;
}

export interface ChecklistCardData {
  readonly checklistId: string;
  readonly title: string;
  readonly progressLine: string;
  readonly complete: boolean;
  readonly completeText: string;
  readonly askAuthenticator: boolean;
  readonly authenticatorVerb: string;
  readonly stages: readonly ChecklistStageData[];
}

/** "N of M steps done", a line of its own. */
export function progressLine(view: ChecklistView): string {
  return `${view.doneCount} of ${view.totalCount} steps done`;
}

function doneNote(stage: StageView): string {
  if (stage.steps.every((step) => step.reason === 'in-teams')) return " (you're in Teams, so this is done)";
  if (stage.steps.every((step) => step.reason === 'mfa-registered'))
    return ' (Microsoft Entra ID shows your MFA is registered)';
  if (stage.steps.every((step) => step.reason === 'authenticator-confirmed'))
    return ' (you said your authenticator is set up)';
  return '';
}

function stageData(view: ChecklistView, stage: StageView): ChecklistStageData {
  const checklistId = view.checklist.id;
  const last = view.lastTicked;
  const undoHere = last !== undefined && last.stage === stage;
  return {
    checklistId,
    topicId: stage.stage.topicId,
    title: stage.stage.title,
    isDone: stage.state === 'done',
    isCurrent: stage.state === 'current',
    isLater: stage.state === 'later',
    doneNote: doneNote(stage),
    doneCount: stage.doneCount,
    stepCount: stage.steps.length,
    steps:
      stage.state !== 'current'
        ? []
        : stage.steps.map((entry) => ({
            checklistId,
            stepId: entry.step.id,
            mark: entry.done ? '✓' : '☐',
            markColor: entry.done ? 'Good' : 'Default',
            text: cardText(entry.step.text),
            lines: entry.done ? [] : stepLines(entry.step),
            done: entry.done,
            showDone: !entry.done,
            showUndo: undoHere && last?.step.id === entry.step.id,
            doneVerb: ACTION_VERBS.checklistDone,
            undoVerb: ACTION_VERBS.checklistUndo,
          })),
    stuckVerb: ACTION_VERBS.checklistStuck,
    hasStageUndo: undoHere && stage.state === 'done',
    undoText: undoHere ? cardText(last.step.text) : '',
    undoStepId: undoHere ? last.step.id : '',
    undoVerb: ACTION_VERBS.checklistUndo,
  };
}

export function checklistCardData(view: ChecklistView): ChecklistCardData {
  return {
    checklistId: view.checklist.id,
    title: view.checklist.title,
    progressLine: progressLine(view),
    complete: view.complete,
    completeText:
      'All done! Your Microsoft 365 setup is complete. If a sign-in prompt appears later, approve it in your authenticator; never reset your password because of it.',
    askAuthenticator: view.askAuthenticator,
    authenticatorVerb: ACTION_VERBS.checklistAuthenticator,
    stages: view.stages.map((stage) => stageData(view, stage)),
  };
}

/** Refreshes the card for the given Teams users (at most 60), or for every member when left out. */
export interface CardRefresh {
  readonly checklistId: string;
  readonly userIds?: readonly string[];
}

export const MAX_REFRESH_USER_IDS = 60;

/** Adds Universal Actions' `refresh`, so that each viewer's Teams fetches their own version of the card. */
export function withRefresh(card: AdaptiveCard, refresh: CardRefresh): AdaptiveCard {
  const action = {
    type: 'Action.Execute',
    verb: ACTION_VERBS.checklistShow,
    data: { checklistId: refresh.checklistId },
  };
  if (refresh.userIds && refresh.userIds.length > MAX_REFRESH_USER_IDS) {
    throw new Error(`refresh.userIds takes at most ${MAX_REFRESH_USER_IDS} ids`);
  }
  return { ...card, refresh: refresh.userIds ? { action, userIds: [...refresh.userIds] } : { action } };
}

/**
 * A person's checklist: "N of M steps done", the current stage open with its steps and Done buttons,
 * finished stages as ✓ lines, later ones as titles, Undo on the last ticked step, "I'm stuck".
 */
export function createChecklistCard(data: ChecklistCardData, refresh?: CardRefresh): AdaptiveCard {
  const card = expandTemplate(template, data);
  return refresh ? withRefresh(card, refresh) : card;
}
