import { formatInZone, zonedParts, zonedTimeToUtc } from '../../src/broadcast/zonedTime';

describe("Times in the admin's and each person's time zone", () => {
  it('turns a local date and time into the instant, across summer time', () => {
    expect(zonedTimeToUtc('2026-12-01', '09:30', 'Europe/London').toISOString()).toBe(
      '2026-12-01T09:30:00.000Z',
    );
    expect(zonedTimeToUtc('2026-07-01', '09:30', 'Europe/London').toISOString()).toBe(
      '2026-07-01T08:30:00.000Z',
    );
    expect(zonedTimeToUtc('2026-07-01', '09:30', 'America/New_York').toISOString()).toBe(
      '2026-07-01T13:30:00.000Z',
    );
  });

  it('reads the local weekday and hour of an instant', () => {
    expect(zonedParts(new Date('2026-11-27T23:30:00Z'), 'Asia/Tokyo')).toMatchObject({ weekday: 6, hour: 8 });
    expect(formatInZone(new Date('2026-12-01T09:30:00Z'), 'Europe/Berlin')).toBe(
      'Tue, 1 Dec 2026, 10:30 (Europe/Berlin)',
    );
  });
});
