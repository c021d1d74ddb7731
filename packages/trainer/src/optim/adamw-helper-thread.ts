import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AdamWJob } from './adamw';
import { lentBuffers, type HelperReply, type HelperReturn } from './helper-messages';

/**
 * A worker thread that takes part of each AdamW update (AdamW.updateSplit), so a full fine-tuning step's
 * host work uses the second core, idle while the graph is not running. Parameter and gradient buffers
 * are transferred to it and back (no copy; ONNX Runtime 1.30 rejects SharedArrayBuffer-backed tensors, so
 * they cannot simply be shared); the moments are SharedArrayBuffers that only JS reads.
 */
export class AdamWHelperThread {
  private pending?: { resolve: (r: Map<string, HelperReturn>) => void; reject: (e: Error) => void };
  private failure?: Error;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: HelperReply) => {
      const pending = this.pending;
      this.pending = undefined;
      worker.unref();
      if (!pending) return;
      if (reply.error) pending.reject(new Error(`AdamW helper thread: ${reply.error}`));
      else pending.resolve(new Map(reply.returned.map((r) => [r.name, r])));
    });
    const fail = (error: Error) => {
      this.failure = error;
      this.pending?.reject(error);
      this.pending = undefined;
    };
    worker.on('error', (e) => fail(new Error(`AdamW helper thread failed: ${e.message}`)));
    worker.on('exit', (code) => fail(new Error(`AdamW helper thread exited (code ${code})`)));
    // Idle between steps, it must not keep the process alive.
    worker.unref();
  }

  static start(): AdamWHelperThread {
    return new AdamWHelperThread(new Worker(path.join(__dirname, 'adamw-helper-entry.cjs')));
  }

  /**
   * Updates `jobs` on the helper thread. Their lent parameter and gradient arrays are detached until the
   * returned map gives them back as new arrays over the same memory. If the thread dies meanwhile those
   * arrays are lost with it: the promise rejects and the step must not go on (a run resumes from its
   * last checkpoint).
   */
  update(jobs: readonly AdamWJob[]): Promise<Map<string, HelperReturn>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('AdamW helper thread: an update is already running'));
    if (jobs.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.ref();
      this.worker.postMessage({ jobs }, lentBuffers(jobs));
    });
  }

  /** Stops the thread; an update still running there is rejected (its lent arrays are lost with it). */
  async close(): Promise<void> {
    const closed = new Error('AdamW helper thread closed');
    this.failure ??= closed;
    this.pending?.reject(closed);
    this.pending = undefined;
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
