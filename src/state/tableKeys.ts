/**
 * Store key parts as Azure Table PartitionKey/RowKey values, and back.
 *
 * Table keys may not hold '/', '\\', '#', '?' or control characters, and how the service orders
 * characters beyond ASCII is not documented (Azurite orders by UTF-16 code unit). So every character
 * outside printable ASCII, and each of a few printable ones, is written as an escape character and
 * hexadecimal digits; an encoded key is printable ASCII only. The escapes keep both the order and
 * the prefixes of rows: a row prefix encodes to a prefix of the encoded rows that start with it,
 * and encoded rows sort in the code point order of the rows themselves. This works because every
 * escape character stands in for a contiguous range of characters that includes itself:
 *
 * | characters                       | written as                                  |
 * | -------------------------------- | ------------------------------------------- |
 * | U+0000–U+0020 (controls, space)  | `' '` and 2 hex digits (`' 0A'`, `' 20'`)   |
 * | `#` `$` `%`                      | `'$'` and 2 hex digits (`'$23'` … `'$25'`)  |
 * | `/` (partitions only)            | `'$2F'` (rows have no '/', so order is moot) |
 * | `>` `?`                          | `'>'` and 2 hex digits                      |
 * | `[` `\`                          | `'['` and 2 hex digits                      |
 * | `~` and everything from U+007F   | `'~'` and 6 hex digits of the code point    |
 * | any other printable ASCII        | itself                                      |
 *
 * Ids as they reach keys (see keySegment) have none of these, so real keys read the same in Azure
 * Storage Explorer as in the store.
 */

const TWO_DIGIT_ESCAPES = new Map<number, string>([
  [0x23, '$'],
  [0x24, '$'],
  [0x25, '$'],
  [0x2f, '$'],
  [0x3e, '>'],
  [0x3f, '>'],
  [0x5b, '['],
  [0x5c, '['],
]);

/** Table keys are at most 1 KiB of UTF-16: 512 characters. */
export const MAX_TABLE_KEY_LENGTH = 512;

export function encodeTableKey(text: string): string {
  let encoded = '';
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (code <= 0x20) encoded += ` ${hex(code, 2)}`;
    else if (code >= 0x7e) encoded += `~${hex(code, 6)}`;
    else {
      const escape = TWO_DIGIT_ESCAPES.get(code);
      encoded += escape === undefined ? character : `${escape}${hex(code, 2)}`;
    }
  }
  return encoded;
}

export function decodeTableKey(encoded: string): string {
  let text = '';
  for (let index = 0; index < encoded.length;) {
    const character = encoded[index];
    const digits = character === '~' ? 6 : ' $>['.includes(character) ? 2 : 0;
    if (digits === 0) {
      text += character;
      index += 1;
      continue;
    }
    const code = Number.parseInt(encoded.slice(index + 1, index + 1 + digits), 16);
    if (!/^[0-9A-F]+$/.test(encoded.slice(index + 1, index + 1 + digits)) || Number.isNaN(code)) {
      throw new Error(`Table key "${encoded}" has a broken escape at ${index}`);
    }
    text += String.fromCodePoint(code);
    index += 1 + digits;
  }
  return text;
}

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, '0');
}
