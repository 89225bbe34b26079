/** A light suffix stripper: enough to make "approved", "approving" and "approves" meet. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let result = word;
  if (result.endsWith('ies') && result.length > 4) result = `${result.slice(0, -3)}y`;
  else if (/(x|ch|sh|ss|z)es$/.test(result)) result = result.slice(0, -2);
  else if (result.endsWith('s') && !result.endsWith('ss') && !result.endsWith('us'))
    result = result.slice(0, -1);
  if (result.endsWith('ing') && result.length > 5) result = result.slice(0, -3);
  else if (result.endsWith('ed') && result.length > 4) result = result.slice(0, -2);
  if (/([b-df-hj-np-tv-z])\1$/.test(result) && !/(ll|ss|ff|zz)$/.test(result)) result = result.slice(0, -1);
  if (result.endsWith('e') && result.length > 4) result = result.slice(0, -1);
  return result;
}
