import { hash } from 'node:crypto';

/**
 * The identity of an example for duplicate detection and split grouping: SHA-1 of
 * its canonical line, i.e. the line's bytes without BOM, line terminator and
 * surrounding whitespace. Exact on purpose: hashing raw bytes runs at ~1 GB/s,
 * while re-serialising parsed JSON would halve validation throughput. Two rows
 * that differ only in key order, inner whitespace or escaping are not duplicates.
 *
 * Returns the digest as a 20-character latin1 ("binary") string, one char per
 * byte: cheaper to allocate and read than a Buffer on this per-line path.
 */
export function hashCanonicalLine(bytes: Buffer): string {
  let start = 0;
  let end = bytes.length;
  while (start < end && isWhitespace(bytes[start]!)) start++;
  while (end > start && isWhitespace(bytes[end - 1]!)) end--;
  return hash('sha1', start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end), 'binary');
}

/** Big-endian 32-bit word `word` (0 or 1) of a digest from hashCanonicalLine. */
export function digestWord(digest: string, word: 0 | 1): number {
  const i = word * 4;
  return ((digest.charCodeAt(i) << 24) | (digest.charCodeAt(i + 1) << 16) | (digest.charCodeAt(i + 2) << 8) | digest.charCodeAt(i + 3)) >>> 0;
}

/** The 16-hex-digit key (64 bits) callers see, e.g. as a split group key. */
export function exampleKeyHex(digest: string): string {
  return Buffer.from(digest.slice(0, 8), 'latin1').toString('hex');
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}
