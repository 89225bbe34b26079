import { editDistance } from '../../src/understanding/editDistance';
import { stem } from '../../src/understanding/stem';
import { TextNormalizer, words } from '../../src/understanding/textNormalizer';

describe('Text normalisation', () => {
  const normalizer = new TextNormalizer(
    [
      ['mfa', '2fa', 'two-factor', 'two step verification'],
      ['password', 'pw', 'passwd'],
      ['sign in', 'log in', 'login'],
    ],
    ['authenticator outlook credential manager'],
  );

  it('maps synonyms, including phrases, to one term', () => {
    expect(normalizer.terms('Two-factor PW login')).toEqual(['mfa', 'password', 'sign_in']);
    expect(normalizer.terms('setting up two step verification')).toEqual(['set', 'mfa']);
  });

  it('corrects misspellings against the known vocabulary', () => {
    expect(normalizer.terms('autenticator')).toEqual(['authenticator']);
    expect(normalizer.terms('credentail manger')).toEqual(['credential', 'manager']);
    expect(normalizer.terms('outlok')).toEqual(['outlook']);
  });

  it('drops stopwords and markup, and reads "IT" as the IT team', () => {
    expect(words('<at>Bot</at> How do I <b>call</b> IT?')).toEqual(['how', 'do', 'i', 'call', 'itsupport']);
    expect(normalizer.terms('how do I do it')).toEqual([]);
  });

  it('stems word forms together', () => {
    expect(new Set(['approve', 'approved', 'approving', 'approves'].map(stem)).size).toBe(1);
    expect(stem('boxes')).toBe(stem('box'));
  });

  it('measures edit distance with swaps, and stops past the limit', () => {
    expect(editDistance('outlook', 'outlok', 2)).toBe(1);
    expect(editDistance('teams', 'taems', 2)).toBe(1);
    expect(editDistance('printer', 'outlook', 2)).toBe(3);
  });
});
