import { csvField, toCsv } from '../../src/http/csv';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Bob;=cmd', "Bob;'=cmd"],
    ['a,-2+3', `"a,'-2+3"`],
    ['line\n=1+1', `"line\n'=1+1"`],
    ['a\t\t=x', "a\t'\t'=x"],
    ['Alice Example', 'Alice Example'],
  ])('defuses a formula anywhere a spreadsheet could start a cell: %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes a header and one row per record, empty cells for missing values', () => {
    expect(toCsv(['a', 'b'], [{ a: 1 }, { a: 'x', b: '=y' }])).toBe("a,b\r\n1,\r\nx,'=y\r\n");
  });
});
