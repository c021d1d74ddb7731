import type { AdamWJob } from './adamw';

/** What the main thread sends the AdamW helper: the tensors it updates this step. */
export interface HelperRequest {
  jobs: AdamWJob[];
}

/** A tensor's arrays as they come back from the helper (new objects over the same memory). */
export interface HelperReturn {
  name: string;
  p: Float32Array;
  g: Float32Array;
}

export interface HelperReply {
  returned: HelperReturn[];
  error?: string;
}

/** The ArrayBuffers to transfer with a message holding these arrays, each once (SharedArrayBuffers are shared, not listed). */
export function lentBuffers(arrays: readonly { p: Float32Array; g: Float32Array }[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const { p, g } of arrays) {
    for (const a of [p, g]) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  }
  return [...buffers];
}
