import { words } from './textNormalizer';

/**
 * Short messages that only make sense after an earlier answer: "and on my phone?", "that didn't
 * work", "it still asks"; or that name no subject at all: "it doesn't work".
 */
export type FollowUp = 'onPhone' | 'onComputer' | 'didntWork' | 'stillAsks' | 'vague';

/** Longer messages carry their own subject and are classified as they are. */
const MAX_FOLLOW_UP_WORDS = 8;

const PATTERNS: readonly [FollowUp, RegExp][] = [
  [
    'onPhone',
    /^(?:and |what about |how about |same |now |ok |okay )*(?:(?:on|for|with) )?(?:my |the |a )?(?:phone|iphone|android|mobile|ipad|tablet|cell|smartphone)(?: too| as well| then| now)?$/,
  ],
  [
    'onComputer',
    /^(?:and |what about |how about |same |now |ok |okay )*(?:(?:on|for|with) )?(?:my |the |a )?(?:laptop|computer|pc|desktop|windows)(?: too| as well| then| now)?$/,
  ],
  [
    'stillAsks',
    // "still", "keeps" or "again" is what makes it a follow-up: "it asks for a code" is a new question.
    /^(?=.*\b(?:still|keeps?|again)\b)(?:but |and |no |hmm |ugh )*(?:it|they|outlook|teams|the app|my phone|the phone|the authenticator)?(?:s| is| are| keeps?)? ?(?:still )?(?:keeps? )?(?:asks?|asking|prompting|popping up|coming|buzzing|happening|getting them|going)(?: me)?(?: for (?:it|my password|the password|a code))?(?: again)?$/,
  ],
  [
    'didntWork',
    /^(?:but |no |hmm |sorry |ugh )*(?:that|this|those steps|the steps|your steps|it|that fix|that answer)? ?(?:didnt|did not|hasnt|has not|havent|have not)(?: really)? (?:work|worked|help|helped|fix(?: it| anything| the problem)?)(?: either)?$|^(?:no luck|still broken|still not working|still the same|same problem|same issue|still doesnt work|did nothing|no change)$/,
  ],
  [
    'vague',
    /^(?:help |hi |hello |please )*(?:it|this|that)(?:s| is)? ?(?:doesnt|does not|isnt|is not|not|wont|will not|cant) (?:work|working|go|load)(?: properly| at all)?$|^(?:not working|doesnt work|broken|it broke|its broken|it is broken|help its broken)$/,
  ],
];

/** The follow-up a short message is, if it is one. */
export function followUpOf(plainWords: readonly string[]): FollowUp | undefined {
  if (plainWords.length === 0 || plainWords.length > MAX_FOLLOW_UP_WORDS) return undefined;
  const plain = plainWords.join(' ');
  return PATTERNS.find(([, pattern]) => pattern.test(plain))?.[0];
}

/** The same, for raw text. */
export function followUpOfText(text: string): FollowUp | undefined {
  return followUpOf(words(text));
}
