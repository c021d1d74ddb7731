import { MessageChannel } from 'node:worker_threads';

/**
 * Frees an ArrayBuffer's memory now rather than at some later garbage collection: transferring it
 * detaches it here, and a message posted to a closed port is dropped together with what it carries.
 * V8 does not collect large external buffers promptly when little JS is allocated (measured: one
 * model-sized copy left per training step), so the caller that knows a buffer is dead releases it.
 */
export function releaseArrayBuffer(buffer: ArrayBuffer): void {
  const { port1, port2 } = new MessageChannel();
  port2.close();
  port1.postMessage(null, [buffer]);
  port1.close();
}
