import { type Dim, formatShape, isPlainSymbol, isUnknownDim, sameDim } from './dims';

/** Numpy-style broadcast of two static shapes. Symbols are assumed never to be broadcast against a different size. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    out.push(broadcastDim(da, db, a, b));
  }
  return out;
}

function broadcastDim(da: Dim, db: Dim, a: readonly Dim[], b: readonly Dim[]): Dim {
  if (da === 1) return db;
  if (db === 1) return da;
  if (sameDim(da, db)) return da;
  if (typeof da === 'number' && typeof db === 'number') {
    throw new Error(`shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
  }
  // A number is more informative than a symbol, a named symbol more than an unknown.
  if (typeof da === 'number') return da;
  if (typeof db === 'number') return db;
  if (isUnknownDim(da) && !isUnknownDim(db)) return db;
  if (isPlainSymbol(db) && !isPlainSymbol(da)) return db;
  return da;
}

/** Resolves a possibly negative axis against a rank. */
export function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}
