/** One CSV field: quoted when needed, and defused if a spreadsheet would run it as a formula. */
export function csvField(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return (
    [columns.join(','), ...rows.map((row) => columns.map((column) => csvField(row[column])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}
