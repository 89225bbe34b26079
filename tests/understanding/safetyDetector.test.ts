import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import { detectSafety, sentencesOf } from '../../src/understanding/safetyDetector';
import type { TopicProbability } from '../../src/understanding/topicModel';
import { Understanding } from '../../src/understanding/understanding';

const config = loadConfig({});
const understanding = new Understanding(loadGuide(config.guideFile, config.organisation));
const situationOf = (text: string) => understanding.safety(text).situation;

/** A ranking that says nothing, so that only the rules decide. */
const UNDECIDED: TopicProbability[] = [
  { topicId: 'support', probability: 0.2 },
  { topicId: 'm365_apps', probability: 0.2 },
];

describe('The safety detector', () => {
  it('splits a message into sentences and clauses', () => {
    expect(sentencesOf("I got a request. I wasn't signing in, but my phone buzzed!")).toEqual([
      ' i got a request ',
      ' i wasnt signing in ',
      ' my phone buzzed ',
    ]);
    expect(sentencesOf('not signing in as such - I just opened Teams')).toEqual([
      ' not signing in as such ',
      ' i just opened teams ',
    ]);
  });

  it.each([
    ["I didn't sign in but my phone asked me to approve", 'unrequested'],
    ['I signed in and my phone asked me to approve', 'reauth'],
    [
      'I clicked a link in an email about my mailbox and typed my password, now my phone asks me to approve',
      'unrequested',
    ],
    ['my phone asked me to approve a sign in. I was not logging in anywhere.', 'unrequested'],
    ['I was not logging in anywhere. Then my phone asked me to approve a sign in.', 'unrequested'],
    ["approval request popped up, it wasn't me", 'unrequested'],
    ['a push notification at 2am woke me up', 'unrequested'],
    ['I accidentally approved a request I did not start', 'unrequested'],
    ['someone texted me asking me to send them the code from my app', 'unrequested'],
    // Short messages in my own words, each for one rule (the development sets hold the long ones).
    ['no laptop with me on the school run and my phone wanted a number to sign in', 'unrequested'],
    ['I was not in Madrid this year but got an approval request from Madrid', 'unrequested'],
    ['denied it. denied the next one too. who is doing this', 'unrequested'],
    ['airplane mode all evening, switched it on to a queue of approve messages', 'unrequested'],
    [
      "I wasn't signing in as such - I just opened a Word file from Teams and it asked me to approve",
      'reauth',
    ],
    ["didn't expect the approval request, but I had clicked Outlook a second before", 'reauth'],
    ['she signs into the front desk PC each morning and it wants her to approve every time', 'reauth'],
    [
      'setting up my new laptop and it asks for a number. The authenticator has been set up for weeks.',
      'reauth',
    ],
    ['does my password expire?', 'reauth'],
    ['are passwords going to be changed every month here?', 'reauth'],
    ['how long is a password valid for before it must be replaced', 'reauth'],
    [
      'got an approve request while I was in the kitchen making tea, nobody else has my laptop',
      'unrequested',
    ],
    ['the alert says a sign in from a new location. Not me.', 'unrequested'],
    ['mfa spam all evening', 'unrequested'],
    ['opened teams on a new hot desk pc for the first time and had to approve', 'reauth'],
  ])('reads negation and every sentence: "%s" → %s (rules alone)', (text, situation) => {
    expect(detectSafety(text, UNDECIDED).situation).toBe(situation);
  });

  it('does not take a link on the company intranet for a phishing message', () => {
    expect(situationOf('I followed the timesheet link on our intranet page and it asked me to approve')).toBe(
      'reauth',
    );
    expect(situationOf('I followed a link in a text about my parcel and then it asked me to approve')).toBe(
      'unrequested',
    );
  });

  it('flags an approval of a request the person did not start', () => {
    expect(
      detectSafety('I tapped approve by mistake, it was not me signing in', UNDECIDED).approvedUnstarted,
    ).toBe(true);
    expect(detectSafety("I didn't approve it, I wasn't signing in", UNDECIDED).approvedUnstarted).toBe(false);
  });

  it.each([
    'I approved the very first request while adding my account to the authenticator',
    'during setup it sent a test notification, I approved it',
    'outlook on my windows laptop keeps asking for my password',
    'I forgot my password',
    'I got a new phone, how do I move the authenticator',
    "I can't sign in to the portal with my temporary password",
    'after approving, it asks me to update my password: what goes in current password?',
    'how do I request annual leave',
    "I don't get any notification when I scan the QR code",
  ])('near-miss "%s" is not a safety case', (text) => {
    expect(situationOf(text)).toBeUndefined();
  });

  it('lets the warning win over a reset when a prompt is mentioned', () => {
    expect(situationOf('my phone asked me to approve a sign in, should I reset my password?')).toBeDefined();
    expect(
      understanding.understand('teams asked me to sign in again, do I need a new password?'),
    ).toMatchObject({
      kind: 'topic',
      topicId: 'reauth_prompt',
      safety: true,
    });
  });
});
