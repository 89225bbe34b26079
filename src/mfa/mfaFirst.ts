import type { ReplyContext } from '../assistant/assistant';
import { nextStepCardData } from '../cards/nextStepCard';
import type { ChecklistView } from '../checklists/checklistView';

/** The first authenticator step the person has not ticked themselves (saying "yes" is not registering). */
function authenticatorNextStep(view: ChecklistView): ChecklistView['nextStep'] {
  for (const stage of view.stages) {
    if (!stage.stage.confirmedByAuthenticatorAnswer) continue;
    const index = stage.steps.findIndex((step) => !step.done || step.reason !== 'ticked');
    if (index >= 0) return { stage, step: stage.steps[index].step, number: index + 1 };
  }
  return view.nextStep;
}

/**
 * Whether the person's authenticator counts as set up, so that a reset answer needs no "set it up
 * first": Entra ID says MFA is registered, or every authenticator stage of the journey is done.
 */
export function authenticatorReady(view: ChecklistView): boolean {
  if (view.mfaRegistered === true) return true;
  return view.stages
    .filter((stage) => stage.stage.confirmedByAuthenticatorAnswer)
    .every((stage) => stage.state === 'done');
}

/** What the answers need to know of the person's MFA registration and authenticator, from their journey. */
export function passwordResetContext(
  view: ChecklistView,
): Pick<ReplyContext, 'authenticatorReady' | 'mfaNotRegistered'> {
  if (view.mfaRegistered === false) {
    return {
      authenticatorReady: false,
      mfaNotRegistered: { nextStep: nextStepCardData({ ...view, nextStep: authenticatorNextStep(view) }) },
    };
  }
  return { authenticatorReady: authenticatorReady(view) };
}
