const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/;

/**
 * Whether a send time is a real moment: ISO 8601 with an offset, and every field in range, so that
 * 2026-02-30 or 25:00 are refused instead of silently rolling over.
 */
export function isStrictIsoTime(value: string): boolean {
  const match = ISO_WITH_OFFSET.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = match.map(
    (part) => part ?? undefined,
  );
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return (
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetMinutes) <= 59 &&
    Number(offsetHours) * 60 + Number(offsetMinutes) <= 14 * 60 &&
    !Number.isNaN(Date.parse(value))
  );
}
