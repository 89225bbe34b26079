/** What a person said about their setup, in a few words IT can act on. */
export interface PersonDetails {
  readonly authenticator?: string;
  readonly device?: string;
}

const AUTHENTICATORS: readonly [RegExp, string][] = [
  [/\bmicrosoft\s+auth|\bms\s+auth/i, 'Microsoft Authenticator'],
  [/\bgoogle\s+auth/i, 'Google Authenticator'],
];

const DEVICES: readonly [RegExp, string][] = [
  [/\biphone\b/i, 'iPhone'],
  [/\bipad\b/i, 'iPad'],
  [/\b(?:android|samsung|galaxy|pixel|huawei|xiaomi|oneplus|motorola)\b/i, 'Android phone'],
  [/\bmac(?:book)?\b/i, 'Mac'],
  [/\b(?:windows|pc|laptop|desktop)\b/i, 'Windows PC'],
];

function firstMatch(texts: readonly string[], patterns: readonly [RegExp, string][]): string | undefined {
  // The latest message first: what they said last is the most current.
  for (const text of [...texts].reverse()) {
    const found = patterns.find(([pattern]) => pattern.test(text));
    if (found) return found[1];
  }
  return undefined;
}

/**
 * The authenticator app and device a person mentioned in their messages; where they named no app,
 * their checklist answer ("is your authenticator set up?") says at least whether it is.
 */
export function personDetailsOf(
  messages: readonly string[],
  authenticatorAnswer?: 'yes' | 'no',
): PersonDetails {
  const app = firstMatch(messages, AUTHENTICATORS);
  const answered =
    authenticatorAnswer === 'yes'
      ? 'set up (checklist answer)'
      : authenticatorAnswer === 'no'
        ? 'not set up yet (checklist answer)'
        : undefined;
  return {
    authenticator: app && answered ? `${app}, ${answered}` : (app ?? answered),
    device: firstMatch(messages, DEVICES),
  };
}
