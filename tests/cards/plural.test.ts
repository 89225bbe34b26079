import { audienceLine } from '../../src/cards/broadcastStatusView';
import { plural } from '../../src/cards/plural';

describe('Counts in admin screens', () => {
  it('says "1 copy" and "2 copies", "1 person" and "2 people"', () => {
    expect(plural(1, 'copy', 'copies')).toBe('1 copy');
    expect(plural(2, 'copy', 'copies')).toBe('2 copies');
    expect(plural(0, 'person', 'people')).toBe('0 people');
  });

  it('names audiences without "(s)"', () => {
    expect(audienceLine({ audience: { kind: 'users', ids: ['a'] } })).toBe('1 chosen person');
    expect(audienceLine({ audience: { kind: 'users', ids: ['a', 'b'] } })).toBe('2 chosen people');
    expect(audienceLine({ audience: { kind: 'channels', ids: ['19:x'] } })).toBe('1 channel or chat');
  });
});
