import type { SupportContact } from '../cards/answerCard';
import { createNextStepCard, type NextStepCardData } from '../cards/nextStepCard';
import type { OutboundMessage } from './assistant';

export const MFA_FIRST_TEXT = "You haven't registered MFA yet: don't reset your password now";

/**
 * The answer to "should I reset my password?" for someone Entra ID says has not registered MFA:
 * not now, and the next step of their checklist instead (with its Done button).
 */
export function mfaFirstAnswer(
  nextStep: NextStepCardData | undefined,
  support: SupportContact,
): OutboundMessage {
  const lead =
    "You haven't registered MFA yet, so don't reset your password now: set up your authenticator first. " +
    (nextStep ? 'Here is your next step.' : `Contact ${support.name} at ${support.email} for help with it.`) +
    ' (If you have just set it up, Microsoft Entra ID can take a few hours to show it.)';
  if (!nextStep) return { text: MFA_FIRST_TEXT, lead };
  return {
    text: MFA_FIRST_TEXT,
    lead,
    card: createNextStepCard({
      ...nextStep,
      hasFooter: true,
      footer: `Reset your password only once MFA is registered. Stuck? Contact ${support.name} at ${support.email}.`,
    }),
  };
}
