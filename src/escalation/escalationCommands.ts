import { words } from '../understanding/textNormalizer';

/** `escalations`: the admins' list of open questions passed to IT. */
export function isEscalationsCommand(text: string): boolean {
  return /^(?:open |list |show |my )?escalations$/.test(words(text).join(' '));
}
