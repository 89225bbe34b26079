import { words } from './textNormalizer';

/** Checklist commands, recognised only when they are the whole message (give or take "please"). */
export type ChecklistCommand = 'showChecklist' | 'continue' | 'resetChecklist' | 'stopReminders';

const POLITE =
  /^(?:(?:hi|hey|hello|ok|okay|please|pls|can you|could you|bot)\s+)*(.*?)(?:\s+(?:please|pls|thanks|thank you))*$/;

const COMMANDS: readonly [ChecklistCommand, RegExp][] = [
  [
    'stopReminders',
    /^(?:stop|no more|turn off|disable|unsubscribe(?: from)?|mute)(?: the| my| these| all)? (?:reminders?|nudges?)$/,
  ],
  [
    'resetChecklist',
    /^(?:reset|clear|restart|wipe|start over)(?: my| the)?(?: setup)? (?:checklist|progress)$|^start (?:all )?over$/,
  ],
  [
    'showChecklist',
    /^(?:(?:start|begin)(?: the| my)? setup|setup|(?:show|open|see)?(?: me)?(?: my| the)?(?: setup)? (?:checklist|progress)|checklist|my checklist|my progress)$/,
  ],
  [
    'continue',
    /^(?:where was i|where am i|continue|continue setup|next|next step|what next|whats next|what is next|resume|carry on|keep going)$/,
  ],
];

/** No command is longer than this; longer messages are questions. */
const LONGEST_COMMAND_WORDS = 8;

export function checklistCommandOf(text: string): ChecklistCommand | undefined {
  const plainWords = words(text);
  if (plainWords.length > LONGEST_COMMAND_WORDS) return undefined;
  const plain = plainWords.join(' ').replace(POLITE, '$1').trim();
  return COMMANDS.find(([, pattern]) => pattern.test(plain))?.[0];
}
