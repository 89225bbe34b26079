import type { Checklist, ChecklistStage, GuideStep } from '../guide/types';
import type { PersonProgress } from './progressRepository';

/**
 * Why a step counts as done: the person ticked it, being in Teams proves it, Entra ID says they have
 * registered MFA (the authenticator stages), or they said their authenticator is set up.
 */
export type DoneReason = 'ticked' | 'in-teams' | 'mfa-registered' | 'authenticator-confirmed';

export interface StepView {
  readonly step: GuideStep;
  readonly done: boolean;
  readonly reason?: DoneReason;
}

export type StageState = 'done' | 'current' | 'later';

export interface StageView {
  readonly stage: ChecklistStage;
  readonly state: StageState;
  readonly steps: readonly StepView[];
  readonly doneCount: number;
}

export interface ChecklistView {
  readonly checklist: Checklist;
  readonly stages: readonly StageView[];
  readonly doneCount: number;
  readonly totalCount: number;
  readonly complete: boolean;
  /** The stage being worked on: the first one not done. */
  readonly current?: StageView;
  /** The next step to do. */
  readonly nextStep?: { stage: StageView; step: GuideStep; number: number };
  /** The most recently ticked step that is still in this checklist, for "Undo". */
  readonly lastTicked?: { stage: StageView; step: GuideStep };
  /** Ask once whether the authenticator app is set up already. */
  readonly askAuthenticator: boolean;
  /** What Entra ID's registration report says of the person; undefined when unknown. */
  readonly mfaRegistered?: boolean;
}

export interface ViewContext {
  /** The person is talking to us in Teams, so they have signed in and changed the temporary password. */
  readonly inTeams: boolean;
  /** Entra ID's registration report: true when the person has registered MFA; undefined when unknown. */
  readonly mfaRegistered?: boolean;
}

function stepState(
  stage: ChecklistStage,
  step: GuideStep,
  progress: PersonProgress,
  context: ViewContext,
): StepView {
  if (progress.completed[step.id]) return { step, done: true, reason: 'ticked' };
  if (stage.provenByTeams && context.inTeams) return { step, done: true, reason: 'in-teams' };
  if (stage.confirmedByAuthenticatorAnswer && context.mfaRegistered === true) {
    return { step, done: true, reason: 'mfa-registered' };
  }
  if (stage.confirmedByAuthenticatorAnswer && progress.authenticatorAnswer === 'yes') {
    return { step, done: true, reason: 'authenticator-confirmed' };
  }
  return { step, done: false };
}

/**
 * Where a person stands on a checklist. Counts follow the guide as it is now: steps IT removed
 * drop out, new steps show as not done, and nothing else of the person's progress changes.
 */
export function buildChecklistView(
  checklist: Checklist,
  progress: PersonProgress,
  context: ViewContext,
): ChecklistView {
  let currentFound = false;
  const stages: StageView[] = checklist.stages.map((stage) => {
    const steps = stage.steps.map((step) => stepState(stage, step, progress, context));
    const doneCount = steps.filter((step) => step.done).length;
    let state: StageState = 'later';
    if (doneCount === steps.length) state = 'done';
    else if (!currentFound) {
      state = 'current';
      currentFound = true;
    }
    return { stage, state, steps, doneCount };
  });
  const totalCount = stages.reduce((sum, stage) => sum + stage.steps.length, 0);
  const doneCount = stages.reduce((sum, stage) => sum + stage.doneCount, 0);
  const current = stages.find((stage) => stage.state === 'current');
  const nextIndex = current ? current.steps.findIndex((step) => !step.done) : -1;

  let lastTicked: ChecklistView['lastTicked'];
  for (let i = progress.completionOrder.length - 1; i >= 0 && !lastTicked; i--) {
    const stepId = progress.completionOrder[i];
    if (!progress.completed[stepId]) continue;
    for (const stage of stages) {
      const step = stage.stage.steps.find((candidate) => candidate.id === stepId);
      if (step) lastTicked = { stage, step };
    }
  }

  const authenticatorStages = stages.filter((stage) => stage.stage.confirmedByAuthenticatorAnswer);
  return {
    checklist,
    stages,
    doneCount,
    totalCount,
    complete: doneCount === totalCount,
    current,
    nextStep:
      current && nextIndex >= 0
        ? { stage: current, step: current.steps[nextIndex].step, number: nextIndex + 1 }
        : undefined,
    lastTicked,
    askAuthenticator:
      progress.authenticatorAnswer === undefined &&
      authenticatorStages.length > 0 &&
      authenticatorStages.some((stage) => stage.state !== 'done'),
    ...(context.mfaRegistered === undefined ? {} : { mfaRegistered: context.mfaRegistered }),
  };
}
