import fc from 'fast-check';
import { compareCodePoints, keySegment, splitKey } from '../../src/state/store';
import { decodeTableKey, encodeTableKey } from '../../src/state/tableKeys';

const sign = (value: number) => Math.sign(value);
/** Ordinal order of the encoded (ASCII) form, as the Table service compares keys. */
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Any well-formed text, weighted towards the characters that need escaping. */
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      ' ',
      '#',
      '$',
      '%',
      '/',
      '>',
      '?',
      '[',
      '\\',
      '~',
      '\u0000',
      '\u007f',
      '\u009f',
      'a',
      'Z',
      '0',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

describe('Table key encoding', () => {
  it('round-trips and writes printable ASCII without the characters tables refuse', () => {
    fc.assert(
      fc.property(text, (value) => {
        const encoded = encodeTableKey(value);
        expect(decodeTableKey(encoded)).toBe(value);
        expect(encoded).toMatch(/^[\x20-\x7e]*$/);
        expect(encoded).not.toMatch(/[/\\#?]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps code point order and prefixes, so that row ranges list what they should', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const encodedA = encodeTableKey(a);
        const encodedB = encodeTableKey(b);
        expect(encodedB.startsWith(encodedA)).toBe(b.startsWith(a));
        // Rows never hold '/' (it ends the partition); partitions are never compared.
        if (!a.includes('/') && !b.includes('/')) {
          expect(sign(ordinal(encodedA, encodedB))).toBe(sign(compareCodePoints(a, b)));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves the ids real keys are made of as they are', () => {
    for (const plain of [
      'conversation',
      'a:1xyz-_AB',
      '19:abc@thread.tacv2;messageid=1',
      'aad:0f0e-11',
      '0000042',
    ]) {
      expect(encodeTableKey(plain)).toBe(plain);
    }
    expect(encodeTableKey('broadcast-recipient/job')).toBe('broadcast-recipient$2Fjob');
  });
});

describe('keySegment', () => {
  it('keeps Teams and Entra ids as they are, so existing keys do not change', () => {
    for (const id of [
      'a:1hdVjSf0KAqnHf1BzmjbkPsJ5AaFbSsiTf6EG1kvyUnVN8OQR9nQY3f_hZSg_7xjzkSWlxyY7qiKn4A9LLbzRNl1tzoXBD5kqz5SIeE45dK',
      '19:meeting_MjdhNjM4YzUtYzExZi00OTFkLWE1OWItYzkwOTQ4ZTJjMjU4@thread.v2',
      '19:abc123@thread.tacv2;messageid=1700000000000',
      'aad:00000000-0000-0000-0000-000000000001',
      'teams:29:1AbC-dEf_gH',
    ]) {
      expect(keySegment(id)).toBe(id);
    }
  });

  it('gives every id one segment of its own: no slash, never empty, at most 200 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        (a, b) => {
          const segment = keySegment(a);
          expect(segment).not.toContain('/');
          expect(segment.length).toBeGreaterThan(0);
          expect(segment.length).toBeLessThanOrEqual(200);
          expect(() => splitKey(`conversation/${segment}`)).not.toThrow();
          if (a !== b) expect(keySegment(b)).not.toBe(segment);
        },
      ),
      { numRuns: 1000 },
    );
    expect(keySegment('a/b')).toBe('a%2Fb');
    expect(keySegment('')).toBe('%');
    expect(keySegment('%')).toBe('%25');
    expect(keySegment('\uD800')).toBe('%uD800');
    expect(keySegment('x'.repeat(201))).toMatch(/^\^[A-Za-z0-9_-]{43}$/);
  });
});
