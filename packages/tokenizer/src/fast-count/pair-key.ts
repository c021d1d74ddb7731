/**
 * The pair a bpe_ranks key (`JSON.stringify([left, right])`) names. Without escapes neither
 * string holds a quote, so the first quote after '["' closes the left one; that skips JSON.parse
 * for nearly all of Llama 3's 280k keys.
 */
export function parsePairKey(key: string): [string, string] {
  if (key.includes('\\')) return JSON.parse(key) as [string, string];
  const close = key.indexOf('"', 2);
  return [key.slice(2, close), key.slice(close + 3, -2)];
}
