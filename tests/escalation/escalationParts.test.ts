import { MAX_MAILTO_LENGTH, supportMailto } from '../../src/escalation/emailFallback';
import { isAskItCommand, questionOf } from '../../src/escalation/askItOffer';
import { personDetailsOf } from '../../src/escalation/personDetails';

describe('The e-mail fallback link', () => {
  it('fills in subject and body, URL-encoded', () => {
    const url = supportMailto('it@contoso.com', 'Why & how? 100%', ['earlier one', 'Why & how? 100%']);
    expect(
      url.startsWith('mailto:it@contoso.com?subject=Microsoft%20365%20setup%3A%20I%20need%20help&body='),
    ).toBe(true);
    const body = decodeURIComponent(url.split('&body=')[1]);
    expect(body).toBe(
      'My question: Why & how? 100%\n\nWhat I asked the setup assistant before:\n- earlier one\n\n(Please never send your password.)',
    );
  });

  it('stays within the length mail clients accept, however long the messages', () => {
    const long = 'ä😀 '.repeat(2000);
    const url = supportMailto('it@contoso.com', long, [long, long, long]);
    expect(url.length).toBeLessThanOrEqual(MAX_MAILTO_LENGTH);
    const body = decodeURIComponent(url.split('&body=')[1]);
    expect(body.startsWith('My question: ä😀')).toBe(true);
    expect(body.endsWith('…')).toBe(true);
  });
});

describe('What the person said about their setup', () => {
  it('finds the authenticator app and device, the latest mention first, else the checklist answer', () => {
    expect(personDetailsOf(['I use Google Authenticator on my Samsung', 'now on my iPhone'])).toEqual({
      authenticator: 'Google Authenticator',
      device: 'iPhone',
    });
    expect(personDetailsOf(['outlook is broken'], 'yes')).toEqual({
      authenticator: 'set up (checklist answer)',
      device: undefined,
    });
    expect(personDetailsOf(['microsoft authenticator'], 'no').authenticator).toBe(
      'Microsoft Authenticator, not set up yet (checklist answer)',
    );
    expect(personDetailsOf([])).toEqual({ authenticator: undefined, device: undefined });
  });
});

describe('"Ask IT" typed', () => {
  it('is recognised in its usual forms, and is never taken for the question', () => {
    for (const text of ['Ask IT', 'ask it', 'ask IT please', 'Ask the IT team'])
      expect(isAskItCommand(text)).toBe(true);
    for (const text of ['ask it for a code', 'it asks for a code', 'ask'])
      expect(isAskItCommand(text)).toBe(false);
    expect(questionOf(['my QR code fails', 'Ask IT'])).toBe('my QR code fails');
    expect(questionOf([])).toBe('');
  });
});
