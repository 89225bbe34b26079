import type { OutboundMessage } from '../../assistant/assistant';
import type { ActionOutcome } from '../../assistant/onboardingConversation';
import type { MfaAdmin } from '../../mfa/mfaAdmin';
import { MFA_VERBS } from '../../mfa/mfaVerbs';
import { actorIdOf, statusCardOf, type AdminAction, type AdminContext } from '../adminContext';

/** What the admin conversation needs for MFA: the report, and the staff answer to a plain "mfa". */
export interface MfaChat {
  readonly admin: MfaAdmin;
  /** What anyone who is not an admin is answered (the guide's topic). */
  readonly staffReply: (text: string) => readonly OutboundMessage[];
}

/** One verb of the MFA report card: the admin check is done before it is called. */
export type MfaActionHandler = (
  action: AdminAction,
  mfa: MfaAdmin,
  context: AdminContext,
) => Promise<ActionOutcome>;

/** `mfa` (and `mfa refresh`, which reads Entra's report first): the report card. */
export async function mfaCommand(
  mfa: MfaAdmin,
  timezone: string,
  refresh: boolean,
): Promise<OutboundMessage[]> {
  const sentence = refresh ? (await mfa.refresh()).sentence : undefined;
  return [
    { text: 'MFA registration', ...(sentence ? { lead: sentence } : {}), card: await mfa.card(timezone) },
  ];
}

/** "Remind them": the setup checklist to exactly the people not registered, with its own status card. */
const remind: MfaActionHandler = async ({ actor, timezone }, mfa, context) => {
  const sent = await mfa.remind(actorIdOf(actor));
  const card = await mfa.card(timezone);
  if (!sent)
    return { card, messages: [{ text: 'Nobody left to remind: everyone listed has registered MFA.' }] };
  return {
    card,
    messages: [
      {
        text: `Reminder on its way to ${sent.recipients} people who have not registered MFA`,
        card: await statusCardOf(context, sent.id, timezone),
        tracksBroadcast: sent.id,
      },
    ],
  };
};

/** "Refresh from Entra ID": reads the report again and updates the card. */
const refresh: MfaActionHandler = async ({ timezone }, mfa) => {
  const { sentence } = await mfa.refresh();
  return { card: await mfa.card(timezone), messages: [], toast: sentence };
};

export const MFA_HANDLERS: ReadonlyMap<string, MfaActionHandler> = new Map([
  [MFA_VERBS.remind, remind],
  [MFA_VERBS.refresh, refresh],
]);
