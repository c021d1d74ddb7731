import * as ort from 'onnxruntime-node';
import type { ModelWithExternalBuffers } from '../graph/export-onnx';
import type { HostTensor } from '../tensor/host-tensor';
import { fromOrtTensor, toOrtTensor } from './ort-tensors';
import { releaseArrayBuffer } from './release-array-buffer';
import { type RuntimeConfig, resolveRuntimeConfig } from './runtime-config';

/** The options of every trainer session (exported for benches that compare variants of them). */
export function sessionOptions(config: RuntimeConfig): ort.InferenceSession.SessionOptions {
  const providers: ort.InferenceSession.ExecutionProviderConfig[] =
    config.executionProvider === 'cuda'
      ? [{ name: 'cuda', deviceId: config.deviceId }, 'cpu']
      : config.executionProvider === 'webgpu'
        ? ['webgpu', 'cpu']
        : ['cpu'];
  return {
    executionProviders: providers,
    intraOpNumThreads: config.intraOpNumThreads,
    interOpNumThreads: config.interOpNumThreads,
    graphOptimizationLevel: config.graphOptimizationLevel,
    logSeverityLevel: config.logSeverityLevel,
    // The memory pattern pre-plans one block per run shape on top of the arena's blocks: measured, it
    // doubled the activation memory of a training step (+1.35 GB on 8 layers of SmolLM2-135M).
    enableMemPattern: false,
    // Prepacking keeps a packed copy of a constant weight per consuming Gemm (forward and backward read
    // each one): twice the frozen weights again, for no measured speed gain at training shapes.
    extra: {
      'session.disable_prepacking': '1',
      // The intra-op workers spin between ops while a run is in progress (kept: waking them per op would
      // cost more), but by default they go on spinning after it returns, holding a core away from whatever
      // runs next: the host's optimizer step, another session (eval, DPO reference), the bench's MatMul
      // peak probes (bench/spin-after-run.ts: 7-71 ms of CPU in the 300 ms after a run, ~0 with this).
      'session.force_spinning_stop': '1',
    },
  };
}

/**
 * onnxruntime-node writes an output into the tensor it was given, then still returns a fresh copy of it
 * (as large as the model for full fine-tuning's gradients), which V8 collects late or, measured, not
 * before the next step. Nothing reads the copy: free it now. A binding that returns the given tensor
 * itself is left alone.
 */
export function releaseBindingCopy(returned: ort.Tensor, given: HostTensor): void {
  const copy = returned.data as HostTensor['data'];
  if (copy.buffer !== given.data.buffer && copy.buffer instanceof ArrayBuffer) releaseArrayBuffer(copy.buffer);
}

/**
 * One ONNX Runtime session over one graph: created once (graph optimization and weight loading are
 * the expensive part) and run every step with host tensors in and out.
 */
export class GraphSession {
  private readonly constantOrtFeeds: Record<string, ort.Tensor>;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly config: RuntimeConfig,
    constantFeeds: Record<string, HostTensor>,
  ) {
    this.constantOrtFeeds = Object.fromEntries(Object.entries(constantFeeds).map(([n, t]) => [n, toOrtTensor(t)]));
  }

  /**
   * From serialized model bytes, from a path (initializers in external data beside it), or from a model
   * whose initializers are in-memory external buffers (no serialized copy of the weights).
   */
  static async create(
    model: Uint8Array | string | ModelWithExternalBuffers,
    config: Partial<RuntimeConfig> = {},
    /** Inputs fed the same tensors every run (hoisted frozen weights), read in place from these arrays. */
    constantFeeds: Record<string, HostTensor> = {},
  ): Promise<GraphSession> {
    const resolved = resolveRuntimeConfig(config);
    const options = sessionOptions(resolved);
    const session =
      typeof model === 'string'
        ? await ort.InferenceSession.create(model, options)
        : model instanceof Uint8Array
          ? await ort.InferenceSession.create(model, options)
          : await ort.InferenceSession.create(model.model, { ...options, externalData: model.externalData });
    return new GraphSession(session, resolved, constantFeeds);
  }

  /** The inputs a caller feeds (the constant feeds excluded). */
  get inputNames(): readonly string[] {
    return this.session.inputNames.filter((n) => !(n in this.constantOrtFeeds));
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /**
   * Runs with every graph input fed; returns the requested outputs (all by default). Outputs named in
   * `into` are written by the graph straight into those tensors (shape and dtype must match): no
   * arena block per run, and the binding's copy of them is freed before this returns (see below),
   * which is what a step's gradients need.
   */
  async run(
    feeds: Record<string, HostTensor>,
    outputs: readonly string[] = this.outputNames,
    into: Readonly<Record<string, HostTensor>> = {},
  ): Promise<Record<string, HostTensor>> {
    const missing = this.inputNames.filter((n) => !(n in feeds));
    if (missing.length > 0) throw new Error(`missing graph inputs: ${missing.join(', ')}`);
    const stray = Object.keys(into).filter((n) => !outputs.includes(n));
    if (stray.length > 0) throw new Error(`preallocated tensors for outputs not requested: ${stray.join(', ')}`);
    const ortFeeds: Record<string, ort.Tensor> = { ...this.constantOrtFeeds };
    for (const name of this.inputNames) ortFeeds[name] = toOrtTensor(feeds[name]!);
    const fetches: Record<string, ort.Tensor | null> = {};
    for (const name of outputs) fetches[name] = into[name] ? toOrtTensor(into[name]) : null;
    const results = await this.session.run(ortFeeds, fetches);
    const out: Record<string, HostTensor> = {};
    for (const name of outputs) {
      const given = into[name];
      if (!given) {
        out[name] = fromOrtTensor(name, results[name] as ort.Tensor);
        continue;
      }
      releaseBindingCopy(results[name] as ort.Tensor, given);
      out[name] = given;
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
