import { PieceCache } from '../../src/fast-count/piece-cache';
import { randomTexts } from './random-text';

/** Distinct pieces of every kind the cache keys differently: short ASCII (packed), long or non-ASCII (fingerprinted). */
function distinctPieces(): string[] {
  const pieces = new Set<string>();
  for (const text of randomTexts(5, 3000)) {
    for (let start = 0; start < text.length; start += 7) pieces.add(text.slice(start, start + 1 + (start % 40)));
  }
  for (let i = 0; i < 128; i++) pieces.add(String.fromCharCode(i)).add(`${String.fromCharCode(i)}\u0000`).add(`\u0000${String.fromCharCode(i)}`);
  return [...pieces].filter((piece) => piece.length <= 255);
}

describe('PieceCache', () => {
  const pieces = distinctPieces();

  it('returns what was stored for each piece, looked up inside a larger text, and -1 for others', () => {
    const cache = new PieceCache(1 << 20);
    const padded = (piece: string) => `«${piece}»`;
    pieces.forEach((piece, i) => {
      if (i % 2 === 0) cache.set(padded(piece), 1, piece.length + 1, i % 1000);
    });
    expect(cache.size).toBe(Math.ceil(pieces.length / 2));
    const wrong = pieces.filter((piece, i) => cache.get(padded(piece), 1, piece.length + 1) !== (i % 2 === 0 ? i % 1000 : -1));
    expect(wrong).toEqual([]);
  });

  it('tells apart pieces that pack alike but differ in length or NUL characters', () => {
    const cache = new PieceCache(100);
    cache.set('a', 0, 1, 1);
    cache.set('a\u0000', 0, 2, 2);
    cache.set('\u0000a', 0, 2, 3);
    expect([cache.get('a', 0, 1), cache.get('a\u0000', 0, 2), cache.get('\u0000a', 0, 2), cache.get('a\u0000\u0000', 0, 3)]).toEqual([1, 2, 3, -1]);
  });

  it('stays within its bound by starting over when full', () => {
    const cache = new PieceCache(1000);
    pieces.slice(0, 5000).forEach((piece, i) => cache.set(piece, 0, piece.length, i));
    expect(cache.size).toBeLessThanOrEqual(1000);
    const last = pieces[4999]!;
    expect(cache.get(last, 0, last.length)).toBe(4999);
  });
});
