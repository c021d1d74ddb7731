/**
 * Runs in the AdamW helper thread (adamw-helper-thread.ts starts it): updates the tensors it is sent with
 * the same kernel as the main thread, then sends every array back, transferring the buffers it was lent.
 */
import { parentPort } from 'node:worker_threads';
import { adamWKernel } from './adamw';
import { lentBuffers, type HelperReply, type HelperRequest } from './helper-messages';

parentPort!.on('message', (request: HelperRequest) => {
  let error: string | undefined;
  try {
    for (const job of request.jobs) adamWKernel(job.p, job.g, job.m, job.v, job.k);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  // Always hand the arrays back: they are the run's weights and gradients.
  const reply: HelperReply = { returned: request.jobs.map(({ name, p, g }) => ({ name, p, g })), error };
  parentPort!.postMessage(reply, lentBuffers(reply.returned));
});
