import { createHash } from 'node:crypto';
import type { ChecklistView } from '../checklists/checklistView';
import type { ChecklistContent } from './contract';
import { stepContent } from './guideContent';

/** A person's checklist as the tab shows it: the chat card's view, as data. */
export function checklistContent(view: ChecklistView): ChecklistContent {
  const stages = view.stages.map((stage) => ({
    topicId: stage.stage.topicId,
    title: stage.stage.title,
    state: stage.state,
    doneCount: stage.doneCount,
    steps: stage.steps.map((step) => ({
      ...stepContent(step.step),
      done: step.done,
      ...(step.reason ? { reason: step.reason } : {}),
    })),
  }));
  const nextStepId = view.nextStep?.step.id;
  const lastTickedStepId = view.lastTicked?.step.id;
  const state = stages.flatMap((stage) => stage.steps.map((step) => [step.id, step.reason ?? '']));
  const version = createHash('sha256')
    .update(JSON.stringify([state, lastTickedStepId ?? '']))
    .digest('base64url')
    .slice(0, 16);
  return {
    id: view.checklist.id,
    title: view.checklist.title,
    doneCount: view.doneCount,
    totalCount: view.totalCount,
    complete: view.complete,
    stages,
    ...(nextStepId ? { nextStepId } : {}),
    ...(lastTickedStepId ? { lastTickedStepId } : {}),
    version,
  };
}
