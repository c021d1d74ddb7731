/**
 * Float32 arrays of these sizes as views of one fresh ArrayBuffer, in order: what the AdamW helper thread
 * is lent as a whole (one transfer instead of one per tensor).
 */
export function viewsOfOneBuffer(sizes: readonly number[]): Float32Array[] {
  const buffer = new ArrayBuffer(sizes.reduce((n, s) => n + s, 0) * Float32Array.BYTES_PER_ELEMENT);
  let offset = 0;
  return sizes.map((size) => {
    const view = new Float32Array(buffer, offset * Float32Array.BYTES_PER_ELEMENT, size);
    offset += size;
    return view;
  });
}

/** Copies of `arrays` as views of one fresh ArrayBuffer (viewsOfOneBuffer), same order. */
export function copyIntoOneBuffer(arrays: readonly Float32Array[]): Float32Array[] {
  const views = viewsOfOneBuffer(arrays.map((a) => a.length));
  for (const [i, a] of arrays.entries()) views[i]!.set(a);
  return views;
}
