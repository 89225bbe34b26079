/**
 * A formula trigger at the start of a cell, or after a character a spreadsheet may split on (comma,
 * semicolon, tab, pipe, line break), as some import settings turn one cell into several.
 */
const FORMULA_START = /(?<=^|[,;|\t\r\n])[=+\-@\t\r]/g;

/** One CSV field: quoted when needed, and defused if a spreadsheet would run any part as a formula. */
export function csvField(value: unknown): string {
  const text = (value === undefined || value === null ? '' : String(value)).replace(FORMULA_START, "'$&");
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return (
    [columns.join(','), ...rows.map((row) => columns.map((column) => csvField(row[column])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}
