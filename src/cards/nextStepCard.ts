import type { ChecklistView } from '../checklists/checklistView';
import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, type AdaptiveCard } from './adaptiveCard';
import { stepLines } from './answerCard';
import { cardText } from './cardText';
import { progressLine } from './checklistCard';
import template from './templates/nextStep.json';

export interface NextStepCardData {
  readonly heading: string;
  readonly progressLine: string;
  readonly stageLine: string;
  readonly text: string;
  readonly lines: readonly string[];
  readonly checklistId: string;
  readonly stepId: string;
  readonly topicId: string;
  readonly doneVerb: string;
  readonly stuckVerb: string;
  readonly showVerb: string;
  readonly hasFooter: boolean;
  readonly footer: string;
}

/** Undefined when nothing is left to do. */
export function nextStepCardData(view: ChecklistView): NextStepCardData | undefined {
  const next = view.nextStep;
  if (!next) return undefined;
  return {
    heading: 'Your next step',
    progressLine: progressLine(view),
    stageLine: `${next.stage.stage.title}, step ${next.number} of ${next.stage.steps.length}`,
    text: cardText(next.step.text),
    lines: stepLines(next.step),
    checklistId: view.checklist.id,
    stepId: next.step.id,
    topicId: next.stage.stage.topicId,
    doneVerb: ACTION_VERBS.checklistDone,
    stuckVerb: ACTION_VERBS.checklistStuck,
    showVerb: ACTION_VERBS.checklistShow,
    hasFooter: false,
    footer: '',
  };
}

/** "Where was I": the next open step with its Done button. */
export function createNextStepCard(data: NextStepCardData): AdaptiveCard {
  return expandTemplate(template, data);
}
