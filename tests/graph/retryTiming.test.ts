import { odataQuery, odataString } from '../../src/graph/odata';
import { backoffMs, retryAfterMs } from '../../src/graph/retryTiming';

describe('Graph retry timing', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('5', now)).toBe(5000);
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('Mon, 02 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-3', now)).toBeUndefined();
  });

  it('backs off exponentially up to the cap, with jitter in the upper half', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, 100, 500, () => 0))).toEqual([50, 100, 200, 250]);
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, 100, 500, () => 1))).toEqual([
      100, 200, 400, 500,
    ]);
  });
});

describe('OData query strings', () => {
  it('percent-encodes values, spaces as %20, and doubles quotes in string literals', () => {
    expect(odataQuery({ $filter: `mail eq ${odataString("o'neil@contoso.com")}`, $top: 2 })).toBe(
      "?$filter=mail%20eq%20'o''neil%40contoso.com'&$top=2",
    );
    expect(odataQuery({})).toBe('');
  });
});
