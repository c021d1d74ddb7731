/**
 * Tensor dimensions known at graph-build time.
 *
 * A dim is a number (static), or a string: a symbol the caller named (`batch`, `seq`), a product of symbols
 * and numbers in canonical form (`batch*seq`, `4*seq`), or an unknown `?N` (fresh per builder, so it equals
 * only itself). Products matter because reshapes in a transformer move dims between axes
 * ([B,T,H,D] -> [B,T,H*D]); keeping them symbolic lets static shape inference follow the whole graph.
 */
export type Dim = number | string;

export function isUnknownDim(d: Dim): boolean {
  return typeof d === 'string' && d.split('*').some((f) => f.startsWith('?'));
}

/** A plain symbol given by the caller, as opposed to a derived product or an unknown. */
export function isPlainSymbol(d: Dim): d is string {
  return typeof d === 'string' && !d.includes('*') && !d.startsWith('?');
}

interface Monomial {
  coefficient: number;
  symbols: string[]; // sorted
}

function toMonomial(d: Dim): Monomial {
  if (typeof d === 'number') return { coefficient: d, symbols: [] };
  let coefficient = 1;
  const symbols: string[] = [];
  for (const factor of d.split('*')) {
    if (/^\d+$/.test(factor)) coefficient *= Number(factor);
    else symbols.push(factor);
  }
  return { coefficient, symbols: symbols.sort() };
}

function fromMonomial(m: Monomial): Dim {
  if (m.symbols.length === 0) return m.coefficient;
  if (m.coefficient === 0) return 0;
  return (m.coefficient === 1 ? [] : [String(m.coefficient)]).concat(m.symbols).join('*');
}

export function multiplyDims(dims: readonly Dim[]): Dim {
  let coefficient = 1;
  const symbols: string[] = [];
  for (const d of dims) {
    const m = toMonomial(d);
    coefficient *= m.coefficient;
    symbols.push(...m.symbols);
  }
  return fromMonomial({ coefficient, symbols: symbols.sort() });
}

/** `a / b` when it divides exactly in the monomial algebra, otherwise undefined. */
export function divideDims(a: Dim, b: Dim): Dim | undefined {
  const ma = toMonomial(a);
  const mb = toMonomial(b);
  if (mb.coefficient === 0 || ma.coefficient % mb.coefficient !== 0) return undefined;
  const rest = [...ma.symbols];
  for (const s of mb.symbols) {
    const i = rest.indexOf(s);
    if (i < 0 || s.startsWith('?')) return undefined;
    rest.splice(i, 1);
  }
  return fromMonomial({ coefficient: ma.coefficient / mb.coefficient, symbols: rest });
}

export function sameDim(a: Dim, b: Dim): boolean {
  return multiplyDims([a]) === multiplyDims([b]);
}

export function sameShape(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => sameDim(d, b[i]!));
}

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.join(', ')}]`;
}
